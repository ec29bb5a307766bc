"""Secrets: an end-to-end run with channels that carry real credentials (an SMTP login, webhook passwords
and path tokens), including retries, a permanent failure and a test alert. No log line of any service, no
record on ``alerts.delivered`` or ``alerts.dlq`` and no API answer contains any of them.

The last two tests hold what used to leak: DEBUG lines of libraries at the default INFO level, and the DEBUG
lines Apprise and urllib3 write about each HTTP request (they carry a webhook's path token)."""

from __future__ import annotations

import base64
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import httpx

from tests.reliability._corpus import stream
from tests.reliability._harness import TOKEN, AuthSmtpSink, Pipeline, Quiet, until, urls_in_chat, urls_in_mail
from tocsin_notify.testing import webhook_sink
from tocsin_shared.testing import consume_records, produce_records

SMTP_PASSWORD = "S3cretPa55"
HOOK_PASSWORD = "W3bhookPa55-q7Rt"
HOOK_TOKEN = "tok_9f8e7d6c5b4a39281706"
FLAKY_TOKEN = "tok_flaky_55aa11bb22cc"
REFUSED_TOKEN = "tok_refused_0f0e0d0c0b"
SECRETS = (SMTP_PASSWORD, HOOK_PASSWORD, HOOK_TOKEN, FLAKY_TOKEN, REFUSED_TOKEN, TOKEN)


def _forms(secret: str) -> set[str]:
    """The secret as written, percent-encoded and in the base64 of a Basic / AUTH PLAIN credential."""
    forms = {secret, quote(secret, safe="")}
    for user in ("alerts", "hook"):
        forms.add(base64.b64encode(f"{user}:{secret}".encode()).decode())
        forms.add(base64.b64encode(f"\0{user}\0{secret}".encode()).decode())
    return forms


async def test_no_log_line_and_no_record_contains_a_channel_credential(
    kafka_bootstrap: str, tmp_path: Path
) -> None:
    articles = [a for a in stream(200, 3, seed=41) if a.alerts]
    expected = {a.url for a in articles}
    debug = {"TOCSIN_LOG__LEVEL": "DEBUG", "TOCSIN_NOTIFY__BACKOFF_BASE": "0.1"}
    pipeline = Pipeline(
        kafka_bootstrap, tmp_path, extra=dict.fromkeys(("ingest", "classify", "notify"), debug)
    )
    await pipeline.create_topics()
    smtp = AuthSmtpSink("alerts", SMTP_PASSWORD).start()
    try:
        async with (
            webhook_sink() as chat,
            webhook_sink(plan=[500, 503]) as flaky,
            webhook_sink(default=401) as refusing,
        ):
            mail = (
                f"mailto://alerts:{SMTP_PASSWORD}@127.0.0.1:{smtp.port}"
                "?to=desk@example.org&from=alerts@example.org&mode=insecure"
            )
            hook = f"json://hook:{HOOK_PASSWORD}@127.0.0.1:{chat.port}/hooks/{HOOK_TOKEN}"
            await pipeline.start()
            try:
                good = await pipeline.subscribe([mail, hook])
                await pipeline.subscribe([flaky.apprise_url(f"/hooks/{FLAKY_TOKEN}")])
                await pipeline.subscribe([refusing.apprise_url(f"/hooks/{REFUSED_TOKEN}")])
                async with httpx.AsyncClient(timeout=60) as http:
                    answer = await http.post(
                        pipeline.url("notify", f"/v1/subscriptions/{good}/test"),
                        headers={"Authorization": f"Bearer {TOKEN}"},
                    )
                    assert answer.status_code < 300, answer.text
                    listed = await http.get(
                        pipeline.url("notify", "/v1/subscriptions"),
                        headers={"Authorization": f"Bearer {TOKEN}"},
                    )
                await produce_records(kafka_bootstrap, pipeline.topics.raw, [a.raw() for a in articles])
                await until(
                    lambda: (
                        set(urls_in_chat(chat.received)) >= expected
                        and set(urls_in_mail(smtp.messages)) >= expected
                        and len(refusing.received) >= len(expected)
                        and len(flaky.received) >= len(expected) + 2
                    ),
                    90,
                    "every alert, retry and refusal",
                )
                await until(
                    Quiet(chat.received, smtp.messages, flaky.received, refusing.received), 30, "quiet"
                )
            finally:
                codes = await pipeline.stop()
            # The credentials were real and used: the SMTP login succeeded, the webhook got Basic auth.
            assert chat.received[0].path == f"/hooks/{HOOK_TOKEN}"
            assert chat.received[0].headers["authorization"].startswith("Basic ")
    finally:
        smtp.stop()
    assert set(codes.values()) == {0}, codes
    assert len(smtp.messages) >= len(expected)

    logs = pipeline.logs()
    assert logs.count("\n") > 50  # a real amount of logging to look through
    published = []
    for topic in (pipeline.topics.delivered, pipeline.topics.alerts_dlq):
        published += await consume_records(kafka_bootstrap, topic, timeout=30, idle=3)
    records = b"\n".join(r.value for r in published).decode(errors="replace")
    assert "channel_permanent" in records  # the refusal was recorded, with its reason
    lines = logs.splitlines()
    above_debug = [line for line in lines if '"level": "debug"' not in line]
    for secret in SECRETS:
        searched = above_debug if secret.startswith("tok_") else lines
        for form in _forms(secret):
            leaks = [line[:300] for line in searched if form in line]
            assert leaks == [], f"{secret!r} ({form!r}) in the logs"
            assert form not in records, f"{secret!r} on alerts.delivered / alerts.dlq"
            assert form not in listed.text, f"{secret!r} in the subscriptions listing"


def _log_in_a_fresh_process(level: str, code: str) -> str:
    script = (
        "import logging\nfrom tocsin_shared.log import configure_logging\n"
        f"configure_logging(json=True, level={level!r})\nTOKEN = {HOOK_TOKEN!r}\n{code}"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    return done.stderr


def test_at_info_a_library_logger_set_to_debug_writes_no_debug_line() -> None:
    written = _log_in_a_fresh_process(
        "INFO",
        # Apprise's own INFO lines are demoted to DEBUG on purpose; another library shows the level rule.
        "logging.getLogger('urllib3').setLevel(logging.DEBUG)\n"
        "logging.getLogger('urllib3').debug('JSON POST URL: http://127.0.0.1:8/hooks/x')\n"
        "logging.getLogger('urllib3').info('Sent JSON notification.')",
    )
    assert "Sent JSON notification." in written  # the INFO line is written
    assert "JSON POST URL" not in written, written


def test_at_debug_the_lines_about_each_http_request_carry_no_path_token() -> None:
    written = _log_in_a_fresh_process(
        "DEBUG",
        "logging.getLogger('apprise').debug('JSON POST URL: http://127.0.0.1:8/hooks/%s (cert_verify=True)', "
        "TOKEN)\nlogging.getLogger('urllib3.connectionpool').debug("
        "'http://127.0.0.1:8 \"POST /hooks/%s HTTP/1.1\" 200 None', TOKEN)",
    )
    assert "POST" in written  # the lines were written
    assert HOOK_TOKEN not in written, written
