"""Format v1 as one dialect among others: every call goes down to the core in :mod:`corpusfmt.v1`.

The core reads strictly and stops at the first problem. What this module adds
is what the dialect layer promises of every syntax: a reading that keeps every
character (the blank lines, the byte order mark, the marker lines as written)
and a lenient reading that starts the core again after each problem.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Final

import attrs

from corpusfmt._errors import CorpusFormatError, CorpusWriteError, Malformed
from corpusfmt._model import Document
from corpusfmt.dialects._dialect import Dialect
from corpusfmt.dialects._parts import Block, Diagnostic, Part, Reading, joined
from corpusfmt.v1 import (
    STR,
    DocumentCutter,
    StreamParser,
    iter_rendered,
    read_header_fields,
    rules,
    syntax,
)
from corpusfmt.v1 import loads as v1_loads
from corpusfmt.v1 import loads_bytes as v1_loads_bytes
from corpusfmt.v1 import render as v1_render

__all__ = ["V1Syntax"]

_HEADER_LINE: Final = re.compile(r"(?m)^<<<FILE")
_MARKER_LINE: Final = re.compile(r"(?m)^<<<")
_ESCAPED_LINE: Final = re.compile(r"(?m)^\\(?=\\*<<<)")


class V1Syntax:
    """Format v1's reader and writer, offered through the interface every syntax has."""

    # A text that format v1 reads without a problem has only that reading:
    # marker lines inside bodies are escaped.
    exact: Final = True
    self_contained: Final = True

    def recognises(self, text: str) -> bool:
        # A v1 bundle has no signature but its markers: reading it is the test.
        return False

    def read(self, text: str, dialect: Dialect, strict: bool) -> Reading:
        """Read format v1, keeping blank lines, the byte order mark and marker lines as written.

        A lenient read starts the core again after each problem, at the next
        header line that lies after it; what lies in between is kept as text.
        """
        parts: list[Part] = []
        diagnostics: list[Diagnostic] = []
        # Documents whose header was read and whose body is damaged: their
        # names are taken all the same, as a strict read sees them.
        damaged: list[tuple[int, str]] = []
        # The diagnostics (by index) about the document whose header stands
        # where they do: a strict read claims its name before it finds them.
        own: set[int] = set()
        lines = rules.Lines(text)
        start = 0
        while True:
            cutter = DocumentCutter(STR, first_lineno=lines.lineno(start), unique_names=strict)
            done = start
            body_damaged = False
            try:
                for frame in cutter.frames(text, final=True, start=start):
                    header, body_end, after, _ = frame
                    try:
                        document = cutter.document(text, frame)
                    except CorpusFormatError:
                        damaged.append((header.start, header.name))
                        body_damaged = True
                        raise
                    parts.append(text[done : header.start])
                    parts.append(
                        Block(
                            document,
                            text[header.start : header.body_start],
                            text[header.body_start : body_end],
                            text[body_end:after],
                        )
                    )
                    done = after
            except CorpusFormatError as error:
                if strict:
                    raise
                start = _recover(text, done, error, parts, diagnostics, own, body_damaged)
                continue
            parts.append(text[done:])
            break
        if not strict:
            # In reading order, as a strict read meets them: its first error is
            # the lenient read's first. At one place, another document's
            # problem (a header inside it) comes first, then a second name,
            # then the problems of the document of that name, which may be
            # placed at its header too.
            ranked = [(d.pos, 2 if index in own else 0, d) for index, d in enumerate(diagnostics)]
            ranked += [(d.pos, 1, d) for d in _duplicates(lines, parts, damaged)]
            diagnostics = [d for _, _, d in sorted(ranked, key=lambda item: item[:2])]
        return joined(parts), tuple(diagnostics)

    def loads(self, text: str, dialect: Dialect) -> list[Document]:
        return v1_loads(text)

    def loads_bytes(self, data: bytes, dialect: Dialect) -> list[Document]:
        return v1_loads_bytes(data)

    def render(
        self, docs: Iterable[Document], dialect: Dialect
    ) -> Iterator[tuple[Document, tuple[str, ...]]]:
        # Documents are written as they come: format v1 holds every one, so
        # nothing needs to be checked before the first is written.
        return iter_rendered(docs)

    def render_block(self, dialect: Dialect, document: Document, old: Block | None) -> Block:
        header, body, end = v1_render(document)
        if end.startswith("\n"):
            # A reader counts the line break that final-newline=no takes
            # away as the body's, not the end line's.
            body, end = body + "\n", end[1:]
        if old is not None and old.end:
            # The old header still reads right if it names the same document.
            kept = Block(document, old.header, body, old.end)
            if self._reads_back(kept):
                return kept
            kept = Block(document, header, body, old.end)
            if self._reads_back(kept):
                return kept
        block = Block(document, header, body, end)
        if not self._reads_back(block):
            # Format v1 holds every document; this guards the writer itself.
            raise CorpusWriteError(
                f"document {document.name!r} would not read back the same in format v1",
                document=document.name,
            )
        return block

    def stream(self, dialect: Dialect, strict: bool) -> StreamParser:
        return StreamParser(strict=strict)

    def _reads_back(self, block: Block) -> bool:
        try:
            return v1_loads(block.text) == [block.document]
        except CorpusFormatError:
            return False


