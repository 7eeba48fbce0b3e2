"""What a push parser (:class:`~corpusfmt.StreamParser`) reports as a bundle streams in."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeAlias

import attrs

from corpusfmt._diagnostic import Diagnostic
from corpusfmt._model import _EMPTY_META, _to_meta

__all__ = [
    "BetweenText",
    "BodyData",
    "BodyText",
    "DocumentEnded",
    "DocumentIncomplete",
    "DocumentStarted",
    "Event",
    "Noticed",
]


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
class DocumentIncomplete:
    """The open document will not be complete: it was cut short (the stream
    ended, or the next header began, before its end marker), or its base64
    body cannot be decoded.

    Its text so far came in the :class:`BodyText` events before this one; it
    is not among the documents that :func:`~corpusfmt.parse` gives. Only a
    lenient parser reports this (a strict one raises
    :class:`~corpusfmt.CorpusFormatError`), after the :class:`Noticed` event
    that says what is wrong.
    """

    name: str


@attrs.frozen
class BetweenText:
    """Text between documents: blank lines, the byte order mark at the start,
    or, in a dialect, whatever stands outside the blocks (a model's prose)."""

    text: str


@attrs.frozen
class Noticed:
    """Something the parser noticed, as :func:`~corpusfmt.parse` reports it in
    :attr:`~corpusfmt.Bundle.diagnostics`: a note, a warning, or (in a lenient parser) an error.

    It comes as soon as the parser knows it, in the order ``parse`` gives the
    same diagnostics for the whole text.
    """

    diagnostic: Diagnostic


Event: TypeAlias = (
    DocumentStarted
    | BodyText
    | BodyData
    | DocumentEnded
    | DocumentIncomplete
    | BetweenText
    | Noticed
)
"""Any of the events a :class:`~corpusfmt.StreamParser` returns."""
