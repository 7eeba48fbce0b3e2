"""The rules every reader shares, whatever syntax it reads and however it gets its text.

A bundle may begin with a byte order mark; names are unique; a document whose
end never comes is reported at its header; the writer's last line break is
taken off a text that has none; line numbers count ``\\n`` only. Each rule is
here once, and every reader (the whole-text and the streaming readers of
format v1, the index, the lenient reader, and the dialect readers) calls it,
so that one input gets one error from all of them.
"""

from __future__ import annotations

import bisect
from itertools import accumulate, repeat
from typing import AnyStr, Final

from corpusfmt._errors import CorpusFormatError

__all__ = [
    "BOM",
    "FirstSeen",
    "Lines",
    "RunningLines",
    "at_line_start",
    "bom_width",
    "decode_utf8",
    "duplicate_message",
    "empty_without_final_newline_message",
    "final_line_break",
    "unclosed_message",
]

BOM: Final = "\ufeff"
_BOM_BYTES: Final = BOM.encode()


def bom_width(buf: AnyStr, final: bool) -> int | None:
    """How much of the start of *buf* is a byte order mark: 0, its width, or
    ``None`` while the buffer is too short to tell.

    Rule: ``bundle = [BOM] …``: only the first character of a bundle may be a
    byte order mark; it belongs to no line and is not counted in columns.
    """
    bom: str | bytes = BOM if isinstance(buf, str) else _BOM_BYTES
    if not final and len(buf) < len(bom) and bom.startswith(buf):  # type: ignore[arg-type]
        return None
    return len(bom) if buf.startswith(bom) else 0  # type: ignore[arg-type]


def at_line_start(text: str, pos: int) -> bool:
    """Whether *pos* begins a line of *text*; the first line begins after a byte order mark."""
    return pos == 0 or text[pos - 1] == "\n" or (pos == 1 and text[0] == BOM)


def duplicate_message(name: str, first_lineno: int | str) -> str:
    """Rule: names are unique within a bundle; the second document of a name is
    reported at its header, naming the line of the first."""
    return (
        f"duplicate document name {name!r}; "
        f"the first document of that name starts on line {first_lineno}"
    )


class FirstSeen:
    """Where the first document of each name was seen, to find the second one."""

    __slots__ = ("where",)

    def __init__(self) -> None:
        # A reader reads this dict directly in its loop: a method call per
        # document would cost more than the check.
        self.where: dict[str, int] = {}

    def first(self, name: str, where: int) -> int:
        """Record *name* seen at *where*; return where it was first seen."""
        return self.where.setdefault(name, where)


def unclosed_message(
    name: str,
    opened_lineno: int | str | None,
    end_marker: str,
    cut_by: str = "the text ends",
) -> str:
    """Rule: a document whose end marker never comes is reported at its header.

    *opened_lineno* is said when given (format v1 says the header's line in
    the message as well); *end_marker* says what was missing, *cut_by* what
    came instead (the end of the text, or the next header).
    """
    opened = "" if opened_lineno is None else f", opened on line {opened_lineno},"
    return f"document {name!r}{opened} is not closed: {cut_by} before its {end_marker}"


def empty_without_final_newline_message(name: str) -> str:
    """Rule: an empty body has no final line break to take away."""
    return (
        f"document {name!r} is marked 'final-newline=no' but its body "
        "is empty; an empty document has no such mark"
    )


def final_line_break(buf: AnyStr, body_start: int, body_end: int, crlf_header: bool) -> int:
    """How many characters of the body ``buf[body_start:body_end]`` the writer's
    final line break takes: 2 or 1 (the body ends with a line break), or 0.

    Rule: the break is ``\\r\\n`` if the header line ends in ``\\r\\n`` and the
    body in ``\\r\\n``, else ``\\n``.
    """
    newline: str | bytes = "\n" if isinstance(buf, str) else b"\n"
    if body_end <= body_start or not buf.startswith(newline, body_end - 1):  # type: ignore[arg-type]
        return 0
    crlf: str | bytes = "\r\n" if isinstance(buf, str) else b"\r\n"
    if crlf_header and body_end - 2 >= body_start and buf.startswith(crlf, body_end - 2):  # type: ignore[arg-type]
        return 2
    return 1