def _recover(
    text: str,
    good_end: int,
    error: CorpusFormatError,
    parts: list[Part],
    diagnostics: list[Diagnostic],
    own: set[int],
    body_damaged: bool,
) -> int:
    """Account for the text from *good_end* on after *error*; return where to go on.

    A document whose end line is missing becomes a truncated block that runs
    to the next header (or the end of the text); anything else that is
    damaged is kept as text, up to the next header line after the problem.
    The diagnostic's index goes into *own* when it is about the document
    whose header stands at its place: one whose body is damaged
    (*body_damaged*: its header was read), or a truncated block cut off at
    its own header (a header that ends the text).
    """
    found = Diagnostic.from_error(error)
    opened = _first_header_line(text, good_end)
    line_start = text.rfind("\n", 0, error.pos) + 1
    restart = _next_header_line(text, max(line_start, opened + 1))
    stop = len(text) if restart < 0 else restart
    truncated = _truncated_block(text, opened, stop, error) if opened >= 0 else None
    if truncated is not None:
        parts.append(text[good_end:opened])
        if body_damaged or error.pos == opened:
            own.add(len(diagnostics))
        parts.append(truncated)
        diagnostics.append(attrs.evolve(found, kind="truncated"))
    else:
        if body_damaged:
            own.add(len(diagnostics))
        parts.append(text[good_end:stop])
        diagnostics.append(found)
    return stop


def _first_header_line(text: str, pos: int) -> int:
    """The header line that begins after only blank lines from *pos*, or -1."""
    if pos == 0:
        pos = rules.bom_width(text, True) or 0
    blank = STR.blank_lines_to_end.match(text, pos)
    assert blank is not None
    at = blank.end()
    return at if text.startswith(syntax.HEADER_START, at) else -1


def _next_header_line(text: str, pos: int) -> int:
    found = _HEADER_LINE.search(text, pos)
    return -1 if found is None else found.start()


def _truncated_block(text: str, opened: int, stop: int, error: CorpusFormatError) -> Block | None:
    """The block of a document opened at *opened* that runs unclosed to *stop*, if it is one.

    It is one when its header is valid and its body holds no line that
    begins with ``<<<``: the only thing wrong with it is the missing end line.
    """
    if error.document is None:
        return None
    line_end = text.find("\n", opened, stop)
    body_start = stop if line_end < 0 else line_end + 1
    header_line = text[opened:body_start].rstrip("\r\n")
    try:
        name, meta, _, binary = read_header_fields(header_line, 0, len(header_line))
    except Malformed:
        return None
    body = text[body_start:stop]
    if binary or _MARKER_LINE.search(body) is not None or name != error.document:
        return None
    document = Document._unchecked(name, _ESCAPED_LINE.sub("", body), meta)
    return Block(document, text[opened:body_start], body, "", truncated=True)


def _duplicates(
    lines: rules.Lines, parts: list[Part], damaged: list[tuple[int, str]]
) -> list[Diagnostic]:
    named = list(damaged)
    pos = 0
    for part in parts:
        if isinstance(part, Block):
            named.append((pos, part.document.name))
            pos += len(part.text)
        else:
            pos += len(part)
    first = rules.FirstSeen()
    found: list[Diagnostic] = []
    for pos, name in sorted(named):
        seen = first.first(name, pos)
        if seen != pos:
            msg = rules.duplicate_message(name, lines.lineno(seen))
            found.append(Diagnostic.from_error(lines.error(msg, pos, name), "duplicate"))
    return found
