"""The one exception corpusfmt raises for malformed bundle text."""

from __future__ import annotations

import unicodedata

__all__ = ["CorpusFormatError"]

# A caret line is only useful if the user can see the column; a body line can be
# megabytes long, so the excerpt is cut to a window around the column.
_CONTEXT = 60


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
    """

    msg: str
    lineno: int
    colno: int
    pos: int
    document: str | None
    line: str

    def __init__(
        self,
        msg: str,
        *,
        lineno: int,
        colno: int,
        pos: int,
        line: str = "",
        document: str | None = None,
    ) -> None:
        super().__init__(msg)
        self.msg = msg
        self.lineno = lineno
        self.colno = colno
        self.pos = pos
        self.line = line
        self.document = document

    @classmethod
    def at(
        cls, msg: str, text: str, pos: int, *, document: str | None = None
    ) -> CorpusFormatError:
        """Build the error for offset *pos* of *text*, working out line and column."""
        pos = max(0, min(pos, len(text)))
        line_start = text.rfind("\n", 0, pos) + 1
        line_end = text.find("\n", pos)
        if line_end < 0:
            line_end = len(text)
        line = text[line_start:line_end]
        if line.endswith("\r"):
            line = line[:-1]
        return cls(
            msg,
            lineno=text.count("\n", 0, line_start) + 1,
            colno=pos - line_start + 1,
            pos=pos,
            line=line,
            document=document,
        )

    def __str__(self) -> str:
        head = f"line {self.lineno}, column {self.colno}: {self.msg}"
        excerpt, caret_at = _excerpt(self.line, self.colno - 1)
        if not excerpt:
            return head
        return f"{head}\n    {excerpt}\n    {_caret_padding(excerpt[:caret_at])}^"

    def __reduce__(self) -> tuple[object, ...]:
        # Keyword-only arguments are not restored by the default pickling of
        # exceptions, which would break multiprocessing users.
        return (
            _rebuild,
            (self.msg, self.lineno, self.colno, self.pos, self.line, self.document),
        )


def _rebuild(
    msg: str, lineno: int, colno: int, pos: int, line: str, document: str | None
) -> CorpusFormatError:
    return CorpusFormatError(
        msg, lineno=lineno, colno=colno, pos=pos, line=line, document=document
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
