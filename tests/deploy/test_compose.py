"""docker-compose.yml parses, and every service, port and variable it names exists in the code."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.deploy._settings_index import known_variables, service_settings

ROOT = Path(__file__).parents[2]
COMPOSE = ROOT / "docker-compose.yml"


def _compose_command() -> list[str] | None:
    docker = shutil.which("docker")
    if (
        docker
        and subprocess.run([docker, "compose", "version"], capture_output=True, check=False).returncode == 0
    ):
        return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    return [legacy] if legacy else None


@pytest.fixture(scope="module")
def rendered() -> dict[str, Any]:
    """The file as the compose client resolves it, with .env.example as the environment file."""
    command = _compose_command()
    if command is None:
        if os.environ.get("CI"):
            pytest.fail("no compose client: scripts/test installs Debian's docker-compose when run as root")
        pytest.skip("neither `docker compose` nor `docker-compose` is installed")
    done = subprocess.run(
        [*command, "--env-file", str(ROOT / ".env.example"), "-f", str(COMPOSE), "config"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    loaded: dict[str, Any] = yaml.safe_load(done.stdout)
    return loaded


def test_compose_names_the_expected_services(rendered: dict[str, Any]) -> None:
    assert {"kafka", "topics", "ingest", "classify", "notify", "postgres", "mailpit"} <= set(
        rendered["services"]
    )
    assert rendered["services"]["kafka"]["image"].startswith("apache/kafka:")


def test_every_serve_command_is_an_installed_service(rendered: dict[str, Any]) -> None:
    installed = set(service_settings())
    served = {
        svc["command"][1] for svc in rendered["services"].values() if svc.get("command", [None])[0] == "serve"
    }
    assert served == installed == {"ingest", "classify", "notify"}


def test_services_wait_for_healthy_dependencies(rendered: dict[str, Any]) -> None:
    services = rendered["services"]
    assert services["topics"]["depends_on"]["kafka"]["condition"] == "service_healthy"
    for name in ("ingest", "classify", "notify"):
        assert services[name]["depends_on"]["topics"]["condition"] == "service_completed_successfully"
    assert services["notify"]["depends_on"]["postgres"]["condition"] == "service_healthy"


def test_every_tocsin_variable_is_read_by_the_code(rendered: dict[str, Any]) -> None:
    known = known_variables()
    for name, svc in rendered["services"].items():
        for variable in svc.get("environment", {}):
            if variable.startswith("TOCSIN_"):
                assert variable in known, f"{name} sets {variable}, which no settings model reads"


def test_published_ports_reach_the_port_the_service_listens_on(rendered: dict[str, Any]) -> None:
    for name in ("ingest", "classify", "notify"):
        svc = rendered["services"][name]
        listen = svc["environment"][f"TOCSIN_{name.upper()}__HTTP_PORT"]
        assert [str(p["target"]) for p in svc["ports"]] == [str(listen)]
        assert svc["environment"]["TOCSIN_HTTP_PORT"] == listen  # the image's healthcheck port


def test_no_secret_is_written_in_the_file() -> None:
    raw = yaml.safe_load(COMPOSE.read_text())
    interpolation = re.compile(r"^\$\{[A-Z_]+(:[-?][^}]*)?\}$")
    for name, svc in raw["services"].items():
        for key, value in (svc.get("environment") or {}).items():
            text = str(value)
            if re.search(r"PASSWORD|TOKEN|SECRET", key):
                assert interpolation.match(text), f"{name}: {key} must come from .env, not the file"
            if userinfo := re.search(r"://(?:\$\{[^}]*\}|[^:/@]+):([^@]+)@", text):
                assert interpolation.match(userinfo.group(1)), f"{name}: {key} has a literal password"
