"""URL canonicalisation (pure): one spelling per article link, so that the article id is stable.

* only absolute ``http`` and ``https`` URLs are kept (anything else has no canonical form: None);
* scheme and host in lower case, internationalised host names in their ASCII (IDNA) form, a trailing dot
  on the host removed, the default port (80 / 443) dropped, user name and password dropped;
* an empty path becomes ``/``; percent-escapes are written in upper case (``%c3`` → ``%C3``);
* the fragment is dropped;
* tracking parameters (``utm_*``, ``fbclid``, ``gclid``, ``mc_cid``…) are removed and the remaining query
  parameters sorted, each kept exactly as it was encoded.
"""

from __future__ import annotations

import re
from typing import Final
from urllib.parse import unquote, urlsplit, urlunsplit

__all__ = ["TRACKING_PARAMS", "TRACKING_PREFIXES", "canonical_url", "is_tracking_param"]

TRACKING_PREFIXES: Final = ("utm_", "pk_", "mtm_", "hsa_", "_hs")
"""Query parameters starting with these are analytics tags (Google, Matomo/Piwik, HubSpot)."""

TRACKING_PARAMS: Final = frozenset(
    {
        "fbclid",  # Facebook
        "gclid",  # Google Ads
        "gclsrc",
        "dclid",  # Google Display
        "gbraid",
        "wbraid",
        "msclkid",  # Microsoft Ads
        "yclid",  # Yandex
        "twclid",  # X / Twitter
        "ttclid",  # TikTok
        "li_fat_id",  # LinkedIn
        "igshid",  # Instagram
        "igsh",
        "mc_cid",  # Mailchimp
        "mc_eid",
        "mkt_tok",  # Marketo
        "oly_anon_id",  # Omeda
        "oly_enc_id",
        "vero_id",  # Vero
        "vero_conv",
        "rb_clickid",
        "s_cid",  # Adobe
        "_ga",  # Google Analytics cross-domain
        "_gl",
        "ocid",  # Microsoft Start / MSN
        "cmpid",
        "smid",  # New York Times share links
        "ito",
        "at_medium",  # AT Internet (BBC)
        "at_campaign",
        "at_custom1",
        "at_custom2",
        "at_custom3",
        "at_custom4",
    }
)
"""Query parameters that identify a click or a campaign, never the article."""

_DEFAULT_PORTS: Final = {"http": 80, "https": 443}
_PERCENT_ESCAPE: Final = re.compile(r"%[0-9a-fA-F]{2}")


def is_tracking_param(name: str) -> bool:
    """Whether a query parameter (its decoded name) is a tracking tag."""
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def _upper_escapes(part: str) -> str:
    return _PERCENT_ESCAPE.sub(lambda m: m.group(0).upper(), part)


def _host(hostname: str) -> str | None:
    host = hostname.rstrip(".").lower()
    if not host:
        return None
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def canonical_url(url: str | None) -> str | None:
    """The canonical form of an article URL, or None when it is not an absolute http(s) URL."""
    if url is None:
        return None
    url = url.strip()
    if not url or any(ch.isspace() for ch in url):
        return None
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None  # a port that is not a number, or brackets that do not close
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or parts.hostname is None:
        return None
    host = _host(parts.hostname)
    if host is None:
        return None
    if ":" in host:  # an IPv6 literal
        host = f"[{host}]"
    netloc = host if port in {None, _DEFAULT_PORTS[scheme]} else f"{host}:{port}"
    path = _upper_escapes(parts.path) or "/"
    pairs = []
    for pair in parts.query.split("&"):
        if not pair:
            continue
        name = unquote(pair.partition("=")[0].replace("+", " "))
        if not is_tracking_param(name):
            pairs.append(_upper_escapes(pair))
    query = "&".join(sorted(pairs))
    return urlunsplit((scheme, netloc, path, query, ""))
