"""Writing format v1: documents in, bundle text out, always in canonical form."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Final

from corpusfmt._errors import CorpusWriteError
from corpusfmt._model import Document
from corpusfmt.v1 import _syntax
from corpusfmt.v1._frame import STR, find_marker

__all__ = ["dumps", "iter_rendered", "render", "unique_documents"]

_LINE_TO_ESCAPE: Final = re.compile(r"^(?=\\*<<<)", re.MULTILINE)
_END: Final = _syntax.END_LINE + "\n"
_BREAK_AND_END: Final = "\n" + _END
_NO_FINAL_NEWLINE: Final = f" {_syntax.NO_FINAL_NEWLINE_KEY}={_syntax.NO_FINAL_NEWLINE_VALUE}"
_BINARY: Final = f" {_syntax.ENCODING_KEY}={_syntax.BASE64}"


def dumps(docs: Iterable[Document]) -> str:
    """Write *docs* as one bundle in canonical format v1.

    Raises :class:`~corpusfmt.CorpusWriteError` if two documents share a
    name; format v1 holds every document.

    >>> from corpusfmt import Document, v1
    >>> print(v1.dumps([Document("a.txt", "no newline")]), end="")
    <<<FILE a.txt final-newline=no>>>
    no newline
    <<<END FILE>>>
    """
    return "".join(piece for _, pieces in iter_rendered(docs) for piece in pieces)


def iter_rendered(docs: Iterable[Document]) -> Iterator[tuple[Document, tuple[str, str, str]]]:
    """Yield each document with its header, body and end as the bundle holds them.

    Joined in order, the pieces are the canonical bundle. Writing them as they
    come keeps a long stream of documents out of memory.
    """
    for doc in unique_documents(docs):
        yield doc, render(doc)


def unique_documents(docs: Iterable[Document]) -> Iterator[Document]:
    """Yield *docs*, raising as soon as one is not a Document or repeats a name."""
    if isinstance(docs, Document):
        raise TypeError("expected an iterable of Documents; put a single Document in a list")
    first_index: dict[str, int] = {}
    for index, doc in enumerate(docs):
        if not isinstance(doc, Document):
            raise TypeError(f"item {index} is a {type(doc).__name__}, not a Document")
        if doc.name in first_index:
            raise CorpusWriteError(
                f"documents {first_index[doc.name]} and {index} are both named "
                f"{doc.name!r}; names in a bundle must be unique",
                document=doc.name,
            )
        first_index[doc.name] = index
        yield doc


def render(doc: Document) -> tuple[str, str, str]:
    """The header, body and end of *doc* in canonical form.

    Rule: a body line that begins with zero or more backslashes and ``<<<``
    gets one more backslash; a non-empty text without a final ``\\n`` is marked
    ``final-newline=no`` and followed by one ``\\n``. A binary document is
    marked ``encoding=base64`` and its body is its bytes in base64, in lines
    of 76 characters.
    """
    if doc.is_binary:
        body = base64.encodebytes(doc.data).decode("ascii")
        return _header(doc.name, doc.meta, _BINARY), body, _END
    text = doc.text
    # Most texts hold no "<" at all, which one memchr tells.
    if "<" in text and find_marker(STR, text, 0) >= 0:
        text = _LINE_TO_ESCAPE.sub(r"\\", text)
    ends_line = not text or text.endswith("\n")
    header = _header(doc.name, doc.meta, "" if ends_line else _NO_FINAL_NEWLINE)
    return header, text, _END if ends_line else _BREAK_AND_END


def _header(name: str, meta: Mapping[str, str], flag: str) -> str:
    """Rule: ``<<<FILE``, the name, ``final-newline=no`` or ``encoding=base64``
    if needed, then the meta pairs in order, separated by single spaces, then
    ``>>>``.
    """
    if not meta:
        return f"<<<FILE {_syntax.quote(name)}{flag}>>>\n"
    parts = ["<<<FILE ", _syntax.quote(name), flag]
    for key, value in meta.items():
        parts += (" ", key, "=", _syntax.quote(value))
    parts.append(">>>\n")
    return "".join(parts)
