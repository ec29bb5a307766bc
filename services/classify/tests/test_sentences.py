"""Sentence splitting: offsets, abbreviations, quotes, headlines and newlines."""

from __future__ import annotations

import pytest

from tocsin_classify import Classifier, split_sentences
from tocsin_classify._sentences import MAX_SENTENCE


def _texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def test_offsets_point_back_into_the_text() -> None:
    text = "  Iran freed two men.  They flew home on Monday!\n\nOfficials said so?  Yes. "
    for sentence in split_sentences(text):
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip()
    assert _texts(text) == ["Iran freed two men.", "They flew home on Monday!", "Officials said so?", "Yes."]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mr. Smith met Gen. Ali in Tehran. They talked.",
            ["Mr. Smith met Gen. Ali in Tehran.", "They talked."],
        ),
        ("The U.S. Treasury acted. Russia replied.", ["The U.S. Treasury acted.", "Russia replied."]),
        ("He flew to the U.S. Officials met him.", ["He flew to the U.S. Officials met him."]),
        ("It began on Jan. 5 in Minsk. Talks ended.", ["It began on Jan. 5 in Minsk.", "Talks ended."]),
        ("John F. Kennedy was there. So was I.", ["John F. Kennedy was there.", "So was I."]),
        ("The U.N. Security Council voted. It passed.", ["The U.N. Security Council voted.", "It passed."]),
        ('"We are free," he said. "Thank you."', ['"We are free," he said.', '"Thank you."']),
        ("\u201cIt is done.\u201d The envoy left.", ["\u201cIt is done.\u201d", "The envoy left."]),
        ("He paid $1.5 billion. Then he left.", ["He paid $1.5 billion.", "Then he left."]),
        ("Acme Inc. said it would comply. Shares fell.", ["Acme Inc. said it would comply.", "Shares fell."]),
        ("version 2.0 is out. users cheered.", ["version 2.0 is out. users cheered."]),
    ],
)
def test_boundaries(text: str, expected: list[str]) -> None:
    assert _texts(text) == expected


def test_each_line_is_its_own_sentence() -> None:
    text = "BELARUS FREES 123 PRISONERS\nThe release came on Saturday\nRelated: other news"
    assert _texts(text) == [
        "BELARUS FREES 123 PRISONERS",
        "The release came on Saturday",
        "Related: other news",
    ]


def test_empty_and_blank_text() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n \n\t") == []


def test_a_run_longer_than_a_sentence_is_cut_at_its_soft_breaks() -> None:
    """A list of hundreds of vessels in one sentence, or a page with no full stop, is cut before
    ``MAX_SENTENCE`` characters at "; ", ", " or a space, with offsets that still hold."""
    text = "Sanctions were imposed on " + "; ".join(f"the tanker Star {i}" for i in range(400)) + "."
    parts = split_sentences(text)
    assert len(parts) > 1
    assert all(len(p.text) <= MAX_SENTENCE for p in parts)
    assert all(text[p.start : p.end] == p.text for p in parts)
    assert parts[0].text.endswith(";")
    spaced = split_sentences("word " * 1000)
    assert all(len(p.text) <= MAX_SENTENCE and p.text.startswith("word") for p in spaced)


def test_a_long_list_in_one_sentence_is_still_classified(classifier: Classifier) -> None:
    """An 80 KB sentence (it took about 17 s before the cut; bench/ measures speed) keeps its event."""
    text = "Washington imposed sanctions on vessels: " + "; ".join(
        f"the tanker Star {i}, designated by OFAC and sanctioned by the EU" for i in range(1200)
    )
    found = classifier.classify("US sanctions tankers", text + ".")
    assert [d.type for d in found] == ["sanctions_imposed"]
