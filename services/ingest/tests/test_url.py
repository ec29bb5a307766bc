"""URL canonicalisation."""

from __future__ import annotations

import pytest

from tocsin_ingest._url import canonical_url, is_tracking_param


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("HTTPS://WWW.Example.COM/World/Story", "https://www.example.com/World/Story"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("http://example.com:8080/a", "http://example.com:8080/a"),
        ("https://example.com", "https://example.com/"),
        ("https://example.com/a#comments", "https://example.com/a"),
        ("https://user:secret@example.com/a", "https://example.com/a"),
        ("https://example.com./a", "https://example.com/a"),
        ("https://example.com/a%c3%a9", "https://example.com/a%C3%A9"),
        ("https://example.com/a?", "https://example.com/a"),
        ("  https://example.com/a  ", "https://example.com/a"),
        ("https://bücher.example/x", "https://xn--bcher-kva.example/x"),
        ("https://[2001:db8::1]:443/x", "https://[2001:db8::1]/x"),
    ],
)
def test_scheme_host_port_path_and_fragment(url: str, canonical: str) -> None:
    assert canonical_url(url) == canonical


def test_tracking_parameters_go_and_the_rest_are_sorted_as_encoded() -> None:
    url = (
        "https://news.example.org/story?utm_source=tw&id=42&fbclid=abc&gclid=x&mc_cid=1&mc_eid=2"
        "&b=two%20words&a=1&UTM_Campaign=z&_ga=3&igshid=q&page=&a=0"
    )
    assert canonical_url(url) == "https://news.example.org/story?a=0&a=1&b=two%20words&id=42&page="


def test_the_same_story_from_different_shares_has_one_url() -> None:
    shares = [
        "https://www.example.org/world/belarus-frees-123?utm_source=twitter&utm_medium=social",
        "HTTPS://WWW.EXAMPLE.ORG:443/world/belarus-frees-123?fbclid=IwAR0",
        "https://www.example.org/world/belarus-frees-123#top",
        "https://www.example.org/world/belarus-frees-123?mc_cid=abc&mc_eid=def",
    ]
    assert {canonical_url(u) for u in shares} == {"https://www.example.org/world/belarus-frees-123"}


@pytest.mark.parametrize(
    "url",
    [
        None,
        "",
        "   ",
        "not a url",
        "/relative/path",
        "ftp://example.com/a",
        "javascript:alert(1)",
        "mailto:desk@example.com",
        "http://",
        "http://example.com:port/",
        "http://exa mple.com/",
    ],
)
def test_anything_but_an_absolute_http_url_has_no_canonical_form(url: str | None) -> None:
    assert canonical_url(url) is None


@pytest.mark.parametrize(
    "name", ["utm_source", "UTM_MEDIUM", "fbclid", "gclid", "mc_cid", "pk_campaign", "_hsenc"]
)
def test_tracking_names(name: str) -> None:
    assert is_tracking_param(name)


@pytest.mark.parametrize("name", ["id", "page", "article", "q", "utm"])
def test_content_names_are_not_tracking(name: str) -> None:
    assert not is_tracking_param(name)
