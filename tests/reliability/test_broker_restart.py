"""Broker restart: the Kafka broker (one of this test's own) stops mid-stream and comes back on the same
ports and data; the services, never restarted, reconnect by themselves and nothing is lost or doubled.

``TOCSIN_RELIABILITY_BROKER_DOWN_SECONDS`` (default 10) is how long the broker stays down.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reliability._corpus import stream
from tests.reliability._harness import Pipeline, Quiet, until, urls_in_chat, urls_in_mail
from tests.reliability.test_crash import produce_paced
from tocsin_notify.testing import smtp_sink, webhook_sink
from tocsin_shared.localkafka import LocalKafka
from tocsin_shared.testing import free_port

pytestmark = pytest.mark.kafka  # a broker of its own: not for `make fast`
ROOT = Path(__file__).resolve().parents[2]
DOWN = float(os.environ.get("TOCSIN_RELIABILITY_BROKER_DOWN_SECONDS", "10"))


class Broker:
    """A broker of the test's own, restartable on the same ports and data directory."""

    def __init__(self, data: Path) -> None:
        self.local = LocalKafka(Path(os.environ.get("TOCSIN_HOME", ROOT / ".tocsin")))
        self.data, self.port, self.controller_port = data, free_port(), free_port()
        self.pid: int | None = None

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> None:
        info = self.local.start(
            data_dir=self.data,
            port=self.port,
            controller_port=self.controller_port,
            die_with_parent=True,
            record_state=False,
        )
        assert info.bootstrap_servers == self.bootstrap
        self.pid = info.pid

    def stop(self) -> None:
        if self.pid is not None:
            self.local.stop_pid(self.pid)
            self.pid = None


@pytest.fixture
def broker(tmp_path: Path) -> Iterator[Broker]:
    own = Broker(tmp_path / "kafka")
    own.start()
    try:
        yield own
    finally:
        own.stop()


async def test_services_ride_out_a_broker_restart_with_nothing_lost_or_doubled(
    broker: Broker, tmp_path: Path
) -> None:
    articles = stream(600, seed=31, updates=True)  # with follow-ups that are one update alert each
    first, second = articles[:300], articles[300:]
    expected = {a.url for a in articles if a.alerts}
    pipeline = Pipeline(broker.bootstrap, tmp_path / "home")
    pipeline.home.mkdir()
    await pipeline.create_topics()
    async with webhook_sink() as chat:
        with smtp_sink() as smtp:
            await pipeline.start()
            try:
                await pipeline.subscribe([smtp.apprise_url(), chat.apprise_url("/chat")])
                await produce_paced(broker.bootstrap, pipeline.topics.raw, first, [0])
                # Mid-stream: the services still have the first half in hand when the broker goes.
                await asyncio.to_thread(broker.stop)
                await asyncio.sleep(DOWN)
                await asyncio.to_thread(broker.start)
                await produce_paced(broker.bootstrap, pipeline.topics.raw, second, [0])

                def complete() -> bool:
                    return (
                        set(urls_in_chat(chat.received)) >= expected
                        and set(urls_in_mail(smtp.messages)) >= expected
                    )

                await until(complete, 240, f"{len(expected)} alerts on both channels")
                await until(Quiet(chat.received, smtp.messages), 60, "quiet channels")
                alive = pipeline.alive()
            finally:
                codes = await pipeline.stop()
    for service in ("ingest", "classify", "notify"):  # each of them did lose the broker for a while
        assert "Connect call failed" in pipeline.log(service).read_text(), service
    assert alive == {"ingest": True, "classify": True, "notify": True}
    assert dict(pipeline.starts) == {"ingest": 1, "classify": 1, "notify": 1}
    assert set(codes.values()) == {0}, codes
    assert urls_in_chat(chat.received) == dict.fromkeys(expected, 1)
    assert urls_in_mail(smtp.messages) == dict.fromkeys(expected, 1)
