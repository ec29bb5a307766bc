"""The README's quick start as written: `tocsin run`, then the second terminal's commands, to an alert."""

from __future__ import annotations

import os
import re
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
README = ROOT / "README.md"
VENV_BIN = Path(sys.executable).parent


def _second_terminal_commands() -> list[list[str]]:
    """The ``.venv/bin/tocsin`` commands of the quick start's second terminal, continuation lines joined."""
    text = README.read_text()
    section = text[text.index("In a second terminal:") :]
    block = section[section.index("```sh") + 5 : section.index("```", section.index("```sh") + 5)]
    joined = re.sub(r"\\\n\s*", " ", block)
    commands = []
    for raw_line in joined.splitlines():
        line = raw_line.split("   #")[0].strip()
        if line.startswith(".venv/bin/tocsin"):
            words = shlex.split(line)
            commands.append([str(VENV_BIN / "tocsin"), *words[1:]])
    return commands


def test_the_quick_start_lists_subscribe_emit_and_mail() -> None:
    verbs = [c[1] for c in _second_terminal_commands()]
    assert verbs[:3] == ["subscribe", "emit", "mail"]


@pytest.mark.kafka  # `tocsin run` starts a broker: not for `make fast`
@pytest.mark.timeout(240)
def test_the_quick_start_ends_with_an_alert_in_the_mailbox(tmp_path: Path) -> None:
    """Like a newcomer: no settings at all, so `tocsin run` starts (and stops) a broker of its own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TOCSIN_")}
    env["TOCSIN_HOME"] = str(tmp_path / ".tocsin")
    env["TOCSIN_CACHE"] = str(ROOT / ".tocsin" / "cache")  # the jars the session already fetched
    log = tmp_path / "run.log"
    with log.open("wb") as sink:
        run = subprocess.Popen(
            [str(VENV_BIN / "tocsin"), "run"], env=env, cwd=tmp_path, stdout=sink, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + 90
        token = tmp_path / ".tocsin" / "notify" / "api-token"
        while not (token.exists() and "notify_ready" in log.read_text()):
            assert run.poll() is None, log.read_text()[-4000:]
            assert time.monotonic() < deadline, log.read_text()[-4000:]
            time.sleep(0.5)
        mail = ""
        for command in _second_terminal_commands():
            done = subprocess.run(command, env=env, cwd=tmp_path, capture_output=True, text=True, check=False)
            assert done.returncode == 0, f"{command[1:]}: {done.stdout}{done.stderr}"
            if command[1:2] == ["emit"]:
                deadline = time.monotonic() + 60
                while (
                    "no mail yet" in (mail := _tocsin(env, tmp_path, "mail")) and time.monotonic() < deadline
                ):
                    time.sleep(1)
        assert "Turkmenistan" in mail, log.read_text()[-4000:]
        ready = [line for line in log.read_text().splitlines() if "pipeline ready" in line]
        assert len(ready) == 1, log.read_text()[-4000:]
        assert "notify API http://127.0.0.1:8082/v1 (docs http://127.0.0.1:8082/docs)" in ready[0]
        shown = _tocsin(env, tmp_path, "mail", "show")
        assert "Aman Orazov" in shown or "40" in shown
    finally:
        run.send_signal(signal.SIGINT)
        run.wait(timeout=40)
    assert run.returncode == 0, log.read_text()[-4000:]
    assert "stopping the local Kafka broker" in log.read_text()


def _tocsin(env: dict[str, str], cwd: Path, *args: str) -> str:
    done = subprocess.run(
        [str(VENV_BIN / "tocsin"), *args], env=env, cwd=cwd, capture_output=True, text=True, check=True
    )
    return done.stdout
