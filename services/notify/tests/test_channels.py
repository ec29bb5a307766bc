"""Channel URLs: Apprise validation, masking, the SSRF guard, and classifying send failures."""

from __future__ import annotations

import pytest

from tocsin_notify._channels import (
    ChannelPolicy,
    classify,
    first_problem,
    mask_channel,
    prefers_html,
    validate_channel,
    without_channel_secrets,
)
from tocsin_shared.egress import EgressPolicy

PRODUCTION = ChannelPolicy()
DEVELOPMENT = ChannelPolicy(EgressPolicy(allow_private=True))

SLACK = "slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ"


@pytest.mark.parametrize(
    "url",
    [
        "mailtos://alerts:hunter2@smtp.example.org?to=desk@example.org",
        SLACK,
        "json://hooks.example.org/tocsin",
        "ntfy://ntfy.example.org/tocsin-alerts",
        "mmost://chat.example.org/abcdefghijklmnopqrstuvwxyz",
    ],
)
def test_valid_channels(url: str) -> None:
    assert validate_channel(url) is None


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("carrierpigeon://loft/7", "unknown Apprise scheme 'carrierpigeon'"),
        ("hooks.example.org/tocsin", "not a URL"),
        ("discord://", "not a valid discord:// URL"),
        ("mailto://", "not a valid mailto:// URL"),
        ("mailto://127.0.0.1:2525?from=tocsin@localhost&to=not-an-email", "no valid recipient"),
        ("mailtos://u:pw@smtp.example.org?to=desk@example.org,editor", "to= names something that is not"),
        ("mailtos://u:pw@smtp.example.org/desk@example.org,nightdesk", "('nightdesk')"),
        ("mailtos://u:pw@smtp.example.org?to=desk@example.org&cc=legal", "cc= names something"),
        ("mailtos://u:pw@smtp.example.org?to=desk@example.org&bcc=Night%20Desk", "('Night Desk')"),
        ("mailtos://u:pw@smtp.example.org?to=desk@example.org;editor", "separate them with commas"),
        (
            "mailtos://u:pw@smtp.example.org?to=desk@example.org;editor@example.org",
            "separates recipients with ';'",
        ),
        ("mailtos://u:pw@smtp.example.org?to=desk@example.org&bcc=audit@example.org;;x", "bcc= separates"),
    ],
)
def test_invalid_channels_say_why(url: str, problem: str) -> None:
    found = validate_channel(url)
    assert found is not None
    assert problem in found
    assert "u:pw" not in found  # the URL, and its password, is never echoed


@pytest.mark.parametrize(
    "url",
    [
        "mailtos://u:pw@smtp.example.org?to=desk@example.org,editor@example.org",
        "mailtos://u:pw@smtp.example.org?to=desk@example.org%3B%20editor@example.org%20legal@example.org",
        "mailtos://u:pw@smtp.example.org?to=Night%20Desk%20%3Cdesk@example.org%3E",
        "mailtos://u:pw@smtp.example.org?to=desk@example.org&cc=legal@example.org&bcc=audit@example.org",
        "mailtos://desk:pw@gmail.com",  # no to=: Apprise mails the account itself
    ],
)
def test_mail_channels_whose_every_recipient_is_an_address_are_accepted(url: str) -> None:
    assert validate_channel(url) is None


def test_masking_is_apprises_privacy_form() -> None:
    masked = mask_channel("mailtos://alerts:hunter2@smtp.example.org:465/?to=desk@example.org")
    assert masked == "mailtos://alerts:****@smtp.example.org:465/desk%40example.org"
    assert mask_channel("mailto://127.0.0.1:2525?to=desk@example.org&from=a@example.org") == (
        "mailto://127.0.0.1:2525/desk%40example.org"
    )
    assert mask_channel(SLACK) == "slack://T...2/A...D/T...Q"
    assert mask_channel("json://hooks.example.org") == "json://hooks.example.org"
    assert mask_channel("json://[::1]:8080/x") == "json://[::1]:8080/***"
    # A Pushbullet token in the host position, dotted: elided, not taken for a host name.
    assert mask_channel("pbul://o.gn5kj6nfhv736I7jC3cj3QLRiyhgl98b") == "pbul://o...b"
    # A generic webhook's path, which Apprise does not count as secret, is masked whole: a token there
    # may read like a word ("/hooks/SECRETTOKENXYZ42").
    assert mask_channel("json://hooks.example.org/hooks/Zq81nB2kP0x9LmW4vT7yR3sD") == (
        "json://hooks.example.org/***/***"
    )
    assert mask_channel("json://127.0.0.1:19998/hooks/SECRETTOKENXYZ42") == "json://127.0.0.1:19998/***/***"


