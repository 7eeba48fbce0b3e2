"""The exceptions corpusfmt raises: for text it cannot read, and for documents it cannot write."""

from __future__ import annotations

import unicodedata

__all__ = ["BYTE_OFFSET", "OPENED_LINE", "CorpusFormatError", "CorpusWriteError", "Malformed"]

# Stand-ins in a Malformed message for what only the reader's boundary knows:
# the line on which the document was opened, and the offset of a byte in the
# whole stream. Control characters cannot occur in a name, so they cannot
# occur in a message by accident.
OPENED_LINE = "\x00"
BYTE_OFFSET = "\x01"

# A caret line is only useful if the user can see the column; a body line can be
# megabytes long, so the excerpt is cut to a window around the column.
_CONTEXT = 60
_BOM = "\ufeff"


class CorpusFormatError(ValueError):
    """A bundle text does not follow the format.

    Attributes:
        msg: what is wrong, without the position.
        lineno: 1-based line of the problem.
        colno: 1-based column of the problem, counted in characters.
        pos: 0-based character offset of the problem in the text that was read.
        document: name of the document concerned, or ``None`` when the problem
            lies outside any document.
        line: the offending line, without its line break.
        source: the file or URL the position is in, when the text read was
            one of several (a shard of a corpus, a manifest), else ``None``.
    """

    msg: str
    lineno: int
    colno: int
    pos: int
    document: str | None
    line: str
    source: str | None

    def __init__(
        self,
        msg: str,
        *,
        lineno: int,
        colno: int,
        pos: int,
        line: str = "",
        document: str | None = None,
        source: str | None = None,
    ) -> None:
        super().__init__(msg)
        self.msg = msg
        self.lineno = lineno
        self.colno = colno
        self.pos = pos
        self.line = line
        self.document = document
        self.source = source

    @classmethod
    def at(
        cls,
        msg: str,
        text: str,
        pos: int,
        *,
        document: str | None = None,
        first_lineno: int = 1,
        first_pos: int = 0,
    ) -> CorpusFormatError:
        """Build the error for offset *pos* of *text*, working out line and column.

        *text* may be a piece of a longer stream that begins at a line start:
        *first_lineno* and *first_pos* are the line and offset of its first
        character in the stream.
        """
        pos = max(0, min(pos, len(text)))
        line_start = text.rfind("\n", 0, pos) + 1
        if line_start == 0 and first_pos == 0 and text.startswith(_BOM) and pos > 0:
            # The byte order mark is not part of the first line: editors
            # neither show it nor count it in columns.
            line_start = 1
        line_end = text.find("\n", pos)
        if line_end < 0:
            line_end = len(text)
        line = text[line_start:line_end]
        if line.endswith("\r"):
            line = line[:-1]
        return cls(
            msg,
            lineno=first_lineno + text.count("\n", 0, line_start),
            colno=pos - line_start + 1,
            pos=first_pos + pos,
            line=line,
            document=document,
        )

    def __str__(self) -> str:
        head = f"line {self.lineno}, column {self.colno}: {self.msg}"
        if self.source is not None:
            head = f"{self.source}, {head}"
        excerpt, caret_at = _excerpt(self.line, self.colno - 1)
        if not excerpt:
            return head
        return f"{head}\n    {excerpt}\n    {_caret_padding(excerpt[:caret_at])}^"

    def __reduce__(self) -> tuple[object, ...]:
        # Keyword-only arguments are not restored by the default pickling of
        # exceptions, which would break multiprocessing users.
        return (
            _rebuild,
            (self.msg, self.lineno, self.colno, self.pos, self.line, self.document, self.source),
        )


