"""Tocsin ingest: raw news from Kafka, HTTP and RSS/Atom feeds → validated, normalised, unique articles.

The pure core (normalisation, SimHash, the de-dup decision) is importable on its own; the service is
``tocsin_ingest.main``.
"""

from tocsin_ingest._dedup import Action, Decision, SeenArticle, State, decide
from tocsin_ingest._normalise import InvalidArticle, Normalised, Read, article_id_for, normalise, read_raw
from tocsin_ingest._settings import IngestSection, IngestSettings
from tocsin_ingest._simhash import bands, hamming, simhash, to_hex
from tocsin_ingest._text import normalise_body, normalise_title, split_title
from tocsin_ingest._url import canonical_url

__all__ = [
    "Action",
    "Decision",
    "IngestSection",
    "IngestSettings",
    "InvalidArticle",
    "Normalised",
    "Read",
    "SeenArticle",
    "State",
    "article_id_for",
    "bands",
    "canonical_url",
    "decide",
    "hamming",
    "normalise",
    "normalise_body",
    "normalise_title",
    "read_raw",
    "simhash",
    "split_title",
    "to_hex",
]
