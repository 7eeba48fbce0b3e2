"""The file edge: one atomic writer, compression kept, damage reported, write errors named."""

from __future__ import annotations

import gzip
import io
import os
import stat
import zlib
from pathlib import Path

import pytest

import corpusfmt
from corpusfmt import CorpusFormatError, CorpusWriteError, Document
from tests.command import run, run_bytes
from tests.exact import raises_exactly

DOCS = [Document("a.txt", "alpha\n"), Document("b.txt", "no newline", {"lang": "de"})]
CANONICAL = corpusfmt.dumps(DOCS).encode()
# Not canonical: a blank line between the documents.
LOOSE = CANONICAL.replace(b"<<<END FILE>>>\n<<<FILE b", b"<<<END FILE>>>\n\n<<<FILE b")


def _damaged_gzip() -> bytes:
    """A gzip file cut short in the middle of its compressed data."""
    data = gzip.compress(
        corpusfmt.dumps([Document(f"{n}.txt", f"{n}\n" * 50) for n in range(200)]).encode()
    )
    return data[: len(data) // 2]


# --- fmt keeps what it rewrites as it was. ---------------------------------------


def test_fmt_keeps_a_gzipped_bundle_gzipped(tmp_path: Path) -> None:
    bundle = tmp_path / "corpus.bundle.gz"
    bundle.write_bytes(gzip.compress(LOOSE))
    result = run("fmt", str(bundle))
    assert result.returncode == 0
    assert result.stderr == f"{bundle}: rewritten (kept gzip-compressed)\n"
    assert bundle.read_bytes()[:2] == b"\x1f\x8b"
    assert gzip.decompress(bundle.read_bytes()) == CANONICAL
    assert run("fmt", "--check", str(bundle)).returncode == 0


def test_fmt_keeps_the_mode_of_what_it_rewrites(tmp_path: Path) -> None:
    bundle = tmp_path / "corpus.bundle"
    bundle.write_bytes(LOOSE)
    bundle.chmod(0o640)
    assert run("fmt", str(bundle)).returncode == 0
    assert bundle.read_bytes() == CANONICAL
    assert stat.S_IMODE(bundle.stat().st_mode) == 0o640
    assert sorted(path.name for path in tmp_path.iterdir()) == ["corpus.bundle"]


def test_fmt_of_gzip_on_stdin_writes_gzip_to_stdout() -> None:
    result = run_bytes("fmt", "-", stdin=gzip.compress(LOOSE))
    assert result.returncode == 0
    assert gzip.decompress(result.stdout) == CANONICAL


# --- Damaged compression: a message naming the file, exit 1, everywhere. ---------


@pytest.mark.parametrize(
    "command",
    [
        ["ls"],
        ["ls", "--json"],
        ["cat", "DOC"],
        ["check"],
        ["fmt"],
        ["fmt", "--check"],
        ["unpack", "--dry-run"],
        ["unpack", "--dialect", "auto"],
        ["convert", "OUT"],
    ],
    ids=lambda command: " ".join(command),
)
def test_a_damaged_gzip_file_is_reported_by_every_command(
    tmp_path: Path, command: list[str]
) -> None:
    bundle = tmp_path / "cut.bundle.gz"
    bundle.write_bytes(_damaged_gzip())
    name, *options = command
    arguments = [name, *(o for o in options if o not in ("DOC", "OUT")), str(bundle)]
    if "DOC" in options:
        arguments.append("0.txt")
    if "OUT" in options:
        arguments.append(str(tmp_path / "out.jsonl"))
    if name == "unpack":
        arguments += ["-C", str(tmp_path / "restored")]
    result = run(*arguments)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{bundle}:")
    assert first.endswith(
        "the gzip-compressed data is damaged (Compressed file ended before the "
        "end-of-stream marker was reached); the text breaks off here"
    )
    assert not (tmp_path / "restored").exists()
    assert not (tmp_path / "out.jsonl").exists()


def test_damaged_gzip_is_a_format_error_where_the_text_breaks_off() -> None:
    data = _damaged_gzip()
    with pytest.raises(CorpusFormatError) as whole:
        corpusfmt.load(io.BytesIO(data))
    decompressor = zlib.decompressobj(wbits=31)
    got = decompressor.decompress(data)
    assert not decompressor.eof
    text = got.decode("utf-8", "replace")
    assert whole.value.lineno == text.count("\n") + 1
    assert whole.value.colno == len(text) - (text.rfind("\n") + 1) + 1
    assert whole.value.pos == len(text)


def test_iter_load_yields_what_comes_before_damaged_gzip() -> None:
    data = _damaged_gzip()
    seen: list[str] = []
    documents = corpusfmt.iter_load(io.BytesIO(data), chunk_size=64)
    with pytest.raises(CorpusFormatError, match="the gzip-compressed data is damaged") as caught:
        seen.extend(doc.name for doc in documents)
    assert seen[:3] == ["0.txt", "1.txt", "2.txt"]
    # The error stands after the last document yielded.
    assert caught.value.lineno > 52 * len(seen)


def test_a_bad_gzip_header_is_a_format_error() -> None:
    with pytest.raises(CorpusFormatError, match=r"the gzip-compressed data is damaged \("):
        corpusfmt.load(io.BytesIO(b"\x1f\x8b\x00rubbish"))


# --- Writing: dump's compression, the atomic writer, write errors. --------------


def test_dump_writes_gzip_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "a.bundle.gz"
    corpusfmt.dump(DOCS, path, compression="gzip")
    assert gzip.decompress(path.read_bytes()) == CANONICAL
    # No time and no file name in the gzip header: the same documents, the same bytes.
    again = tmp_path / "b.bundle.gz"
    corpusfmt.dump(DOCS, again, compression="gzip")
    assert again.read_bytes() == path.read_bytes()
    assert corpusfmt.load(path) == DOCS
    binary = io.BytesIO()
    corpusfmt.dump(DOCS, binary, compression="gzip")
    assert gzip.decompress(binary.getvalue()) == CANONICAL
    with raises_exactly(ValueError, "compression must be 'gzip', 'zstd' or None, not 'zip'"):
        corpusfmt.dump(DOCS, binary, compression="zip")  # type: ignore[arg-type]
    with raises_exactly(
        ValueError, "a text file cannot take compressed data; open it in binary mode"
    ):
        corpusfmt.dump(DOCS, io.StringIO(), compression="gzip")


def test_the_atomic_writer_never_writes_through_a_planted_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bug guarded: without O_EXCL, a link planted at the temporary name is written through."""
    outside = tmp_path / "outside.txt"
    outside.write_text("precious\n")
    planted = tmp_path / ".a.bundle.000000000000.corpusfmt-tmp"
    planted.symlink_to(outside)
    monkeypatch.setattr("secrets.token_hex", lambda _size: "000000000000")
    with pytest.raises(FileExistsError):
        corpusfmt.dump(DOCS, tmp_path / "a.bundle")
    assert outside.read_text() == "precious\n"
    assert not (tmp_path / "a.bundle").exists()


def test_the_atomic_writer_leaves_nothing_behind_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "a.bundle"
    target.write_bytes(CANONICAL)

    def documents() -> object:
        yield DOCS[0]
        raise RuntimeError("the source broke")

    with pytest.raises(RuntimeError, match="the source broke"):
        corpusfmt.dump(documents(), target)  # type: ignore[arg-type]
    assert target.read_bytes() == CANONICAL
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a.bundle"]


def test_the_atomic_writer_refuses_to_replace_when_told(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_text("old\n")
    with (
        pytest.raises(FileExistsError, match="appeared while it was written; not replaced"),
        corpusfmt.io.atomic_writer(target, replace=False) as file,
    ):
        file.write(b"new\n")
    assert target.read_text() == "old\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a.txt"]


def test_a_new_file_gets_the_mode_asked_for_less_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        with corpusfmt.io.atomic_writer(tmp_path / "run.sh", mode=0o777) as file:
            file.write(b"#!/bin/sh\n")
        with corpusfmt.io.atomic_writer(tmp_path / "plain.txt") as file:
            file.write(b"x\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "run.sh").stat().st_mode) == 0o750
    assert stat.S_IMODE((tmp_path / "plain.txt").stat().st_mode) == 0o640


def test_a_duplicate_name_is_a_write_error_naming_the_document() -> None:
    with pytest.raises(CorpusWriteError) as caught:
        corpusfmt.dumps([Document("a", ""), Document("a", "x\n")])
    assert caught.value.document == "a"
    assert caught.value.lineno is None
    assert isinstance(caught.value, ValueError)
    assert not isinstance(caught.value, CorpusFormatError)


def test_a_write_error_says_where_in_the_document_and_pickles() -> None:
    import pickle

    doc = Document("notes.md", "Quote:\n  <<<END FILE>>>\n<<<END FILE>>> end\n<<<END FILE>>>\n")
    with pytest.raises(CorpusWriteError) as caught:
        corpusfmt.dumps([doc], "plain")
    error = caught.value
    assert (error.document, error.lineno, error.colno, error.pos) == ("notes.md", 4, 1, 43)
    assert error.line == "<<<END FILE>>>"
    assert error.excerpt == "    <<<END FILE>>>\n    ^"
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.msg, copy.document, copy.lineno, copy.colno, copy.pos, copy.line) == (
        error.msg,
        error.document,
        error.lineno,
        error.colno,
        error.pos,
        error.line,
    )


def test_a_dialect_that_cannot_be_written_is_a_write_error() -> None:
    with raises_exactly(
        CorpusWriteError,
        "the dialect 'heredoc' can be read but not written: "
        "its headers have no place for a document's name",
    ):
        corpusfmt.dumps(DOCS, "heredoc")


# --- JSON Lines at the file edge. ------------------------------------------------


def test_json_lines_files_round_trip_with_gzip(tmp_path: Path) -> None:
    docs = [*DOCS, Document.from_bytes("x.bin", b"\x00\xff")]
    path = tmp_path / "c.jsonl.gz"
    corpusfmt.io.dump_jsonl(docs, path, compression="gzip")
    assert gzip.decompress(path.read_bytes()).count(b"\n") == 3
    assert corpusfmt.io.load_jsonl(path) == docs


def test_a_json_lines_error_is_at_its_real_offset() -> None:
    text = '{"name": "a", "text": "x"}\n  {"name": "b"}\n'
    with pytest.raises(CorpusFormatError) as caught:
        corpusfmt.formats.loads_jsonl(text)
    error = caught.value
    assert (error.msg, error.lineno, error.colno, error.pos) == (
        "not a document: missing 'text'",
        2,
        3,
        29,
    )
    with pytest.raises(CorpusFormatError) as bad_json:
        corpusfmt.formats.loads_jsonl('{"name": "a", "text": "x"}\n{"name": }\n')
    assert (bad_json.value.lineno, bad_json.value.colno, bad_json.value.pos) == (2, 10, 36)


def test_a_corrupt_deflate_block_is_reported_after_the_good_text() -> None:
    lines = [f"line {n * 7919 % 10007} of {n * 104729 % 1000003}\n" for n in range(20000)]
    text = corpusfmt.dumps([Document("a.txt", "".join(lines))])
    data = bytearray(gzip.compress(text.encode()))
    data[len(data) // 2 : len(data) // 2 + 64] = b"\xff" * 64
    with pytest.raises(CorpusFormatError, match="the gzip-compressed data is damaged") as caught:
        corpusfmt.load(io.BytesIO(bytes(data)))
    # What came before the damage was read: the error stands far into the text.
    assert caught.value.lineno > 5000


def test_trailing_bytes_after_a_gzip_member_are_damage() -> None:
    data = gzip.compress(CANONICAL) + b"junk"
    with pytest.raises(CorpusFormatError) as caught:
        corpusfmt.load(io.BytesIO(data))
    assert caught.value.msg == (
        "the gzip-compressed data is damaged (Not a gzipped file (b'ju')); "
        "the text breaks off here"
    )
    assert caught.value.pos == len(CANONICAL.decode())
    two_members = gzip.compress(CANONICAL[:20]) + gzip.compress(CANONICAL[20:])
    assert corpusfmt.load(io.BytesIO(two_members)) == DOCS


def test_fmt_refuses_to_drop_the_prose_of_a_model_answer(tmp_path: Path) -> None:
    answer = tmp_path / "answer.md"
    text = "Sure, here you go:\n\n<<<FILE: a.py>>>\nx = 1\n<<<END FILE>>>\n\nDone.\n"
    answer.write_text(text)
    for options in (["--dialect", "auto"], ["--check", "--dialect", "colon"]):
        result = run("fmt", *options, str(answer))
        assert result.returncode == 1
        assert result.stderr.startswith(
            f"corpusfmt: {answer}:1: fmt would drop the text between the blocks "
            "('Sure, here you go:'), which a rewritten bundle cannot hold; nothing was changed."
        )
        assert answer.read_text() == text
    clean = tmp_path / "clean.md"
    clean.write_text("<<<FILE: a.py>>>\nx = 1\n<<<END FILE>>>\n\n")
    assert run("fmt", "--dialect", "colon", str(clean)).returncode == 0
    assert clean.read_text() == "<<<FILE a.py>>>\nx = 1\n<<<END FILE>>>\n"