class CorpusWriteError(ValueError):
    """Documents cannot be written as asked: the problem is in what was given, not in a file.

    Attributes:
        msg: what is wrong.
        document: name of the document concerned, or ``None`` when the problem
            is not one document's (a dialect that cannot be written at all).
        lineno: 1-based line of the problem in the document's text, or ``None``
            when the problem has no place in the text (a name, an attribute).
        colno: 1-based column of the problem in that line, or ``None``.
        pos: 0-based character offset of the problem in the document's text, or
            ``None``.
        line: the line of the document's text at fault, without its line
            break, or ``""``.
    """

    msg: str
    document: str | None
    lineno: int | None
    colno: int | None
    pos: int | None
    line: str

    def __init__(
        self,
        msg: str,
        *,
        document: str | None = None,
        lineno: int | None = None,
        colno: int | None = None,
        pos: int | None = None,
        line: str = "",
    ) -> None:
        super().__init__(msg)
        self.msg = msg
        self.document = document
        self.lineno = lineno
        self.colno = colno
        self.pos = pos
        self.line = line

    @classmethod
    def in_text(cls, msg: str, text: str, pos: int, *, document: str) -> CorpusWriteError:
        """The error for offset *pos* of the document's *text*, with its line and column."""
        line_start = text.rfind("\n", 0, pos) + 1
        line_end = text.find("\n", pos)
        line = text[line_start : len(text) if line_end < 0 else line_end]
        return cls(
            msg,
            document=document,
            lineno=text.count("\n", 0, line_start) + 1,
            colno=pos - line_start + 1,
            pos=pos,
            line=line.removesuffix("\r"),
        )

    @property
    def excerpt(self) -> str:
        """The line at fault and a caret under the column, as two indented lines, or ``""``."""
        if self.colno is None or not self.line:
            return ""
        excerpt, caret_at = _excerpt(self.line, self.colno - 1)
        return f"    {excerpt}\n    {_caret_padding(excerpt[:caret_at])}^"

    def __reduce__(self) -> tuple[object, ...]:
        return (
            _rebuild_write_error,
            (self.msg, self.document, self.lineno, self.colno, self.pos, self.line),
        )


def _rebuild_write_error(
    msg: str,
    document: str | None,
    lineno: int | None,
    colno: int | None,
    pos: int | None,
    line: str,
) -> CorpusWriteError:
    return CorpusWriteError(msg, document=document, lineno=lineno, colno=colno, pos=pos, line=line)


class Malformed(Exception):  # noqa: N818 -- internal, never seen by users
    """A rule was broken at *offset* of the buffer being read.

    Raised deep inside the reader, where only the buffer is known; the reader's
    boundary turns it into a :class:`CorpusFormatError` with line and column.
    """

    def __init__(
        self, msg: str, offset: int, document: str | None = None, *, opened: int = -1
    ) -> None:
        super().__init__(msg)
        self.msg = msg
        self.offset = offset
        self.document = document
        # The offset of the open document's header, for OPENED_LINE.
        self.opened = opened


def _rebuild(
    msg: str,
    lineno: int,
    colno: int,
    pos: int,
    line: str,
    document: str | None,
    source: str | None = None,
) -> CorpusFormatError:
    return CorpusFormatError(
        msg, lineno=lineno, colno=colno, pos=pos, line=line, document=document, source=source
    )


def _excerpt(line: str, column: int) -> tuple[str, int]:
    """Cut *line* to a window around *column*; return it and the caret's index in it."""
    column = max(0, min(column, len(line)))
    start = max(0, column - _CONTEXT)
    end = min(len(line), column + _CONTEXT)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(line) else ""
    visible = "".join(_visible(char) for char in line[start:column])
    rest = "".join(_visible(char) for char in line[column:end])
    return prefix + visible + rest + suffix, len(prefix) + len(visible)


def _visible(char: str) -> str:
    # Control and format characters would move the cursor or hide text in a
    # terminal, so the excerpt shows them escaped.
    if char == "\t" or char.isprintable():
        return char
    return char.encode("unicode_escape").decode("ascii")


def _caret_padding(before: str) -> str:
    """Spaces that put a caret under the character after *before* in a terminal."""
    padding = []
    for char in before:
        if char == "\t":
            padding.append("\t")
        elif unicodedata.east_asian_width(char) in ("W", "F"):
            padding.append("  ")
        elif unicodedata.combining(char):
            continue
        else:
            padding.append(" ")
    return "".join(padding)
