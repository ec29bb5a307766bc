"""Country codes as subscribers type them: a code, a name or an alpha-3 code is one country; anything else is
refused with a suggestion when one is near."""

from __future__ import annotations

import pytest

from tocsin_notify._places import country_code


@pytest.mark.parametrize(
    ("given", "code"),
    [("by", "BY"), ("Iran", "IR"), ("iran", "IR"), ("United States", "US"), ("IRN", "IR"), ("GBR", "GB")],
)
def test_a_code_a_name_or_an_alpha_3_code_is_one_country(given: str, code: str) -> None:
    """The web form takes names; the CLI and the API take them too ("--country Iran")."""
    assert country_code(given) == code


@pytest.mark.parametrize(
    ("given", "problem"),
    [
        ("UK", "did you mean GB (United Kingdom)?"),
        ("Belaruss", "did you mean BY (Belarus)?"),
        ("ZZ", "ZZ is not an ISO 3166-1 code (nor EU or UN)"),
    ],
)
def test_anything_else_is_refused_with_a_suggestion(given: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem.replace("(", r"\(").replace(")", r"\)").replace("?", r"\?")):
        country_code(given)
