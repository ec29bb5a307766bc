"""Logging: JSON lines, per-message context, redaction of every secret, never raising."""

from __future__ import annotations

import json
import logging
import uuid

import pytest
import structlog

from tocsin_shared.log import (
    apprise_privacy_url,
    configure_logging,
    correlation_id_or_new,
    mask_url,
    redact_text,
)

SECRETS = ("hunter2", "xoxb-123456-abcdef", "T1JJ3T3L2", "TIiajkdnlazkcOXrIdevi7FQ", "8675309:AAH-token")


@pytest.fixture
def json_lines(capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    configure_logging(json=True, level="DEBUG")
    log = structlog.get_logger("test")
    log.info(
        "channel_added",
        channel="mailtos://alerts:hunter2@smtp.example.org:465/?to=ops@example.org",
        channels=["slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ/#general"],
        api_token="xoxb-123456-abcdef",
    )
    log.warning("send failed to tgram://8675309:AAH-token/12345 after 3 tries")
    logging.getLogger("aiokafka.conn").error("auth Bearer xoxb-123456-abcdef rejected")
    with structlog.contextvars.bound_contextvars(topic="news.raw", offset=7, correlation_id="c-1"):
        log.info("handled")
    return [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.strip()]


def test_every_line_is_json_with_level_and_time(json_lines: list[dict[str, object]]) -> None:
    assert len(json_lines) == 4
    for line in json_lines:
        assert {"event", "level", "timestamp"} <= line.keys()


def test_no_secret_reaches_the_output(json_lines: list[dict[str, object]]) -> None:
    text = json.dumps(json_lines)
    for secret in SECRETS:
        assert secret not in text
    # ...while what an operator needs to find the channel is kept.
    assert "smtp.example.org" in text
    assert "mailtos://" in text


def test_context_is_bound_per_message(json_lines: list[dict[str, object]]) -> None:
    handled = next(line for line in json_lines if line["event"] == "handled")
    assert handled["topic"] == "news.raw"
    assert handled["offset"] == 7
    assert handled["correlation_id"] == "c-1"
    assert "topic" not in json_lines[0]


def test_logging_never_raises(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    configure_logging(json=True)
    # Only our handler: pytest's own capture handler re-raises formatting errors by design.
    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", [h for h in root.handlers if getattr(h, "_tocsin", False)])

    class Hostile:
        def __repr__(self) -> str:
            raise RuntimeError("no repr for you")

        __str__ = __repr__

    structlog.get_logger("test").info("odd", thing=Hostile())
    out = capsys.readouterr().err
    assert "log_error" in out


@pytest.mark.parametrize(
    ("url", "masked"),
    [
        ("mailto://user:pw@mail.example.org", "mailto://user:****@mail.example.org"),
        ("discord://1234/abcd-token", "discord://1...4/a...n"),
        ("pbul://o.gn5kj6nfhv736I7jC3cj3QLRiyhgl98b", "pbul://o...b"),
        ("mailtos://user:p@ss@smtp.example.org", "mailtos://***@smtp.example.org"),
        ("json://hooks.example.org/hooks/Zq81nB2kP0x9LmW4vT7yR3sD", "json://hooks.example.org/***/***"),
        ("https://hooks.example.org/x?token=abc&id=3", "https://hooks.example.org/x?token=***&id=3"),
        ("https://user:pw@example.org/path", "https://***@example.org/path"),
        ("ntfy://ntfy.example.org/alerts", "ntfy://ntfy.example.org/alerts"),
        ("zzz://o.gn5kj6nfhv736I7jC3cj3QLRiyhgl98b/x", "zzz://***/***"),
        ("mailto://smtp.example.org:25?to=a@example.org&pass=x", "mailto://smtp.example.org:25?***"),
        (
            "mailtos://u:p@smtp.example.org/?to=a@example.org",
            "mailtos://u:****@smtp.example.org/a%40example.org",
        ),
        ("https://example.org/a#token=abc", "https://example.org/a#token=abc"),
    ],
)
def test_mask_url(url: str, masked: str) -> None:
    assert mask_url(url) == masked


def test_plain_text_is_left_alone() -> None:
    text = "Belarus freed 123 prisoners, officials said."
    assert redact_text(text) == text


def test_routine_library_lines_stay_below_warning(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from aiokafka.errors import GroupCoordinatorNotAvailableError, UnknownMemberIdError  # noqa: PLC0415

    configure_logging(json=True, level="INFO")
    monkeypatch.setattr(logging.getLogger("apprise"), "level", logging.DEBUG)  # as notify's sender sets it
    coordinator = logging.getLogger("aiokafka.consumer.group_coordinator")
    coordinator.error("Group Coordinator Request failed: %s", GroupCoordinatorNotAvailableError())
    coordinator.error("Heartbeat failed: %r", UnknownMemberIdError())
    for _ in range(5):
        logging.getLogger("apprise").info("Notifying %d service(s).", 1)
    logging.getLogger("apprise").warning("Failed to send JSON notification: error=404.")
    apprise_privacy_url.cache_clear()
    apprise_privacy_url("mailto://127.0.0.1:11025/?to=desk@example.org")  # no sender: Apprise complains
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.strip()]
    levels = {str(line["event"]).split(":")[0]: line["level"] for line in lines}
    assert levels == {
        "Group Coordinator Request failed": "info",
        "Heartbeat failed": "error",
        "Failed to send JSON notification": "warning",
    }


@pytest.mark.parametrize(
    "value",
    ["trace-7", "4bf92f3577b34da6a3ce929d0e0e4736", "01ARZ3NDEKTSV4RRFFQ69G5FAV", "req.1:retry-2"],
)
def test_a_plain_correlation_id_is_kept(value: str) -> None:
    assert correlation_id_or_new(value) == value


@pytest.mark.parametrize("value", [None, "", "../../etc", "a b", "x" * 129, "id\nforged: line", "-leading"])
def test_a_correlation_id_that_is_no_plain_token_is_replaced_by_a_new_one(value: str | None) -> None:
    new = correlation_id_or_new(value)
    assert new != value
    assert str(uuid.UUID(new)) == new
