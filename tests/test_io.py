"""load and dump: paths, file objects, UTF-8, and atomic writes."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

import pytest

import corpusfmt
from corpusfmt import CorpusFormatError, Document
from tests.exact import raises_exactly

DOCS = [
    Document("a.txt", "Grüße\r\n", {"lang": "de"}),
    Document("b.txt", "no final newline"),
    Document("c.txt", "<<<END FILE>>>\n"),
]
BUNDLE = corpusfmt.dumps(DOCS)


def test_dump_and_load_a_path(tmp_path: Path) -> None:
    path = tmp_path / "out.bundle"
    corpusfmt.dump(DOCS, path)
    assert path.read_bytes() == BUNDLE.encode("utf-8")
    assert corpusfmt.load(path) == DOCS
    assert corpusfmt.load(str(path)) == DOCS


def test_dump_and_load_binary_files() -> None:
    buffer = io.BytesIO()
    corpusfmt.dump(DOCS, buffer)
    assert buffer.getvalue() == BUNDLE.encode("utf-8")
    buffer.seek(0)
    assert corpusfmt.load(buffer) == DOCS


def test_dump_and_load_text_files() -> None:
    buffer = io.StringIO(newline="")
    corpusfmt.dump(DOCS, buffer)
    assert buffer.getvalue() == BUNDLE
    buffer.seek(0)
    assert corpusfmt.load(buffer) == DOCS


def test_dump_writes_documents_as_the_iterable_yields_them() -> None:
    written: list[int] = []

    class Recorder(io.BytesIO):
        def write(self, data: bytes) -> int:  # type: ignore[override]
            written.append(len(data))
            return super().write(data)

    def produce() -> object:
        for index in range(3):
            yield Document(f"{index}.txt", "x\n")
            # Each document is on its way out before the next one is made.
            assert len(written) == 3 * (index + 1)

    corpusfmt.dump(produce(), Recorder())  # type: ignore[arg-type]


def test_load_reports_invalid_utf8_with_byte_offset_and_position(tmp_path: Path) -> None:
    path = tmp_path / "bad.bundle"
    path.write_bytes(b"<<<FILE a>>>\nok\nGr\xfc\xdfe\n<<<END FILE>>>\n")
    with pytest.raises(CorpusFormatError) as caught:
        corpusfmt.load(path)
    error = caught.value
    assert (error.msg, error.lineno, error.colno, error.pos) == (
        "invalid UTF-8 at byte offset 18: invalid start byte",
        3,
        3,
        18,
    )
    assert str(error).splitlines()[1:] == ["    Gr\\xfc\\xdfe", "      ^"]
    assert isinstance(error.__cause__, UnicodeDecodeError)


def test_load_reports_invalid_utf8_after_multibyte_characters() -> None:
    with pytest.raises(CorpusFormatError) as caught:
        corpusfmt.load(io.BytesIO("<<<FILE ä>>>\n".encode() + b"\xff\n<<<END FILE>>>\n"))
    assert (caught.value.msg, caught.value.lineno, caught.value.colno, caught.value.pos) == (
        "invalid UTF-8 at byte offset 14: invalid start byte",
        2,
        1,
        13,
    )


def test_load_skips_a_utf8_byte_order_mark() -> None:
    data = b"\xef\xbb\xbf" + BUNDLE.encode("utf-8")
    assert corpusfmt.load(io.BytesIO(data)) == DOCS


def test_load_keeps_crlf_bodies_byte_exact() -> None:
    data = b"<<<FILE a final-newline=no>>>\r\nx\r\ny\r\n<<<END FILE>>>\r\n"
    assert corpusfmt.load(io.BytesIO(data)) == [Document("a", "x\r\ny")]


def test_load_and_dump_refuse_other_sources() -> None:
    with raises_exactly(TypeError, "expected a path or a file object, not int"):
        corpusfmt.load(3)  # type: ignore[arg-type]
    with raises_exactly(TypeError, "expected a path or a file object, not int"):
        corpusfmt.dump(DOCS, 3)  # type: ignore[arg-type]


def test_failed_dump_leaves_the_old_bundle_and_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "out.bundle"
    path.write_text("old")
    docs = [Document("a", "x"), Document("a", "y")]
    with raises_exactly(
        ValueError, "documents 0 and 1 are both named 'a'; names in a bundle must be unique"
    ):
        corpusfmt.dump(docs, path)
    assert path.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.bundle"]


@pytest.mark.parametrize("before", [0, 2, 5000])
def test_dump_refuses_lone_surrogates_naming_the_document(tmp_path: Path, before: int) -> None:
    # Documents are encoded many at a time; the one at fault is named all the same.
    docs = [Document(f"{index}.txt", "fine\n" * 100) for index in range(before)]
    with raises_exactly(
        ValueError,
        "document 's.txt' cannot be written as UTF-8: "
        "its text holds the lone surrogate U+D800 at character 3",
    ):
        corpusfmt.dump(
            [*docs, Document("s.txt", "ok \ud800"), Document("z", "")], tmp_path / "s.bundle"
        )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_dump_keeps_the_mode_of_a_replaced_bundle(tmp_path: Path) -> None:
    path = tmp_path / "out.bundle"
    path.write_text("old")
    path.chmod(0o640)
    corpusfmt.dump(DOCS, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert corpusfmt.load(path) == DOCS


def test_dumps_refuses_duplicate_names_and_non_documents() -> None:
    with raises_exactly(
        ValueError, "documents 0 and 2 are both named 'a'; names in a bundle must be unique"
    ):
        corpusfmt.dumps([Document("a", ""), Document("b", ""), Document("a", "")])
    with raises_exactly(TypeError, "item 1 is a str, not a Document"):
        corpusfmt.dumps([Document("a", ""), "b"])  # type: ignore[list-item]
    with raises_exactly(
        TypeError, "expected an iterable of Documents; put a single Document in a list"
    ):
        corpusfmt.dumps(Document("a", ""))  # type: ignore[arg-type]
