"""``tocsin subscribe``, ``tocsin subscriptions list | show | update | pause | resume | mute | backfill |
delete``, ``tocsin test-alert``, ``tocsin tokens issue | list | revoke`` and ``tocsin feedback export``: the
API's client. Each talks HTTP to the notify API and turns any failure into a one-line error and exit status
1; a wrong --country is a usage error (exit 2) that suggests the right code.

The token: ``--token``, else ``TOCSIN_NOTIFY__API_TOKEN``, else the file a development notify saves its
generated token in (``<TOCSIN_HOME>/notify/api-token``), so a local ``tocsin run`` needs no setup."""

from __future__ import annotations

import math
import os
import re
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import click
import httpx

from tocsin_notify._model import DEFAULT_MIN_CONFIDENCE
from tocsin_notify._places import country_code
from tocsin_notify._schedule import DELIVERY_MODES, parse_clock, parse_quiet_hours, parse_timezone
from tocsin_notify._settings import token_path
from tocsin_shared import TocsinSettings
from tocsin_shared.cli import CliError, reachable_url
from tocsin_shared.contracts import EVENT_TYPES
from tocsin_shared.settings import default_home

__all__ = ["feedback", "subscribe", "subscriptions", "test_alert", "tokens"]

DEFAULT_API = "http://127.0.0.1:8082"
F = TypeVar("F", bound=Callable[..., Any])


class _Confidence(click.FloatRange):
    """A confidence from 0 to 1; "nan" is none (a float range lets it through, and JSON cannot carry it)."""

    name = "confidence"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        converted = super().convert(value, param, ctx)
        if math.isnan(converted):
            self.fail("must be a number from 0 to 1, not nan", param, ctx)
        return converted


_CONFIDENCE = _Confidence(0.0, 1.0)


def _api_options(func: F) -> F:
    func = click.option(
        "--token",
        envvar="TOCSIN_NOTIFY__API_TOKEN",
        show_envvar=True,
        help="Bearer token of the API [default: the one a development notify saved under TOCSIN_HOME].",
    )(func)
    return click.option(
        "--api",
        default=_default_api,
        show_default=f"from TOCSIN_NOTIFY__HTTP_HOST and TOCSIN_NOTIFY__HTTP_PORT, else {DEFAULT_API}",
        envvar="TOCSIN_NOTIFY__API_URL",
        show_envvar=True,
        help="Base URL of the notify API.",
    )(func)


def _default_api() -> str:
    """notify's API where ``tocsin run`` starts it with this environment's HTTP settings."""
    return reachable_url("notify", os.environ)


def _home() -> Path:
    try:
        return TocsinSettings().home
    except ValueError:  # other settings are invalid: the home folder alone still counts
        return Path(os.environ.get("TOCSIN_HOME") or default_home())


def _token(given: str | None) -> tuple[str, Path | None]:
    """The token to send, and the file it came from (None when given by option or environment)."""
    if given:
        return given, None
    path = token_path(_home())
    try:
        saved = path.read_text(encoding="utf-8").strip()
    except OSError:
        saved = ""
    if saved:
        return saved, path
    msg = (
        "no API token: pass --token or set TOCSIN_NOTIFY__API_TOKEN "
        f"(a notify started in development without one saves its own in {path})"
    )
    raise CliError(msg)


def _call(api: str, token: str | None, method: str, path: str, *, raw: bool = False, **kwargs: Any) -> Any:
    bearer, saved_in = _token(token)
    url = api.rstrip("/") + path
    try:
        response = httpx.request(
            method, url, headers={"Authorization": f"Bearer {bearer}"}, timeout=120.0, **kwargs
        )
    except httpx.HTTPError as exc:
        msg = f"cannot reach the notify API at {api}: {exc or type(exc).__name__}"
        raise CliError(msg) from None
    if response.status_code >= 400:
        try:
            detail = response.json().get("detail") or response.text
        except ValueError:
            detail = response.text.strip() or response.reason_phrase
        msg = f"{response.status_code} {response.reason_phrase}: {detail}"
        if response.status_code == 401 and saved_in is not None:
            msg += (
                f" (the token was read from {saved_in}, saved by a development notify; if this notify was "
                "started with another token, pass --token or set TOCSIN_NOTIFY__API_TOKEN)"
            )
        raise CliError(msg)
    if raw:
        return response.text
    return response.json() if response.content else None


