"""The edge between files and the pure reader and writer: paths, file objects, UTF-8."""

from __future__ import annotations

import contextlib
import gzip
import io
import os
import secrets
import stat
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any, AnyStr, Final, Union, cast

from corpusfmt._dialect import V1, Dialect
from corpusfmt._errors import CorpusFormatError
from corpusfmt._frame import BYTES, STR
from corpusfmt._model import Document
from corpusfmt._parse import DocumentCutter, loads, loads_bytes
from corpusfmt._write import dumps, iter_rendered

__all__ = [
    "PathOrFile",
    "decode_utf8",
    "dump",
    "iter_load",
    "load",
    "opened_binary",
    "read_chunks",
]

_GZIP_MAGIC: Final = b"\x1f\x8b"

PathOrFile = Union[str, "os.PathLike[str]", IO[bytes], IO[str]]


def load(source: PathOrFile, dialect: str | Dialect = "v1") -> list[Document]:
    """Read every document of a bundle from a path or an open file.

    A path or a binary file is read as UTF-8, gzip-compressed or not (told by
    its first bytes); a text file is read as it is, so open it with
    ``newline=""`` to keep ``\\r\\n`` intact. Raises :class:`CorpusFormatError`
    for malformed text and for bytes that are not UTF-8. *dialect* is as for
    :func:`loads`.
    """
    with _opened(source) as file:
        data = file.read()
    if isinstance(data, str):
        return loads(data, dialect)
    if dialect == "v1" or dialect == V1:
        return loads_bytes(data)
    return loads(decode_utf8(data), dialect)


def decode_utf8(data: bytes) -> str:
    """*data* as text; bytes that are not UTF-8 are a :class:`CorpusFormatError` where they are."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start].decode("utf-8")
        shown = before + data[error.start :].split(b"\n", 1)[0].decode("utf-8", "backslashreplace")
        raise CorpusFormatError.at(
            f"invalid UTF-8 at byte offset {error.start}: {error.reason}", shown, len(before)
        ) from error


def iter_load(source: PathOrFile, *, chunk_size: int = 1 << 20) -> Iterator[Document]:
    """Yield the documents of a bundle one by one, reading it a chunk at a time.

    Takes what :func:`load` takes. Memory holds the current document and
    about *chunk_size* bytes more, not the whole bundle, so a bundle larger
    than memory can be read. A problem is raised as :class:`CorpusFormatError`
    when the reader reaches it, after the documents before it were yielded.

    >>> import io, corpusfmt
    >>> data = b"<<<FILE a>>>\\nx\\n<<<END FILE>>>\\n<<<FILE b>>>\\ny\\n<<<END FILE>>>\\n"
    >>> [doc.name for doc in corpusfmt.iter_load(io.BytesIO(data))]
    ['a', 'b']
    """
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, not {chunk_size}")
    with _opened(source) as file:
        if isinstance(file.read(0), str):
            text_cutter = DocumentCutter(STR, streaming=True)
            for text, final in read_chunks(cast("IO[str]", file), text_cutter, chunk_size):
                yield from text_cutter.cut(text, final=final)
        else:
            cutter = DocumentCutter(BYTES, streaming=True)
            for data, final in read_chunks(cast("IO[bytes]", file), cutter, chunk_size):
                yield from cutter.cut(data, final=final)


def read_chunks(
    file: IO[AnyStr], cutter: DocumentCutter[AnyStr], chunk_size: int
) -> Iterator[tuple[AnyStr, bool]]:
    """Yield the buffers for *cutter* to cut, and whether each is the last.

    Each buffer begins with what the cutter did not consume of the one before.
    """
    buf = file.read(chunk_size)
    final = not buf
    while True:
        yield buf, final
        if final:
            return
        rest = buf[cutter.consumed :]
        # A document longer than the buffer makes the next read as long as
        # the buffer, so a long document is searched a bounded number of
        # times, not once a chunk.
        more = file.read(max(chunk_size, len(rest)))
        final = not more
        buf = rest + more


@contextlib.contextmanager
def opened_binary(source: PathOrFile, *, allow_gzip: bool = True) -> Iterator[IO[bytes]]:
    """Open *source* as bytes, or take the open binary file."""
    with _opened(source, allow_gzip=allow_gzip) as file:
        if isinstance(file.read(0), str):
            raise TypeError("expected a path or a binary file, not a text file")
        yield cast("IO[bytes]", file)


@contextlib.contextmanager
def _opened(source: PathOrFile, *, allow_gzip: bool = True) -> Iterator[IO[bytes] | IO[str]]:
    """Open *source* for reading, or take the open file; gzip is undone here."""
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as file:
            if file.peek(len(_GZIP_MAGIC))[: len(_GZIP_MAGIC)] == _GZIP_MAGIC:
                if not allow_gzip:
                    raise ValueError(
                        f"{os.fspath(source)!r} is gzip-compressed; byte offsets need "
                        "the bundle uncompressed"
                    )
                with gzip.GzipFile(fileobj=file) as unzipped:
                    yield cast("IO[bytes]", unzipped)
            else:
                yield file
        return
    if not hasattr(source, "read"):
        raise TypeError(f"expected a path or a file object, not {type(source).__name__}")
    start = source.read(0)
    if isinstance(start, str):
        yield source
        return
    binary = cast("IO[bytes]", source)
    if not allow_gzip:
        yield binary
        return
    head = _read_exactly(binary, len(_GZIP_MAGIC))
    rejoined = _Rejoined(head, binary)
    if head == _GZIP_MAGIC:
        with gzip.GzipFile(fileobj=rejoined) as unzipped:
            yield cast("IO[bytes]", unzipped)
    else:
        yield cast("IO[bytes]", io.BufferedReader(rejoined))


def _read_exactly(file: IO[bytes], size: int) -> bytes:
    parts = []
    while size > 0:
        part = file.read(size)
        if not part:
            break
        parts.append(part)
        size -= len(part)
    return b"".join(parts)


class _Rejoined(io.RawIOBase):
    """A binary file whose first bytes were already read to look for the gzip magic."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        if self._head:
            size = min(len(view), len(self._head))
            view[:size] = self._head[:size]
            self._head = self._head[size:]
            return size
        data = self._rest.read(len(view))
        view[: len(data)] = data
        return len(data)

    def read(self, size: int = -1) -> bytes:
        # The whole-file read of load() skips the copying of readinto.
        if size is None or size < 0:
            head, self._head = self._head, b""
            return head + self._rest.read()
        return super().read(size) or b""


