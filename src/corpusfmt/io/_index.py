"""Random access: where each document of a bundle file is, found without decoding bodies."""

from __future__ import annotations

import json
import operator
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from itertools import repeat
from typing import Any, Final

import attrs

from corpusfmt._errors import CorpusFormatError
from corpusfmt._model import _EMPTY_META, Document, _Meta, _to_meta
from corpusfmt.dialects import V1, Block, Dialect, read, resolve, syntax_of
from corpusfmt.io._iter import read_chunks
from corpusfmt.io._source import PathOrFile, opened_binary
from corpusfmt.v1 import BYTES, DocumentCutter, rules

__all__ = ["BundleIndex", "IndexEntry", "index", "index_dialect"]

_INDEX_FORMAT = "corpusfmt-index-1"


@attrs.frozen
class IndexEntry:
    """Where one document lies in a bundle file: the bytes ``start:end``.

    The span runs from the first byte of the header line to the byte after
    the end line's line break, so it is a bundle of one document by itself.
    ``lineno`` is the line of the header.
    """

    name: str
    start: int
    end: int
    lineno: int
    meta: Mapping[str, str] = attrs.field(default=_EMPTY_META, converter=_to_meta)


# The slot descriptors' own setters, for entries made by the thousand.
_ENTRY_SETTERS: Final = tuple(
    IndexEntry.__dict__[field].__set__ for field in ("name", "start", "end", "lineno", "meta")
)


def _entries(
    names: list[str],
    starts: Iterable[int],
    ends: Iterable[int],
    linenos: list[int],
    metas: list[tuple[tuple[str, str], ...]],
) -> list[IndexEntry]:
    """Entries for what the reader found and checked, each field set for all
    in one C-level loop: an index of many short documents makes one per few
    hundred bytes."""
    entries = list(map(object.__new__, repeat(IndexEntry, len(names))))
    set_name, set_start, set_end, set_lineno, set_meta = _ENTRY_SETTERS
    deque(map(set_name, entries, names), maxlen=0)
    deque(map(set_start, entries, starts), maxlen=0)
    deque(map(set_end, entries, ends), maxlen=0)
    deque(map(set_lineno, entries, linenos), maxlen=0)
    deque(
        map(set_meta, entries, [_Meta(meta) if meta else _EMPTY_META for meta in metas]), maxlen=0
    )
    return entries


