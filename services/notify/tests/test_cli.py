"""The CLI against a real HTTP server of the API: readable output, one-line errors, non-zero exits."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner, Result

from tocsin_notify._settings import token_path
from tocsin_notify.testing import free_port, webhook_sink
from tocsin_shared.cli import tocsin


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A TOCSIN_HOME of the test's own: a development notify on this machine may have saved a token."""
    monkeypatch.setenv("TOCSIN_HOME", str(tmp_path))
    return tmp_path


async def _run(*args: str, token: str | None = None) -> Result:
    env = {"TOCSIN_NOTIFY__API_TOKEN": token} if token else {"TOCSIN_NOTIFY__API_TOKEN": ""}
    return await asyncio.to_thread(CliRunner().invoke, tocsin, list(args), env=env)


async def test_subscribe_list_show_test_alert_delete(api_url: str, api_token: str) -> None:
    async with webhook_sink() as sink:
        created = await _run(
            "subscribe", "--api", api_url, "--name", "Gulf detainees", "--owner", "family@example.org",
            "--channel", sink.apprise_url(), "--type", "prisoner_release", "--country", "AE",
            "--country", "QA", "--keyword", "pardon", "--min-confidence", "0.6",
            token=api_token,
        )  # fmt: skip
        assert created.exit_code == 0, created.output
        sub_id = created.output.split()[2]
        assert f"created subscription {sub_id}" in created.output
        assert "countries:      AE, QA" in created.output
        assert f"json://127.0.0.1:{sink.port}/***" in created.output

        listed = await _run("subscriptions", "list", "--api", api_url, "--token", api_token)
        assert listed.exit_code == 0, listed.output
        filters = '[prisoner_release; AE,QA; "pardon"; confidence >= 0.6]'
        assert f"{sub_id}  Gulf detainees  {filters}  1 channel(s)\n" in listed.output

        alert = await _run("test-alert", sub_id, "--api", api_url, token=api_token)
        assert alert.exit_code == 0, alert.output
        # (the in-process server's own log lines land in the same captured output)
        assert any(line.startswith("delivered     json://127.0.0.1") for line in alert.output.splitlines())
        await sink.wait_for(1)

        shown = await _run("subscriptions", "show", sub_id, "--api", api_url, token=api_token)
        assert shown.exit_code == 0, shown.output
        assert "deliveries:     1 latest" in shown.output
        assert "delivered" in shown.output

    deleted = await _run("subscriptions", "delete", sub_id, "--api", api_url, token=api_token)
    assert deleted.exit_code == 0
    assert deleted.output.strip() == f"deleted subscription {sub_id}"
    again = await _run("subscriptions", "show", sub_id, "--api", api_url, token=api_token)
    assert again.exit_code == 1
    assert again.output.strip() == f"Error: 404 Not Found: no subscription with id '{sub_id}'"


async def test_errors_are_one_line_and_non_zero(api_url: str, api_token: str) -> None:
    bad_channel = await _run(
        "subscribe", "--api", api_url, "--name", "x", "--channel", "carrierpigeon://loft", token=api_token
    )
    assert bad_channel.exit_code == 1
    assert bad_channel.output.strip() == (
        "Error: 422 Unprocessable Entity: channels[0]: unknown Apprise scheme 'carrierpigeon'"
    )
    wrong_token = await _run("subscriptions", "list", "--api", api_url, token="nope")
    assert wrong_token.exit_code == 1
    assert "401 Unauthorized: invalid bearer token" in wrong_token.output
    no_token = await _run("subscriptions", "list", "--api", api_url)
    assert no_token.exit_code == 1
    assert "no API token: pass --token or set TOCSIN_NOTIFY__API_TOKEN" in no_token.output
    down = await _run("subscriptions", "list", "--api", f"http://127.0.0.1:{free_port()}", token=api_token)
    assert down.exit_code == 1
    assert down.output.startswith("Error: cannot reach the notify API at http://127.0.0.1:")
    assert len(down.output.strip().splitlines()) == 1
    bad_type = await _run("subscribe", "--name", "x", "--channel", "json://h.example.org", "--type", "coup")
    assert bad_type.exit_code == 2
    assert "'coup' is not one of" in bad_type.output