def _describe(sub: dict[str, Any]) -> str:
    def listed(values: list[Any]) -> str:
        return ", ".join(str(v) for v in values) or "any"

    lines = [
        f"{sub['id']}  {sub['name']}" + ("" if sub["active"] else "  (paused)"),
        f"  owner:          {sub['owner']}",
        f"  channels:       {listed(sub['channels'])}",
        f"  types:          {listed(sub['event_types'])}",
        f"  countries:      {listed(sub['countries'])}",
        f"  keywords:       {listed(sub['keywords'])}",
        f"  min confidence: {sub['min_confidence']:g}",
    ]
    if sub.get("muted_until"):
        lines.append(f"  muted until:    {sub['muted_until']}")
    lines.append(f"  updates:        {'yes' if sub.get('updates', True) else 'no (first alerts only)'}")
    lines.append(f"  delivery:       {_delivery_text(sub)}")
    if sub.get("quiet_hours"):
        bypass = ", ".join(sub.get("bypass_quiet") or ()) or "none"
        lines.append(
            f"  quiet hours:    {sub['quiet_hours']} {sub.get('timezone', 'UTC')} (bypass: {bypass})"
        )
    lines.append(f"  created:        {sub['created_at']}")
    return "\n".join(lines)


def _delivery_text(sub: dict[str, Any]) -> str:
    """ "immediate", "daily digest at 08:00 Europe/Berlin", "hourly digest at :15 UTC"."""
    mode, at, zone = (
        sub.get("delivery", "immediate"),
        sub.get("digest_at", "08:00"),
        sub.get("timezone", "UTC"),
    )
    if mode == "daily":
        return f"daily digest at {at} {zone}"
    if mode == "hourly":
        return f"hourly digest at :{at[-2:]} {zone}"
    return "immediate"


def _countries(_: click.Context, __: click.Parameter, given: tuple[str, ...]) -> tuple[str, ...]:
    """The --country values as codes; a wrong one is a usage error with a suggestion (exit 2)."""
    try:
        return tuple(country_code(code) for code in given)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _stacked(func: F, options: list[Callable[[F], F]]) -> F:
    """``func`` with ``options`` (click decorators) applied, the first one on top, as if written above it."""
    for option in reversed(options):
        func = option(func)
    return func


def _filter_options(func: F) -> F:
    """--type, --country, --keyword (repeatable) and --min-confidence, shared by subscribe and update."""
    return _stacked(
        func,
        [
            click.option(
                "--type",
                "types",
                multiple=True,
                type=click.Choice(EVENT_TYPES),
                help="Event type; repeatable.",
            ),
            click.option(
                "--country",
                "countries",
                multiple=True,
                callback=_countries,
                help=(
                    "ISO 3166-1 alpha-2 code (or EU, UN); repeatable. Matches who released, sanctioned or "
                    "was targeted, and whose citizens were freed; not a mediator."
                ),
            ),
            click.option(
                "--keyword",
                "keywords",
                multiple=True,
                help="Word or phrase in headline or evidence; repeatable.",
            ),
        ],
    )


def _checked(
    check: Callable[[str], object],
) -> Callable[[click.Context, click.Parameter, str | None], str | None]:
    """A click callback running ``check`` on the value given (a ValueError is a usage error, exit 2)."""

    def callback(_: click.Context, __: click.Parameter, given: str | None) -> str | None:
        if given is None or given == "none":
            return given
        try:
            check(given)
        except ValueError as exc:
            raise click.BadParameter(str(exc)) from None
        return given

    return callback


def _delivery_options(func: F) -> F:
    """--delivery, --digest-at, --timezone, --quiet-hours and --bypass-quiet (subscribe and update)."""
    return _stacked(
        func,
        [
            click.option(
                "--delivery",
                type=click.Choice(DELIVERY_MODES),
                help="Each alert at once (immediate, the default), or an hourly or daily digest.",
            ),
            click.option(
                "--digest-at",
                callback=_checked(parse_clock),
                help=(
                    "Local time of the daily digest, HH:MM (always HH:MM: an hourly digest goes out at its "
                    "minutes past each hour, 10:30 → at :30); new subscriptions: 08:00."
                ),
            ),
            click.option(
                "--timezone",
                callback=_checked(parse_timezone),
                help="IANA time zone of the local times, like Europe/Berlin; new subscriptions: UTC.",
            ),
            click.option(
                "--quiet-hours",
                callback=_checked(parse_quiet_hours),
                help="Local HH:MM-HH:MM (may wrap midnight): alerts held until it ends, then one digest; "
                "'none' to have none.",
            ),
            click.option(
                "--bypass-quiet",
                "bypass",
                multiple=True,
                type=click.Choice(EVENT_TYPES),
                help="Event type sent at once even in quiet hours; repeatable.",
            ),
        ],
    )


