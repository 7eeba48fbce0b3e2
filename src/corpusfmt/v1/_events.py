"""What :class:`~corpusfmt.StreamParser` reports as a bundle streams in."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeAlias

import attrs

from corpusfmt._model import _EMPTY_META, _to_meta

__all__ = ["BetweenText", "BodyData", "BodyText", "DocumentEnded", "DocumentStarted", "Event"]


@attrs.frozen
class DocumentStarted:
    """A header line was read: a document of this name and metadata begins."""

    name: str
    meta: Mapping[str, str] = attrs.field(default=_EMPTY_META, converter=_to_meta)


@attrs.frozen
class BodyText:
    """The next piece of the open document's text, exactly as the document holds it.

    The pieces of one document joined are its text; how the stream was cut
    into chunks decides only where one piece ends and the next begins.
    """

    text: str


@attrs.frozen
class BodyData:
    """All the bytes of a binary document (one marked ``encoding=base64``).

    A binary document's body is decoded as a whole, so this comes once, just
    before its :class:`DocumentEnded`.
    """

    data: bytes


@attrs.frozen
class DocumentEnded:
    """The open document's end line was read: its text is complete."""

    name: str


@attrs.frozen
class BetweenText:
    """Text between documents: blank lines, or the byte order mark at the start."""

    text: str


Event: TypeAlias = DocumentStarted | BodyText | BodyData | DocumentEnded | BetweenText
"""Any of the events a :class:`~corpusfmt.StreamParser` returns."""
