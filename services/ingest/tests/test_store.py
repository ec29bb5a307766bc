"""The de-dup store on SQLite and PostgreSQL: claims are atomic across tasks and engines (replicas)."""

from __future__ import annotations

import asyncio
import random
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tocsin_ingest._dedup import Action, State, revision_id
from tocsin_ingest._store import Claim, DedupPolicy, DedupStore, band_keys, probe_keys

DAY = 86_400_000
POLICY = DedupPolicy(window_ms=7 * DAY, lease_ms=30_000, max_distance=3)
T0 = 1_750_000_000_000


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[DedupStore]:
    opened = DedupStore(database_url, POLICY)
    await opened.create()
    await opened.create()  # idempotent
    yield opened
    await opened.close()


async def test_new_then_published_then_exact_duplicate(store: DedupStore) -> None:
    first = await store.claim(article_id="a", fingerprint=1, claimant="c1", origin="kafka", now_ms=T0)
    assert (first.action, first.kind) == (Action.PUBLISH, "new")
    seen = await store.lookup("a")
    assert seen is not None
    assert seen.state is State.PENDING
    assert await store.mark_published("a", "c1")
    again = await store.claim(article_id="a", fingerprint=1, claimant="c2", origin="http", now_ms=T0 + 5)
    assert (again.action, again.kind, again.duplicate_of) == (Action.DUPLICATE, "exact", "a")


async def test_fingerprints_with_the_top_bit_set_round_trip(store: DedupStore) -> None:
    fingerprint = 0xFFFF_0000_FFFF_0001
    await store.claim(article_id="a", fingerprint=fingerprint, claimant="c", origin="kafka", now_ms=T0)
    seen = await store.lookup("a")
    assert seen is not None
    assert seen.fingerprint == fingerprint


async def test_near_duplicate_is_recorded_and_found(store: DedupStore) -> None:
    await store.claim(article_id="a", fingerprint=0xF0F0, claimant="c1", origin="kafka", now_ms=T0)
    await store.mark_published("a", "c1")
    near = await store.claim(
        article_id="b", fingerprint=0xF0F0 ^ 0b101, claimant="c2", origin="feed", now_ms=T0
    )
    assert (near.action, near.kind, near.duplicate_of, near.distance) == (Action.DUPLICATE, "near", "a", 2)
    seen = await store.lookup("b")
    assert seen is not None
    assert (seen.state, seen.duplicate_of) == (State.DUPLICATE, "a")
    # A near-duplicate of the duplicate points to the original.
    chained = await store.claim(
        article_id="c", fingerprint=0xF0F0 ^ 0b111, claimant="c3", origin="feed", now_ms=T0
    )
    assert chained.duplicate_of == "a"


@pytest.mark.parametrize("k", [0, 1, 2, 3, 8, 16])
def test_probes_reach_every_fingerprint_within_k_bits(k: int) -> None:
    policy = DedupPolicy(window_ms=DAY, lease_ms=30_000, max_distance=k)
    rng = random.Random(k)
    for _ in range(300):
        fingerprint = rng.getrandbits(64)
        other = fingerprint
        for bit in rng.sample(range(64), rng.randint(0, k)):
            other ^= 1 << bit
        stored = set(band_keys(fingerprint, policy.band_count))
        assert stored & set(probe_keys(other, policy.band_count, policy.probe_radius))


async def test_eight_bits_apart_in_every_band_is_a_near_duplicate(database_url: str) -> None:
    # k = 8: 5 bands of 13, 13, 13, 13 and 12 bits; 2 + 2 + 2 + 1 + 1 flipped bits leave no band equal.
    policy = DedupPolicy(window_ms=7 * DAY, lease_ms=30_000, max_distance=8)
    original = 0x0123_4567_89AB_CDEF
    flipped = original
    for bit in (63, 60, 50, 47, 37, 34, 24, 11):
        flipped ^= 1 << bit
    assert not set(band_keys(original, 5)) & set(band_keys(flipped, 5))
    store = DedupStore(database_url, policy)
    await store.create()
    try:
        await store.claim(article_id="a", fingerprint=original, claimant="c1", origin="kafka", now_ms=T0)
        await store.mark_published("a", "c1")
        near = await store.claim(article_id="b", fingerprint=flipped, claimant="c2", origin="feed", now_ms=T0)
        assert (near.action, near.kind, near.duplicate_of, near.distance) == (
            Action.DUPLICATE,
            "near",
            "a",
            8,
        )
    finally:
        await store.close()