def _delivery_changes(
    delivery: str | None, digest_at: str | None, timezone: str | None, quiet_hours: str | None
) -> dict[str, Any]:
    """The delivery preferences given, as API fields ('none' quiet hours: null)."""
    given = {"delivery": delivery, "digest_at": digest_at, "timezone": timezone}
    changes: dict[str, Any] = {k: v for k, v in given.items() if v is not None}
    if quiet_hours is not None:
        changes["quiet_hours"] = None if quiet_hours == "none" else quiet_hours
    return changes


@click.command()
@click.option("--name", required=True, help="A name for people.")
@click.option(
    "--owner",
    help="Who owns it [default: the token's owner; with an operator token, 'operator'].",
)
@click.option("--channel", "channels", multiple=True, required=True, help="Apprise URL; repeatable.")
@_filter_options
@click.option("--min-confidence", type=_CONFIDENCE, default=DEFAULT_MIN_CONFIDENCE, show_default=True)
@click.option(
    "--updates/--no-updates",
    default=True,
    show_default=True,
    help="Also alert when a later report adds facts to an event already alerted (count, names, ...).",
)
@_delivery_options
@_api_options
def subscribe(
    *,
    name: str,
    owner: str | None,
    channels: tuple[str, ...],
    types: tuple[str, ...],
    countries: tuple[str, ...],
    keywords: tuple[str, ...],
    min_confidence: float,
    updates: bool,
    delivery: str | None,
    digest_at: str | None,
    timezone: str | None,
    quiet_hours: str | None,
    bypass: tuple[str, ...],
    api: str,
    token: str | None,
) -> None:
    """Create a subscription: alerts for matching events go to every --channel.

    \b
    tocsin subscribe --name "Belarus desk" --type prisoner_release --country BY \\
        --channel 'mailtos://user:pass@smtp.example.org?to=desk@example.org' \\
        --keyword "political prisoners"
    tocsin subscribe --name "Morning digest" --country BY --channel 'ntfy://ntfy.sh/desk' \\
        --delivery daily --digest-at 08:00 --timezone Europe/Berlin
    """
    if digest_at is not None and delivery in (None, "immediate"):
        msg = "--digest-at sets the time of a digest: give --delivery daily (or hourly) with it"
        raise click.UsageError(msg)
    body = {
        "name": name,
        **({"owner": owner} if owner else {}),
        "channels": list(channels),
        "event_types": list(types),
        "countries": list(countries),
        "keywords": list(keywords),
        "min_confidence": min_confidence,
        "updates": updates,
        **_delivery_changes(delivery, digest_at, timezone, quiet_hours),
        **({"bypass_quiet": list(bypass)} if bypass else {}),
    }
    created = _call(api, token, "POST", "/v1/subscriptions", json=body)
    click.echo(f"created subscription {created['id']}")
    click.echo(_describe(created))


@click.group()
def subscriptions() -> None:
    """List, show, change, pause, resume, mute or delete subscriptions."""


def _one_line(sub: dict[str, Any]) -> str:
    """``<id>  <name>  [types; countries; keywords; confidence]  <n> channel(s)``, then paused or muted."""
    types = ",".join(sub["event_types"]) or "all types"
    where = ",".join(sub["countries"]) or "anywhere"
    words = ",".join(f'"{k}"' for k in sub["keywords"]) or "any words"
    state = "" if sub["active"] else "  paused"
    if sub.get("muted_until"):
        state += f"  muted until {sub['muted_until']}"
    if not sub.get("updates", True):
        state += "  no updates"
    if sub.get("delivery", "immediate") != "immediate":
        state += f"  {_delivery_text(sub)}"
    if sub.get("quiet_hours"):
        bypass = ",".join(sub.get("bypass_quiet") or ())
        state += f"  quiet {sub['quiet_hours']} {sub.get('timezone', 'UTC')}" + (
            f" (bypass {bypass})" if bypass else ""
        )
    return (
        f"{sub['id']}  {sub['name']}  [{types}; {where}; {words}; confidence >= {sub['min_confidence']:g}]"
        f"  {len(sub['channels'])} channel(s){state}"
    )


