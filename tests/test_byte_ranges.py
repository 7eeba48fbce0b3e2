"""iter_load(byte_range=...): a bundle split anywhere reads as a whole, every document once."""

from __future__ import annotations

import gzip
import io
import itertools
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import corpusfmt
from corpusfmt import CorpusFormatError, Document
from tests import strategies

NEWS = [
    Document("001.txt", "Erster Absatz.\n\n<<<END FILE>>>\n"),
    Document("002.txt", "ohne Zeilenende"),
    Document.from_bytes("003.bin", bytes(range(256)) * 3),
    Document("004.txt", "\\<<<FILE x>>>\nletzte\n", {"lang": "de"}),
]


def ranges(size: int, cuts: list[int]) -> list[tuple[int, int]]:
    bounds = [0, *sorted(cut % (size + 1) for cut in cuts), size]
    return list(itertools.pairwise(bounds))


def read_split(data: bytes, cuts: list[int], chunk_size: int = 1 << 20) -> list[Document]:
    docs: list[Document] = []
    for byte_range in ranges(len(data), cuts):
        docs += corpusfmt.iter_load(io.BytesIO(data), byte_range=byte_range, chunk_size=chunk_size)
    return docs


@given(
    strategies.equivalent_variants(),
    st.lists(st.integers(0, 10**6), max_size=6),
    st.sampled_from([1, 7, 4096]),
)
def test_any_split_reads_every_document_exactly_once(
    bundle: tuple[str, list[Document]], cuts: list[int], chunk_size: int
) -> None:
    """Blank lines, a byte order mark, CR LF headers, escaped lines, bytes: any cut."""
    text, docs = bundle
    assert read_split(text.encode(), cuts, chunk_size) == docs


def _first_error(data: bytes, cuts: list[int]) -> CorpusFormatError | None:
    for byte_range in ranges(len(data), cuts):
        try:
            for _ in corpusfmt.iter_load(io.BytesIO(data), byte_range=byte_range):
                pass
        except CorpusFormatError as error:
            return error
    return None


@given(strategies.fragment_soups, st.lists(st.integers(0, 10**6), max_size=4))
def test_a_split_read_finds_the_error_a_whole_read_finds(soup: str, cuts: list[int]) -> None:
    """Every byte is checked by one range, and an error is placed in the whole
    bundle: the first error of the ranges, in order, is the whole read's.
    (A second name in another range is not seen by a range; the soups'
    names repeat, so those are left out.)"""
    data = soup.encode("utf-8", "surrogatepass")
    try:
        whole = list(corpusfmt.iter_load(io.BytesIO(data)))
        expected = None
    except CorpusFormatError as error:
        expected = error
    if expected is not None and "duplicate document name" in expected.msg:
        return
    found = _first_error(data, cuts)
    if expected is None:
        assert found is None or "duplicate" in found.msg
        if found is None:
            assert read_split(data, cuts) == whole
        return
    assert found is not None
    assert (found.msg, found.lineno, found.colno, found.pos, found.document) == (
        expected.msg,
        expected.lineno,
        expected.colno,
        expected.pos,
        expected.document,
    )


def test_a_range_reads_the_documents_whose_header_begins_in_it(tmp_path: Path) -> None:
    path = tmp_path / "news.bundle"
    corpusfmt.dump(NEWS, path)
    data = path.read_bytes()
    second = data.index(b"<<<FILE 002.txt")
    third = data.index(b"<<<FILE 003.bin")
    assert list(corpusfmt.iter_load(path, byte_range=(0, second))) == NEWS[:1]
    assert list(corpusfmt.iter_load(path, byte_range=(second, third))) == NEWS[1:2]
    # A range that starts inside a header owns the next one, not that one.
    assert list(corpusfmt.iter_load(path, byte_range=(second + 1, third + 1))) == NEWS[2:3]
    assert list(corpusfmt.iter_load(path, byte_range=(second + 1, third))) == []
    assert list(corpusfmt.iter_load(path, byte_range=(0, len(data)))) == NEWS
    assert list(corpusfmt.iter_load(path, byte_range=(len(data), len(data) + 10))) == []


