"""A real Apache Kafka broker on this machine, from Maven Central jars: no Docker, no system install.

One JVM plays broker and controller (KRaft) on 127.0.0.1. ``tocsin kafka start | stop | status`` and the
test suite's session fixture both use :class:`LocalKafka`.
"""

from tocsin_shared.localkafka._launcher import (
    KAFKA_VERSION,
    BrokerInfo,
    LocalKafka,
    LocalKafkaError,
    MissingToolError,
    free_port,
    wait_for_metadata,
)

__all__ = [
    "KAFKA_VERSION",
    "BrokerInfo",
    "LocalKafka",
    "LocalKafkaError",
    "MissingToolError",
    "free_port",
    "wait_for_metadata",
]