@subscriptions.command("list")
@_api_options
def list_(*, api: str, token: str | None) -> None:
    """Every subscription, one line each, with all its filters and whether it is paused or muted."""
    found = _call(api, token, "GET", "/v1/subscriptions", params={"limit": 1000})
    for sub in found:
        click.echo(_one_line(sub))
    sys.stdout.flush()  # the lines before the count, also when stdout is a pipe
    click.echo(f"({len(found)} subscription{'s' if len(found) != 1 else ''})", err=True)


@subscriptions.command()
@click.argument("subscription_id")
@_api_options
def show(*, subscription_id: str, api: str, token: str | None) -> None:
    """One subscription and its latest deliveries."""
    sub = _call(api, token, "GET", f"/v1/subscriptions/{subscription_id}")
    click.echo(_describe(sub))
    deliveries = _call(
        api, token, "GET", f"/v1/subscriptions/{subscription_id}/deliveries", params={"limit": 10}
    )
    click.echo(f"  deliveries:     {len(deliveries)} latest")
    held = {"hourly": "the hourly digest", "daily": "the daily digest", "quiet": "the end of quiet hours"}
    for d in deliveries:
        error = f"  ({d['error']})" if d.get("error") else ""
        if d.get("held_for"):
            error += f"  (held for {held.get(d['held_for'], d['held_for'])}, due {d.get('due_at')})"
        elif d.get("due_at"):
            error += f"  (due {d['due_at']})"
        click.echo(
            f"    {d['created_at']}  {d['id']}  {d['status']:<13} {d['channel']}  "
            f"attempts={d['attempts']}{error}"
        )


@subscriptions.command()
@click.argument("subscription_id")
@click.option(
    "--delivery",
    "delivery_ids",
    multiple=True,
    help="Only this delivery (an id from `subscriptions show`); repeatable. Default: every one given up.",
)
@_api_options
def retry(*, subscription_id: str, delivery_ids: tuple[str, ...], api: str, token: str | None) -> None:
    """Send again the alerts this subscription gave up on (dead-lettered to alerts.dlq), once the channel
    is fixed: to its channels as they are now, one more attempt each, under the same idempotency key."""
    body = {"delivery_ids": list(delivery_ids)}
    done = _call(api, token, "POST", f"/v1/subscriptions/{subscription_id}/retry", json=body)
    taken = done["delivery_ids"]
    for delivery, why in done.get("left", {}).items():
        click.echo(f"left alone {delivery}: {why}", err=True)
    missed = sorted(set(delivery_ids) - set(taken) - set(done.get("left", {})))
    if missed:
        click.echo(f"not given up (left alone): {', '.join(missed)}", err=True)
    click.echo(f"{len(taken)} alert{'s' if len(taken) != 1 else ''} to send again: {', '.join(taken) or '-'}")


def _patch(api: str, token: str | None, subscription_id: str, changes: dict[str, Any], done: str) -> None:
    changed = _call(api, token, "PATCH", f"/v1/subscriptions/{subscription_id}", json=changes)
    click.echo(f"{done} subscription {subscription_id}")
    click.echo(_describe(changed))


_CLEARABLE = {
    "types": "event_types",
    "countries": "countries",
    "keywords": "keywords",
    "bypass-quiet": "bypass_quiet",
}


