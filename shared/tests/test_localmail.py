"""The local mail catcher and `tocsin mail`."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from pathlib import Path

import pytest
from click.testing import CliRunner

from tocsin_shared.cli import tocsin
from tocsin_shared.localmail import MailCatcher, caught_mail


def _send(port: int, subject: str) -> None:
    message = EmailMessage()
    message["From"] = "tocsin@localhost"
    message["To"] = "analyst@example.org"
    message["Subject"] = subject
    message.set_content("Belarus freed 123 prisoners.")
    message.add_alternative("<p>Belarus freed <b>123</b> prisoners.</p>", subtype="html")
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
        smtp.send_message(message)


def test_caught_messages_are_listed_and_shown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    catcher = MailCatcher(tmp_path, port=0)
    catcher.start()
    try:
        assert catcher.mailto().startswith(f"mailto://127.0.0.1:{catcher.port}?")
        _send(catcher.port, "Prisoner release: Belarus")
        _send(catcher.port, "Sanctions lifted: Belarus")
    finally:
        catcher.stop()

    [first, second] = caught_mail(tmp_path)
    assert second.subject == "Sanctions lifted: Belarus"
    assert first.subject == "Prisoner release: Belarus"
    assert "123 prisoners" in first.body()
    assert "<b>123</b>" in first.body("html")

    monkeypatch.setenv("TOCSIN_HOME", str(tmp_path))
    runner = CliRunner()
    listed = runner.invoke(tocsin, ["mail"])
    assert listed.exit_code == 0
    assert "   1  " in listed.output
    assert "Sanctions lifted: Belarus" in listed.output
    shown = runner.invoke(tocsin, ["mail", "show"])
    assert "Subject: Sanctions lifted: Belarus" in shown.output
    assert "Belarus freed 123 prisoners." in shown.output
    html = runner.invoke(tocsin, ["mail", "show", "1", "--html"])
    assert "<b>123</b>" in html.output
    missing = runner.invoke(tocsin, ["mail", "show", "7"])
    assert missing.exit_code == 1
    assert "there is no message 7; there are 2" in missing.output


def test_no_mail_yet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOCSIN_HOME", str(tmp_path))
    result = CliRunner().invoke(tocsin, ["mail", "list"])
    assert result.exit_code == 0
    assert "no mail yet" in result.output


def test_mail_is_found_from_a_subfolder_and_from_a_shell_elsewhere_in_the_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repository = tmp_path / "tocsin"
    catcher = MailCatcher(repository / ".tocsin", port=0)
    catcher.start()
    try:
        _send(catcher.port, "Prisoner release: Belarus")
    finally:
        catcher.stop()
    monkeypatch.delenv("TOCSIN_HOME", raising=False)
    deep = repository / "services" / "notify"
    deep.mkdir(parents=True)
    runner = CliRunner()
    for where in (repository, deep):
        monkeypatch.chdir(where)
        listed = runner.invoke(tocsin, ["mail"])
        assert listed.exit_code == 0, listed.output
        assert "Prisoner release: Belarus" in listed.output, where
    monkeypatch.chdir(tmp_path)  # outside the repository: its mail is not this folder's, and it says where
    assert runner.invoke(tocsin, ["mail"]).output == (
        f"no mail yet: no local run has used {tmp_path / '.tocsin'} (run this within the folder of "
        "`tocsin run`, or set TOCSIN_HOME to its state folder)\n"
    )
