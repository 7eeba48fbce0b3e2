"""A corpus cut into shards: the files, their manifest, and reading them as one corpus.

A sharded corpus is one corpus: a name is unique across all its shards, as
it is within a bundle. The manifest is written last, so a manifest on disk
always describes a complete set of shards.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import io
import json
import os
import posixpath
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import IO, Any, Final, TypeAlias

import attrs

from corpusfmt._errors import CorpusFormatError
from corpusfmt._model import Document
from corpusfmt.io._atomic import atomic_writer
from corpusfmt.io._compression import check_compression, compressing
from corpusfmt.io._index import BundleIndex, IndexEntry, index
from corpusfmt.io._iter import iter_load
from corpusfmt.io._source import (
    Compression,
    PathOrFile,
    _encode,
    filesystem_of,
    is_url,
    open_url,
    read_source,
)
from corpusfmt.v1 import iter_rendered, rules

__all__ = [
    "MANIFEST_SUFFIX",
    "BundleSource",
    "Shard",
    "ShardIndex",
    "ShardManifest",
    "Shards",
    "dump_shards",
    "index_shards",
    "iter_shards",
    "shard_paths",
]

_MANIFEST_FORMAT: Final = "corpusfmt-shards-1"
MANIFEST_SUFFIX: Final = ".manifest.json"
"""How a manifest is named: ``PREFIX.manifest.json``; :func:`shard_paths` and
``corpusfmt check`` tell a manifest by it."""
_DEFAULT_MAX_BYTES: Final = 256 << 20
# Written in batches of about this many bytes: one write a document costs
# more than the document when documents are short.
_BATCH_BYTES: Final = 1 << 20
_HASH_CHUNK: Final = 1 << 20
_SHARD_NUMBER: Final = re.compile(r"-[0-9]{5,}\.bundle(\.gz|\.zst)?\Z")
_SUFFIXES: Final[dict[Compression | None, str]] = {
    None: ".bundle",
    "gzip": ".bundle.gz",
    "zstd": ".bundle.zst",
}

Shards: TypeAlias = Sequence["str | os.PathLike[str]"]
"""A list of shards: paths or URLs of format v1 bundles, read in order as one corpus."""

BundleSource: TypeAlias = "PathOrFile | Shards"
"""What :func:`corpusfmt.iter_load` reads: one bundle (a :data:`PathOrFile`),
or a list of shards (:data:`Shards`)."""


@attrs.frozen
class Shard:
    """One shard as its manifest lists it: the file's name beside the manifest,
    how many documents it holds, and its size and SHA-256 as stored (compressed
    if it is)."""

    name: str = attrs.field(validator=attrs.validators.instance_of(str))
    documents: int = attrs.field(validator=attrs.validators.instance_of(int))
    size: int = attrs.field(validator=attrs.validators.instance_of(int))
    sha256: str = attrs.field(validator=attrs.validators.matches_re(r"[0-9a-f]{64}"))

    @name.validator
    def _check_name(self, _: object, name: str) -> None:
        # A manifest may come from anywhere: its names must stay beside it.
        if name in ("", ".", "..") or "/" in name or "\\" in name:
            raise ValueError(f"a shard's name is a file name beside the manifest, not {name!r}")


def _shard_tuple(shards: Iterable[Shard]) -> tuple[Shard, ...]:
    return tuple(shards)


@attrs.frozen
class ShardManifest:
    """The shards of a corpus, in order, and where they are.

    ``base`` is the folder or URL prefix the shard names are relative to: the
    manifest's own folder when it was read with :meth:`read`.

    >>> import tempfile, corpusfmt
    >>> docs = [corpusfmt.Document(f"{n}.txt", "text\\n") for n in range(5)]
    >>> manifest = corpusfmt.dump_shards(docs, tempfile.mkdtemp(), max_documents=2)
    >>> [(shard.name, shard.documents) for shard in manifest.shards]
    [('corpus-00000.bundle.gz', 2), ('corpus-00001.bundle.gz', 2), ('corpus-00002.bundle.gz', 1)]
    >>> [doc.name for doc in corpusfmt.iter_load(manifest.paths)]
    ['0.txt', '1.txt', '2.txt', '3.txt', '4.txt']
    """

    shards: tuple[Shard, ...] = attrs.field(converter=_shard_tuple)
    base: str = attrs.field(default="", kw_only=True)
    # The JSON the manifest was read from, and its path, so that an error is
    # placed where the file says it; a manifest made here is its to_json().
    _text: str | None = attrs.field(default=None, kw_only=True, eq=False, repr=False)
    _origin: str | None = attrs.field(default=None, kw_only=True, eq=False, repr=False)

    @property
    def documents(self) -> int:
        """How many documents the corpus holds."""
        return sum(shard.documents for shard in self.shards)

    @property
    def paths(self) -> list[str]:
        """Each shard's path (or URL), in order."""
        return [_joined(self.base, shard.name) for shard in self.shards]

    def to_json(self) -> str:
        """The manifest as JSON, one shard a line."""
        lines = ",\n".join(
            "    "
            + json.dumps(
                {
                    "name": shard.name,
                    "documents": shard.documents,
                    "bytes": shard.size,
                    "sha256": shard.sha256,
                },
                ensure_ascii=False,
            )
            for shard in self.shards
        )
        return (
            f'{{\n  "format": "{_MANIFEST_FORMAT}",\n  "documents": {self.documents},\n'
            f'  "shards": [\n{lines}\n  ]\n}}\n'
        )

    @classmethod
    def from_json(cls, text: str, *, base: str = "") -> ShardManifest:
        """The manifest of the JSON *text*, its shards relative to *base*.

        A manifest that is no JSON, or not a corpusfmt shard manifest, is a
        :class:`~corpusfmt.CorpusFormatError` at the place in *text*.
        """
        try:
            data: Any = json.loads(text)
        except json.JSONDecodeError as error:
            raise CorpusFormatError.at(
                f"the manifest is not JSON: {error.msg}", text, error.pos
            ) from error
        if not isinstance(data, dict) or data.get("format") != _MANIFEST_FORMAT:
            raise CorpusFormatError.at(
                f"not a corpusfmt shard manifest (expected format {_MANIFEST_FORMAT!r})", text, 0
            )
        entries = data.get("shards")
        if not isinstance(entries, list):
            raise CorpusFormatError.at('the manifest has no list of "shards"', text, 0)
        shards: list[Shard] = []
        where = 0
        for number, entry in enumerate(entries):
            where = _entry_position(text, entry, where)
            try:
                if not isinstance(entry, dict):
                    raise TypeError("it is no object")
                shards.append(
                    Shard(entry["name"], entry["documents"], entry["bytes"], entry["sha256"])
                )
            except (KeyError, TypeError, ValueError) as error:
                # attrs' validators put more than the message into args.
                first = error.args[0] if error.args else type(error).__name__
                reason = f"it has no {first!r}" if isinstance(error, KeyError) else str(first)
                raise CorpusFormatError.at(
                    f"shard {number} of the manifest is not a name, documents, bytes and "
                    f"sha256: {reason}",
                    text,
                    where,
                ) from error
        manifest = cls(shards, base=base, text=text)
        if data.get("documents", manifest.documents) != manifest.documents:
            raise CorpusFormatError.at(
                f"the manifest says {data['documents']} documents, but its shards hold "
                f"{manifest.documents}",
                text,
                text.find('"documents"'),
            )
        return manifest

    @classmethod
    def read(cls, path: str | os.PathLike[str]) -> ShardManifest:
        """Read the manifest at *path* (a path or a URL); the shards are beside it."""
        text = rules.decode_utf8(_bytes_of(path))
        try:
            manifest = cls.from_json(text, base=_folder_of(path))
        except CorpusFormatError as error:
            error.source = os.fspath(path)
            raise
        return attrs.evolve(manifest, origin=os.fspath(path))

    def verify(self, *, documents: bool = False) -> None:
        """Check that every shard is there, with the size and SHA-256 the manifest gives.

        With *documents*, each shard is also read as :func:`corpusfmt.iter_load`
        reads it: every document valid, as many as the manifest says, and no
        name twice in the corpus.

        Raises :class:`FileNotFoundError` for a missing shard, and
        :class:`~corpusfmt.CorpusFormatError` for one that differs, placed at
        the shard's entry in the manifest (``source`` is the manifest), or for
        a problem in a shard, placed in it (``source`` is the shard). Each
        shard is read once for its digest, and once more for its documents.
        """
        for shard, path in zip(self.shards, self.paths, strict=True):
            size, digest = _size_and_digest(path)
            if size != shard.size:
                raise self._differs(shard, f"has {size} bytes, but the manifest says {shard.size}")
            if digest != shard.sha256:
                raise self._differs(
                    shard, f"has the SHA-256 {digest}, but the manifest says {shard.sha256}"
                )
        if not documents:
            return
        counts = [0] * len(self.shards)
        for number, _ in _numbered_documents(self.paths, 1 << 20):
            counts[number] += 1
        for shard, count in zip(self.shards, counts, strict=True):
            if count != shard.documents:
                held = f"{count} document" + ("" if count == 1 else "s")
                raise self._differs(
                    shard, f"holds {held}, but the manifest says {shard.documents}"
                )

    def _differs(self, shard: Shard, found: str) -> CorpusFormatError:
        text = self.to_json() if self._text is None else self._text
        error = CorpusFormatError.at(
            f"the shard {_joined(self.base, shard.name)!r} {found}; it is not the shard "
            "the manifest lists",
            text,
            _entry_position(text, {"name": shard.name}, 0),
        )
        error.source = self._origin
        return error


