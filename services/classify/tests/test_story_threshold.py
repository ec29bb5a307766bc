"""The decision threshold of a brief and of a story of several paragraphs: one weak mention decides a brief,
not a long story (see the decision rule of :mod:`tocsin_classify._engine`)."""

from __future__ import annotations

from tocsin_classify import STORY_CHARS, STORY_THRESHOLD, THRESHOLD, Classifier

# Paragraphs about something else, to make a story of several paragraphs around one sentence.
_FILLER = (
    "The talks in the capital lasted three days and covered trade, energy and the border crossings.\n"
    "Officials from both delegations described the atmosphere as businesslike, and a further round is "
    "planned "
    "for the spring.\n"
    "Analysts said the meeting showed how far relations had thawed since the elections of the previous year, "
    "though disputes over fishing rights remain unresolved.\n"
    "The delegation later visited a port and a power station outside the city before flying home.\n"
    "Both sides agreed to set up working groups on customs rules and on the rail link between the two "
    "countries, which has been closed for repairs since the summer.\n"
    "A joint statement is expected at the end of the month, a spokesman for the foreign ministry said.\n"
)
# One mention of a release, told weakly: a person freed, with neither the day nor who freed her.
_WEAK = (
    "Journalist Anna Rossi has been released and is on a flight back to Rome, her editor said. She had been "
    "detained in Tehran since December."
)
_TITLE = "Delegations meet in the capital"


def _confidence(classifier: Classifier, text: str) -> float | None:
    found = [d for d in classifier.classify(_TITLE, text) if d.type == "prisoner_release"]
    return found[0].confidence if found else None


def test_a_weak_mention_decides_a_brief_but_not_a_story(classifier: Classifier) -> None:
    brief = "ROME (Wire) - " + _WEAK
    assert len(brief) < STORY_CHARS
    confidence = _confidence(classifier, brief)
    assert confidence is not None
    assert THRESHOLD <= confidence < STORY_THRESHOLD  # weak: only a brief reports it
    story = "ROME (Wire) - " + _FILLER + _WEAK
    assert len(story) >= STORY_CHARS
    assert _confidence(classifier, story) is None


def test_a_story_that_tells_the_release_strongly_still_reports_it(classifier: Classifier) -> None:
    story = (
        "ANKARA (Wire) - Turkey released a jailed German businessman on Monday, his lawyer said.\n" + _FILLER
    )
    assert len(story) >= STORY_CHARS
    confidence = _confidence(classifier, story)
    assert confidence is not None
    assert confidence >= STORY_THRESHOLD


def test_a_person_freed_on_a_named_day_is_told_strongly_enough_for_a_story(classifier: Classifier) -> None:
    """The same weak sentence with the day it happened ("on Wednesday") reports the release in a long story;
    a person "on their way back ... after being detained" does too."""
    dated = _WEAK.replace("has been released", "has been released by Iran on Wednesday")
    story = "ROME (Wire) - " + _FILLER + dated
    confidence = _confidence(classifier, story)
    assert confidence is not None
    assert confidence >= STORY_THRESHOLD
    back = (
        "OTTAWA (Wire) - "
        + _FILLER
        + "The prime minister says two Canadian citizens are on their way back to "
        "Canada after being detained in China for more than 1,000 days."
    )
    assert _confidence(classifier, back) is not None
