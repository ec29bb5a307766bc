"""The pure de-duplication decision."""

from __future__ import annotations

from tocsin_ingest._dedup import Action, Decision, SeenArticle, State, decide, revision_id

NOW = 1_000_000_000
WINDOW = 7 * 86_400_000
LEASE = 30_000


def _seen(
    article_id: str,
    fingerprint: int = 0,
    *,
    state: State = State.PUBLISHED,
    claimant: str = "other",
    claimed_ago: int = 60_000,
    seen_ago: int = 60_000,
    duplicate_of: str | None = None,
) -> SeenArticle:
    return SeenArticle(
        article_id=article_id,
        fingerprint=fingerprint,
        state=state,
        claimant=claimant,
        claimed_ms=NOW - claimed_ago,
        first_seen_ms=NOW - seen_ago,
        duplicate_of=duplicate_of,
    )


def _decide(existing: SeenArticle | None = None, *candidates: SeenArticle, fingerprint: int = 0, k: int = 3):
    return decide(
        article_id="a1",
        fingerprint=fingerprint,
        claimant="me",
        existing=existing,
        candidates=candidates,
        now_ms=NOW,
        window_ms=WINDOW,
        lease_ms=LEASE,
        max_distance=k,
    )


def test_new_article_is_published() -> None:
    decision = _decide()
    assert decision.action is Action.PUBLISH
    assert decision.kind == "new"


def test_same_id_already_published_is_an_exact_duplicate() -> None:
    decision = _decide(_seen("a1"))
    assert decision.action is Action.DUPLICATE
    assert (decision.kind, decision.duplicate_of, decision.distance) == ("exact", "a1", 0)


def test_same_id_recorded_as_duplicate_points_to_the_original() -> None:
    decision = _decide(_seen("a1", state=State.DUPLICATE, duplicate_of="orig"))
    assert decision.action is Action.DUPLICATE
    assert decision.duplicate_of == "orig"


def test_same_id_seen_before_the_window_is_published_again() -> None:
    decision = _decide(_seen("a1", seen_ago=WINDOW + 1))
    assert decision.action is Action.PUBLISH
    assert decision.kind == "new"


def test_own_pending_claim_is_retried_at_once() -> None:
    decision = _decide(_seen("a1", state=State.PENDING, claimant="me", claimed_ago=10))
    assert decision.action is Action.PUBLISH
    assert decision.kind == "retry"


def test_someone_elses_live_claim_means_wait() -> None:
    decision = _decide(_seen("a1", state=State.PENDING, claimant="other", claimed_ago=10))
    assert decision.action is Action.WAIT


def test_a_dead_claim_is_taken_over() -> None:
    decision = _decide(_seen("a1", state=State.PENDING, claimant="other", claimed_ago=LEASE))
    assert decision.action is Action.PUBLISH
    assert decision.kind == "retry"


def test_near_duplicate_within_k_bits_is_not_published() -> None:
    decision = _decide(None, _seen("b", 0b111), fingerprint=0)
    assert decision.action is Action.DUPLICATE
    assert (decision.kind, decision.duplicate_of, decision.distance) == ("near", "b", 3)


def test_k_plus_one_bits_away_is_a_different_story() -> None:
    assert _decide(None, _seen("b", 0b1111), fingerprint=0).action is Action.PUBLISH


def test_near_duplicate_of_a_duplicate_points_to_the_original() -> None:
    decision = _decide(None, _seen("b", 1, state=State.DUPLICATE, duplicate_of="orig"), fingerprint=0)
    assert decision.duplicate_of == "orig"


def test_nearest_settled_candidate_wins() -> None:
    decision = _decide(None, _seen("far", 0b111), _seen("close", 0b1), fingerprint=0)
    assert decision.duplicate_of == "close"
    assert decision.distance == 1


def test_near_candidates_outside_the_window_do_not_count() -> None:
    assert _decide(None, _seen("b", 0, seen_ago=WINDOW + 1)).action is Action.PUBLISH


def test_near_candidate_being_published_by_another_replica_means_wait() -> None:
    pending = _seen("b", 1, state=State.PENDING, claimed_ago=10)
    assert _decide(None, pending).action is Action.WAIT


def test_settled_near_candidate_beats_a_pending_one() -> None:
    pending = _seen("b", 0, state=State.PENDING, claimed_ago=10)
    decision = _decide(None, pending, _seen("c", 1))
    assert decision.action is Action.DUPLICATE
    assert decision.duplicate_of == "c"


def test_dead_pending_near_candidate_is_ignored() -> None:
    stale = _seen("b", 0, state=State.PENDING, claimed_ago=LEASE + 1)
    assert _decide(None, stale).action is Action.PUBLISH


def test_negative_threshold_turns_near_duplicates_off() -> None:
    assert _decide(None, _seen("b", 0), k=-1).action is Action.PUBLISH


def test_a_candidate_with_the_same_id_is_not_its_own_near_duplicate() -> None:
    assert _decide(None, _seen("a1", 0, seen_ago=WINDOW + 5)).action is Action.PUBLISH


def _decide_in_batch(existing: SeenArticle | None, *candidates: SeenArticle, ours: set[str]):
    return decide(
        article_id="a1",
        fingerprint=0,
        claimant="me",
        existing=existing,
        candidates=candidates,
        now_ms=NOW,
        window_ms=WINDOW,
        lease_ms=LEASE,
        max_distance=3,
        ours=ours,
    )