async def test_update_pause_mute_and_resume_show_in_the_list(api_url: str, api_token: str) -> None:
    created = await _run(
        "subscribe", "--api", api_url, "--name", "Desk", "--channel", "json://h.example.org/hook",
        "--country", "by", "--keyword", "amnesty", token=api_token,
    )  # fmt: skip
    assert created.exit_code == 0, created.output
    sub_id = created.output.split()[2]

    async def line() -> str:
        listed = await _run("subscriptions", "list", "--api", api_url, token=api_token)
        assert listed.exit_code == 0, listed.output
        return next(x for x in listed.output.splitlines() if x.startswith(sub_id))

    assert await line() == (f'{sub_id}  Desk  [all types; BY; "amnesty"; confidence >= 0.8]  1 channel(s)')
    updated = await _run(
        "subscriptions", "update", sub_id, "--api", api_url, "--name", "Belarus and Russia desk",
        "--type", "sanctions_imposed", "--type", "sanctions_lifted", "--country", "BY", "--country", "ru",
        "--clear", "keywords", "--min-confidence", "0.75", token=api_token,
    )  # fmt: skip
    assert updated.exit_code == 0, updated.output
    assert f"updated subscription {sub_id}" in updated.output
    assert "keywords:       any" in updated.output
    assert await line() == (
        f"{sub_id}  Belarus and Russia desk  [sanctions_imposed,sanctions_lifted; BY,RU; any words; "
        "confidence >= 0.75]  1 channel(s)"
    )

    paused = await _run("subscriptions", "pause", sub_id, "--api", api_url, token=api_token)
    assert paused.exit_code == 0, paused.output
    assert (await line()).endswith("1 channel(s)  paused")

    muted = await _run(
        "subscriptions",
        "mute",
        sub_id,
        "--until",
        "2030-01-02T08:00+01:00",
        "--api",
        api_url,
        token=api_token,
    )
    assert muted.exit_code == 0, muted.output
    assert (await line()).endswith("1 channel(s)  paused  muted until 2030-01-02T07:00:00Z")

    resumed = await _run("subscriptions", "resume", sub_id, "--api", api_url, token=api_token)
    assert resumed.exit_code == 0, resumed.output
    assert (await line()).endswith("confidence >= 0.75]  1 channel(s)")

    for_a_day = await _run("subscriptions", "mute", sub_id, "--for", "1d", "--api", api_url, token=api_token)
    assert for_a_day.exit_code == 0, for_a_day.output
    assert "  muted until 20" in await line()

    nothing = await _run("subscriptions", "update", sub_id, "--api", api_url, token=api_token)
    assert nothing.exit_code == 1
    assert "nothing to change" in nothing.output
    bad_span = await _run("subscriptions", "mute", sub_id, "--for", "soon", "--api", api_url, token=api_token)
    assert bad_span.exit_code == 1
    assert "--for 'soon': a number and a unit" in bad_span.output
    forever = await _run(
        "subscriptions", "mute", sub_id, "--for", "99999999w", "--api", api_url, token=api_token
    )
    assert forever.exit_code == 1
    assert "--for '99999999w': too long" in forever.output
    past = await _run(
        "subscriptions", "mute", sub_id, "--until", "2020-01-01T00:00Z", "--api", api_url, token=api_token
    )
    assert past.exit_code == 1
    assert "in the past" in past.output
    gone = await _run("subscriptions", "pause", "nope", "--api", api_url, token=api_token)
    assert gone.exit_code == 1
    assert gone.output.strip() == "Error: 404 Not Found: no subscription with id 'nope'"


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        ("UK", "UK is not an ISO 3166-1 code; did you mean GB (United Kingdom)?"),
        ("Belaruss", "Belaruss is not an ISO 3166-1 code; did you mean BY (Belarus)?"),  # a name misspelt
        ("ZZ", "ZZ is not an ISO 3166-1 code (nor EU or UN)"),
        ("XX", "XX is not an ISO 3166-1 code (nor EU or UN)"),
    ],
)
async def test_a_wrong_country_code_is_refused_with_a_suggestion(
    api_url: str, api_token: str, code: str, problem: str
) -> None:
    created = await _run(
        "subscribe", "--api", api_url, "--name", "x", "--channel", "json://h.example.org", "--country", code,
        token=api_token,
    )  # fmt: skip
    assert created.exit_code == 2
    assert problem in created.output
    made = await _run(
        "subscribe", "--api", api_url, "--name", "x", "--channel", "json://h.example.org", token=api_token
    )
    sub_id = made.output.split()[2]
    updated = await _run(
        "subscriptions", "update", sub_id, "--country", code, "--api", api_url, token=api_token
    )
    assert updated.exit_code == 2
    assert problem in updated.output
    # The API refuses it too, with the same words, for clients other than this CLI.
    async with httpx.AsyncClient(base_url=api_url) as http:
        answer = await http.patch(
            f"/v1/subscriptions/{sub_id}",
            json={"countries": [code]},
            headers={"Authorization": f"Bearer {api_token}"},
        )
    assert answer.status_code == 422
    assert answer.json()["errors"] == [{"field": "countries[0]", "problem": problem}]


