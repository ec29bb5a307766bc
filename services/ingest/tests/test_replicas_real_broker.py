"""De-duplication that holds across a restart and across two replicas in one consumer group: the service
runs as separate processes (as ``tocsin run`` starts it), on the real broker, sharing the SQLite store."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import httpx
from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient

from tocsin_ingest._ingestor import utc_now
from tocsin_ingest._normalise import normalise, read_raw
from tocsin_shared.contracts import Article
from tocsin_shared.testing import consume_records, create_topics, produce_records, unique_id, unique_topics


def _env(bootstrap: str, home: Path, group: str, raw: str, articles: str) -> dict[str, str]:
    return {
        "TOCSIN_KAFKA__BOOTSTRAP_SERVERS": bootstrap,
        "TOCSIN_HOME": str(home),
        "TOCSIN_INGEST__GROUP_ID": group,
        "TOCSIN_TOPICS__RAW": raw,
        "TOCSIN_TOPICS__ARTICLES": articles,
    }


def _article_id(text: str) -> str:
    raw, plain, _ = read_raw(text.encode())
    return normalise(raw, origin="kafka", now=utc_now(), plain_text=plain).article.article_id


async def test_dedup_state_survives_a_restart(
    kafka_bootstrap: str, tmp_path: Path, articles: dict[str, str], ingest_processes: Callable[..., object]
) -> None:
    topics = unique_topics()
    await create_topics(kafka_bootstrap, [topics.raw, topics.articles, topics.dlq(topics.raw)])
    env = _env(kafka_bootstrap, tmp_path / "home", unique_id("ingest"), topics.raw, topics.articles)

    first = ingest_processes(env)
    first.wait_ready()  # type: ignore[attr-defined]
    await produce_records(kafka_bootstrap, topics.raw, [articles["eu-iran-drones.wire"].encode()])
    assert len(await consume_records(kafka_bootstrap, topics.articles, count=1, timeout=60)) == 1
    assert first.stop() == 0  # type: ignore[attr-defined]

    second = ingest_processes(env)
    second.wait_ready()  # type: ignore[attr-defined]
    await produce_records(
        kafka_bootstrap,
        topics.raw,
        [
            articles["eu-iran-drones.wire"].encode(),  # the same article again
            articles["eu-iran-drones.rerun"].encode(),  # another outlet's re-run
            articles["eu-russia-shadow-fleet.wire"].encode(),  # a different story
        ],
    )
    # ... and over HTTP, on the port the process serves.
    async with httpx.AsyncClient(timeout=30) as client:
        posted = await client.post(
            f"{second.base_url}/v1/articles",  # type: ignore[attr-defined]
            json={"text": articles["vietnam-rates.wire"], "source": "Example Wire"},
        )
    assert posted.status_code == 202, posted.text
    records = await consume_records(kafka_bootstrap, topics.articles, count=4, timeout=30, idle=8)
    titles = {Article.model_validate_json(r.value).title for r in records}
    assert len(records) == 3
    assert titles == {
        "EU sanctions Iranian officials over drone and missile transfers to Russia",
        "EU adds 45 tankers to shadow fleet blacklist in new Russia sanctions",
        None,  # the HTTP article: JSON text is never split for a headline
    }
    events = second.log_events()  # type: ignore[attr-defined]
    kinds = sorted(str(e.get("kind")) for e in events if e.get("event") == "duplicate")
    assert kinds == ["exact", "near"]
    assert second.stop() == 0  # type: ignore[attr-defined]


async def _group_members(bootstrap: str, group: str) -> int:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        [response] = await admin.describe_consumer_groups([group])
        group_info = response.groups[0]
        state, members = group_info[2], group_info[5]
        return len(members) if state == "Stable" else 0
    finally:
        await admin.close()


async def test_two_replicas_in_one_group_publish_each_story_once(
    kafka_bootstrap: str, tmp_path: Path, articles: dict[str, str], ingest_processes: Callable[..., object]
) -> None:
    topics = unique_topics()
    await create_topics(kafka_bootstrap, [topics.raw], partitions=2)
    await create_topics(kafka_bootstrap, [topics.articles, topics.dlq(topics.raw)])
    group = unique_id("ingest")
    env = _env(kafka_bootstrap, tmp_path / "shared-home", group, topics.raw, topics.articles)
    replicas = [ingest_processes(env), ingest_processes(env)]
    for replica in replicas:
        replica.wait_ready()  # type: ignore[attr-defined]
    for _ in range(150):
        if await _group_members(kafka_bootstrap, group) == 2:
            break
        await asyncio.sleep(0.2)
    else:
        raise AssertionError("the two replicas never formed a stable group of two")

    # Each story twice: the wire copy on partition 0 and another outlet's copy (or the same text under
    # another key) on partition 1, sent together so that both replicas handle them at the same time.
    pairs = [
        ("belarus-release-dec.wire", "belarus-release-dec.rerun"),
        ("eu-iran-drones.wire", "eu-iran-drones.rerun"),
        ("us-syria-lifted.wire", "us-syria-lifted.wire"),
        ("myanmar-amnesty.wire", "myanmar-amnesty.wire"),
        ("iran-frees-french.wire", "iran-frees-french.edited"),
        ("nicaragua-guatemala.wire", "nicaragua-guatemala.wire"),
    ]
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, acks="all")
    await producer.start()
    try:
        sends = []
        for index, (left, right) in enumerate(pairs):
            sends.append(
                await producer.send(topics.raw, articles[left].encode(), key=b"a%d" % index, partition=0)
            )
            sends.append(
                await producer.send(topics.raw, articles[right].encode(), key=b"b%d" % index, partition=1)
            )
        await asyncio.gather(*sends)
    finally:
        await producer.stop()

    records = await consume_records(
        kafka_bootstrap, topics.articles, count=len(pairs) + 1, timeout=60, idle=8
    )
    published = [Article.model_validate_json(r.value) for r in records]
    assert len(published) == len(pairs), [a.title for a in published]
    assert len({a.article_id for a in published}) == len(pairs)
    handled = [
        sum(1 for e in replica.log_events() if e.get("event") in {"published", "duplicate"})  # type: ignore[attr-defined]
        for replica in replicas
    ]
    assert all(count > 0 for count in handled), handled  # both replicas took part
    assert sum(handled) == 2 * len(pairs)