def test_an_error_in_a_later_range_is_placed_in_the_whole_bundle(tmp_path: Path) -> None:
    text = corpusfmt.dumps(NEWS) + "<<<FILE broken\n"
    path = tmp_path / "broken.bundle"
    path.write_bytes(("\ufeff" + text).encode())
    start = path.read_bytes().index(b"<<<FILE broken")
    with pytest.raises(CorpusFormatError) as whole:
        list(corpusfmt.iter_load(path))
    with pytest.raises(CorpusFormatError) as ranged:
        list(corpusfmt.iter_load(path, byte_range=(start - 3, start + 1)))
    assert (ranged.value.msg, ranged.value.lineno, ranged.value.colno, ranged.value.pos) == (
        whole.value.msg,
        whole.value.lineno,
        whole.value.colno,
        whole.value.pos,
    )
    assert ranged.value.lineno == text.count("\n")


def test_a_document_left_open_is_reported_by_the_range_it_begins_in() -> None:
    data = b"<<<FILE a>>>\nnever closed\n<<<FILE b>>>\nx\n<<<END FILE>>>\n"
    second = data.index(b"<<<FILE b")
    with pytest.raises(CorpusFormatError) as caught:
        list(corpusfmt.iter_load(io.BytesIO(data), byte_range=(0, second)))
    assert (caught.value.lineno, caught.value.document) == (3, "a")
    assert str(caught.value).startswith("line 3, column 1: a header inside document 'a'")
    assert list(corpusfmt.iter_load(io.BytesIO(data), byte_range=(second, len(data)))) == [
        Document("b", "x\n")
    ]


@pytest.mark.parametrize(
    ("byte_range", "message"),
    [
        ((5, 2), "byte_range must be (start, stop) with 0 <= start <= stop, not (5, 2)"),
        ((-1, 2), "byte_range must be (start, stop) with 0 <= start <= stop, not (-1, 2)"),
    ],
)
def test_a_bad_range_is_refused(byte_range: tuple[int, int], message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)) as caught:
        list(corpusfmt.iter_load(io.BytesIO(b""), byte_range=byte_range))
    assert str(caught.value) == message


def test_a_compressed_or_text_source_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "c.bundle.gz"
    path.write_bytes(gzip.compress(corpusfmt.dumps(NEWS).encode()))
    with pytest.raises(
        ValueError, match="gzip-compressed; byte offsets need the bundle uncompressed"
    ):
        list(corpusfmt.iter_load(path, byte_range=(0, 10)))
    with pytest.raises(ValueError, match=r"^byte_range needs the bundle uncompressed$"):
        list(corpusfmt.iter_load(io.BytesIO(path.read_bytes()), byte_range=(0, 10)))
    with pytest.raises(TypeError, match=r"^byte_range needs a path or a seekable binary file$"):
        list(corpusfmt.iter_load(io.StringIO(corpusfmt.dumps(NEWS)), byte_range=(0, 10)))


def test_byte_ranges_need_format_v1() -> None:
    with pytest.raises(
        ValueError, match=r"^byte_range needs format v1, whose header lines can be found anywhere$"
    ):
        list(corpusfmt.iter_load(io.BytesIO(b""), dialect="colon", byte_range=(0, 1)))


def test_after_a_byte_order_mark_the_first_header_begins_at_byte_3() -> None:
    data = "\ufeff".encode() + corpusfmt.dumps(NEWS).encode()
    assert list(corpusfmt.iter_load(io.BytesIO(data), byte_range=(0, 3))) == []
    assert list(corpusfmt.iter_load(io.BytesIO(data), byte_range=(1, 4))) == NEWS[:1]
    assert list(corpusfmt.iter_load(io.BytesIO(data), byte_range=(3, len(data)))) == NEWS