class RunningLines:
    """Line numbers in a buffer read front to back, as a stream reader needs them.

    Lines are counted from the offset asked about last, so a whole bundle
    read front to back is not recounted for each header. :meth:`rebase`
    starts a new buffer whose first character is on a known line.
    """

    __slots__ = ("_counted", "_counted_to", "lineno")

    def __init__(self, lineno: int = 1) -> None:
        # The line of the buffer's first character.
        self.lineno = lineno
        self._counted_to = 0
        self._counted = 0

    def line_of(self, buf: AnyStr, offset: int) -> int:
        """The line of *offset* of the buffer, counted from the offset asked about last."""
        newline: str | bytes = "\n" if isinstance(buf, str) else b"\n"
        if offset >= self._counted_to:
            self._counted += buf.count(newline, self._counted_to, offset)  # type: ignore[arg-type]
        else:
            self._counted -= buf.count(newline, offset, self._counted_to)  # type: ignore[arg-type]
        self._counted_to = offset
        return self.lineno + self._counted

    def lines_of(self, buf: AnyStr, offsets: list[int]) -> list[int]:
        """The lines of growing *offsets*, counted in one C-level pass between each two."""
        newline: str | bytes = "\n" if isinstance(buf, str) else b"\n"
        counts = map(buf.count, repeat(newline), [self._counted_to, *offsets[:-1]], offsets)  # type: ignore[arg-type]
        lines = list(accumulate(counts, initial=self.lineno + self._counted))
        del lines[0]
        if offsets:
            self._counted_to = offsets[-1]
            self._counted = lines[-1] - self.lineno
        return lines

    def restart(self, offset: int = 0) -> None:
        """Count again from *offset* of the same buffer, which is on line :attr:`lineno`."""
        self._counted_to, self._counted = offset, 0

    def rebase(self, buf: AnyStr, offset: int) -> None:
        """The next buffer begins at *offset* of this one."""
        self.lineno = self.line_of(buf, offset)
        self._counted_to = self._counted = 0


class Lines:
    """Line numbers of a whole text, found by bisection once the line starts are known.

    For readers that report many positions in one text out of order (a lenient
    read, a dialect read): counting line breaks up to each position would
    make them quadratic in the length of the text.
    """

    __slots__ = ("_first_lineno", "_first_pos", "_starts", "_text")

    def __init__(self, text: str, first_lineno: int = 1, first_pos: int = 0) -> None:
        # *text* may be a piece of a stream that begins at a line start: its
        # first character is on line *first_lineno*, at offset *first_pos*.
        self._text = text
        self._first_lineno = first_lineno
        self._first_pos = first_pos
        self._starts: list[int] | None = None

    def lineno(self, pos: int) -> int:
        """The line of offset *pos*."""
        return self._line(pos)[0]

    def _line(self, pos: int) -> tuple[int, int]:
        if self._starts is None:
            text = self._text
            starts = [0]
            found = text.find("\n")
            while found >= 0:
                starts.append(found + 1)
                found = text.find("\n", found + 1)
            self._starts = starts
        index = bisect.bisect_right(self._starts, pos) - 1
        return index + self._first_lineno, self._starts[index]

    def error(self, msg: str, pos: int, document: str | None) -> CorpusFormatError:
        """The error at offset *pos* of the text, with its line and column in the stream."""
        lineno, start = self._line(pos)
        end = self._text.find("\n", pos)
        return CorpusFormatError.at(
            msg,
            self._text[start : len(self._text) if end < 0 else end],
            pos - start,
            document=document,
            first_lineno=lineno,
            first_pos=self._first_pos + start,
        )


def decode_utf8(data: bytes) -> str:
    """*data* as text; a byte that is not UTF-8 is a :class:`~corpusfmt.CorpusFormatError` where it is.

    Rule: a bundle is UTF-8; the error names the byte offset and stands at the
    line and column of the first bad byte.
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start].decode("utf-8")
        shown = before + data[error.start :].split(b"\n", 1)[0].decode("utf-8", "backslashreplace")
        raise CorpusFormatError.at(
            f"invalid UTF-8 at byte offset {error.start}: {error.reason}", shown, len(before)
        ) from error
