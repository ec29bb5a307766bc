"""Problem details for both HTTP APIs: fields as people write them, pydantic's errors worded for people."""

from __future__ import annotations

import json

import pytest
from pydantic import BaseModel, Field, ValidationError

from tocsin_shared.contracts import RawNews
from tocsin_shared.decode import RefusedMessage, validate_contract
from tocsin_shared.problems import field_of, problem, validation_problems


class _Form(BaseModel):
    name: str = Field(min_length=1)
    tags: list[str] = Field(min_length=1)
    code: str = Field(min_length=2)


def _errors(data: object) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as caught:
        _Form.model_validate(data)
    return validation_problems({**e, "loc": ("body", *e["loc"])} for e in caught.value.errors())


def test_fields_are_written_as_people_write_them() -> None:
    assert field_of(("body", "countries", 0)) == "countries[0]"
    assert field_of(("query", "offset")) == "offset"
    assert field_of(("body", 2, "text")) == "[2].text"
    assert field_of(("body",)) == "body"
    assert field_of(()) == "body"


def test_empty_strings_and_lists_must_not_be_empty() -> None:
    assert _errors({"name": "", "tags": [], "code": "x"}) == [
        ("name", "must not be empty"),
        ("tags", "must not be empty"),
        ("code", "String should have at least 2 characters"),
    ]


class _Numbers(BaseModel):
    confidence: float = Field(ge=0, le=1)
    limit: int = Field(gt=0)


def test_numbers_and_their_bounds_are_worded_for_people() -> None:
    with pytest.raises(ValidationError) as caught:
        _Numbers.model_validate({"confidence": "high", "limit": "ten"})
    assert validation_problems(caught.value.errors()) == [
        ("confidence", "must be a number, not 'high'"),
        ("limit", "must be a whole number, not 'ten'"),
    ]
    with pytest.raises(ValidationError) as caught:
        _Numbers.model_validate({"confidence": 1.5, "limit": 0})
    assert validation_problems(caught.value.errors()) == [
        ("confidence", "must be at most 1"),
        ("limit", "must be more than 0"),
    ]


def test_a_body_that_is_not_json_says_where() -> None:
    body = '{"name": "a",\n bad}'
    with pytest.raises(json.JSONDecodeError) as caught:
        json.loads(body)
    error = {
        "type": "json_invalid",
        "loc": ("body", caught.value.pos),
        "msg": "JSON decode error",
        "ctx": {"error": caught.value.msg},
    }
    [(field, what)] = validation_problems([error], body)
    assert field == "body"
    expected = "Expecting property name enclosed in double quotes at line 2 column 2"
    assert what == f"request body is not valid JSON: {expected}"


def test_the_detail_names_no_field_for_the_body_or_the_request() -> None:
    answer = problem(422, [("body", "the list is empty"), ("[1].text", "Field required"), ("", "no token")])
    assert answer["detail"] == "the list is empty; [1].text: Field required; no token"
    assert answer["errors"][0] == {"field": "body", "problem": "the list is empty"}


def test_a_refused_contract_carries_its_problems() -> None:
    with pytest.raises(RefusedMessage) as caught:
        validate_contract({"title": "no text", "language": 5}, RawNews)
    assert dict(caught.value.problems)["text"] == "Field required"
    assert caught.value.reason.startswith("text: Field required")
