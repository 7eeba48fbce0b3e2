"""JSON Lines files: the pure format of :mod:`corpusfmt.formats` at the file edge."""

from __future__ import annotations

from collections.abc import Iterable

from corpusfmt._model import Document
from corpusfmt.formats import iter_jsonl_lines, loads_jsonl
from corpusfmt.io._source import Compression, PathOrFile, read_source, write_pieces
from corpusfmt.v1 import rules

__all__ = ["dump_jsonl", "load_jsonl"]


def load_jsonl(
    source: PathOrFile, *, name_field: str = "name", text_field: str = "text"
) -> list[Document]:
    """Read every document of a JSON Lines file (a path or an open file; gzip told by
    its first bytes).

    Each line is an object with a name and a text (in *name_field* and
    *text_field*), optionally ``"meta"`` and ``"encoding": "base64"``, and
    any other fields as metadata; see :func:`corpusfmt.formats.document_of`.
    """
    data = read_source(source)
    text = data if isinstance(data, str) else rules.decode_utf8(data)
    return loads_jsonl(text, name_field=name_field, text_field=text_field)


def dump_jsonl(
    docs: Iterable[Document], target: PathOrFile, *, compression: Compression | None = None
) -> None:
    """Write *docs* as JSON Lines to a path (atomically) or an open file."""
    write_pieces(
        ((doc, (line,)) for doc, line in iter_jsonl_lines(docs)), target, compression=compression
    )
