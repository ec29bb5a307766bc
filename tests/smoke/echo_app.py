"""A minimal FastStream service built only from the shared library, for the cross-process smoke test.

It reads ``RawNews`` from ``$SMOKE_IN``, republishes each valid message to ``$SMOKE_OUT`` and dead-letters
anything that breaks the contract (the handler raises ``RefusedMessage``; the broker's middleware sends it
to ``<topic>.dlq``). Run as a script: ``python tests/smoke/echo_app.py``.
"""

from __future__ import annotations

import asyncio
import os

from faststream import AckPolicy, FastStream
from faststream.kafka.annotations import KafkaMessage

from tocsin_shared import TocsinSettings, build_broker, configure_logging
from tocsin_shared.contracts import RawNews
from tocsin_shared.decode import decode_contract


def build_app(settings: TocsinSettings, source: str, target: str, group: str) -> FastStream:
    broker = build_broker(settings, service="smoke")

    @broker.subscriber(
        source, group_id=group, ack_policy=AckPolicy.NACK_ON_ERROR, auto_offset_reset="earliest"
    )
    async def on_raw(msg: KafkaMessage) -> None:
        raw = decode_contract(msg.body, RawNews)
        await broker.publish(raw.to_bytes(), target, key=msg.raw_message.key)  # type: ignore[union-attr]

    return FastStream(broker)


def main() -> None:
    configure_logging(json=True)
    settings = TocsinSettings()
    app = build_app(settings, os.environ["SMOKE_IN"], os.environ["SMOKE_OUT"], os.environ["SMOKE_GROUP"])
    asyncio.run(app.run())


if __name__ == "__main__":
    main()
