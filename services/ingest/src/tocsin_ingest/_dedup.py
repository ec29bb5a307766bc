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

**Revisions.** The same article id (the canonical URL's) live and settled, but a *revised* text: another
SimHash, or a lede that names other facts — an outlet updated its story in place. :func:`decide` answers
``Action.REVISE``; the store then claims it again under :func:`revision_id` (the URL's id, the fingerprint
and the facts), where only an exact repeat of that revision is a duplicate (never a near copy: a light
edit may add a name in its fourth paragraph), and a publish is a revision (``revision_of``: the earlier
article). notify joins a report at a story's URL to that story, so an edit with nothing new sends nothing.

A batch of claims is decided in one transaction, one claim after the other: ``ours`` names the articles that
transaction already took to publish. A ``pending`` row among them is as good as published (the batch is
committed only once they all are), so a repeat or a near copy later in the same batch is a duplicate of it,
not a reason to wait.
"""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from tocsin_ingest._simhash import hamming

__all__ = ["Action", "Decision", "SeenArticle", "State", "decide", "is_revision", "revision_id"]


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
    REVISE = "revise"
    """The article's id is taken by an earlier version it revises: claim it again as a revision."""


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
    lede: int | None = None
    """The facts of its lede (:func:`tocsin_ingest._simhash.facts`); None for rows recorded before they
    were kept."""


@dataclass(frozen=True, slots=True)
class Decision:
    """The answer of :func:`decide`."""

    action: Action
    duplicate_of: str | None = None
    kind: str = "new"
    """``new``, ``revision`` (a new revision of an earlier article), ``retry`` (claim taken over), ``exact``,
    ``near``, or ``claimed`` (wait)."""
    distance: int | None = None
    article_id: str | None = None
    """The id the article is claimed and published under when it is not its own: a revision's."""
    revision_of: str | None = None
    """The earlier article a revision revises (the one published at its URL)."""


def revision_id(article_id: str, fingerprint: int, lede: int) -> str:
    """The id of a revision of ``article_id``: 32 hex digits of SHA-256 of the id, the 64-bit fingerprint and
    the lede's facts, so that a repeat of the same revision has the same id (an exact duplicate)."""
    material = f"revision\n{article_id}\n{fingerprint:016x}\n{lede}"
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[: len(article_id)]


def is_revision(earlier: SeenArticle, *, fingerprint: int, lede: int) -> bool:
    """Whether a text with ``fingerprint`` and ``lede`` revises ``earlier`` (recorded under the same id)
    rather than repeats it: its text changed at all (another SimHash), or its lede names other facts (when
    the earlier one's are known). A name added in the fourth paragraph is a revision too: notify finds
    whether it is news (a report at the same URL joins that article's story; nothing new sends nothing)."""
    if earlier.lede is not None and earlier.lede != lede:
        return True
    return fingerprint != earlier.fingerprint


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
    lede: int | None = None,
    revision: bool = False,
) -> Decision:
    """Decide the fate of one article. ``candidates`` may hold anything; only live near rows count.

    ``ours``: ids of the articles the same batch (transaction) already decided to publish. ``lede``: the
    facts of the article's lede; None when it is already claimed as a revision (never revised again).
    ``revision``: the article is claimed as a revision of the one at its URL: only an exact repeat of that
    revision is a duplicate, never a near copy of another article.
    """
    cutoff = now_ms - window_ms
    if existing is not None and existing.first_seen_ms >= cutoff:
        if _settled(existing, ours):
            if lede is not None and is_revision(existing, fingerprint=fingerprint, lede=lede):
                return Decision(Action.REVISE, revision_of=existing.duplicate_of or existing.article_id)
            return Decision(Action.DUPLICATE, existing.duplicate_of or existing.article_id, "exact", 0)
        if existing.claimant == claimant or not _live_claim(existing, now_ms=now_ms, lease_ms=lease_ms):
            return Decision(Action.PUBLISH, kind="retry")
        return Decision(Action.WAIT, existing.article_id, "claimed", 0)
    if max_distance < 0 or revision:  # a revision is its URL's own text, however like another's
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
