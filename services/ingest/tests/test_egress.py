"""The egress guard on feed requests: real HTTP servers on loopback addresses, the poller's own client,
each redirect hop checked, the address checked when connecting."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path
from typing import Any

import pytest
from prometheus_client import CollectorRegistry
from structlog.testing import capture_logs

from tocsin_ingest._feeds import FeedPoller
from tocsin_ingest._metrics import IngestMetrics
from tocsin_ingest._settings import IngestSection, IngestSettings
from tocsin_shared.egress import EgressPolicy
from tocsin_shared.testing import StaticServer, controlled_resolver

EMPTY_FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'
# 127.0.0.2 plays a public host (the operator allows it); 127.0.0.1 is inside.
OUTSIDE = EgressPolicy.of(allow_private=False, allowed_networks=["127.0.0.2/32"])


async def _poll_once(url: str, egress: EgressPolicy | None, section: IngestSection | None = None) -> Any:
    """Run the poller's loop until the feed was polled once; the log lines of that poll."""
    poller = FeedPoller(
        [url],
        section or IngestSection(),
        ingestor=None,  # type: ignore[arg-type]  # an empty feed publishes nothing
        metrics=IngestMetrics(CollectorRegistry()),
        replica="r1",
        egress=egress,
    )
    with capture_logs() as logs:
        running = asyncio.create_task(poller.run())
        try:
            for _ in range(1000):  # at most 20 s
                if any(line["event"] in {"feed_failed", "feed_polled"} for line in logs):
                    break
                await asyncio.sleep(0.02)
        finally:
            running.cancel()
            await asyncio.gather(running, return_exceptions=True)
    return [line for line in logs if line["event"] in {"feed_failed", "feed_polled", "egress_refused"}]


async def test_a_feed_on_loopback_gets_nothing_in_production() -> None:
    with StaticServer(body=EMPTY_FEED).running() as feed:
        logs = await _poll_once(f"{feed.url}/world.rss", None)  # the section's default: production
        assert feed.hits == 0
        allowed = await _poll_once(f"{feed.url}/world.rss", EgressPolicy(allow_private=True))
        assert feed.hits == 1  # the same server is reachable when private addresses are allowed
    [failed] = [line for line in logs if line["event"] == "feed_failed"]
    assert "EgressRefusedError" in failed["error"]
    assert "127.0.0.1 is a loopback address" in failed["error"]
    assert [line["event"] for line in allowed] == ["feed_polled"]


async def test_every_redirect_hop_is_checked() -> None:
    with (
        StaticServer(body=EMPTY_FEED).running() as inside,
        StaticServer(body=EMPTY_FEED, host="127.0.0.2").running() as outside,
        StaticServer(307, {"location": f"{inside.url}/feed"}, host="127.0.0.2").running() as to_inside,
        StaticServer(301, {"location": f"{outside.url}/feed"}, host="127.0.0.2").running() as to_outside,
    ):
        refused = await _poll_once(f"{to_inside.url}/feed", OUTSIDE)
        followed = await _poll_once(f"{to_outside.url}/feed", OUTSIDE)
    assert to_inside.hits == 1
    assert inside.hits == 0
    assert "EgressRefusedError" in next(line for line in refused if line["event"] == "feed_failed")["error"]
    assert to_outside.hits == outside.hits == 1
    assert [line["event"] for line in followed] == ["feed_polled"]


async def test_the_address_is_checked_when_connecting(monkeypatch: pytest.MonkeyPatch) -> None:
    names = {"feeds.example.org": "127.0.0.2"}
    monkeypatch.setattr(socket, "getaddrinfo", controlled_resolver(names))
    with StaticServer(body=EMPTY_FEED, host="127.0.0.2").running() as feed:
        url = f"http://feeds.example.org:{feed.port}/feed"
        before = await _poll_once(url, OUTSIDE)
        names["feeds.example.org"] = "169.254.169.254"  # the name now points at the metadata service
        after = await _poll_once(url, OUTSIDE)
    assert feed.hits == 1
    assert [line["event"] for line in before] == ["feed_polled"]
    refused = next(line for line in after if line["event"] == "egress_refused")
    assert refused["address"] == "169.254.169.254"
    assert refused["kind"] == "cloud metadata"


def test_settings_give_the_feed_policy(tmp_path: Path) -> None:
    production = IngestSettings(
        env="production", home=tmp_path, ingest=IngestSection(feed_allowed_networks=("10.20.0.0/16",))
    )
    assert production.feed_egress() == EgressPolicy.of(allow_private=False, allowed_networks=["10.20.0.0/16"])
    assert IngestSettings(home=tmp_path).feed_egress().allow_private is True
    refused = IngestSettings(home=tmp_path, ingest=IngestSection(feed_allow_private=False))
    assert refused.feed_egress().allow_private is False
    with pytest.raises(ValueError, match="'ten' is not a CIDR range"):
        IngestSection(feed_allowed_networks=("ten",))
