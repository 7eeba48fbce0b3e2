"""Every dialect by name: the marker presets and the packers' outputs."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from corpusfmt.dialects._dialect import DIALECTS, Dialect
from corpusfmt.dialects._packers import PACKER_DIALECTS

__all__ = ["PACKERS", "resolve"]

PACKERS: Final[Mapping[str, Dialect]] = MappingProxyType(
    {dialect.name: dialect for dialect in PACKER_DIALECTS}
)
"""The outputs of the tools that pack a repository into one prompt file, by name:
read-only dialects, tried by :func:`sniff` before the presets."""


def resolve(dialect: str | Dialect) -> Dialect:
    """The dialect a ``dialect=`` argument names ("auto" is handled by the caller)."""
    if isinstance(dialect, Dialect):
        return dialect
    if not isinstance(dialect, str):
        raise TypeError(f"dialect must be a name or a Dialect, not {type(dialect).__name__}")
    found = DIALECTS.get(dialect) or PACKERS.get(dialect)
    if found is None:
        known = ", ".join(["auto", *DIALECTS])
        raise ValueError(
            f"unknown dialect {dialect!r}; the presets are {known}; "
            f"the packers' outputs are {', '.join(PACKERS)}"
        )
    return found
