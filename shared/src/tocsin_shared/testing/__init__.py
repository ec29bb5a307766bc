"""Test helpers for the real broker, shared by every package's tests.

The pytest plugin (:mod:`tocsin_shared.testing.plugin`, registered as ``pytest11``) starts ONE local broker
per test session, lazily, the first time a test asks for ``kafka_bootstrap``; every test then uses fresh topic
names and group ids from :func:`unique_topics` / :func:`unique_id`. Likewise one PostgreSQL server
(``postgres_server``), with a fresh database per test from ``postgres_url`` or :func:`fresh_database`.
:func:`free_port` is the one way the tests, the harness and the benchmarks pick a loopback port.
"""

from tocsin_shared.localkafka import free_port
from tocsin_shared.testing._egress import ConnectionCounter, StaticServer, controlled_resolver
from tocsin_shared.testing._helpers import (
    consume_records,
    create_topics,
    produce_records,
    unique_id,
    unique_topics,
)
from tocsin_shared.testing._http import SlowOutcome, send_slowly, serving
from tocsin_shared.testing._pipeline import PARTITIONS, SERVICES, TOKEN, Pipeline
from tocsin_shared.testing._postgres import fresh_database

__all__ = [
    "PARTITIONS",
    "SERVICES",
    "TOKEN",
    "ConnectionCounter",
    "Pipeline",
    "SlowOutcome",
    "StaticServer",
    "consume_records",
    "controlled_resolver",
    "create_topics",
    "free_port",
    "fresh_database",
    "produce_records",
    "send_slowly",
    "serving",
    "unique_id",
    "unique_topics",
]
