"""A push parser: text goes in as it arrives, in chunks of any size; events come out.

It holds no file and does no I/O, so it serves a socket, a model's token
stream or a file read in pieces alike. It runs the same core as ``loads``
(:mod:`corpusfmt.v1._frame`) over a buffer that it trims as it goes: what it has
reported is dropped, and only what cannot be decided yet is kept, which is at
most the line being read.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from corpusfmt._diagnostic import Diagnostic
from corpusfmt._errors import OPENED_LINE, CorpusFormatError, Malformed
from corpusfmt._events import (
    BetweenText,
    BodyData,
    BodyText,
    DocumentEnded,
    DocumentIncomplete,
    DocumentStarted,
    Event,
    Noticed,
)
from corpusfmt.v1 import _frame, _rules
from corpusfmt.v1._frame import END, ESCAPED, MORE, STR, Header

__all__ = ["StreamParser"]

# The start of a body line that may still become a marker line or an escaped
# line once more text arrives.
_MAYBE_MARKER: Final = re.compile(r"\\*<{0,2}")


class StreamParser:
    """Read a bundle that arrives in pieces, and report what it holds as it comes.

    Call :meth:`feed` with each piece of text and :meth:`close` at the end of
    the stream; both return the events the text completed. Text of a document
    is reported as soon as it cannot be part of a marker line, so a line is
    held back only while it could still turn out to be ``<<<END FILE>>>``.

    Joined, the events give exactly the documents :func:`corpusfmt.loads`
    gives for the whole text, however the text was cut. A problem raises
    :class:`~corpusfmt.CorpusFormatError`, with line and column in the whole stream, as
    soon as the line that shows it is complete; :meth:`close` raises it if the
    stream ends inside a document. A lenient parser (``strict=False``)
    reports a second document of a name, and a document the stream leaves
    open, as :class:`~corpusfmt.Noticed` events, as a lenient ``parse`` reports them;
    format v1 has no reading past any other problem, so that still raises.

    :class:`corpusfmt.StreamParser` runs this parser for ``dialect="v1"``;
    its examples show the events.
    """

    def __init__(self, *, strict: bool = True) -> None:
        self._strict = strict
        # A lenient parser reports the second document of a name when it ends.
        self._duplicate: Diagnostic | None = None
        self._buf = ""
        self._at_stream_start = True
        self._closed = False
        self._failure: CorpusFormatError | None = None
        self._events_before_error: list[Event] = []
        # The stream line and offset of the buffer's first character.
        self._lines = _rules.RunningLines()
        self._pos = 0
        self._first_lines = _rules.FirstSeen()
        # The open document, if any, and where in the buffer its text goes on.
        self._open: Header | None = None
        self._open_line = ""
        self._open_lineno = 0
        self._open_pos = 0
        self._body_pos = 0
        self._body_empty = True
        self._search = 0
        self._floor_at_line_start = True

    def feed(self, chunk: str) -> list[Event]:
        """Take the next piece of the stream; return the events it completed."""
        if not isinstance(chunk, str):
            raise TypeError(f"expected a str chunk, not {type(chunk).__name__}")
        if self._closed:
            raise ValueError("feed() after close()")
        self._raise_earlier_failure()
        self._buf += chunk
        return self._run(final=False)

    def close(self) -> list[Event]:
        """End the stream; return the last events.

        Raises :class:`~corpusfmt.CorpusFormatError` if a document is still
        open: the stream was cut short (a truncated answer or file). A lenient
        parser reports that as a ``truncated`` :class:`~corpusfmt.Noticed` and
        :class:`~corpusfmt.DocumentIncomplete` instead.
        """
        if self._closed:
            return []
        self._raise_earlier_failure()
        self._closed = True
        open_name = None if self._open is None else self._open.name
        try:
            return self._run(final=True)
        except CorpusFormatError as error:
            if self._strict or open_name is None or error.document != open_name:
                raise
            return [
                *self._events_before_error,
                Noticed(Diagnostic.from_error(error, "truncated")),
                DocumentIncomplete(open_name),
            ]

    @property
    def open_document(self) -> tuple[str, int, int] | None:
        """Name, stream offset and header line of the document being read.

        ``None`` between documents.
        """
        if self._open is None:
            return None
        return self._open.name, self._open_pos, self._open_lineno

    @property
    def first_lines(self) -> Mapping[str, int]:
        """The line of the first header of each name read so far."""
        return MappingProxyType(self._first_lines.where)

    @property
    def events_before_error(self) -> list[Event]:
        """The events that the call which raised had read before the problem.

        A call that raises returns nothing; these are what it would have
        returned up to the problem, so that a caller who goes on without this
        parser (as ``dialect="auto"`` does) loses nothing that was read.
        """
        return list(self._events_before_error)

    def _raise_earlier_failure(self) -> None:
        if self._failure is not None:
            raise self._failure

    def _run(self, *, final: bool) -> list[Event]:
        events: list[Event] = []
        try:
            pos = self._step(events, final)
        except Malformed as problem:
            self._failure = self._translate(problem)
            self._events_before_error = events
            raise self._failure from problem.__cause__
        except CorpusFormatError as failure:
            self._failure = failure
            self._events_before_error = events
            raise
        self._trim(pos)
        return events

    def _step(self, events: list[Event], final: bool) -> int:
        """Report what the buffer decides; return the offset before which it is done with."""
        buf = self._buf
        pos = 0
        if self._at_stream_start:
            bom = _rules.bom_width(buf, final)
            if bom is None:
                return 0
            self._at_stream_start = False
            if bom:
                events.append(BetweenText(buf[:bom]))
                pos = bom
        while True:
            if self._open is None:
                blank_end = _frame.skip_blank_lines(STR, buf, pos, final)
                if blank_end > pos:
                    events.append(BetweenText(buf[pos:blank_end]))
                    pos = blank_end
                if pos == len(buf):
                    return pos
                header = _frame.read_header(STR, buf, pos, final)
                if header is None:
                    return pos
                self._start(header, buf, events)
                pos = header.body_start
                continue
            header = self._open
            kind, first, second = _frame.scan_body(
                STR, buf, self._search, pos, self._floor_at_line_start, final, header
            )
            if kind == END:
                self._emit_body(events, first, final_piece=True)
                if self._duplicate is not None:
                    events.append(Noticed(self._duplicate))
                    self._duplicate = None
                events.append(DocumentEnded(header.name))
                self._open = None
                pos = second
                continue
            if kind == ESCAPED:
                if header.binary:
                    # The whole body is decoded at its end, so that a bad
                    # character is reported where every reader reports it.
                    self._search = second
                    continue
                self._emit(events, self._body_pos, first)
                # The escape itself is the first character of the line.
                self._body_pos = first + 1
                self._search = second
                continue
            if kind == MORE:
                self._search = first
                if not header.binary:
                    self._emit_body(events, self._held_from(buf, pos), final_piece=False)
                return self._body_pos
            raise self._unclosed()

    def _start(self, header: Header, buf: str, events: list[Event]) -> None:
        line_end = buf.find("\n", header.start)
        self._open_line = buf[header.start : line_end if line_end >= 0 else len(buf)]
        self._open_lineno = self._line_at(buf, header.start)
        self._open_pos = self._pos + header.start
        first = self._first_lines.first(header.name, self._open_lineno)
        if first != self._open_lineno:
            msg = _rules.duplicate_message(header.name, first)
            if self._strict:
                raise Malformed(msg, header.start, header.name)
            self._duplicate = Diagnostic(
                "duplicate", "error", msg, self._open_lineno, 1, self._open_pos, header.name
            )
        events.append(DocumentStarted(header.name, header.meta))
        self._open = header
        self._body_pos = self._search = header.body_start
        self._body_empty = True
        self._floor_at_line_start = True

    def _held_from(self, buf: str, floor: int) -> int:
        """Where the text that must wait for more of the stream begins."""
        header = self._open
        assert header is not None
        newline = buf.rfind("\n", self._body_pos)
        if newline >= 0:
            line_start = newline + 1
        elif self._body_pos == floor and self._floor_at_line_start:
            line_start = self._body_pos
        else:
            line_start = -1
        held = len(buf)
        if line_start >= 0 and (
            _MAYBE_MARKER.fullmatch(buf, line_start)
            or buf.startswith(_frame.STR.marker, line_start)
        ):
            held = line_start
            if header.no_final_newline and held > self._body_pos:
                # The line break before a possible end line may be the one
                # that final-newline=no takes away.
                held -= 1
        if (
            header.no_final_newline
            and header.crlf
            and held > self._body_pos
            and buf.startswith("\r", held - 1)
        ):
            held -= 1
        return max(held, self._body_pos)

    def _emit_body(self, events: list[Event], end: int, *, final_piece: bool) -> None:
        header = self._open
        assert header is not None
        if header.binary:
            data = _frame.decode_base64(STR, self._buf, self._body_pos, end, header.name)
            events.append(BodyData(data))
            self._body_pos = end
            return
        if final_piece and header.no_final_newline:
            if self._body_empty and end == self._body_pos:
                raise self._at_open_header(_rules.empty_without_final_newline_message(header.name))
            end -= _rules.final_line_break(self._buf, self._body_pos, end, header.crlf) or 1
        self._emit(events, self._body_pos, end)
        self._body_pos = end

    def _emit(self, events: list[Event], start: int, end: int) -> None:
        if end > start:
            events.append(BodyText(self._buf[start:end]))
            self._body_empty = False

    def _trim(self, pos: int) -> None:
        """Drop what was reported, keeping stream positions right."""
        if pos == 0:
            return
        buf = self._buf
        self._lines.rebase(buf, pos)
        self._pos += pos
        self._floor_at_line_start = buf.startswith("\n", pos - 1)
        self._buf = buf[pos:]
        self._body_pos -= pos
        self._search = max(0, self._search - pos)

    def _line_at(self, buf: str, offset: int) -> int:
        """The stream line of *offset* in the buffer; offsets asked about only grow."""
        return self._lines.line_of(buf, offset)

    def _unclosed(self) -> CorpusFormatError:
        header = self._open
        assert header is not None
        return self._at_open_header(
            _rules.unclosed_message(header.name, self._open_lineno, "'<<<END FILE>>>' line")
        )

    def _at_open_header(self, msg: str) -> CorpusFormatError:
        header = self._open
        assert header is not None
        return CorpusFormatError.at(
            msg,
            self._open_line,
            0,
            document=header.name,
            first_lineno=self._open_lineno,
            first_pos=self._open_pos,
        )

    def _translate(self, problem: Malformed) -> CorpusFormatError:
        msg = problem.msg.replace(OPENED_LINE, str(self._open_lineno))
        line_end = self._buf.find("\n", problem.offset)
        return CorpusFormatError.at(
            msg,
            self._buf[: line_end if line_end >= 0 else len(self._buf)],
            problem.offset,
            document=problem.document,
            first_lineno=self._lines.lineno,
            first_pos=self._pos,
        )