def _entry_position(text: str, entry: object, after: int) -> int:
    """Where the manifest *text* gives *entry*: at its name, else at the shards' list."""
    if isinstance(entry, dict) and isinstance(entry.get("name"), str):
        for quoted in (json.dumps(entry["name"], ensure_ascii=False), json.dumps(entry["name"])):
            found = text.find(quoted, after)
            if found >= 0:
                return found
    return max(text.find('"shards"'), 0)


def _joined(base: str, name: str) -> str:
    if not base:
        return name
    if is_url(base):
        return posixpath.join(base, name)
    return os.path.join(base, name)


def _folder_of(path: str | os.PathLike[str]) -> str:
    if is_url(path):
        return posixpath.dirname(path)
    return os.path.dirname(os.fspath(path))


@contextlib.contextmanager
def _opened(path: str | os.PathLike[str]) -> Iterator[IO[bytes]]:
    if is_url(path):
        with open_url(path, "rb") as remote:
            yield remote
    else:
        with open(path, "rb") as local:
            yield local


def _bytes_of(path: str | os.PathLike[str]) -> bytes:
    with _opened(path) as file:
        return file.read()


def _size_and_digest(path: str) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    with _opened(path) as file:
        while chunk := file.read(_HASH_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


class _Counting(io.RawIOBase):
    """A writable file that hashes and counts what passes through it to *file*."""

    def __init__(self, file: IO[bytes]) -> None:
        self._file = file
        self.digest = hashlib.sha256()
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        view = memoryview(data).cast("B")
        self._file.write(view)
        self.digest.update(view)
        self.size += len(view)
        return len(view)


def dump_shards(
    docs: Iterable[Document],
    directory: str | os.PathLike[str],
    *,
    prefix: str = "corpus",
    max_bytes: int | None = _DEFAULT_MAX_BYTES,
    max_documents: int | None = None,
    compression: Compression | None = "gzip",
    replace: bool = False,
) -> ShardManifest:
    """Write *docs* as format v1 shards into *directory*, and their manifest last.

    The shards are ``PREFIX-00000.bundle.gz``, ``PREFIX-00001.bundle.gz`` …
    (``.bundle.zst`` with ``compression="zstd"``, ``.bundle`` with
    ``None``), in the order of *docs*; a shard is
    closed before it would pass *max_bytes* of bundle text (counted before
    compression) or *max_documents* documents, whichever comes first, and a
    document larger than *max_bytes* has a shard of its own. The manifest
    ``PREFIX.manifest.json`` lists each shard's name, document count, size
    and SHA-256 (see :class:`ShardManifest`) and is returned.

    Names are unique across the whole corpus: a second document of a name
    is a :class:`~corpusfmt.CorpusWriteError`, as in one bundle. Each shard
    is written atomically. If the manifest or any shard of *prefix* exists,
    :class:`FileExistsError` is raised unless *replace*, which removes the
    old manifest first and the old shards beyond the new ones at the end. On
    an error, the shards this call wrote are removed and no manifest is
    written. Uncompressed shards can be indexed and split into byte ranges;
    compressed ones are read whole.
    """
    check_compression(compression)
    for limit, value in (("max_bytes", max_bytes), ("max_documents", max_documents)):
        if value is not None and value < 1:
            raise ValueError(f"{limit} must be at least 1, not {value}")
    if not prefix or "/" in prefix or "\\" in prefix or prefix.startswith("."):
        raise ValueError(f"prefix must be a plain file name, not {prefix!r}")
    folder = os.fspath(directory)
    if is_url(folder):
        raise ValueError(
            f"dump_shards writes to a local folder, not {folder!r}; upload the shards and "
            "the manifest from there"
        )
    manifest_path = os.path.join(folder, prefix + MANIFEST_SUFFIX)
    existing = _existing_shards(folder, prefix)
    if not replace and (existing or os.path.lexists(manifest_path)):
        there = existing[0] if existing else os.path.basename(manifest_path)
        raise FileExistsError(
            f"{os.path.join(folder, there)} exists; pass replace=True to write the corpus anew"
        )
    os.makedirs(folder, exist_ok=True)
    with contextlib.suppress(FileNotFoundError):
        os.remove(manifest_path)
    suffix = _SUFFIXES[compression]
    written: list[Shard] = []
    current: _OpenShard | None = None
    try:
        for doc, pieces in iter_rendered(docs):
            data = _encoded(doc, pieces)
            if current is None or current.full(len(data), max_bytes, max_documents):
                if current is not None:
                    written.append(current.close())
                name = f"{prefix}-{len(written):05d}{suffix}"
                current = _OpenShard(folder, name, compression)
            current.add(data)
        if current is not None:
            written.append(current.close())
            current = None
    except BaseException as error:
        if current is not None:
            current.abort(error)
        for shard in written:
            with contextlib.suppress(FileNotFoundError):
                os.remove(os.path.join(folder, shard.name))
        raise
    kept = {shard.name for shard in written}
    for stale in existing:
        if stale not in kept:
            os.remove(os.path.join(folder, stale))
    manifest = ShardManifest(written, base=folder)
    with atomic_writer(manifest_path) as file:
        file.write(manifest.to_json().encode())
    return attrs.evolve(manifest, origin=manifest_path)


def _existing_shards(folder: str, prefix: str) -> list[str]:
    try:
        names = os.listdir(folder)
    except FileNotFoundError:
        return []
    return sorted(
        name
        for name in names
        if name.startswith(prefix) and _SHARD_NUMBER.fullmatch(name, len(prefix)) is not None
    )


def _encoded(doc: Document, pieces: tuple[str, ...]) -> bytes:
    try:
        return "".join(pieces).encode("utf-8")
    except UnicodeEncodeError:
        for piece in pieces:
            _encode(doc, piece)
        raise


class _OpenShard:
    """A shard being written: atomically, gzip-compressed if asked, hashed as it goes."""

    def __init__(self, folder: str, name: str, compression: Compression | None) -> None:
        self.name = name
        self.documents = 0
        self._size = 0
        self._batch: list[bytes] = []
        self._batch_size = 0
        self._stack = contextlib.ExitStack()
        file = self._stack.enter_context(atomic_writer(os.path.join(folder, name)))
        self._counting = _Counting(file)
        self._target: IO[bytes] = self._counting  # type: ignore[assignment]
        if compression is not None:
            # The same documents give the same shards, and the same manifest.
            self._target = self._stack.enter_context(compressing(self._target, compression))

    def full(self, size: int, max_bytes: int | None, max_documents: int | None) -> bool:
        """Whether a document of *size* bytes must go to the next shard."""
        if not self.documents:
            return False
        if max_documents is not None and self.documents >= max_documents:
            return True
        return max_bytes is not None and self._size + size > max_bytes

    def add(self, data: bytes) -> None:
        self._batch.append(data)
        self._batch_size += len(data)
        self._size += len(data)
        self.documents += 1
        if self._batch_size >= _BATCH_BYTES:
            self._flush()

    def _flush(self) -> None:
        self._target.write(b"".join(self._batch))
        self._batch.clear()
        self._batch_size = 0

    def close(self) -> Shard:
        self._flush()
        self._stack.close()
        return Shard(
            self.name, self.documents, self._counting.size, self._counting.digest.hexdigest()
        )

    def abort(self, error: BaseException) -> None:
        """Remove the temporary file: nothing of this shard is placed."""
        self._stack.__exit__(type(error), error, error.__traceback__)


def shard_paths(pattern: str | os.PathLike[str]) -> list[str]:
    """The shards that *pattern* names, in order: a manifest's (``….manifest.json``),
    or the files a glob pattern matches, sorted by name.

    A local path or a URL (through fsspec); the path of one existing file is
    that file, whatever characters its name holds. A pattern that matches
    nothing is a :class:`FileNotFoundError`, so that an empty corpus is never
    read by mistake.
    """
    text = os.fspath(pattern)
    if text.endswith(MANIFEST_SUFFIX):
        return ShardManifest.read(pattern).paths
    if not is_url(text) and os.path.isfile(text):
        return [text]
    found = _remote_glob(text) if is_url(text) else sorted(glob.glob(text))
    if not found:
        raise FileNotFoundError(f"no shard matches {text!r}")
    return found


def _remote_glob(pattern: str) -> list[str]:
    filesystem, path = filesystem_of(pattern)
    return sorted(filesystem.unstrip_protocol(found) for found in filesystem.glob(path))


def _checked_shards(sources: Shards) -> list[str | os.PathLike[str]]:
    if isinstance(sources, (str, os.PathLike)):
        raise TypeError("expected a list of shards; a single bundle is read without a list")
    checked = list(sources)
    for number, source in enumerate(checked):
        if not isinstance(source, (str, os.PathLike)):
            raise TypeError(
                f"shard {number} is a {type(source).__name__}; shards are paths or URLs, "
                "so that a problem can be placed in them"
            )
    return checked


def iter_shards(sources: Shards, *, chunk_size: int = 1 << 20) -> Iterator[Document]:
    """Yield the documents of the shards *sources*, in order, as one corpus.

    Each shard is read as :func:`corpusfmt.iter_load` reads a bundle. A name met again
    in a later shard is a :class:`~corpusfmt.CorpusFormatError` at that
    shard's header line; every error's ``source`` is the shard it is in.
    """
    for _, doc in _numbered_documents(_checked_shards(sources), chunk_size):
        yield doc


def _numbered_documents(
    paths: Sequence[str | os.PathLike[str]], chunk_size: int
) -> Iterator[tuple[int, Document]]:
    """Each document of the shards *paths*, with the number of its shard."""
    first_in: dict[str, int] = {}
    for number, source in enumerate(paths):
        try:
            for doc in iter_load(source, chunk_size=chunk_size):
                if doc.name in first_in:
                    raise _duplicate(source, doc.name, paths[first_in[doc.name]])
                first_in[doc.name] = number
                yield number, doc
        except CorpusFormatError as error:
            if error.source is None:
                error.source = os.fspath(source)
            raise


def _duplicate(
    source: str | os.PathLike[str], name: str, first: str | os.PathLike[str]
) -> CorpusFormatError:
    """The error for the document *name* of *source*, whose name *first* already holds.

    Read again to place it: this happens once, when the corpus is bad.
    """
    data = read_source(source)
    assert isinstance(data, bytes)
    entry = index(io.BytesIO(data))[name]
    return _error_at_entry(
        data,
        entry,
        f"duplicate document name {name!r}; the shard {os.fspath(first)!r} holds "
        "the first document of that name",
        os.fspath(source),
    )


def _error_at_entry(data: bytes, entry: IndexEntry, msg: str, source: str) -> CorpusFormatError:
    before = rules.decode_utf8(data[: entry.end])
    pos = len(data[: entry.start].decode("utf-8"))
    error = CorpusFormatError.at(msg, before, pos, document=entry.name)
    error.source = source
    return error


@attrs.frozen
class ShardIndex(Mapping[str, IndexEntry]):
    """The documents of a sharded corpus by name: each shard's :class:`BundleIndex`.

    Build one with :func:`corpusfmt.index` on a list of uncompressed shards;
    :meth:`read` seeks to a document in its shard.
    """

    shards: tuple[tuple[str, BundleIndex], ...]
    _by_name: dict[str, tuple[str, IndexEntry]] = attrs.field(init=False, eq=False, repr=False)
    _indexes: dict[str, BundleIndex] = attrs.field(init=False, eq=False, repr=False)

    @_indexes.default
    def _build_indexes(self) -> dict[str, BundleIndex]:
        return dict(self.shards)

    @_by_name.default
    def _build_by_name(self) -> dict[str, tuple[str, IndexEntry]]:
        return {
            entry.name: (source, entry)
            for source, bundle_index in self.shards
            for entry in bundle_index.entries
        }

    def __getitem__(self, name: str) -> IndexEntry:
        return self._by_name[name][1]

    def __iter__(self) -> Iterator[str]:
        return (name for _, bundle_index in self.shards for name in bundle_index)

    def __len__(self) -> int:
        return len(self._by_name)

    def source_of(self, name: str) -> str:
        """The shard that holds *name*."""
        return self._by_name[name][0]

    def read(self, name: str) -> Document:
        """Read the document *name* from its shard by seeking to it, as
        :meth:`BundleIndex.read` does."""
        source, _ = self._by_name[name]
        return self._indexes[source].read(source, name)


def index_shards(sources: Shards, *, chunk_size: int = 1 << 20) -> ShardIndex:
    """The index of the uncompressed shards *sources*, checked as one corpus.

    A name met again in a later shard is a :class:`~corpusfmt.CorpusFormatError`
    at that shard's header line.
    """
    indexes: list[tuple[str, BundleIndex]] = []
    first_in: dict[str, str] = {}
    for source in _checked_shards(sources):
        shown = os.fspath(source)
        try:
            bundle_index = index(source, chunk_size=chunk_size)
        except CorpusFormatError as error:
            error.source = shown
            raise
        for entry in bundle_index.entries:
            if entry.name in first_in:
                data = _bytes_of(source)
                raise _error_at_entry(
                    data,
                    entry,
                    f"duplicate document name {entry.name!r}; the shard "
                    f"{first_in[entry.name]!r} holds the first document of that name",
                    shown,
                )
            first_in[entry.name] = shown
        indexes.append((shown, bundle_index))
    return ShardIndex(tuple(indexes))
