"""Settings from the environment: nested ``TOCSIN_INGEST__*`` variables, feed lists, the database URL."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from pydantic import ValidationError

from tocsin_ingest._settings import IngestSection, IngestSettings


def test_environment_variables_reach_the_section(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TOCSIN_HOME", str(tmp_path))
    monkeypatch.setenv("TOCSIN_INGEST__HTTP_PORT", "9099")
    monkeypatch.setenv("TOCSIN_INGEST__FEEDS", '["https://a.example/rss", "https://b.example/atom"]')
    monkeypatch.setenv("TOCSIN_INGEST__NEAR_DUPLICATE_BITS", "5")
    monkeypatch.setenv("TOCSIN_INGEST__API_TOKEN", "a-real-token-value")
    settings = IngestSettings()
    assert settings.ingest.http_port == 9099
    assert settings.ingest.feeds == ("https://a.example/rss", "https://b.example/atom")
    assert settings.ingest.near_duplicate_bits == 5
    assert settings.ingest.api_token is not None
    assert settings.ingest.api_token.get_secret_value() == "a-real-token-value"
    assert "a-real-token-value" not in repr(settings)
    assert settings.database_url() == f"sqlite+aiosqlite:///{(tmp_path / 'ingest.db').resolve()}"


def test_defaults() -> None:
    section = IngestSection()
    assert (section.http_host, section.http_port) == ("127.0.0.1", 8081)
    assert section.max_message_bytes == 1024 * 1024
    assert section.dedup_window_days == 7


def test_a_feed_that_is_not_a_url_is_refused() -> None:
    with pytest.raises(ValidationError, match="not an absolute http"):
        IngestSection(feeds=("ftp://files.example/feed",))


def test_feeds_file_lines_comments_and_repeats(tmp_path: Path) -> None:
    listing = tmp_path / "feeds.txt"
    listing.write_text(
        "# desk\nhttps://a.example/rss\n\n  https://c.example/x  # night shift\nhttps://a.example/rss\n"
    )
    section = IngestSection(feeds=("https://b.example/atom",), feeds_file=listing)
    assert section.feed_urls() == ("https://b.example/atom", "https://a.example/rss", "https://c.example/x")
    listing.write_text("https://a.example/rss\nnot-a-url\n")
    with pytest.raises(ValueError, match=r"feeds.txt:2: 'not-a-url'"):
        section.feed_urls()


def test_retry_bounds_are_checked() -> None:
    with pytest.raises(ValidationError, match="feed_retry_max_seconds"):
        IngestSection(feed_retry_initial_seconds=60, feed_retry_max_seconds=10)


def test_production_needs_a_real_api_token() -> None:
    with pytest.raises(ValueError, match="TOCSIN_INGEST__API_TOKEN"):
        IngestSettings(env="production").checked()


def test_the_service_is_registered_for_tocsin_run() -> None:
    [found] = [ep for ep in entry_points(group="tocsin.services") if ep.name == "ingest"]
    assert found.value == "tocsin_ingest.main:main"


def test_main_with_invalid_settings_says_why_and_exits_2() -> None:
    done = subprocess.run(
        [sys.executable, "-c", "from tocsin_ingest.main import main; main()"],
        env={**os.environ, "TOCSIN_INGEST__FEEDS": '["ftp://files.example/feed"]'},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("tocsin ingest: invalid settings:")
    assert "not an absolute http(s) URL" in done.stderr
