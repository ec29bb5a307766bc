"""Word lists kept as data: TOML files in this package, next to the modules that load them."""

from __future__ import annotations

import tomllib
from importlib import resources

__all__ = ["load_words"]


def load_words(filename: str) -> dict[str, list[str]]:
    """The word lists of ``filename`` (a TOML file of this package), by key: ``{"aux": ["is", ...], ...}``.

    Raises ``FileNotFoundError`` for a missing file and ``tomllib.TOMLDecodeError`` for a malformed one.
    """
    data = tomllib.loads(resources.files("tocsin_classify").joinpath(filename).read_text("utf-8"))
    return {key: list(value) for key, value in data.items()}