async def test_far_fingerprint_is_new(store: DedupStore) -> None:
    await store.claim(article_id="a", fingerprint=0, claimant="c1", origin="kafka", now_ms=T0)
    await store.mark_published("a", "c1")
    far = await store.claim(article_id="b", fingerprint=0b1111, claimant="c2", origin="kafka", now_ms=T0)
    assert far.action is Action.PUBLISH


async def test_live_claim_makes_others_wait_and_a_dead_one_is_taken_over(store: DedupStore) -> None:
    await store.claim(article_id="a", fingerprint=7, claimant="crashed", origin="kafka", now_ms=T0)
    waiting = await store.claim(
        article_id="a", fingerprint=7, claimant="other", origin="kafka", now_ms=T0 + 10
    )
    assert waiting.action is Action.WAIT
    same = await store.claim(
        article_id="a", fingerprint=7, claimant="crashed", origin="kafka", now_ms=T0 + 20
    )
    assert (same.action, same.kind) == (Action.PUBLISH, "retry")
    later = T0 + 20 + POLICY.lease_ms
    takeover = await store.claim(
        article_id="a", fingerprint=7, claimant="other", origin="kafka", now_ms=later
    )
    assert (takeover.action, takeover.kind) == (Action.PUBLISH, "retry")
    assert not await store.mark_published("a", "crashed")  # its claim was taken over
    assert await store.mark_published("a", "other")


async def test_marking_a_batch_counts_only_the_claims_still_held(store: DedupStore) -> None:
    await store.claim_many(
        [Claim("a", 0, "crashed", "kafka"), Claim("b", (1 << 64) - 1, "crashed", "kafka")], now_ms=T0
    )
    later = T0 + POLICY.lease_ms
    await store.claim(article_id="a", fingerprint=0, claimant="other", origin="kafka", now_ms=later)
    # "a" was taken over, "b" is still held, "c" was never claimed: one mark of three holds.
    assert await store.mark_all_published([("a", "crashed"), ("b", "crashed"), ("c", "crashed")]) == 1
    assert await store.mark_all_published([("a", "other")]) == 1
    assert await store.mark_all_published([]) == 0


async def test_one_transaction_decides_a_batch_in_order(store: DedupStore) -> None:
    await store.claim(
        article_id="elsewhere", fingerprint=0xFF00_0000, claimant="r2", origin="http", now_ms=T0
    )
    batch = [
        Claim("a", 0xF0F0, "kafka:raw:0:1", "kafka"),
        Claim("a", 0xF0F0, "kafka:raw:0:2", "kafka"),  # a repeat of an article the batch publishes
        Claim("b", 0xF0F0 ^ 0b11, "kafka:raw:0:3", "kafka"),  # a near copy of it
        Claim("c", 0x0F0F_0000, "kafka:raw:0:4", "kafka"),  # another story
        Claim("elsewhere", 0xFF00_0000, "kafka:raw:0:5", "kafka"),  # another replica is publishing it
    ]
    decisions = await store.claim_many(batch, now_ms=T0 + 1)
    assert [(d.action, d.kind, d.duplicate_of) for d in decisions] == [
        (Action.PUBLISH, "new", None),
        (Action.DUPLICATE, "exact", "a"),
        (Action.DUPLICATE, "near", "a"),
        (Action.PUBLISH, "new", None),
        (Action.WAIT, "claimed", "elsewhere"),
    ]
    assert await store.mark_all_published([("a", "kafka:raw:0:1"), ("c", "kafka:raw:0:4")]) == 2
    seen = await store.lookup("b")
    assert seen is not None
    assert (seen.state, seen.duplicate_of) == (State.DUPLICATE, "a")
    # The batch read again after a crash: the same claimants take over their own claims.
    again = await store.claim_many(
        [Claim("d", 0x1234_0000_0000, "kafka:raw:0:6", "kafka")], now_ms=T0 + 2, ours={"x"}
    )
    redelivered = await store.claim_many(
        [Claim("d", 0x1234_0000_0000, "kafka:raw:0:6", "kafka")], now_ms=T0 + 3
    )
    assert [(d.action, d.kind) for d in again + redelivered] == [
        (Action.PUBLISH, "new"),
        (Action.PUBLISH, "retry"),
    ]


