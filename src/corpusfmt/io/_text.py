"""A source's text as it arrives: UTF-8 decoded piece by piece, for a push parser."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Final, cast

from corpusfmt._errors import CorpusFormatError
from corpusfmt.io._compression import DAMAGE, damaged
from corpusfmt.io._source import PathOrFile, opened_source

__all__ = ["iter_text"]

# The longest UTF-8 sequence less one: what a piece may end inside of.
_SEQUENCE_TAIL: Final = 3


def iter_text(source: PathOrFile, chunk_size: int = 1 << 16) -> Iterator[str]:
    """Yield the text of *source* in pieces as it can be read: a pipe's as it arrives.

    *source* is a path or an open file, as for :func:`corpusfmt.load`: bytes
    are UTF-8 (gzip undone), a text file's ``str`` is taken as it is. A byte
    that is not UTF-8, and compressed data that is damaged, raise
    :class:`~corpusfmt.CorpusFormatError` with the line and column where the
    text breaks off, after the pieces before it were yielded.
    """
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, not {chunk_size}")
    with opened_source(source) as file:
        if isinstance(file.read(0), str):
            text_file = cast("IO[str]", file)
            while piece := text_file.read(chunk_size):
                yield piece
            return
        yield from _decoded(cast("IO[bytes]", file), chunk_size)


def _decoded(file: IO[bytes], chunk_size: int) -> Iterator[str]:
    read = getattr(file, "read1", None) or file.read
    where = _Where()
    pending = b""
    while True:
        try:
            data = read(chunk_size)
        except DAMAGE as error:
            raise where.damaged(error) from error
        final = not data
        data = pending + data
        cut = len(data) if final else _complete(data)
        pending = data[cut:]
        try:
            text = data[:cut].decode("utf-8")
        except UnicodeDecodeError as error:
            raise where.bad_utf8(data, error) from error
        if text:
            where.advance(text)
            yield text
        if final:
            return


def _complete(data: bytes) -> int:
    """How much of *data* is whole UTF-8 sequences: a sequence cut at the end waits."""
    for back in range(1, min(_SEQUENCE_TAIL, len(data)) + 1):
        byte = data[-back]
        if byte < 0x80:
            return len(data)
        if byte >= 0xC0:
            width = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            return len(data) if back >= width else len(data) - back
    return len(data)


class _Where:
    """How far the text has come: bytes, characters, lines, and the line being read."""

    def __init__(self) -> None:
        self.byte_offset = 0
        self.pos = 0
        self.lineno = 1
        self.line = ""

    def advance(self, text: str) -> None:
        self.byte_offset += len(text.encode())
        self.pos += len(text)
        newline = text.rfind("\n")
        if newline < 0:
            self.line += text
        else:
            self.lineno += text.count("\n")
            self.line = text[newline + 1 :]

    def _at(self, msg: str, before: str, after: str) -> CorpusFormatError:
        newline = before.rfind("\n")
        lineno = self.lineno + before.count("\n")
        line = self.line + before if newline < 0 else before[newline + 1 :]
        line_pos = self.pos + (newline + 1 if newline >= 0 else -len(self.line))
        return CorpusFormatError.at(
            msg, line + after, len(line), first_lineno=lineno, first_pos=line_pos
        )

    def bad_utf8(self, data: bytes, error: UnicodeDecodeError) -> CorpusFormatError:
        before = data[: error.start].decode("utf-8")
        after = data[error.start :].split(b"\n", 1)[0].decode("utf-8", "backslashreplace")
        return self._at(
            f"invalid UTF-8 at byte offset {self.byte_offset + error.start}: {error.reason}",
            before,
            after,
        )

    def damaged(self, error: BaseException) -> CorpusFormatError:
        return self._at(damaged(error, "").msg, "", "")
