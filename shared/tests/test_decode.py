"""Lone UTF-16 surrogates in parsed JSON: replaced, each string that had one named, nothing else touched."""

from __future__ import annotations

import json

from tocsin_shared.decode import replace_lone_surrogates

REPLACED = "is not text: replaced with U+FFFD"


def test_a_lone_surrogate_anywhere_in_the_json_is_replaced_and_named() -> None:
    text = (
        '{"text": "Freed\\ud800 on Friday\\udfff.", "people": ["Ana Lima", "Jo\\udc00"], '
        '"extra": {"\\ud801tag": "x"}}'
    )
    data, notes = replace_lone_surrogates(json.loads(text), text)
    assert data == {
        "text": "Freed\ufffd on Friday\ufffd.",
        "people": ["Ana Lima", "Jo\ufffd"],
        "extra": {"\ufffdtag": "x"},
    }
    assert notes == (
        f"text: a lone UTF-16 surrogate \\ud800 at character 6 {REPLACED} (and 1 more)",
        f"people[1]: a lone UTF-16 surrogate \\udc00 at character 3 {REPLACED}",
        f"extra.{{name}}: a lone UTF-16 surrogate \\ud801 at character 1 {REPLACED}",
    )


def test_a_surrogate_pair_is_one_character_and_stays() -> None:
    text = '{"text": "Freed \\ud83d\\ude4f", "title": "\\\\ud800 is how JSON writes it"}'
    data, notes = replace_lone_surrogates(json.loads(text), text)
    assert data == {"text": "Freed \U0001f64f", "title": "\\ud800 is how JSON writes it"}
    assert notes == ()


def test_a_bare_string_is_the_message() -> None:
    assert replace_lone_surrogates(json.loads('"\\udbff"')) == (
        "\ufffd",
        (f"(message): a lone UTF-16 surrogate \\udbff at character 1 {REPLACED}",),
    )
