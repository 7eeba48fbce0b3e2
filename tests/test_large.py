"""iter_load, index and dump on streams: bounded memory, gzip, random access."""

from __future__ import annotations

import gzip
import io
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import corpusfmt
from corpusfmt import BundleIndex, CorpusFormatError, Document, IndexEntry
from tests.exact import raises_exactly
from tests.strategies import canonical_bundles

DOCS = [
    Document("ä.txt", "Grüße „aus“ Köln\r\n", {"lang": "de"}),
    Document("b.txt", "no final newline"),
    Document("c.txt", "<<<END FILE>>>\n\\<<<FILE x>>>\n"),
    Document("d.txt", ""),
]


def many_documents(count: int, size: int) -> Iterator[Document]:
    for number in range(count):
        yield Document(f"{number:06d}.txt", f"Straße {number} " * (size // 12) + "\n")


@given(canonical_bundles(), st.integers(1, 40))
def test_iter_load_gives_what_loads_gives_for_any_chunk_size(
    bundle_and_docs: tuple[str, list[Document]], chunk_size: int
) -> None:
    bundle, docs = bundle_and_docs
    # Chunks cut UTF-8 sequences apart; bodies are decoded only when whole.
    data = bundle.encode("utf-8")
    assert list(corpusfmt.iter_load(io.BytesIO(data), chunk_size=chunk_size)) == docs


def test_iter_load_reads_a_gzip_file_by_its_magic_bytes(tmp_path: Path) -> None:
    data = gzip.compress(corpusfmt.dumps(DOCS).encode("utf-8"))
    for name in ("bundle.gz", "bundle.txt"):
        (tmp_path / name).write_bytes(data)
        assert list(corpusfmt.iter_load(tmp_path / name)) == DOCS
        assert corpusfmt.load(tmp_path / name) == DOCS
    assert list(corpusfmt.iter_load(io.BytesIO(data))) == DOCS


def test_iter_load_yields_documents_before_an_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.bundle"
    path.write_bytes(corpusfmt.dumps(DOCS).encode("utf-8") + b"<<<FILE e>>>\nGr\xfc\n")
    read = corpusfmt.iter_load(path, chunk_size=16)
    assert [next(read) for _ in DOCS] == DOCS
    with pytest.raises(CorpusFormatError) as caught:
        next(read)
    assert (caught.value.msg, caught.value.lineno, caught.value.colno) == (
        "document 'e', opened on line 13, is not closed: "
        "the text ends before its '<<<END FILE>>>' line",
        13,
        1,
    )


def test_iter_load_reports_invalid_utf8_at_its_place_in_the_stream() -> None:
    data = corpusfmt.dumps(DOCS).encode("utf-8") + b"<<<FILE e>>>\nGr\xfc\n<<<END FILE>>>\n"
    with pytest.raises(CorpusFormatError) as caught:
        list(corpusfmt.iter_load(io.BytesIO(data), chunk_size=10))
    bad = data.index(b"\xfc")
    assert (caught.value.msg, caught.value.lineno, caught.value.colno, caught.value.pos) == (
        f"invalid UTF-8 at byte offset {bad}: invalid start byte",
        14,
        3,
        len(data[:bad].decode("utf-8")),
    )
    assert isinstance(caught.value.__cause__, UnicodeDecodeError)


def test_iter_load_memory_is_bounded_by_the_largest_document(tmp_path: Path) -> None:
    path = tmp_path / "big.bundle"
    corpusfmt.dump(many_documents(2_000, 4_000), path)
    assert path.stat().st_size > 8_000_000
    tracemalloc.start()
    try:
        count = sum(1 for _ in corpusfmt.iter_load(path, chunk_size=64 * 1024))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 2_000
    assert peak < 1_000_000


def test_a_document_much_longer_than_a_chunk_is_read_whole() -> None:
    long = Document("long.txt", "x" * 300_000 + "\n<<<FILE inner>>>\n" + "y" * 300_000)
    data = corpusfmt.dumps([Document("a", "a\n"), long, Document("b", "b")]).encode("utf-8")
    read = list(corpusfmt.iter_load(io.BytesIO(data), chunk_size=1024))
    assert read == [Document("a", "a\n"), long, Document("b", "b")]


def test_iter_load_refuses_a_chunk_size_below_one() -> None:
    with raises_exactly(ValueError, "chunk_size must be at least 1, not 0"):
        next(corpusfmt.iter_load(io.BytesIO(b""), chunk_size=0))


def test_dump_takes_a_generator_without_holding_it(tmp_path: Path) -> None:
    tracemalloc.start()
    try:
        corpusfmt.dump(many_documents(20_000, 2_000), tmp_path / "out.bundle")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # 20,000 documents of 2,000 characters would take over 40 MB together;
    # what is kept is the names seen, for the duplicate check, and one batch
    # of about a megabyte for the temporary file.
    assert peak < 8_000_000
    assert sum(1 for _ in corpusfmt.iter_load(tmp_path / "out.bundle")) == 20_000


@given(canonical_bundles())
def test_index_finds_every_document_and_reads_it_back(
    bundle_and_docs: tuple[str, list[Document]],
) -> None:
    bundle, docs = bundle_and_docs
    data = bundle.encode("utf-8")
    found = corpusfmt.index(io.BytesIO(data), chunk_size=16)
    assert list(found) == [doc.name for doc in docs]
    assert found.size == len(data)
    for doc in docs:
        entry = found[doc.name]
        assert entry.meta == doc.meta
        assert corpusfmt.loads(data[entry.start : entry.end].decode("utf-8")) == [doc]
        assert found.read(io.BytesIO(data), doc.name) == doc


def test_index_reads_by_seeking_in_a_file_and_keeps_as_json(tmp_path: Path) -> None:
    path = tmp_path / "corpus.bundle"
    corpusfmt.dump(DOCS, path)
    found = corpusfmt.index(path)
    assert found["b.txt"] == IndexEntry("b.txt", 66, 132, 4)
    assert found.read(path, "c.txt") == DOCS[2]
    sidecar = tmp_path / "corpus.bundle.index.json"
    sidecar.write_text(found.to_json(), encoding="utf-8")
    kept = BundleIndex.from_json(sidecar.read_text(encoding="utf-8"))
    assert kept == found
    assert [kept.read(path, name) for name in kept] == DOCS
    with pytest.raises(KeyError):
        kept.read(path, "missing.txt")


def test_index_does_not_decode_bodies_but_read_checks_them(tmp_path: Path) -> None:
    path = tmp_path / "corpus.bundle"
    path.write_bytes(b"<<<FILE a>>>\nGr\xfc\n<<<END FILE>>>\n<<<FILE b>>>\nok\n<<<END FILE>>>\n")
    found = corpusfmt.index(path)
    assert found.read(path, "b") == Document("b", "ok\n")
    with pytest.raises(CorpusFormatError) as caught:
        found.read(path, "a")
    assert (caught.value.msg, caught.value.lineno, caught.value.colno) == (
        "invalid UTF-8 at byte offset 15: invalid start byte",
        2,
        3,
    )
    path.write_bytes(b"<<<FILE a>>>\nok\n<<<END FILE>>>\n<<<FILE b>>>\nGr\xfc\n<<<END FILE>>>\n")
    with pytest.raises(CorpusFormatError) as caught:
        corpusfmt.index(path).read(path, "b")
    assert (caught.value.msg, caught.value.lineno, caught.value.colno) == (
        "invalid UTF-8 at byte offset 46: invalid start byte",
        5,
        3,
    )


def test_index_notices_a_changed_bundle(tmp_path: Path) -> None:
    path = tmp_path / "corpus.bundle"
    corpusfmt.dump(DOCS, path)
    found = corpusfmt.index(path)
    corpusfmt.dump(DOCS[1:], path)
    with raises_exactly(
        ValueError,
        "the bundle does not hold 'b.txt' at bytes 66:132; it has changed since it was indexed",
    ):
        found.read(path, "b.txt")


def test_index_refuses_gzip_and_foreign_json(tmp_path: Path) -> None:
    path = tmp_path / "corpus.gz"
    path.write_bytes(gzip.compress(corpusfmt.dumps(DOCS).encode("utf-8")))
    with raises_exactly(
        ValueError, f"{str(path)!r} is gzip-compressed; byte offsets need the bundle uncompressed"
    ):
        corpusfmt.index(path)
    with raises_exactly(ValueError, "not a corpusfmt index (expected format 'corpusfmt-index-1')"):
        BundleIndex.from_json('{"entries": []}')


def test_index_reports_a_malformed_bundle_like_load() -> None:
    data = b"<<<FILE a>>>\nx\n<<<END FILE>>>\n<<<FILE a>>>\ny\n<<<END FILE>>>\n"
    with raises_exactly(
        CorpusFormatError,
        "line 4, column 1: duplicate document name 'a'; "
        "the first document of that name starts on line 1\n"
        "    <<<FILE a>>>\n"
        "    ^",
    ):
        corpusfmt.index(io.BytesIO(data), chunk_size=4)


def test_index_read_refuses_another_document_at_the_same_bytes(tmp_path: Path) -> None:
    """Bug guarded: reading a span without checking that it holds the document of that name."""
    path = tmp_path / "corpus.bundle"
    same_size = [Document("a.txt", "alpha\n"), Document("b.txt", "bravo\n")]
    corpusfmt.dump(same_size, path)
    found = corpusfmt.index(path)
    corpusfmt.dump(same_size[::-1], path)
    entry = found["b.txt"]
    with raises_exactly(
        ValueError,
        f"the bundle does not hold 'b.txt' at bytes {entry.start}:{entry.end}; "
        "it has changed since it was indexed",
    ):
        found.read(path, "b.txt")


def test_index_read_refuses_a_span_that_holds_two_documents(tmp_path: Path) -> None:
    """Bug guarded: reading a span without checking that it holds exactly one document."""
    path = tmp_path / "corpus.bundle"
    original = [Document("a.txt", "alpha\n"), Document("b.txt", "x" * 40 + "\n")]
    corpusfmt.dump(original, path)
    found = corpusfmt.index(path)
    entry = found["b.txt"]
    span = entry.end - entry.start
    # A shorter b.txt and an empty c, together as long as the old b.txt.
    room = span - len(corpusfmt.dumps([Document("b.txt", ""), Document("c", "")]))
    replaced = [original[0], Document("b.txt", "y" * (room - 1) + "\n"), Document("c", "")]
    data = corpusfmt.dumps(replaced).encode()
    assert len(data) == entry.end, "the two documents fill the indexed span exactly"
    path.write_bytes(data)
    with raises_exactly(
        ValueError,
        f"the bundle does not hold 'b.txt' at bytes {entry.start}:{entry.end}; "
        "it has changed since it was indexed",
    ):
        found.read(path, "b.txt")
