"""Which notify processes are alive: the members of notify's consumer group, by client id.

Each notify process connects with the client id ``<kafka.client_id>-notify-<owner>`` (:func:`client_id`),
``owner`` being the name it writes in the delivery log. A delivery claimed by an owner that is no longer a
member of the group (and whose lease was not renewed lately) was left by a dead process: ADR 2.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, Final, Protocol

import structlog
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import KafkaError
from faststream.kafka.security import parse_security

from tocsin_shared.kafka import build_security
from tocsin_shared.settings import TocsinSettings, resolve_bootstrap

__all__ = ["GroupMembers", "Membership", "client_id"]

_log = structlog.get_logger("tocsin.notify")
_FRESH: Final = 1.0  # seconds an answer of the broker is reused


def client_id(prefix: str, owner: str) -> str:
    """The Kafka client id of the notify process named ``owner`` in the delivery log."""
    return f"{prefix}-notify-{owner}"


class Membership(Protocol):
    """Whether a delivery owner is a live member of the consumer group."""

    async def member(self, owner: str) -> bool | None:
        """True: a member; False: not a member; None: the broker could not say."""
        ...


class GroupMembers:
    """The client ids of notify's consumer group, asked of the broker at most once a second.

    :meth:`member` answers None when the broker cannot be asked (the caller then relies on the lease alone).
    """

    def __init__(
        self, settings: TocsinSettings, group_id: str, *, monotonic: Callable[[], float] = time.monotonic
    ) -> None:
        self._settings = settings
        self._group = group_id
        self._monotonic = monotonic
        self._admin: AIOKafkaAdminClient | None = None
        self._clients: frozenset[str] | None = None
        self._asked = float("-inf")

    async def member(self, owner: str) -> bool | None:
        clients = await self._members()
        if clients is None:
            return None
        return any(c.endswith(f"-notify-{owner}") for c in clients)

    async def _members(self) -> frozenset[str] | None:
        if self._clients is not None and self._monotonic() - self._asked < _FRESH:
            return self._clients
        try:
            admin = await self._open()
            responses = await admin.describe_consumer_groups([self._group])
        except (KafkaError, OSError) as exc:
            _log.warning("group_members_unknown", group_id=self._group, error=repr(exc))
            await self.close()
            return None
        found: set[str] = set()
        for response in responses:
            for group in response.groups:
                members: Any = group[5]
                found.update(str(m[1]) for m in members)
        self._clients, self._asked = frozenset(found), self._monotonic()
        return self._clients

    async def _open(self) -> AIOKafkaAdminClient:
        if self._admin is None:
            kafka = self._settings.kafka
            admin = AIOKafkaAdminClient(
                bootstrap_servers=resolve_bootstrap(self._settings),
                client_id=f"{kafka.client_id}-notify-admin",
                request_timeout_ms=kafka.request_timeout_ms,
                **parse_security(build_security(kafka)),
            )
            await admin.start()
            self._admin = admin
        return self._admin

    async def close(self) -> None:
        """Close the admin connection (opened again on the next question)."""
        admin, self._admin = self._admin, None
        if admin is not None:
            await admin.close()
