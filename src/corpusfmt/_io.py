"""The edge between files and the pure reader and writer: paths, file objects, UTF-8."""

from __future__ import annotations

import contextlib
import io
import os
import secrets
import stat
from collections.abc import Iterable
from typing import IO, Union

from corpusfmt._errors import CorpusFormatError
from corpusfmt._model import Document
from corpusfmt._parse import loads
from corpusfmt._write import iter_rendered

__all__ = ["PathOrFile", "dump", "load"]

PathOrFile = Union[str, "os.PathLike[str]", IO[bytes], IO[str]]


def load(source: PathOrFile) -> list[Document]:
    """Read every document of a bundle from a path or an open file.

    A path or a binary file is decoded as UTF-8; a text file is read as it is,
    so open it with ``newline=""`` to keep ``\\r\\n`` intact. Raises
    :class:`CorpusFormatError` for malformed text and for bytes that are not
    UTF-8.
    """
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as file:
            data: bytes | str = file.read()
    elif hasattr(source, "read"):
        data = source.read()
    else:
        raise TypeError(f"expected a path or a file object, not {type(source).__name__}")
    if isinstance(data, (bytes, bytearray, memoryview)):
        data = decode(bytes(data))
    return loads(data)


def decode(data: bytes) -> str:
    """Decode bundle bytes as UTF-8, reporting a bad byte as a CorpusFormatError."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        good = data[: error.start].decode("utf-8")
        line_end = data.find(b"\n", error.start)
        rest = data[error.start : None if line_end < 0 else line_end]
        shown = good + rest.decode("utf-8", "backslashreplace")
        raise CorpusFormatError.at(
            f"invalid UTF-8 at byte offset {error.start}: {error.reason}",
            shown,
            len(good),
        ) from error


def dump(docs: Iterable[Document], target: PathOrFile) -> None:
    """Write *docs* as a canonical bundle to a path or an open file.

    Documents are written as the iterable yields them. A path or a binary
    file gets UTF-8; a text file (an :class:`io.TextIOBase`) gets ``str``. A
    path is written through a temporary file beside it that replaces the
    target only once every document is written, so a failed dump leaves no
    partial bundle. Raises :class:`ValueError` for two documents of one name
    and for a text that UTF-8 cannot encode (a lone surrogate).
    """
    if isinstance(target, (str, os.PathLike)):
        _dump_to_path(docs, os.fspath(target))
    elif hasattr(target, "write"):
        _dump_to_file(docs, target)
    else:
        raise TypeError(f"expected a path or a file object, not {type(target).__name__}")


def _dump_to_path(docs: Iterable[Document], path: str) -> None:
    temporary = f"{path}.{secrets.token_hex(4)}.tmp"
    # os.open applies the umask, as a plain open() would; a replaced bundle
    # keeps the mode it had.
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with open(descriptor, "wb") as file:
            _dump_to_file(docs, file)
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


def _encode(doc: Document, piece: str) -> bytes:
    try:
        return piece.encode("utf-8")
    except UnicodeEncodeError as error:
        offset = doc.text.find(error.object[error.start])
        raise ValueError(
            f"document {doc.name!r} cannot be written as UTF-8: its text holds the "
            f"lone surrogate U+{ord(error.object[error.start]):04X} at character {offset}"
        ) from error
