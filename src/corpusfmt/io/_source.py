"""Where a bundle comes from and goes to: paths, URLs, open files, compression, UTF-8.

Nothing here knows a syntax: the facade hands the bytes or text read here to
the dialect's reader, and the pieces the dialect's writer gives back to
:func:`write_pieces`.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import re
from collections.abc import Iterable, Iterator
from itertools import chain
from operator import itemgetter
from typing import IO, Any, Final, Literal, TypeAlias, TypeGuard, cast

from corpusfmt._errors import CorpusWriteError
from corpusfmt._model import Document
from corpusfmt.io._atomic import atomic_writer
from corpusfmt.io._compression import (
    MAGIC_SIZE,
    Compression,
    check_compression,
    compressing,
    compression_in,
    decompressed,
    decompressing,
)

__all__ = [
    "Compression",
    "PathOrFile",
    "compression_of",
    "filesystem_of",
    "is_url",
    "open_url",
    "opened_binary",
    "opened_source",
    "read_source",
    "write_pieces",
]


PathOrFile: TypeAlias = str | os.PathLike[str] | IO[bytes] | IO[str]
"""A path to a file, a URL, or a file object open for reading or writing:
binary (UTF-8 bytes, perhaps compressed when reading) or text (``str``).
A ``str`` that begins with a scheme and ``://`` (``s3://``, ``https://``,
``memory://`` …) is a URL, opened through fsspec; a :class:`pathlib.Path`
is always a local file."""

# A scheme of two letters or more: "C://" is no URL, but no path has "://".
_URL: Final = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]+://")
_FSSPEC_INSTALL: Final = "pip install 'corpusfmt[fsspec]'"


def is_url(source: object) -> TypeGuard[str]:
    """Whether *source* is a URL that corpusfmt opens through fsspec.

    >>> import pathlib, corpusfmt
    >>> corpusfmt.io.is_url("s3://bucket/corpus.bundle"), corpusfmt.io.is_url("corpus.bundle")
    (True, False)
    >>> corpusfmt.io.is_url(pathlib.Path("s3://bucket"))
    False
    """
    return isinstance(source, str) and _URL.match(source) is not None


def open_url(url: str, mode: Literal["rb", "wb"], *, random_access: bool = False) -> IO[bytes]:
    """The file at *url*, opened through fsspec in *mode*, without decompressing it.

    Reading a part of a file seeks in it, which fsspec turns into range
    requests where the storage has them (HTTP, S3, GCS, Hugging Face). With
    *random_access*, each read fetches just the bytes it asks for: fsspec's
    read-ahead would otherwise fetch megabytes from the start of the file
    for the few bytes that tell whether it is compressed. Without fsspec
    installed, an :class:`ImportError` says what to install.
    """
    filesystem, path = filesystem_of(url)
    options = {"cache_type": "none"} if random_access else {}
    try:
        return cast("IO[bytes]", filesystem.open(path, mode, **options))
    except FileNotFoundError as error:
        # fsspec names the file in the message only; say it as open() does.
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), url) from error


def filesystem_of(url: str) -> tuple[Any, str]:
    """The fsspec filesystem of *url* and the path in it."""
    try:
        import fsspec
    except ImportError as error:
        raise ImportError(f"reading or writing {url!r} needs fsspec: {_FSSPEC_INSTALL}") from error
    return cast("tuple[Any, str]", fsspec.core.url_to_fs(url))


def compression_of(source: str | os.PathLike[str] | IO[bytes]) -> Compression | None:
    """The compression of *source*, told by its first bytes, or ``None``.

    *source* is a path, a URL or a seekable binary file, which is left where
    it was.

    >>> import gzip, pathlib, tempfile, corpusfmt
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "a.bundle.gz"
    >>> _ = path.write_bytes(gzip.compress(b""))
    >>> corpusfmt.io.compression_of(path)
    'gzip'
    """
    if is_url(source):
        with open_url(source, "rb") as file:
            head = file.read(MAGIC_SIZE)
    elif isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as file:
            head = file.read(MAGIC_SIZE)
    else:
        where = source.tell()
        head = source.read(MAGIC_SIZE)
        source.seek(where)
    return compression_in(head)


def read_source(source: PathOrFile) -> bytes | str:
    """All of *source*: bytes from a path, a URL or a binary file (its compression
    undone), ``str`` from a text file.

    Damaged compressed data is a :class:`~corpusfmt.CorpusFormatError` at the
    end of the text that could be read.
    """
    if is_url(source):
        with open_url(source, "rb") as file:
            data: bytes | str = file.read()
    elif isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as file:
            data = file.read()
    elif hasattr(source, "read"):
        data = source.read()
    else:
        raise TypeError(f"expected a path or a file object, not {type(source).__name__}")
    if isinstance(data, bytes):
        return decompressed(data)
    return data


@contextlib.contextmanager
def opened_binary(source: PathOrFile, *, allow_compressed: bool = True) -> Iterator[IO[bytes]]:
    """Open *source* as bytes, or take the open binary file."""
    with opened_source(source, allow_compressed=allow_compressed) as file:
        if isinstance(file.read(0), str):
            raise TypeError("expected a path or a binary file, not a text file")
        yield cast("IO[bytes]", file)


@contextlib.contextmanager
def opened_source(
    source: PathOrFile, *, allow_compressed: bool = True
) -> Iterator[IO[bytes] | IO[str]]:
    """Open *source* for reading, or take the open file; a compression is undone here.

    A compressed file is told by its first bytes, not its name. Without
    *allow_compressed*, a compressed path or URL is a :class:`ValueError`.
    """
    if is_url(source):
        with open_url(source, "rb", random_access=not allow_compressed) as remote:
            if not allow_compressed:
                compression = compression_in(remote.read(MAGIC_SIZE))
                remote.seek(0)
                if compression is not None:
                    raise ValueError(_not_seekable(source, compression))
            with opened_source(remote, allow_compressed=allow_compressed) as file:
                yield file
        return
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as file:
            compression = compression_in(file.peek(MAGIC_SIZE)[:MAGIC_SIZE])
            if compression is None:
                yield file
            elif not allow_compressed:
                raise ValueError(_not_seekable(os.fspath(source), compression))
            else:
                with decompressing(file, compression) as unpacked:
                    yield unpacked
        return
    if not hasattr(source, "read"):
        raise TypeError(f"expected a path or a file object, not {type(source).__name__}")
    start = source.read(0)
    if isinstance(start, str):
        yield source
        return
    binary = cast("IO[bytes]", source)
    if not allow_compressed:
        yield binary
        return
    head = _read_exactly(binary, MAGIC_SIZE)
    rejoined = _Rejoined(head, binary)
    compression = compression_in(head)
    if compression is None:
        yield cast("IO[bytes]", io.BufferedReader(rejoined))
    else:
        with decompressing(cast("IO[bytes]", rejoined), compression) as unpacked:
            yield unpacked


def _not_seekable(name: str, compression: Compression) -> str:
    return f"{name!r} is {compression}-compressed; byte offsets need the bundle uncompressed"


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
        # What a pipe has now, not a full buffer: a stream is read as it arrives.
        read = getattr(self._rest, "read1", self._rest.read)
        data = read(len(view))
        view[: len(data)] = data
        return len(data)

    def read(self, size: int = -1) -> bytes:
        # The whole-file read of load() skips the copying of readinto.
        if size is None or size < 0:
            head, self._head = self._head, b""
            return head + self._rest.read()
        return super().read(size) or b""


# Nobody sees the temporary file before it is complete, so its documents can
# be written in large batches: one system call a document would cost more than
# encoding it.
_BATCH_CHARACTERS: Final = 1 << 20


def write_pieces(
    pieces: Iterable[tuple[Document, tuple[str, ...]]],
    target: PathOrFile,
    *,
    compression: Compression | None = None,
) -> None:
    """Write each document's pieces of text to *target*, in order.

    A path is written atomically (see :func:`atomic_writer`) in large
    batches; a URL is written through fsspec, also in large batches (an
    object store shows the object only once it is closed; other filesystems
    may show it while it is written); a file object gets each document as it
    comes, ``str`` if it is a text file (an :class:`io.TextIOBase`), else
    UTF-8. *compression* compresses what a path, a URL or a binary file gets.
    """
    check_compression(compression)
    if is_url(target):
        with open_url(target, "wb") as remote:
            _write_compressed(pieces, remote, compression)
        return
    if isinstance(target, (str, os.PathLike)):
        with atomic_writer(target) as file:
            _write_compressed(pieces, file, compression)
        return
    if not hasattr(target, "write"):
        raise TypeError(f"expected a path or a file object, not {type(target).__name__}")
    if isinstance(target, io.TextIOBase):
        if compression is not None:
            raise ValueError("a text file cannot take compressed data; open it in binary mode")
        for _, texts in pieces:
            for text in texts:
                target.write(text)
        return
    binary = cast("IO[bytes]", target)
    if compression is None:
        for doc, texts in pieces:
            for text in texts:
                binary.write(_encode(doc, text))
        return
    _write_compressed(pieces, binary, compression)


def _write_compressed(
    pieces: Iterable[tuple[Document, tuple[str, ...]]],
    file: IO[bytes],
    compression: Compression | None,
) -> None:
    if compression is None:
        _write_batched(pieces, file)
        return
    with compressing(file, compression) as packed:
        _write_batched(pieces, packed)


def _write_batched(pieces: Iterable[tuple[Document, tuple[str, ...]]], file: IO[bytes]) -> None:
    batch: list[tuple[Document, tuple[str, ...]]] = []
    size = 0
    for rendered in pieces:
        batch.append(rendered)
        size += sum(map(len, rendered[1]))
        if size >= _BATCH_CHARACTERS:
            file.write(_encoded(batch))
            batch.clear()
            size = 0
    file.write(_encoded(batch))


def _encoded(batch: list[tuple[Document, tuple[str, ...]]]) -> bytes:
    """The pieces of many documents as UTF-8, encoded in one call: one a piece
    costs more than the encoding when documents are short."""
    try:
        return "".join(chain.from_iterable(map(itemgetter(1), batch))).encode("utf-8")
    except UnicodeEncodeError:
        for doc, texts in batch:
            for text in texts:
                _encode(doc, text)
        raise


def _encode(doc: Document, piece: str) -> bytes:
    try:
        return piece.encode("utf-8")
    except UnicodeEncodeError as error:
        char = error.object[error.start]
        text = doc.text
        offset = text.find(char)
        raise CorpusWriteError.in_text(
            f"document {doc.name!r} cannot be written as UTF-8: its text holds the "
            f"lone surrogate U+{ord(char):04X} at character {offset}",
            text,
            offset,
            document=doc.name,
        ) from error