def test_a_send_error_never_shows_the_channels_secrets() -> None:
    url = "json://127.0.0.1:19998/hooks/SECRETTOKENXYZ42?-token=QSECRET77"
    error = (
        "Max retries exceeded with url: /hooks/SECRETTOKENXYZ42?token=QSECRET77 (Caused by "
        "NewConnectionError: connection refused)"
    )
    scrubbed = without_channel_secrets(error, url)
    assert "SECRETTOKENXYZ42" not in scrubbed
    assert "QSECRET77" not in scrubbed
    assert "connection refused" in scrubbed
    assert without_channel_secrets("HTTP 401 for u:pw1234", "mailtos://u:pw1234@smtp.example.org") == (
        "HTTP 401 for u:***"
    )
    # a channel that is no valid URL (a bracketed host Python's parser refuses) still gets its error back
    assert (
        without_channel_secrets("refused at /hook", "json://[::ffff:127.0.0.%31]/hook") == "refused at /***"
    )
    assert mask_channel("carrierpigeon://o.secret-token") == "carrierpigeon://***"


def test_a_password_with_an_unescaped_at_sign_is_refused_clearly() -> None:
    problem = validate_channel("mailtos://user:p@ss@smtp.example.org?to=desk@example.org")
    assert problem is not None
    assert "%40" in problem
    assert "p@ss" not in problem
    assert validate_channel("mailtos://user:p%40ss@smtp.example.org?to=desk@example.org") is None
    # Only the authority counts: an '@' in the query (a recipient) is not a password.
    assert validate_channel("mailtos://user:pw@smtp.example.org?to=desk@example.org") is None


def test_email_gets_html_and_chat_gets_markdown() -> None:
    assert prefers_html("mailto://127.0.0.1:2525?to=a@example.org&from=b@example.org")
    assert not prefers_html(SLACK)
    assert not prefers_html("json://hooks.example.org/x")


@pytest.mark.parametrize(
    "url",
    [
        "json://127.0.0.1:8080/hook",
        "json://localhost/hook",
        "form://10.1.2.3/hook",
        "json://169.254.169.254/latest/meta-data",
        "mailto://192.168.1.20:25?to=a@example.org&from=b@example.org",
        "json://[::1]:8080/hook",
    ],
)
async def test_private_loopback_and_link_local_hosts_are_refused(url: str) -> None:
    problem = await PRODUCTION.address_problem(url)
    assert problem is not None
    assert "channels must point at public hosts" in problem


async def test_public_and_token_only_hosts_pass_the_guard() -> None:
    assert await PRODUCTION.address_problem("json://8.8.8.8/hook") is None
    assert await PRODUCTION.address_problem(SLACK) is None


async def test_first_problem_names_the_index_and_honours_the_allowance() -> None:
    urls = ["json://8.8.8.8/hook", "json://127.0.0.1:9/hook", "nope://x"]
    problem = await first_problem(urls, PRODUCTION)
    assert problem is not None
    assert problem.index == 1
    allowed = await first_problem(urls, DEVELOPMENT)
    assert allowed is not None
    assert allowed.index == 2
    assert "unknown Apprise scheme" in allowed.problem


@pytest.mark.parametrize(
    ("status", "messages", "kind", "code"),
    [
        ("SUCCESS", [], "delivered", None),
        ("TIMEOUT", [], "retryable", None),
        (
            "FAILURE",
            ["Failed to send JSON POST notification: Internal Server Error, error=500."],
            "retryable",
            500,
        ),
        ("FAILURE", ["Failed to send Mattermost notification: error=503."], "retryable", 503),
        (
            "FAILURE",
            ["Failed to send JSON POST notification: Too Many Requests, error=429."],
            "retryable",
            429,
        ),
        ("FAILURE", ["Failed to send JSON POST notification: Bad Request, error=400."], "permanent", 400),
        ("FAILURE", ["Failed to send JSON POST notification: Unauthorized, error=401."], "permanent", 401),
        ("FAILURE", ["Failed to send JSON POST notification: Not Found, error=404."], "permanent", 404),
        (
            "FAILURE",
            ["A Connection error occurred sending JSON notification to 127.0.0.1."],
            "retryable",
            None,
        ),
        ("FAILURE", ['Connection error while submitting email to "127.0.0.1"'], "retryable", None),
        ("FAILURE", [], "retryable", None),
    ],
)
def test_classify(status: str, messages: list[str], kind: str, code: int | None) -> None:
    result = classify(status, messages, timeout=5)
    assert result.kind == kind
    assert result.http_status == code
    assert result.ok is (kind == "delivered")
    if kind != "delivered":
        assert result.error


def test_classified_errors_never_carry_url_secrets() -> None:
    result = classify("FAILURE", ["error talking to json://user:s3cret@hooks.example.org/x: error=502."])
    assert result.error is not None
    assert "s3cret" not in result.error


async def test_development_allows_local_hosts_but_never_the_cloud_metadata_address() -> None:
    assert await DEVELOPMENT.address_problem("json://127.0.0.1:8080/hook") is None
    problem = await DEVELOPMENT.address_problem("json://169.254.169.254/latest/meta-data")
    assert problem is not None
    assert "cloud metadata" in problem