async def test_a_failed_test_alert_exits_non_zero(api_url: str, api_token: str) -> None:
    async with webhook_sink(default=404) as sink:
        created = await _run(
            "subscribe", "--api", api_url, "--name", "x", "--channel", sink.apprise_url(), token=api_token
        )
        sub_id = created.output.split()[2]
        alert = await _run("test-alert", sub_id, "--api", api_url, token=api_token)
    assert alert.exit_code == 1
    failed = f"failed        json://127.0.0.1:{sink.port}/***: the channel did not take the alert"
    assert failed in alert.output
    assert alert.output.strip().endswith("Error: the test alert did not reach every channel")


async def test_without_token_or_variable_the_token_a_development_notify_saved_is_used(
    api_url: str, api_token: str, home: Path
) -> None:
    saved = token_path(home)
    saved.parent.mkdir(parents=True)
    saved.write_text(api_token + "\n", encoding="utf-8")
    listed = await _run("subscriptions", "list", "--api", api_url)
    assert listed.exit_code == 0, listed.output
    assert "(0 subscriptions)" in listed.output
    # An explicit token wins over the file.
    wrong = await _run("subscriptions", "list", "--api", api_url, token="not-the-token")
    assert wrong.exit_code == 1
    assert "read from" not in wrong.output
    # A file left by an earlier run, while this notify was started with another token: say where it came from.
    saved.write_text("an-old-development-token-0000", encoding="utf-8")
    stale = await _run("subscriptions", "list", "--api", api_url)
    assert stale.exit_code == 1
    assert "401 Unauthorized: invalid bearer token (the token was read from" in stale.output
    assert str(saved) in stale.output


async def test_an_operator_issues_lists_and_revokes_owner_tokens(api_url: str, api_token: str) -> None:
    issued = await _run(
        "tokens", "issue", "--owner", "desk@example.org", "--label", "desk", "--api", api_url, token=api_token
    )
    assert issued.exit_code == 0, issued.output
    owner_token = issued.output.strip().splitlines()[-1]
    assert "issued token" in issued.output

    created = await _run(
        "subscribe",
        "--api",
        api_url,
        "--name",
        "desk",
        "--channel",
        "json://hooks.example.org/in",
        token=owner_token,
    )
    assert created.exit_code == 0, created.output
    assert "owner:          desk@example.org" in created.output
    # The operator's own subscription is not the owner's to see.
    await _run(
        "subscribe",
        "--api",
        api_url,
        "--name",
        "ops",
        "--channel",
        "json://ops.example.org/in",
        token=api_token,
    )
    mine = await _run("subscriptions", "list", "--api", api_url, token=owner_token)
    assert "(1 subscription)" in mine.output
    everyone = await _run("subscriptions", "list", "--api", api_url, token=api_token)
    assert "(2 subscriptions)" in everyone.output

    listed = await _run("tokens", "list", "--api", api_url, token=api_token)
    assert listed.exit_code == 0, listed.output
    token_id = listed.output.split()[0]
    assert "desk@example.org" in listed.output
    assert owner_token not in listed.output
    refused = await _run("tokens", "list", "--api", api_url, token=owner_token)
    assert refused.exit_code == 1
    assert "403 Forbidden: this needs an operator token (an owner token manages its own" in refused.output

    revoked = await _run("tokens", "revoke", token_id, "--api", api_url, token=api_token)
    assert revoked.output.strip() == f"revoked token {token_id}"
    gone = await _run("subscriptions", "list", "--api", api_url, token=owner_token)
    assert gone.exit_code == 1
    assert "401 Unauthorized" in gone.output


async def test_an_operator_exports_the_feedback_as_json_lines(
    api_url: str, api_token: str, api_runtime: object, tmp_path: Path
) -> None:
    from datetime import UTC, datetime  # noqa: PLC0415

    from tocsin_notify._story_model import Report  # noqa: PLC0415
    from tocsin_notify._story_store import StoryStore  # noqa: PLC0415
    from tocsin_notify._web_queries import add_feedback, event  # noqa: PLC0415
    from tocsin_notify.testing import sample_event  # noqa: PLC0415

    store = api_runtime.store  # type: ignore[attr-defined]
    now = datetime.now(UTC)
    placed = await StoryStore(store).place([Report.of(sample_event())], now=now)
    view = await event(store, placed["evt-by-0001"].ref.story_id)
    assert view is not None
    await add_feedback(
        store, view, reason="wrong_type", comment="a transfer", reported_by="operator", now=now
    )

    printed = await _run("feedback", "export", "--api", api_url, token=api_token)
    assert printed.exit_code == 0, printed.output
    assert '"label": "wrong_type"' in printed.output
    out = tmp_path / "feedback.jsonl"
    written = await _run("feedback", "export", "-o", str(out), "--api", api_url, token=api_token)
    assert written.exit_code == 0, written.output
    assert f"wrote 1 feedback line to {out}" in written.output
    assert '"comment": "a transfer"' in out.read_text(encoding="utf-8")
    dashed = await _run("feedback", "export", "-o", "-", "--api", api_url, token=api_token)
    assert '"label": "wrong_type"' in dashed.output  # "-" is standard output, not a file named "-"
    nowhere = tmp_path / "missing" / "feedback.jsonl"
    refused = await _run("feedback", "export", "-o", str(nowhere), "--api", api_url, token=api_token)
    assert refused.exit_code == 1
    assert f"Error: cannot write {nowhere}: No such file or directory" in refused.output
    assert "Traceback" not in refused.output


