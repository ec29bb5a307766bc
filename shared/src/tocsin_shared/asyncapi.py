"""AsyncAPI 3.0 documents of the services, with the message contracts as payload schemas.

FastStream writes the document of a broker's subscribers; Tocsin's handlers read raw bytes (to dead-letter
what does not decode), so the payloads it sees are empty. :func:`document` fills in each channel's contract
and adds the topics a service publishes to, so the document says exactly what flows where.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from faststream.kafka import KafkaBroker
from faststream.specification import AsyncAPI

from tocsin_shared.contracts import Contract

__all__ = ["document"]


def _lift_schema(model: type[Contract], schemas: dict[str, Any]) -> dict[str, str]:
    """Put ``model``'s JSON schema (and its ``$defs``) into ``schemas``; return a ``$ref`` to it."""
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(schema.pop("$defs", {}))
    schemas[model.__name__] = schema
    return {"$ref": f"#/components/schemas/{model.__name__}"}


def document(
    broker: KafkaBroker,
    *,
    title: str,
    version: str,
    description: str,
    consumes: Mapping[str, type[Contract]],
    produces: Mapping[str, type[Contract]],
) -> dict[str, Any]:
    """The service's AsyncAPI document as a JSON-ready dict (keys sorted when serialised)."""
    spec = AsyncAPI(broker, title=title, version=version, description=description)
    doc: dict[str, Any] = json.loads(spec.to_specification().to_json())
    doc["servers"] = {
        "kafka": {
            "host": "kafka:9092",
            "protocol": "kafka",
            "description": "Set with TOCSIN_KAFKA__BOOTSTRAP_SERVERS.",
        }
    }
    components = doc.setdefault("components", {})
    schemas: dict[str, Any] = components.setdefault("schemas", {})
    schemas.pop("EmptyPayload", None)
    messages: dict[str, Any] = components.setdefault("messages", {})
    channels: dict[str, Any] = doc.setdefault("channels", {})
    for channel in channels.values():
        channel["servers"] = [{"$ref": "#/servers/kafka"}]
        model = consumes.get(channel["address"])
        for ref in channel.get("messages", {}).values():
            message = messages[ref["$ref"].rsplit("/", 1)[1]]
            if model is not None:
                message["payload"] = _lift_schema(model, schemas)
                message["title"] = model.__name__
    operations: dict[str, Any] = doc.setdefault("operations", {})
    for topic, model in produces.items():
        name = f"{topic}:Publish"
        message_name = f"{topic}:{model.__name__}"
        messages[message_name] = {
            "title": model.__name__,
            "contentType": "application/json",
            "payload": _lift_schema(model, schemas),
        }
        channels[name] = {
            "address": topic,
            "servers": [{"$ref": "#/servers/kafka"}],
            "messages": {model.__name__: {"$ref": f"#/components/messages/{message_name}"}},
            "bindings": {"kafka": {"topic": topic, "bindingVersion": "0.4.0"}},
        }
        operations[name] = {
            "action": "send",
            "channel": {"$ref": f"#/channels/{name}"},
            "messages": [{"$ref": f"#/channels/{name}/messages/{model.__name__}"}],
        }
    return doc