def dump(docs: Iterable[Document], target: PathOrFile, dialect: str | Dialect = "v1") -> None:
    """Write *docs* as a canonical bundle to a path or an open file.

    Documents are written as the iterable yields them. A path or a binary
    file gets UTF-8; a text file (an :class:`io.TextIOBase`) gets ``str``. A
    path is written through a temporary file beside it that replaces the
    target only once every document is written, so a failed dump leaves no
    partial bundle. Raises :class:`ValueError` for two documents of one name
    and for a text that UTF-8 cannot encode (a lone surrogate). *dialect* is
    as for :func:`dumps`; in another dialect than v1 every document is
    checked before the first byte is written.
    """
    if not isinstance(target, (str, os.PathLike)) and not hasattr(target, "write"):
        raise TypeError(f"expected a path or a file object, not {type(target).__name__}")
    if dialect != "v1" and dialect != V1:
        text = dumps(docs, dialect)
        if isinstance(target, (str, os.PathLike)):
            _write_to_path(os.fspath(target), lambda file: file.write(text.encode("utf-8")))
        else:
            target.write(text if isinstance(target, io.TextIOBase) else text.encode("utf-8"))  # type: ignore[arg-type]
    elif isinstance(target, (str, os.PathLike)):
        _write_to_path(os.fspath(target), lambda file: _dump_batched(docs, file))
    else:
        _dump_to_file(docs, target)


def _write_to_path(path: str, write: Callable[[IO[bytes]], object]) -> None:
    temporary = f"{path}.{secrets.token_hex(4)}.tmp"
    # os.open applies the umask, as a plain open() would; a replaced bundle
    # keeps the mode it had.
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with open(descriptor, "wb", buffering=0) as file:
            write(file)
        with contextlib.suppress(FileNotFoundError):
            os.chmod(temporary, stat.S_IMODE(os.stat(path).st_mode))
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def _dump_to_file(docs: Iterable[Document], file: IO[bytes] | IO[str]) -> None:
    if isinstance(file, io.TextIOBase):
        for _, pieces in iter_rendered(docs):
            for piece in pieces:
                file.write(piece)
        return
    for doc, pieces in iter_rendered(docs):
        for piece in pieces:
            file.write(_encode(doc, piece))  # type: ignore[arg-type]


# Nobody sees the temporary file before it is complete, so its documents can
# be written in large batches: one system call a document would cost more than
# encoding it.
_BATCH_BYTES: Final = 1 << 20


def _dump_batched(docs: Iterable[Document], file: IO[bytes]) -> None:
    batch: list[bytes] = []
    size = 0
    for doc, (header, body, end) in iter_rendered(docs):
        encoded = (header.encode("utf-8"), _encode(doc, body), end.encode("utf-8"))
        batch += encoded
        size += len(encoded[1])
        if size >= _BATCH_BYTES:
            file.write(b"".join(batch))
            batch.clear()
            size = 0
    file.write(b"".join(batch))


def _encode(doc: Document, piece: str) -> bytes:
    try:
        return piece.encode("utf-8")
    except UnicodeEncodeError as error:
        offset = doc.text.find(error.object[error.start])
        raise ValueError(
            f"document {doc.name!r} cannot be written as UTF-8: its text holds the "
            f"lone surrogate U+{ord(error.object[error.start]):04X} at character {offset}"
        ) from error
