"""JSON Lines files: the pure format of :mod:`corpusfmt.formats` at the file edge."""

from __future__ import annotations

from collections.abc import Iterable

from corpusfmt._model import Document
from corpusfmt.formats import iter_jsonl_lines, loads_jsonl
from corpusfmt.io._source import Compression, PathOrFile, read_source, write_pieces
from corpusfmt.v1 import rules

__all__ = ["dump_jsonl", "load_jsonl"]


def load_jsonl(source: PathOrFile) -> list[Document]:
    """Read every document of a JSON Lines file (a path or an open file; gzip told by
    its first bytes).

    Each line is an object with ``"name"``, ``"text"`` and optionally
    ``"meta"`` and ``"encoding": "base64"``; see :func:`corpusfmt.formats.loads_jsonl`.
    """
    data = read_source(source)
    return loads_jsonl(data if isinstance(data, str) else rules.decode_utf8(data))


def dump_jsonl(
    docs: Iterable[Document], target: PathOrFile, *, compression: Compression | None = None
) -> None:
    """Write *docs* as JSON Lines to a path (atomically) or an open file."""
    write_pieces(
        ((doc, (line,)) for doc, line in iter_jsonl_lines(docs)), target, compression=compression
    )
