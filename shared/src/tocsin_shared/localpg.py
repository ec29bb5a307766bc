"""A local PostgreSQL server from Debian's package, for several replicas on one machine and for the tests.

Several notify (or ingest) replicas need one database they all reach; SQLite is one process's. This starts a
cluster in a folder (``initdb`` once, then ``pg_ctl start``) on 127.0.0.1 with trust authentication for the
user ``tocsin``: a development server, never one to expose. ``scripts/postgres`` installs the package. As
root, the server runs as the unprivileged ``postgres`` user (``initdb`` refuses root).
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Final

__all__ = ["PG_USER", "LocalPostgres", "LocalPostgresError", "pg_bindir"]

PG_USER: Final = "tocsin"


class LocalPostgresError(RuntimeError):
    """PostgreSQL is not installed, or its server would not start or stop (the message says why)."""


def pg_bindir() -> Path | None:
    """The newest ``/usr/lib/postgresql/N/bin`` (Debian), else the folder of ``pg_ctl`` on the PATH."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parts[4]))
    if found:
        return found[-1].parent
    pg_ctl = shutil.which("pg_ctl")
    return Path(pg_ctl).resolve().parent if pg_ctl else None


@dataclass(frozen=True, slots=True)
class LocalPostgres:
    """One cluster in ``root`` (``root/data``, log in ``root/server.log``, socket in ``root``) on ``port``."""

    root: Path
    port: int = 5433

    @property
    def server(self) -> str:
        """``host:port``."""
        return f"127.0.0.1:{self.port}"

    def url(self, database: str = "tocsin") -> str:
        """The SQLAlchemy async URL of ``database`` on this server (what ``DATABASE_URL`` settings take)."""
        return f"postgresql+asyncpg://{PG_USER}@{self.server}/{database}"

    def _bindir(self) -> Path:
        bindir = pg_bindir()
        if bindir is None:
            msg = "PostgreSQL is not installed (no pg_ctl under /usr/lib/postgresql/*/bin): scripts/postgres"
            raise LocalPostgresError(msg)
        return bindir

    def _as_server_user(self) -> list[str]:
        if os.geteuid() != 0:
            return []
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            msg = "running as root but there is no 'postgres' user to run PostgreSQL as (scripts/postgres)"
            raise LocalPostgresError(msg) from None
        os.chown(self.root, user.pw_uid, user.pw_gid)
        return ["runuser", "-u", "postgres", "--"]

    def _run(self, *command: str, timeout: float = 120) -> subprocess.CompletedProcess[bytes]:
        prefix = self._as_server_user()
        return subprocess.run([*prefix, *command], capture_output=True, timeout=timeout, check=False)

    def running(self) -> bool:
        """Whether the cluster's server is up (``pg_ctl status``)."""
        data = self.root / "data"
        if not data.exists():
            return False
        return self._run(str(self._bindir() / "pg_ctl"), "-D", str(data), "status").returncode == 0

    def start(self, *, databases: tuple[str, ...] = ("tocsin",), durable: bool = True) -> None:
        """Create the cluster if it is new, start it (if it is not running) and create ``databases``.

        ``durable=False`` turns fsync off (tests). Raises :class:`LocalPostgresError` with the server's words.
        """
        bindir = self._bindir()
        self.root.mkdir(parents=True, exist_ok=True)
        data, log = self.root / "data", self.root / "server.log"
        if not (data / "PG_VERSION").exists():
            initdb = [str(bindir / "initdb"), "-D", str(data), "-U", PG_USER, "-A", "trust", "-E", "UTF8"]
            self._check(self._run(*initdb, "--no-instructions", *(() if durable else ("--no-sync",))), log)
        if not self.running():
            options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c max_connections=200"
            if not durable:
                options += " -c fsync=off"
            start = [str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "start"]
            self._check(self._run(*start), log)
        for name in databases:
            self.create_database(name)

    def create_database(self, name: str) -> None:
        """Create ``name`` unless it exists."""
        createdb = self._bindir() / "createdb"
        done = self._run(str(createdb), "-h", "127.0.0.1", "-p", str(self.port), "-U", PG_USER, name)
        if done.returncode != 0 and b"already exists" not in done.stderr:
            self._check(done, self.root / "server.log")

    def drop_database(self, name: str) -> None:
        """Drop ``name`` even while clients are connected (``dropdb --force``); nothing if it is gone."""
        dropdb = self._bindir() / "dropdb"
        done = self._run(
            str(dropdb),
            "--force",
            "--if-exists",
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            PG_USER,
            name,
        )
        self._check(done, self.root / "server.log")

    def stop(self) -> bool:
        """Stop the server (fast shutdown); False if it was not running."""
        if not self.running():
            return False
        data = self.root / "data"
        self._check(
            self._run(str(self._bindir() / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"), None
        )
        return True

    def _check(self, done: subprocess.CompletedProcess[bytes], log: Path | None) -> None:
        if done.returncode == 0:
            return
        program = next((Path(a).name for a in done.args if str(a).startswith("/")), "PostgreSQL")
        detail = (done.stderr or done.stdout or b"").decode(errors="replace").strip()[-1500:]
        server_log = log.read_text(errors="replace")[-1500:] if log is not None and log.exists() else ""
        msg = f"{program} failed: {detail} {server_log}".strip()
        if os.geteuid() == 0 and "Permission denied" in msg:
            msg += f" (as root the server runs as the postgres user, which must be able to reach {self.root})"
        raise LocalPostgresError(msg)