@attrs.frozen
class BundleIndex(Mapping[str, IndexEntry]):
    """The documents of a bundle file by name, with their byte spans, in bundle order.

    Build one with :func:`corpusfmt.index`; look a document up with
    :meth:`read`. It is an ordinary object in memory; :meth:`to_json` and
    :meth:`from_json` keep it in a sidecar file between runs. ``dialect`` is
    the dialect the bundle is written in.
    """

    entries: tuple[IndexEntry, ...]
    size: int
    dialect: Dialect = attrs.field(default=V1, kw_only=True, repr=False)
    _by_name: dict[str, IndexEntry] = attrs.field(init=False, eq=False, repr=False)

    @_by_name.default
    def _build_by_name(self) -> dict[str, IndexEntry]:
        return {entry.name: entry for entry in self.entries}

    def __getitem__(self, name: str) -> IndexEntry:
        return self._by_name[name]

    def __iter__(self) -> Iterator[str]:
        return (entry.name for entry in self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def read(self, source: PathOrFile, name: str) -> Document:
        """Read the document *name* from the bundle *source* by seeking to it.

        *source* is the indexed bundle, as a path or a seekable binary file.
        Raises :class:`KeyError` for a name the index does not hold,
        :class:`ValueError` if the bundle no longer matches the index, and
        :class:`CorpusFormatError` if the body is not UTF-8. The index knows
        lines and bytes but not characters, so the error's ``lineno`` and
        byte offset are those of the whole file, and its ``pos`` counts
        characters from the document's header line.
        """
        entry = self[name]
        with opened_binary(source, allow_compressed=False) as file:
            file.seek(entry.start)
            data = file.read(entry.end - entry.start)
        changed = ValueError(
            f"the bundle does not hold {name!r} at bytes {entry.start}:{entry.end}; "
            "it has changed since it was indexed"
        )
        if not syntax_of(self.dialect).exact:
            return _read_block(data, entry, self.dialect, changed)
        cutter = DocumentCutter(BYTES, first_lineno=entry.lineno, stream_offset=entry.start)
        frames = cutter.frames(data, final=True)
        try:
            frame = next(frames, None)
        except CorpusFormatError as error:
            raise changed from error
        if frame is None or frame[0].name != name:
            raise changed
        # Read before the cutter moves past the span, so that an error in the
        # body is placed in it.
        document = cutter.document(data, frame)
        try:
            rest = next(frames, None)
        except CorpusFormatError as error:
            raise changed from error
        if rest is not None:
            raise changed
        return document

    def to_json(self) -> str:
        """The index as JSON, to keep beside the bundle."""
        return json.dumps(
            {
                "format": _INDEX_FORMAT,
                "dialect": self.dialect.name,
                "size": self.size,
                "entries": [
                    [entry.name, entry.start, entry.end, entry.lineno, list(entry.meta.items())]
                    for entry in self.entries
                ],
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str, dialect: Dialect | None = None) -> BundleIndex:
        """Read an index written by :meth:`to_json`.

        The index names its dialect; a dialect of your own, which has no
        preset's name, is passed as *dialect*.
        """
        data: Any = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != _INDEX_FORMAT:
            raise ValueError(f"not a corpusfmt index (expected format {_INDEX_FORMAT!r})")
        named = data.get("dialect", V1.name)
        if dialect is None:
            try:
                dialect = resolve(named)
            except ValueError:
                raise ValueError(
                    f"the index was made in the dialect {named!r}, which is no preset; "
                    "pass that dialect as dialect="
                ) from None
        elif dialect.name != named:
            raise ValueError(f"the index was made in the dialect {named!r}, not {dialect.name!r}")
        return cls(
            tuple(
                IndexEntry(name, start, end, lineno, [tuple(pair) for pair in meta])
                for name, start, end, lineno, meta in data["entries"]
            ),
            data["size"],
            dialect=dialect,
        )


def _read_block(data: bytes, entry: IndexEntry, dialect: Dialect, changed: ValueError) -> Document:
    """The document of the block *data*, read in *dialect* by itself."""
    try:
        bundle = read(rules.decode_utf8(data), dialect, strict=True)
    except CorpusFormatError as error:
        raise changed from error
    blocks = bundle.blocks
    if len(blocks) != 1 or blocks[0].document.name != entry.name or blocks[0].truncated:
        raise changed
    return blocks[0].document


def index_dialect(source: PathOrFile, dialect: Dialect) -> BundleIndex:
    """Find every document of a bundle in *dialect* and its byte span.

    The bundle is read whole, as :func:`corpusfmt.load` reads it, strictly; a
    span is a block from its header to its end marker. Only a dialect whose
    blocks read alone as they read in the bundle can be indexed (not a
    packer's output, which is read against the tool's listing).
    """
    if not syntax_of(dialect).self_contained:
        raise ValueError(
            f"the dialect {dialect.name!r} cannot be indexed: its files are read against "
            "the tool's own listing of them, not one by one"
        )
    with opened_binary(source, allow_compressed=False) as file:
        data = file.read()
    bundle = read(rules.decode_utf8(data), dialect, strict=True)
    entries: list[IndexEntry] = []
    offset = 0
    lineno = 1
    for part in bundle.parts:
        piece = part.text if isinstance(part, Block) else part
        size = len(piece.encode())
        if isinstance(part, Block):
            document = part.document
            entries.append(IndexEntry(document.name, offset, offset + size, lineno, document.meta))
        offset += size
        lineno += piece.count("\n")
    return BundleIndex(tuple(entries), len(data), dialect=dialect)


def index(source: PathOrFile, *, chunk_size: int = 1 << 20) -> BundleIndex:
    """The index of a format v1 bundle, read a chunk at a time with only its
    header lines decoded; :func:`corpusfmt.index` documents it."""
    cutter = DocumentCutter(BYTES, streaming=True)
    entries: list[IndexEntry] = []
    with opened_binary(source, allow_compressed=False) as file:
        for buf, final in read_chunks(file, cutter, chunk_size):
            base = cutter.stream_offset
            linenos: list[int] = []
            names: list[str] = []
            starts: list[int] = []
            ends: list[int] = []
            metas: list[tuple[tuple[str, str], ...]] = []
            for found in cutter.span_batches(buf, final=final, lines=linenos):
                names += found[0]
                starts += found[1]
                ends += found[2]
                metas += found[3]
            entries += _entries(
                names,
                map(operator.add, starts, repeat(base)),
                map(operator.add, ends, repeat(base)),
                linenos,
                metas,
            )
        size = cutter.stream_offset
    return BundleIndex(tuple(entries), size)