async def test_delivery_preferences_on_subscribe_update_and_list(api_url: str, api_token: str) -> None:
    created = await _run(
        "subscribe", "--api", api_url, "--name", "Morning", "--channel", "json://h.example.org/hook",
        "--country", "BY", "--delivery", "daily", "--digest-at", "08:00", "--timezone", "Europe/Berlin",
        token=api_token,
    )  # fmt: skip
    assert created.exit_code == 0, created.output
    sub_id = created.output.split()[2]
    assert "delivery:       daily digest at 08:00 Europe/Berlin" in created.output
    listed = await _run("subscriptions", "list", "--api", api_url, token=api_token)
    [line] = [x for x in listed.output.splitlines() if x.startswith(sub_id)]
    assert line.endswith("1 channel(s)  daily digest at 08:00 Europe/Berlin")

    updated = await _run(
        "subscriptions", "update", sub_id, "--api", api_url, "--delivery", "immediate",
        "--quiet-hours", "22:00-07:00", "--bypass-quiet", "prisoner_release", token=api_token,
    )  # fmt: skip
    assert updated.exit_code == 0, updated.output
    assert "quiet hours:    22:00-07:00 Europe/Berlin (bypass: prisoner_release)" in updated.output
    listed = await _run("subscriptions", "list", "--api", api_url, token=api_token)
    [line] = [x for x in listed.output.splitlines() if x.startswith(sub_id)]
    assert line.endswith("1 channel(s)  quiet 22:00-07:00 Europe/Berlin (bypass prisoner_release)")
    cleared = await _run(
        "subscriptions", "update", sub_id, "--api", api_url, "--quiet-hours", "none", token=api_token
    )
    assert cleared.exit_code == 0, cleared.output
    assert "quiet hours:" not in cleared.output
    loud = await _run(
        "subscribe", "--api", api_url, "--name", "Loud", "--channel", "json://h.example.org/hook",
        "--bypass-quiet", "prisoner_release", token=api_token,
    )  # fmt: skip
    assert loud.exit_code != 0
    assert "bypass_quiet: names the event types sent at once in quiet hours: give quiet_hours" in loud.output


@pytest.mark.parametrize(
    ("option", "value", "problem"),
    [
        ("--timezone", "Europe/Atlantis", "'Europe/Atlantis' is not an IANA time zone name"),
        ("--digest-at", "25:00", "'25:00' is not a time of day as HH:MM"),
        ("--quiet-hours", "22-7", "is not a time of day as HH:MM"),
        ("--delivery", "weekly", "'weekly' is not one of"),
    ],
)
async def test_a_bad_delivery_preference_is_a_usage_error_naming_it(
    option: str, value: str, problem: str
) -> None:
    found = await _run("subscribe", "--name", "x", "--channel", "json://h.example.org", option, value)
    assert found.exit_code == 2
    assert problem in found.output


async def test_a_digest_time_without_a_digest_is_a_usage_error() -> None:
    args = ("--name", "x", "--channel", "json://h.example.org", "--digest-at", "09:00")
    found = await _run("subscribe", *args)
    assert found.exit_code == 2
    assert "give --delivery daily (or hourly) with it" in found.output


async def test_without_api_the_cli_finds_notify_on_its_configured_port(
    api_url: str, api_token: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A shell set up for `tocsin run` on other ports: the CLI goes where TOCSIN_NOTIFY__HTTP_PORT puts notify.
    host, _, port = api_url.removeprefix("http://").partition(":")
    monkeypatch.delenv("TOCSIN_NOTIFY__API_URL", raising=False)
    monkeypatch.setenv("TOCSIN_NOTIFY__HTTP_HOST", host)
    monkeypatch.setenv("TOCSIN_NOTIFY__HTTP_PORT", port.rstrip("/"))
    listed = await _run("subscriptions", "list", token=api_token)
    assert listed.exit_code == 0, listed.output
    assert "cannot reach" not in listed.output


def test_a_confidence_of_nan_is_a_usage_error() -> None:
    for command in (
        ["subscribe", "--name", "x", "--channel", "json://hooks.example.org/a", "--min-confidence", "nan"],
        ["subscriptions", "update", "some-id", "--min-confidence", "nan"],
    ):
        result = CliRunner().invoke(tocsin, command)
        assert result.exit_code == 2, result.output
        assert "must be a number from 0 to 1, not nan" in result.output
