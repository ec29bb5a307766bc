"""The de-duplication decision (pure): given what the store already holds, publish, skip, or wait.

The store (:mod:`tocsin_ingest._store`) reads the rows that matter inside one serialised transaction, asks
:func:`decide`, and writes the answer before it commits, so that exactly one replica publishes an article.

A row is *live* while it is younger than the window. Its state is ``pending`` (a replica claimed it and is
publishing it), ``published``, or ``duplicate`` (it was not published because an earlier one was).

* The same article id live as ``published`` / ``duplicate`` → duplicate (exact).
* The same article id ``pending`` under the same claimant (the same Kafka record redelivered, the same
  request retried) or whose claim is older than the lease (its claimant died) → publish again: the claim is
  taken over. Downstream stages are idempotent by article id, so a second publish is harmless.
* The same article id ``pending`` under another, live claim → wait: that replica is publishing it now.
* A live row within ``max_distance`` bits of the fingerprint that is ``published`` / ``duplicate`` →
  duplicate (near). If the nearest such row is ``pending`` under a live claim → wait; a dead claim is
  ignored (its own retry will find this article and stand down).
* Otherwise → publish (new).

A batch of claims is decided in one transaction, one claim after the other: ``ours`` names the articles that
transaction already took to publish. A ``pending`` row among them is as good as published (the batch is
committed only once they all are), so a repeat or a near copy later in the same batch is a duplicate of it,
not a reason to wait.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from tocsin_ingest._simhash import hamming

__all__ = ["Action", "Decision", "SeenArticle", "State", "decide"]


class State(enum.StrEnum):
    """State of a recorded article."""

    PENDING = "pending"
    PUBLISHED = "published"
    DUPLICATE = "duplicate"


class Action(enum.StrEnum):
    """What to do with the article at hand."""

    PUBLISH = "publish"
    DUPLICATE = "duplicate"
    WAIT = "wait"


@dataclass(frozen=True, slots=True)
class SeenArticle:
    """What the store knows of one article."""

    article_id: str
    fingerprint: int
    state: State
    claimant: str
    claimed_ms: int
    first_seen_ms: int
    duplicate_of: str | None = None


@dataclass(frozen=True, slots=True)
class Decision:
    """The answer of :func:`decide`."""

    action: Action
    duplicate_of: str | None = None
    kind: str = "new"
    """``new``, ``retry`` (claim taken over), ``exact``, ``near``, or ``claimed`` (wait)."""
    distance: int | None = None


def _live_claim(row: SeenArticle, *, now_ms: int, lease_ms: int) -> bool:
    return row.state is State.PENDING and now_ms - row.claimed_ms < lease_ms


def _settled(row: SeenArticle, ours: Collection[str]) -> bool:
    """Published, a duplicate, or about to be published by the same batch."""
    return row.state is not State.PENDING or row.article_id in ours


def decide(  # noqa: PLR0911  one return per row of the decision table
    *,
    article_id: str,
    fingerprint: int,
    claimant: str,
    existing: SeenArticle | None,
    candidates: Iterable[SeenArticle],
    now_ms: int,
    window_ms: int,
    lease_ms: int,
    max_distance: int,
    ours: Collection[str] = frozenset(),
) -> Decision:
    """Decide the fate of one article. ``candidates`` may hold anything; only live near rows count.

    ``ours``: ids of the articles the same batch (transaction) already decided to publish.
    """
    cutoff = now_ms - window_ms
    if existing is not None and existing.first_seen_ms >= cutoff:
        if _settled(existing, ours):
            return Decision(Action.DUPLICATE, existing.duplicate_of or existing.article_id, "exact", 0)
        if existing.claimant == claimant or not _live_claim(existing, now_ms=now_ms, lease_ms=lease_ms):
            return Decision(Action.PUBLISH, kind="retry")
        return Decision(Action.WAIT, existing.article_id, "claimed", 0)
    if max_distance < 0:
        return Decision(Action.PUBLISH)
    near: list[tuple[int, int, SeenArticle]] = []
    for row in candidates:
        if row.article_id == article_id or row.first_seen_ms < cutoff:
            continue
        distance = hamming(fingerprint, row.fingerprint)
        if distance > max_distance:
            continue
        if not _settled(row, ours) and not _live_claim(row, now_ms=now_ms, lease_ms=lease_ms):
            continue
        near.append((distance, row.first_seen_ms, row))
    if not near:
        return Decision(Action.PUBLISH)
    distance, _, nearest = min(near, key=lambda item: (item[0], item[1], item[2].article_id))
    settled = [item for item in near if _settled(item[2], ours)]
    if settled:
        distance, _, nearest = min(settled, key=lambda item: (item[0], item[1], item[2].article_id))
        return Decision(Action.DUPLICATE, nearest.duplicate_of or nearest.article_id, "near", distance)
    return Decision(Action.WAIT, nearest.article_id, "claimed", distance)
