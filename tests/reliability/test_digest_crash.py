"""A daily digest with notify killed (SIGKILL) while sending it: the restarted notify sends the same digest
again under the same idempotency key, so a receiver that de-duplicates by it has it exactly once, naming
every alert held for it; every delivery is recorded once. Real broker, real webhook (ADR 2).

The digest is due a minute or two after the test starts (its local time, in Asia/Kolkata, UTC+05:30).
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from aiokafka import AIOKafkaProducer

from tests.reliability._harness import Pipeline, Quiet, until
from tocsin_notify.testing import distinct_event, webhook_sink

ZONE = "Asia/Kolkata"


def _rows(home: Path) -> list[tuple[str, str | None, str | None]]:
    """(status, digest, next_attempt_at) of every delivery, from notify's SQLite store."""
    with sqlite3.connect(home / "notify.db") as db:
        return list(db.execute("SELECT status, digest, next_attempt_at FROM deliveries"))


def _digest_time() -> tuple[str, datetime]:
    """A local digest time ("HH:MM") at least 25 s away, and its instant."""
    now = datetime.now(UTC)
    due = now.replace(second=0, microsecond=0) + timedelta(minutes=1)
    if (due - now).total_seconds() < 25:
        due += timedelta(minutes=1)
    return due.astimezone(ZoneInfo(ZONE)).strftime("%H:%M"), due


async def test_notify_killed_mid_digest_sends_it_once(kafka_bootstrap: str, tmp_path: Path) -> None:
    env = {
        "TOCSIN_NOTIFY__HEARTBEAT_SECONDS": "1",
        "TOCSIN_NOTIFY__LEASE_SECONDS": "10",
        "TOCSIN_NOTIFY__SEND_TIMEOUT": "60",
    }
    pipeline = Pipeline(kafka_bootstrap, tmp_path, extra={"notify": env})
    await pipeline.create_topics()
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, acks="all")
    await producer.start()
    events = [
        distinct_event(n, url=f"https://wire.example.org/digest/{n}", correlation_id=f"corr-digest-{n}")
        for n in (1, 2, 3)
    ]
    async with webhook_sink() as chat:
        try:
            await pipeline.start("notify")
            at, due = _digest_time()
            await pipeline.subscribe(
                [chat.apprise_url("/chat")], delivery="daily", digest_at=at, timezone=ZONE
            )
            for event in events:
                await producer.send_and_wait(pipeline.topics.events, event.to_bytes())
            await until(lambda: len(_rows(tmp_path)) == 3, 20, "three deliveries held for the digest")
            assert {(status, digest) for status, digest, _ in _rows(tmp_path)} == {("sending", "daily")}
            assert datetime.now(UTC) < due
            assert chat.received == []

            chat.delay = 45  # the digest's request is held, and notify is killed meanwhile
            await chat.wait_for(1, timeout=(due - datetime.now(UTC)).total_seconds() + 30)
            chat.delay = 0
            pipeline.kill("notify")
            await pipeline.start("notify")
            await chat.wait_for(2, timeout=60)
            await until(lambda: {s for s, _, _ in _rows(tmp_path)} == {"delivered"}, 30, "all recorded")
            await until(Quiet(chat.received), 30, "quiet channel")
        finally:
            await pipeline.stop()
            await producer.stop()

    first, again = chat.received
    assert first.headers["idempotency-key"] == again.headers["idempotency-key"]
    assert first.json()["message"] == again.json()["message"]
    assert first.json()["title"].startswith("[Tocsin] Daily digest: 3 alerts (")
    for n in (1, 2, 3):
        assert f"https://wire.example.org/digest/{n}" in first.json()["message"]
    assert [status for status, _, _ in _rows(tmp_path)] == ["delivered"] * 3