async def test_window_expiry_and_purge(store: DedupStore) -> None:
    await store.claim(article_id="a", fingerprint=0, claimant="c1", origin="kafka", now_ms=T0)
    await store.mark_published("a", "c1")
    after = T0 + POLICY.window_ms + 1
    again = await store.claim(article_id="a", fingerprint=0, claimant="c2", origin="kafka", now_ms=after)
    assert (again.action, again.kind) == (Action.PUBLISH, "new")
    seen = await store.lookup("a")
    assert seen is not None
    assert (seen.state, seen.first_seen_ms, seen.claimant) == (State.PENDING, after, "c2")
    near = await store.claim(article_id="b", fingerprint=1, claimant="c3", origin="kafka", now_ms=after)
    assert near.action is Action.WAIT  # "a" is being published right now
    await store.mark_published("a", "c2")
    near = await store.claim(article_id="b", fingerprint=1, claimant="c3", origin="kafka", now_ms=after)
    assert (near.action, near.duplicate_of) == (Action.DUPLICATE, "a")
    assert await store.purge(after + POLICY.window_ms) == 0  # not older than the window yet
    assert await store.purge(after + POLICY.window_ms + 1) == 2
    assert await store.lookup("a") is None


async def test_many_concurrent_claims_of_one_story_publish_once(store: DedupStore) -> None:
    # The same story under 12 ids (different outlets' URLs), all within 1 bit: one publishes.
    async def claim(index: int) -> Action:
        fingerprint = 0xABCD_EF01_2345_6789 ^ (1 if index % 2 else 0)
        decision = await store.claim(
            article_id=f"id-{index}", fingerprint=fingerprint, claimant=f"c{index}", origin="kafka", now_ms=T0
        )
        return decision.action

    actions = await asyncio.gather(*(claim(i) for i in range(12)))
    assert actions.count(Action.PUBLISH) == 1
    assert set(actions) <= {Action.PUBLISH, Action.WAIT}


async def test_two_engines_on_one_database_act_as_two_replicas(database_url: str) -> None:
    stores = [DedupStore(database_url, POLICY), DedupStore(database_url, POLICY)]
    await stores[0].create()
    try:
        for round_ in range(20):
            base = (round_ + 1) * 0x0101_0101_0101_0101

            async def claim(index: int, base: int = base, round_: int = round_) -> Action:
                decision = await stores[index % 2].claim(
                    article_id=f"r{round_}-{index}",
                    fingerprint=base ^ (1 << index),
                    claimant=f"replica-{index}",
                    origin="kafka",
                    now_ms=T0,
                )
                return decision.action

            actions = await asyncio.gather(*(claim(i) for i in range(4)))
            assert actions.count(Action.PUBLISH) == 1, (round_, actions)
    finally:
        for opened in stores:
            await opened.close()


async def test_ping(store: DedupStore) -> None:
    assert await store.ping()


async def test_ping_of_an_unreachable_database_is_false() -> None:
    gone = DedupStore("postgresql+asyncpg://nobody@127.0.0.1:1/none", POLICY)
    try:
        assert not await gone.ping()
    finally:
        await gone.close()