def test_a_repeat_of_an_article_the_same_batch_publishes_is_an_exact_duplicate() -> None:
    pending = _seen("a1", state=State.PENDING, claimant="other", claimed_ago=0)
    decision = _decide_in_batch(pending, ours={"a1"})
    assert (decision.action, decision.kind, decision.duplicate_of) == (Action.DUPLICATE, "exact", "a1")
    assert _decide_in_batch(pending, ours={"zz"}).action is Action.WAIT


def test_a_near_copy_of_an_article_the_same_batch_publishes_is_a_near_duplicate() -> None:
    pending = _seen("b", 0b11, state=State.PENDING, claimed_ago=0)
    decision = _decide_in_batch(None, pending, ours={"b"})
    assert (decision.action, decision.kind, decision.duplicate_of, decision.distance) == (
        Action.DUPLICATE,
        "near",
        "b",
        2,
    )
    assert _decide_in_batch(None, pending, ours=set()).action is Action.WAIT


# ---------------------------------------------------------------- revisions: the same id, a revised text


def _revise(existing: SeenArticle, *, fingerprint: int = 0, lede: int | None = 7, k: int = 3):
    return decide(
        article_id="a1",
        fingerprint=fingerprint,
        claimant="me",
        existing=existing,
        candidates=(),
        now_ms=NOW,
        window_ms=WINDOW,
        lease_ms=LEASE,
        max_distance=k,
        lede=lede,
    )


def _with_lede(row: SeenArticle, lede: int | None) -> SeenArticle:
    return SeenArticle(
        row.article_id,
        row.fingerprint,
        row.state,
        row.claimant,
        row.claimed_ms,
        row.first_seen_ms,
        None,
        lede,
    )


def test_the_same_id_with_other_lede_facts_is_a_revision_of_it() -> None:
    decision = _revise(_with_lede(_seen("a1", 0b1), 7), fingerprint=0b1, lede=8)
    assert (decision.action, decision.revision_of) == (Action.REVISE, "a1")


def test_the_same_id_and_facts_with_any_other_text_is_a_revision_the_same_text_a_duplicate() -> None:
    row = _with_lede(_seen("a1", 0b0), 7)
    assert _revise(row, fingerprint=0b111, lede=7).action is Action.REVISE  # a name in paragraph four
    decision = _revise(row, fingerprint=0b0, lede=7)
    assert (decision.action, decision.kind, decision.duplicate_of) == (Action.DUPLICATE, "exact", "a1")


def test_a_revision_is_never_a_near_copy_of_another_article() -> None:
    def claim(article_id: str, *, revision: bool) -> Decision:
        return decide(
            article_id=article_id,
            fingerprint=0b0,
            claimant="c",
            existing=None,
            candidates=(_seen("other", 0b1),),
            now_ms=NOW,
            window_ms=WINDOW,
            lease_ms=LEASE,
            max_distance=8,
            revision=revision,
        )

    assert claim("rev", revision=True).action is Action.PUBLISH
    as_new = claim("new", revision=False)
    assert (as_new.action, as_new.kind) == (Action.DUPLICATE, "near")


def test_the_same_id_and_facts_beyond_k_bits_is_a_revision() -> None:
    decision = _revise(_with_lede(_seen("a1", 0b0), 7), fingerprint=0b1111, lede=7)
    assert decision.action is Action.REVISE


def test_with_near_detection_off_any_other_fingerprint_is_a_revision() -> None:
    row = _with_lede(_seen("a1", 0b0), 7)
    assert _revise(row, fingerprint=0b1, k=-1).action is Action.REVISE
    assert _revise(row, fingerprint=0b0, k=-1).action is Action.DUPLICATE


def test_a_row_without_recorded_facts_is_revised_by_another_text() -> None:
    row = _with_lede(_seen("a1", 0b0), None)
    assert _revise(row, fingerprint=0b0, lede=99).action is Action.DUPLICATE
    assert _revise(row, fingerprint=0b1, lede=99).action is Action.REVISE


def test_a_revision_of_a_duplicate_revises_the_article_it_duplicated() -> None:
    row = SeenArticle("a1", 0, State.DUPLICATE, "other", NOW - 1, NOW - 1, "orig", 7)
    assert _revise(row, lede=8).revision_of == "orig"


def test_a_claim_already_made_as_a_revision_is_never_revised_again() -> None:
    decision = _revise(_with_lede(_seen("a1", 0b0), 7), fingerprint=0b1111, lede=None)
    assert (decision.action, decision.kind) == (Action.DUPLICATE, "exact")


def test_a_revision_of_a_row_another_replica_still_publishes_waits() -> None:
    row = _with_lede(_seen("a1", state=State.PENDING, claimed_ago=1_000), 7)
    assert _revise(row, lede=8).action is Action.WAIT


def test_revision_ids_are_stable_per_content_and_shaped_like_article_ids() -> None:
    first = revision_id("0123456789abcdef0123456789abcdef", 0xF0, 7)
    assert first == revision_id("0123456789abcdef0123456789abcdef", 0xF0, 7)
    assert len(first) == 32
    assert int(first, 16) >= 0
    others = {
        revision_id("0123456789abcdef0123456789abcdef", 0xF1, 7),
        revision_id("0123456789abcdef0123456789abcdef", 0xF0, 8),
        revision_id("fedcba9876543210fedcba9876543210", 0xF0, 7),
    }
    assert first not in others
    assert len(others) == 3