@subscriptions.command()
@click.argument("subscription_id")
@click.option("--name", help="A new name.")
@click.option("--owner", help="Give it to another owner (operator token only).")
@click.option("--channel", "channels", multiple=True, help="Apprise URL; repeatable; replaces all channels.")
@_filter_options
@click.option("--min-confidence", type=_CONFIDENCE)
@click.option(
    "--updates/--no-updates",
    default=None,
    help="Send (or stop sending) update alerts: later reports that add facts to an event already alerted.",
)
@click.option(
    "--clear",
    "cleared",
    multiple=True,
    type=click.Choice(sorted(_CLEARABLE)),
    help="Empty a filter (it then lets everything through); repeatable.",
)
@_delivery_options
@_api_options
def update(
    *,
    subscription_id: str,
    name: str | None,
    owner: str | None,
    channels: tuple[str, ...],
    types: tuple[str, ...],
    countries: tuple[str, ...],
    keywords: tuple[str, ...],
    min_confidence: float | None,
    updates: bool | None,
    cleared: tuple[str, ...],
    delivery: str | None,
    digest_at: str | None,
    timezone: str | None,
    quiet_hours: str | None,
    bypass: tuple[str, ...],
    api: str,
    token: str | None,
) -> None:
    """Change a subscription: each filter given replaces the old one; filters not given stay.

    \b
    tocsin subscriptions update <id> --country BY --country RU --min-confidence 0.7
    tocsin subscriptions update <id> --clear keywords
    tocsin subscriptions update <id> --quiet-hours 22:00-07:00 --timezone Europe/Berlin \\
        --bypass-quiet prisoner_release
    """
    given = {
        "event_types": types,
        "countries": countries,
        "keywords": keywords,
        "channels": channels,
        "bypass_quiet": bypass,
    }
    changes: dict[str, Any] = {key: list(values) for key, values in given.items() if values}
    changes |= {_CLEARABLE[what]: [] for what in cleared}
    both = sorted(what for what in cleared if given[_CLEARABLE[what]])
    if both:
        msg = f"--clear {both[0]} and a value for it at once: give one or the other"
        raise CliError(msg)
    changes |= {
        k: v
        for k, v in {
            "name": name,
            "owner": owner,
            "min_confidence": min_confidence,
            "updates": updates,
        }.items()
        if v is not None
    }
    changes |= _delivery_changes(delivery, digest_at, timezone, quiet_hours)
    if not changes:
        msg = "nothing to change: give at least one option (see --help)"
        raise CliError(msg)
    _patch(api, token, subscription_id, changes, "updated")


@subscriptions.command()
@click.argument("subscription_id")
@_api_options
def pause(*, subscription_id: str, api: str, token: str | None) -> None:
    """Stop sending alerts to a subscription until it is resumed (it stays, with its filters)."""
    _patch(api, token, subscription_id, {"active": False}, "paused")


@subscriptions.command()
@click.argument("subscription_id")
@_api_options
def resume(*, subscription_id: str, api: str, token: str | None) -> None:
    """Send alerts to a paused or muted subscription again (from now: `subscriptions backfill` sends those
    of the pause or mute)."""
    _patch(api, token, subscription_id, {"active": True, "muted_until": None}, "resumed")