async def test_a_feed_lease_has_one_holder_until_it_lapses_or_is_released(store: DedupStore) -> None:
    feeds = ["https://a.example/rss", "https://b.example/atom"]
    lease = 1_000
    assert await store.lease_feeds(feeds, holder="r1", now_ms=T0, lease_ms=lease) == set(feeds)
    assert await store.lease_feeds(feeds, holder="r2", now_ms=T0 + 500, lease_ms=lease) == set()
    # r1 renews one feed only (say its list changed): the other lapses at T0 + 1000 and r2 takes it.
    assert await store.lease_feeds(feeds[:1], holder="r1", now_ms=T0 + 900, lease_ms=lease) == {feeds[0]}
    assert await store.lease_feeds(feeds, holder="r2", now_ms=T0 + 1_000, lease_ms=lease) == {feeds[1]}
    assert await store.lease_feeds(feeds, holder="r1", now_ms=T0 + 1_100, lease_ms=lease) == {feeds[0]}
    holders = await store.feed_holders()
    assert holders == {feeds[0]: ("r1", T0 + 2_100), feeds[1]: ("r2", T0 + 2_000)}
    # A replica that stops hands its feeds over at once.
    assert await store.release_feeds(feeds, holder="r1") == 1
    assert await store.lease_feeds(feeds, holder="r2", now_ms=T0 + 1_200, lease_ms=lease) == set(feeds)


