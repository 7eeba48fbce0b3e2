"""JSON Lines: one document a line, as a JSON object with "name", "text" and "meta".

Pure like the core: text in, documents out, and back. The file edge
(:mod:`corpusfmt.io`) opens, decompresses and writes atomically.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterable, Iterator
from typing import Any

from corpusfmt._errors import CorpusFormatError
from corpusfmt._model import Document

__all__ = ["document_of", "dumps_jsonl", "iter_jsonl_lines", "loads_jsonl"]

_KEYS = frozenset({"name", "text", "meta", "encoding"})


def loads_jsonl(text: str) -> list[Document]:
    """Read every document of the JSON Lines *text*.

    Rule: each line that is not blank is one JSON object (see
    :func:`document_of`); only LF ends a line, since a JSON string may hold
    U+2028 and its kind unescaped. A line that is not JSON, or not a
    document, is a :class:`~corpusfmt.CorpusFormatError` at its line, and at
    the column JSON names (or the line's first column).

    >>> from corpusfmt.formats import loads_jsonl
    >>> loads_jsonl('{"name": "a.txt", "text": "hi\\\\n"}\\n')
    [Document(name='a.txt', text='hi\\n')]
    """
    docs = []
    line_start = 0
    for lineno, line in enumerate(text.split("\n"), start=1):
        start, line_start = line_start, line_start + len(line) + 1
        if not line.strip():
            continue
        try:
            docs.append(document_of(json.loads(line)))
        except json.JSONDecodeError as error:
            raise CorpusFormatError(
                f"not JSON: {error.msg}",
                lineno=lineno,
                colno=error.colno,
                pos=start + error.pos,
                line=line,
            ) from error
        except (TypeError, ValueError) as error:
            # The object as a whole is wrong: its place is where it begins.
            column = len(line) - len(line.lstrip())
            raise CorpusFormatError(
                f"not a document: {error}",
                lineno=lineno,
                colno=column + 1,
                pos=start + column,
                line=line,
            ) from error
    return docs


def document_of(obj: Any) -> Document:
    """The document a JSON object stands for.

    Rule: an object with "name" and "text", and optionally "meta" (an object
    of strings) and "encoding": "base64" (then "text" is the base64 of the
    document's bytes).
    """
    if not isinstance(obj, dict):
        raise TypeError("each line must be a JSON object")
    unknown = set(obj) - _KEYS
    if unknown:
        raise ValueError(f"unknown keys {sorted(unknown)}")
    missing = [key for key in ("name", "text") if key not in obj]
    if missing:
        raise ValueError(f"missing {' and '.join(repr(key) for key in missing)}")
    meta = obj.get("meta") or {}
    if obj.get("encoding") == "base64":
        try:
            data = base64.b64decode(obj["text"], validate=True)
        except binascii.Error as error:
            raise ValueError(f"the text is not base64: {error}") from error
        return Document.from_bytes(obj["name"], data, meta)
    if "encoding" in obj:
        raise ValueError(f"unknown encoding {obj['encoding']!r}")
    return Document(obj["name"], obj["text"], meta)


def iter_jsonl_lines(docs: Iterable[Document]) -> Iterator[tuple[Document, str]]:
    """Yield each document with its line of JSON Lines, line break included.

    A binary document's text is its base64, marked ``"encoding": "base64"``.
    JSON Lines has no rule on names, so a name may come twice.
    """
    for index, doc in enumerate(docs):
        if not isinstance(doc, Document):
            raise TypeError(f"item {index} is a {type(doc).__name__}, not a Document")
        obj: dict[str, Any] = {"name": doc.name}
        if doc.is_binary:
            obj["text"] = base64.b64encode(doc.data).decode("ascii")
            obj["encoding"] = "base64"
        else:
            obj["text"] = doc.text
        obj["meta"] = dict(doc.meta)
        yield doc, json.dumps(obj, ensure_ascii=False) + "\n"


def dumps_jsonl(docs: Iterable[Document]) -> str:
    """*docs* as JSON Lines text, one object a line.

    >>> from corpusfmt import Document
    >>> from corpusfmt.formats import dumps_jsonl
    >>> print(dumps_jsonl([Document("a.txt", "hi")]), end="")
    {"name": "a.txt", "text": "hi", "meta": {}}
    """
    return "".join(line for _, line in iter_jsonl_lines(docs))