_SPAN = re.compile(r"^\s*(\d+)\s*([mhdw])\s*$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def _until(span: str | None, until: str | None, now: datetime) -> datetime:
    """The end of a mute: ``--for`` ("30m", "12h", "3d", "1w") or ``--until`` (ISO 8601; UTC if no zone)."""
    if (span is None) == (until is None):
        msg = "give either --for (like 12h or 3d) or --until (like 2026-12-01T08:00+01:00)"
        raise CliError(msg)
    if span is not None:
        match = _SPAN.match(span)
        if match is None:
            msg = f"--for {span!r}: a number and a unit, m, h, d or w (like 30m, 12h, 3d)"
            raise CliError(msg)
        try:
            return now + timedelta(**{_UNITS[match[2]]: int(match[1])})
        except OverflowError:
            msg = f"--for {span!r}: too long (to stop alerts for good, use pause)"
            raise CliError(msg) from None
    assert until is not None
    try:
        end = datetime.fromisoformat(until)
    except ValueError:
        msg = f"--until {until!r}: not an ISO 8601 date and time (like 2026-12-01T08:00+01:00)"
        raise CliError(msg) from None
    end = end if end.tzinfo is not None else end.replace(tzinfo=UTC)
    if end <= now:
        msg = f"--until {until!r}: that is in the past (resume ends a mute)"
        raise CliError(msg)
    return end


@subscriptions.command()
@click.argument("subscription_id")
@click.option("--for", "span", help="How long: 30m, 12h, 3d, 1w.")
@click.option("--until", help="Until when: ISO 8601, like 2026-12-01T08:00+01:00 (UTC without a zone).")
@_api_options
def mute(*, subscription_id: str, span: str | None, until: str | None, api: str, token: str | None) -> None:
    """Send no alerts to a subscription for a while; `resume` ends a mute early.

    The alerts of the events that come meanwhile are dropped, not held: neither `resume` nor the end of the
    mute sends them. `subscriptions backfill ID --since ...`, once resumed, sends them.
    """
    end = _until(span, until, datetime.now(UTC))
    _patch(api, token, subscription_id, {"muted_until": end.isoformat()}, "muted")


@subscriptions.command()
@click.argument("subscription_id")
@click.option(
    "--since", required=True, help="From when: 30m, 12h, 7d, 2w back, or ISO 8601 (UTC without a zone)."
)
@_api_options
def backfill(*, subscription_id: str, since: str, api: str, token: str | None) -> None:
    """Send a subscription the alerts of past events since --since (a new subscriber's last week).

    Alerts it already had are not sent again, so running it twice sends nothing new; the notify service
    sends the alerts queued within moments (see `tocsin subscriptions show ID` for the deliveries).
    """
    done = _call(api, token, "POST", f"/v1/subscriptions/{subscription_id}/backfill", json={"since": since})
    click.echo(
        f"backfill of {subscription_id} since {done['since']}: {done['events_read']} events read, "
        f"{done['events_matched']} matched, {done['alerts_queued']} alerts queued "
        f"({done['deliveries_queued']} deliveries), {done['already_sent']} already sent"
    )


@subscriptions.command()
@click.argument("subscription_id")
@_api_options
def delete(*, subscription_id: str, api: str, token: str | None) -> None:
    """Delete a subscription."""
    _call(api, token, "DELETE", f"/v1/subscriptions/{subscription_id}")
    click.echo(f"deleted subscription {subscription_id}")


@click.command("test-alert")
@click.argument("subscription_id")
@_api_options
def test_alert(*, subscription_id: str, api: str, token: str | None) -> None:
    """Send a test alert to every channel of a subscription; exit 1 unless all got it."""
    outcome = _call(api, token, "POST", f"/v1/subscriptions/{subscription_id}/test")
    for result in outcome["results"]:
        reason = f": {result['reason']}" if result.get("reason") else ""
        click.echo(f"{result['status']:<13} {result['channel']}{reason}")
    if not outcome["delivered"]:
        msg = "the test alert did not reach every channel"
        raise CliError(msg)


@click.group()
def tokens() -> None:
    """Issue, list or revoke owner tokens (needs an operator token)."""


@tokens.command()
@click.option("--owner", required=True, help="The owner the token acts for.")
@click.option("--label", help="What the token is for (for people).")
@_api_options
def issue(*, owner: str, label: str | None, api: str, token: str | None) -> None:
    """Issue a token for --owner and print it: it is shown this once (only its hash is stored)."""
    body = {"owner": owner, **({"label": label} if label else {})}
    issued = _call(api, token, "POST", "/v1/tokens", json=body)
    click.echo(f"issued token {issued['id']} for {issued['owner']} (shown once; keep it secret):", err=True)
    click.echo(issued["token"])


@tokens.command("list")
@click.option("--owner", help="Only this owner's tokens.")
@_api_options
def list_tokens(*, owner: str | None, api: str, token: str | None) -> None:
    """Issued owner tokens, one line each (never the tokens themselves)."""
    found = _call(api, token, "GET", "/v1/tokens", params={"owner": owner} if owner else {})
    for item in found:
        label = f"  {item['label']}" if item.get("label") else ""
        click.echo(f"{item['id']}  {item['owner']}  {item['created_at']}{label}")
    sys.stdout.flush()
    click.echo(f"({len(found)} token{'s' if len(found) != 1 else ''})", err=True)


@tokens.command()
@click.argument("token_id")
@_api_options
def revoke(*, token_id: str, api: str, token: str | None) -> None:
    """Revoke an owner token: it is refused from now on; its owner's subscriptions stay."""
    _call(api, token, "DELETE", f"/v1/tokens/{token_id}")
    click.echo(f"revoked token {token_id}")


@click.group()
def feedback() -> None:
    """Feedback on events from the web page's "wrong alert" form (needs an operator token)."""


@feedback.command()
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the lines to this file [default, or -: standard output].",
)
@_api_options
def export(*, output: Path | None, api: str, token: str | None) -> None:
    """Every feedback, oldest first, as JSON Lines labelled for the classifier's evaluation (one object a
    line: id, reported_at, label, comment, event; see the notify README)."""
    lines: str = _call(api, token, "GET", "/v1/feedback.jsonl", raw=True)
    if output is None or str(output) == "-":
        click.echo(lines, nl=False)
        return
    try:
        output.write_text(lines, encoding="utf-8")
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from None
    count = len(lines.splitlines())
    click.echo(f"wrote {count} feedback line{'s' if count != 1 else ''} to {output}", err=True)
