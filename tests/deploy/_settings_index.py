"""Which ``TOCSIN_*`` variables the code reads: walk every service's settings model."""

from __future__ import annotations

import importlib
import inspect
from importlib.metadata import entry_points

from pydantic import BaseModel

from tocsin_shared.settings import TocsinSettings

IMAGE_VARIABLES = frozenset({"TOCSIN_HTTP_PORT"})
"""Read by the image's HEALTHCHECK (Dockerfile), not by a settings model."""


def service_settings() -> dict[str, type[TocsinSettings]]:
    """Each installed service's settings class, found in its ``_settings`` module."""
    found: dict[str, type[TocsinSettings]] = {}
    for ep in entry_points(group="tocsin.services"):
        package = ep.value.split(":")[0].rsplit(".", 1)[0]
        module = importlib.import_module(f"{package}._settings")
        classes = [
            obj
            for _, obj in inspect.getmembers(module, inspect.isclass)
            if issubclass(obj, TocsinSettings) and obj is not TocsinSettings
        ]
        assert len(classes) == 1, f"{module.__name__} should define one settings class, found {classes}"
        found[ep.name] = classes[0]
    return found


def _names(model: type[BaseModel], prefix: str) -> set[str]:
    names = set()
    for field, info in model.model_fields.items():
        keys = {field.upper()}
        if isinstance(info.alias, str):
            keys.add(info.alias.upper())
        annotation = info.annotation
        nested = annotation if inspect.isclass(annotation) and issubclass(annotation, BaseModel) else None
        for key in keys:
            names.add(prefix + key)
            if nested is not None:
                names |= _names(nested, prefix + key + "__")
    return names


def known_variables() -> set[str]:
    """Every ``TOCSIN_*`` variable some service's settings read."""
    known: set[str] = set(IMAGE_VARIABLES)
    for settings in service_settings().values():
        known |= _names(settings, "TOCSIN_")
    return known
