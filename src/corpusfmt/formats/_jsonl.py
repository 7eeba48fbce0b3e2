"""JSON Lines: one document a line, as a JSON object with "name", "text" and "meta".

Pure like the core: text in, documents out, and back. The file edge
(:mod:`corpusfmt.io`) opens, decompresses and writes atomically.
"""

from __future__ import annotations

import base64
import binascii
import json
import warnings
from collections.abc import Iterable, Iterator
from typing import Any

from corpusfmt._errors import CorpusFormatError
from corpusfmt._model import Document
from corpusfmt.formats._values import TYPED_METADATA, metadata_text, name_of

__all__ = ["document_of", "dumps_jsonl", "iter_jsonl_lines", "loads_jsonl"]

# The fields a line may have besides its name and its text.
_META = "meta"
_ENCODING = "encoding"


def loads_jsonl(
    text: str, *, name_field: str = "name", text_field: str = "text"
) -> list[Document]:
    """Read every document of the JSON Lines *text*.

    Rule: each line that is not blank is one JSON object (see
    :func:`document_of`, which *name_field* and *text_field* are passed to);
    only LF ends a line, since a JSON string may hold U+2028 and its kind
    unescaped. A line that is not JSON, or not a document, is a
    :class:`~corpusfmt.CorpusFormatError` at its line, and at the column JSON
    names (or the line's first column). Metadata that is not a string is
    carried as its JSON text, and a :class:`UserWarning` names each such key
    once, with the line where it first stands.

    >>> from corpusfmt.formats import loads_jsonl
    >>> loads_jsonl('{"name": "a.txt", "text": "hi\\\\n"}\\n')
    [Document(name='a.txt', text='hi\\n')]
    >>> loads_jsonl('{"id": 7, "content": "", "lang": "de"}', name_field="id", text_field="content")
    [Document(name='7', text='', meta={'lang': 'de'})]
    """
    docs = []
    converted: dict[str, int] = {}
    line_start = 0
    for lineno, line in enumerate(text.split("\n"), start=1):
        start, line_start = line_start, line_start + len(line) + 1
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as error:
            raise CorpusFormatError(
                f"not JSON: {error.msg}",
                lineno=lineno,
                colno=error.colno,
                pos=start + error.pos,
                line=line,
            ) from error
        try:
            docs.append(document_of(obj, name_field=name_field, text_field=text_field))
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
        for key, value in _metadata(obj, name_field, text_field):
            if value is not None and not isinstance(value, str):
                converted.setdefault(key, lineno)
    if converted:
        keys = ", ".join(f"{key!r} (first on line {lineno})" for key, lineno in converted.items())
        warnings.warn(f"{TYPED_METADATA}: {keys}", stacklevel=2)
    return docs


def document_of(obj: Any, *, name_field: str = "name", text_field: str = "text") -> Document:
    """The document a JSON object stands for.

    Rule: an object with a name and a text, in the fields *name_field* and
    *text_field* (``"name"`` and ``"text"`` unless given); optionally
    ``"meta"``, an object, and ``"encoding"``: ``"base64"`` (then the text is
    the base64 of the document's bytes). Every other field is metadata, in
    order, followed by the entries of ``"meta"``; a key may not stand in both.

    * The name is a string, or an integer (an ``id`` column), written as its
      digits. The text is a string.
    * ``null`` means absent: for ``"meta"``, for ``"encoding"`` (a text), and
      for a metadata value (the key is left out), as pandas and Hugging Face
      ``datasets`` write a missing value.
    * A metadata value that is a string is kept as it is; any other (a
      number, a boolean, a list, an object) is carried as its JSON text:
      ``0.9``, ``true``, ``["a", "b"]``.
    """
    if not isinstance(obj, dict):
        raise TypeError("each line must be a JSON object")
    missing = [key for key in (name_field, text_field) if obj.get(key) is None]
    if missing:
        raise ValueError(f"missing {' and '.join(repr(key) for key in missing)}")
    name, text = name_of(obj[name_field]), obj[text_field]
    if name is None:
        raise TypeError(
            f"the name {name_field!r} must be a string or an integer, not {_kind(obj[name_field])}"
        )
    if not isinstance(text, str):
        raise TypeError(f"the text {text_field!r} must be a string, not {_kind(text)}")
    meta = [
        (key, metadata_text(value))
        for key, value in _metadata(obj, name_field, text_field)
        if value is not None
    ]
    encoding = obj.get(_ENCODING)
    if encoding == "base64":
        try:
            data = base64.b64decode(text, validate=True)
        except binascii.Error as error:
            raise ValueError(f"the text is not base64: {error}") from error
        return Document.from_bytes(name, data, meta)
    if encoding is not None:
        raise ValueError(f"unknown encoding {encoding!r}")
    return Document(name, text, meta)


def _metadata(obj: dict[str, Any], name_field: str, text_field: str) -> list[tuple[str, Any]]:
    """The metadata of a document's object, as JSON values: its other fields, then "meta"."""
    nested = obj.get(_META)
    if nested is not None and not isinstance(nested, dict):
        raise TypeError(f"{_META!r} must be an object, not {_kind(nested)}")
    fields = [
        (key, value)
        for key, value in obj.items()
        if key not in (name_field, text_field, _META, _ENCODING)
    ]
    both = [key for key, _ in fields if key in (nested or {})]
    if both:
        raise ValueError(f"{both[0]!r} is both a field and a key of {_META!r}")
    return [*fields, *(nested or {}).items()]


def _kind(value: object) -> str:
    """What a JSON value is, in JSON's words."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return "a string"


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