async def test_concurrent_lease_rounds_never_share_a_feed(database_url: str) -> None:
    stores = [DedupStore(database_url, POLICY) for _ in range(3)]
    await stores[0].create()
    feeds = [f"https://feeds.example/{n}.rss" for n in range(20)]
    try:
        rounds = await asyncio.gather(
            *(
                store.lease_feeds(feeds, holder=f"r{n}", now_ms=T0, lease_ms=60_000)
                for n, store in enumerate(stores)
                for _ in range(3)
            )
        )
    finally:
        for store in stores:
            await store.close()
    holders = [{n // 3 for n, held in enumerate(rounds) if feed in held} for feed in feeds]
    assert all(len(owners) == 1 for owners in holders)


async def test_batches_in_one_transaction_do_not_take_each_others_articles_as_theirs(
    store: DedupStore,
) -> None:
    first = [Claim("a", 0xF0F0, "http:r:1:0", "http")]
    second = [Claim("a", 0xF0F0, "http:r:2:0", "http"), Claim("b", 0xF0F0 ^ 1, "http:r:2:1", "http")]
    mine, theirs = await store.claim_batches([(first, frozenset()), (second, frozenset())], now_ms=T0)
    assert [d.action for d in mine] == [Action.PUBLISH]
    # The first batch may yet fail to publish: the second waits for it rather than dropping its copies.
    assert [(d.action, d.duplicate_of) for d in theirs] == [(Action.WAIT, "a"), (Action.WAIT, "a")]


async def test_a_reworded_copy_counts_as_near_only_within_the_near_window(database_url: str) -> None:
    # Exact repeats are dropped for the whole window (7 days); a reworded copy only within 2 days, so that a
    # look-up reads the band rows of those 2 days alone.
    policy = DedupPolicy(window_ms=7 * DAY, lease_ms=30_000, max_distance=3, near_window_ms=2 * DAY)
    store = DedupStore(database_url, policy)
    await store.create()
    try:
        # "recent" (2 bits from "old") comes just over 2 days after it: not its near-duplicate any more.
        for name, fingerprint, seen_at in (("old", 0xF0F0, T0), ("recent", 0xF0F0 ^ 0b110, T0 + 2 * DAY + 1)):
            first = await store.claim(
                article_id=name, fingerprint=fingerprint, claimant=name, origin="kafka", now_ms=seen_at
            )
            assert (first.action, first.kind) == (Action.PUBLISH, "new"), name
            await store.mark_published(name, name)
        now = T0 + 3 * DAY  # "old" is 3 days old (beyond the near window), "recent" 1 day
        # 1 bit from "old", 3 from "recent": a near-duplicate of the one within the near window.
        near = await store.claim(article_id="b", fingerprint=0xF0F1, claimant="b", origin="feed", now_ms=now)
        assert (near.action, near.kind, near.duplicate_of) == (Action.DUPLICATE, "near", "recent")
        await store.claim(article_id="x", fingerprint=0x0F0F, claimant="x", origin="kafka", now_ms=T0)
        await store.mark_published("x", "x")
        alone = await store.claim(article_id="y", fingerprint=0x0F0E, claimant="y", origin="feed", now_ms=now)
        assert (alone.action, alone.kind) == (Action.PUBLISH, "new")  # its only near copy is 3 days old
        exact = await store.claim(
            article_id="x", fingerprint=0x0F0F, claimant="x2", origin="http", now_ms=now
        )
        assert (exact.action, exact.kind) == (Action.DUPLICATE, "exact")  # exact: the whole window
    finally:
        await store.close()


async def test_a_store_made_before_the_near_window_gets_its_index(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'ingest.db'}"
    store = DedupStore(url, POLICY)
    await store.create()
    await store.close()
    with sqlite3.connect(tmp_path / "ingest.db") as db:  # as an earlier version left it
        db.execute("DROP INDEX ix_ingest_near_keys_recent")
    reopened = DedupStore(url, POLICY)
    await reopened.create()
    await reopened.close()
    with sqlite3.connect(tmp_path / "ingest.db") as db:
        names = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert "ix_ingest_near_keys_recent" in names


async def test_a_revised_text_at_the_same_id_is_claimed_as_its_own_revision(store: DedupStore) -> None:
    def claim(fingerprint: int, lede: int, who: str) -> Claim:
        return Claim("u", fingerprint, who, "http", lede)

    [first] = await store.claim_many([claim(0xF0F0, 1, "c1")], now_ms=T0)
    assert first.kind == "new"
    assert await store.mark_published("u", "c1")
    [resent, revised] = await store.claim_many(
        [claim(0xF0F0, 1, "c2"), claim(0xF0F0, 2, "c2")], now_ms=T0 + 1
    )
    assert (resent.action, resent.kind, resent.duplicate_of) == (Action.DUPLICATE, "exact", "u")
    assert (revised.action, revised.kind, revised.revision_of) == (Action.PUBLISH, "revision", "u")
    assert revised.article_id == revision_id("u", 0xF0F0, 2)
    seen = await store.lookup(revised.article_id)
    assert seen is not None
    assert (seen.state, seen.lede) == (State.PENDING, 2)
    assert await store.mark_published(revised.article_id, "c2")
    # The same revision again and the first version again are duplicates; a light edit (a few bits: a
    # name added late in the text) is a revision of its own, never a near copy of the first revision.
    again, original, edited = await store.claim_many(
        [claim(0xF0F0, 2, "c3"), claim(0xF0F0, 1, "c3"), claim(0xF0F0 ^ 0b11, 1, "c3")], now_ms=T0 + 2
    )
    assert (again.action, again.kind, again.duplicate_of) == (Action.DUPLICATE, "exact", revised.article_id)
    assert (original.action, original.kind, original.duplicate_of) == (Action.DUPLICATE, "exact", "u")
    assert (edited.action, edited.kind, edited.revision_of) == (Action.PUBLISH, "revision", "u")


async def test_a_version_and_its_revision_in_one_batch_are_both_taken(store: DedupStore) -> None:
    first, revised, repeat = await store.claim_many(
        [
            Claim("u", 0xAB, "c1", "kafka", 1),
            Claim("u", 0xAB, "c2", "kafka", 2),
            Claim("u", 0xAB, "c3", "kafka", 2),
        ],
        now_ms=T0,
    )
    assert (first.kind, revised.kind, revised.revision_of) == ("new", "revision", "u")
    assert (repeat.action, repeat.duplicate_of) == (Action.DUPLICATE, revised.article_id)


async def test_a_store_made_before_lede_facts_were_kept_gets_the_column(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'ingest.db'}"
    store = DedupStore(url, POLICY)
    await store.create()
    await store.claim(article_id="old", fingerprint=0xF0, claimant="c", origin="kafka", now_ms=T0)
    await store.close()
    with sqlite3.connect(tmp_path / "ingest.db") as db:  # as an earlier version left it
        db.execute("ALTER TABLE ingest_articles DROP COLUMN lede")
    reopened = DedupStore(url, POLICY)
    await reopened.create()
    try:
        assert await reopened.mark_published("old", "c")
        old = await reopened.lookup("old")
        assert old is not None
        assert old.lede is None
        # Without its facts, the same text is a duplicate and another a revision.
        same, other = await reopened.claim_many(
            [Claim("old", 0xF0, "d", "kafka", 5), Claim("old", 0xF1, "d", "kafka", 5)], now_ms=T0 + 1
        )
        assert (same.action, other.kind) == (Action.DUPLICATE, "revision")
    finally:
        await reopened.close()
