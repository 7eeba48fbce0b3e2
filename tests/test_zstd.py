"""zstd-compressed bundles and JSON Lines: told by their first bytes, written when asked or named."""

from __future__ import annotations

import hashlib
import io
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import corpusfmt
from corpusfmt import CorpusFormatError, Document
from corpusfmt.cli import main
from tests import strategies
from tests.command import run, run_bytes
from tests.extras import need

zstandard = need("zstandard", "zstd")

DOCS = [Document(f"{n}.txt", f"{n}\n" * 50) for n in range(200)] + [
    Document.from_bytes("z.bin", bytes(range(256)))
]
BUNDLE = corpusfmt.dumps(DOCS).encode()
# Text that compresses little, so that its zstd data holds many blocks and a
# cut or a damage leaves some of them readable.
BIG = corpusfmt.dumps(
    [
        Document(f"{n}.txt", hashlib.sha256(str(n).encode()).hexdigest() * 30 + "\n")
        for n in range(600)
    ]
).encode()


def zstd(data: bytes) -> bytes:
    """One frame with its content size and a checksum, as the zstd command writes it."""
    return bytes(zstandard.ZstdCompressor(write_checksum=True).compress(data))


def unzstd(data: bytes) -> bytes:
    return bytes(zstandard.ZstdDecompressor().decompressobj().decompress(data))


@given(docs=strategies.document_lists, chunk_size=st.integers(1, 300))
@settings(deadline=None)
def test_every_reader_reads_a_zstd_bundle(docs: list[Document], chunk_size: int) -> None:
    data = zstd(corpusfmt.dumps(docs).encode())
    assert corpusfmt.load(io.BytesIO(data)) == docs
    assert list(corpusfmt.iter_load(io.BytesIO(data), chunk_size=chunk_size)) == docs
    assert corpusfmt.io.compression_of(io.BytesIO(data)) == "zstd"


def test_dump_writes_zstd_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "corpus.bundle.zst"
    corpusfmt.dump(DOCS, path, compression="zstd")
    assert path.read_bytes()[:4] == b"\x28\xb5\x2f\xfd"
    frame = zstandard.get_frame_parameters(path.read_bytes())
    assert frame.has_checksum, "damage is found, not read as other bytes"
    assert unzstd(path.read_bytes()) == BUNDLE
    assert corpusfmt.load(path) == DOCS
    target = io.BytesIO()
    corpusfmt.dump(DOCS, target, compression="zstd")
    assert unzstd(target.getvalue()) == BUNDLE


def test_frames_one_after_another_are_one_text() -> None:
    """As ``cat a.zst b.zst`` makes them, and as the zstd command reads them."""
    half = len(BUNDLE) // 2
    cut = BUNDLE.rindex(b"<<<FILE", 0, half)
    data = zstd(BUNDLE[:cut]) + zstd(BUNDLE[cut:])
    assert corpusfmt.load(io.BytesIO(data)) == DOCS
    assert list(corpusfmt.iter_load(io.BytesIO(data), chunk_size=100)) == DOCS


def placed(data: bytes) -> tuple[int, int]:
    """The line and column just after *data* decoded."""
    text = data.decode("utf-8", "replace")
    return text.count("\n") + 1, len(text) - (text.rfind("\n") + 1) + 1


def test_a_zstd_file_cut_short_is_an_error_where_its_text_breaks_off() -> None:
    data = zstd(BIG)
    cut = data[: len(data) // 2]
    given_back = zstandard.ZstdDecompressor().decompressobj().decompress(cut)
    assert given_back, "the cut leaves whole blocks"
    with pytest.raises(CorpusFormatError) as caught:
        corpusfmt.load(io.BytesIO(cut))
    assert caught.value.msg == (
        "the zstd-compressed data is damaged (Compressed file ended before the end-of-stream "
        "marker was reached); the text breaks off here"
    )
    assert (caught.value.lineno, caught.value.colno) == placed(given_back)
    seen: list[str] = []
    with pytest.raises(CorpusFormatError) as streamed:
        seen.extend(doc.name for doc in corpusfmt.iter_load(io.BytesIO(cut), chunk_size=64))
    assert seen[:3] == ["0.txt", "1.txt", "2.txt"]
    assert streamed.value.msg == caught.value.msg
    assert streamed.value.lineno >= 3 * len(seen)


def test_damaged_zstd_data_is_an_error_after_the_good_blocks() -> None:
    data = bytearray(zstd(BIG))
    data[len(data) // 2] ^= 0xFF
    good = zstandard.ZstdDecompressor().decompressobj().decompress(bytes(data[: len(data) // 2]))
    with pytest.raises(CorpusFormatError) as caught:
        corpusfmt.load(io.BytesIO(bytes(data)))
    assert caught.value.msg.startswith("the zstd-compressed data is damaged (zstd decompressor")
    assert caught.value.msg.endswith("); the text breaks off here")
    # The blocks before the damage are read; the damage may show only at the
    # checksum, after the damaged block.
    assert caught.value.lineno >= placed(good)[0]
    with pytest.raises(CorpusFormatError) as streamed:
        list(corpusfmt.iter_load(io.BytesIO(bytes(data))))
    assert streamed.value.msg == caught.value.msg


def test_rubbish_after_a_frame_is_an_error() -> None:
    with pytest.raises(CorpusFormatError) as caught:
        corpusfmt.load(io.BytesIO(zstd(BUNDLE) + b"rubbish"))
    assert caught.value.msg == (
        "the zstd-compressed data is damaged (not a zstd frame (b'rubb')); the text breaks off here"
    )
    assert caught.value.pos == len(BUNDLE.decode())


def test_zstd_cannot_be_entered_in_the_middle(tmp_path: Path) -> None:
    path = tmp_path / "corpus.bundle.zst"
    path.write_bytes(zstd(BUNDLE))
    message = f"{str(path)!r} is zstd-compressed; byte offsets need the bundle uncompressed"
    with pytest.raises(ValueError, match="zstd-compressed") as indexed:
        corpusfmt.index(path)
    assert str(indexed.value) == message
    with pytest.raises(ValueError, match="zstd-compressed") as ranged:
        list(corpusfmt.iter_load(path, byte_range=(0, 10)))
    assert str(ranged.value) == message
    assert corpusfmt.io.splits([str(path)], blocksize=10) == [corpusfmt.io.Split(str(path))]


def test_zstd_shards(tmp_path: Path) -> None:
    manifest = corpusfmt.dump_shards(DOCS, tmp_path, max_documents=80, compression="zstd")
    assert [shard.name for shard in manifest.shards] == [
        "corpus-00000.bundle.zst",
        "corpus-00001.bundle.zst",
        "corpus-00002.bundle.zst",
    ]
    manifest.verify()
    assert list(corpusfmt.iter_load(manifest.paths)) == DOCS


def test_convert_writes_and_reads_jsonl_zst(tmp_path: Path) -> None:
    source = tmp_path / "in.bundle"
    source.write_bytes(BUNDLE)
    target = tmp_path / "out.jsonl.zst"
    result = run("convert", str(source), str(target))
    assert (result.returncode, result.stderr) == (0, "")
    plain = tmp_path / "plain.jsonl"
    assert run("convert", str(source), str(plain)).returncode == 0
    assert unzstd(target.read_bytes()) == plain.read_bytes()
    back = run_bytes("convert", str(target), "-")
    assert back.stdout == BUNDLE
    bundle_zst = tmp_path / "out.bundle.zst"
    assert run("convert", str(target), str(bundle_zst)).returncode == 0
    assert unzstd(bundle_zst.read_bytes()) == BUNDLE


def test_fmt_keeps_a_zstd_bundle_zstd(tmp_path: Path) -> None:
    bundle = tmp_path / "corpus.bundle.zst"
    loose = BUNDLE.replace(b"<<<END FILE>>>\n<<<FILE 1.txt", b"<<<END FILE>>>\n\n<<<FILE 1.txt")
    bundle.write_bytes(zstd(loose))
    result = run("fmt", str(bundle))
    assert (result.returncode, result.stderr) == (
        0,
        f"{bundle}: rewritten (kept zstd-compressed)\n",
    )
    assert unzstd(bundle.read_bytes()) == BUNDLE


@pytest.mark.parametrize("command", [["ls"], ["check"], ["cat", "5.txt"], ["fmt", "--check"]])
def test_every_command_reports_a_cut_zstd_file(tmp_path: Path, command: list[str]) -> None:
    bundle = tmp_path / "cut.bundle.zst"
    data = zstd(BUNDLE)
    bundle.write_bytes(data[: len(data) // 2])
    name, *rest = command
    result = run(name, str(bundle), *rest)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{bundle}:")
    assert first.endswith(
        "the zstd-compressed data is damaged (Compressed file ended before the end-of-stream "
        "marker was reached); the text breaks off here"
    )


def test_without_zstandard_a_zstd_file_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "zstandard", None)
    with pytest.raises(ImportError) as reading:
        corpusfmt.load(io.BytesIO(zstd(BUNDLE)))
    assert str(reading.value) == (
        "the data is zstd-compressed, which needs zstandard: pip install 'corpusfmt[zstd]'"
    )
    with pytest.raises(ImportError) as writing:
        corpusfmt.dump(DOCS, tmp_path / "a.bundle.zst", compression="zstd")
    assert str(writing.value) == "writing zstd needs zstandard: pip install 'corpusfmt[zstd]'"
    assert list(tmp_path.iterdir()) == [], "no file, and no temporary file, is left"


def test_without_zstandard_convert_refuses_a_zst_output_before_reading(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "zstandard", None)
    target = tmp_path / "out.jsonl.zst"
    assert main(["convert", str(tmp_path / "missing.bundle"), str(target)]) == 1
    assert capsys.readouterr().err == (
        f"corpusfmt: {target}: writing zstd needs zstandard: pip install 'corpusfmt[zstd]'\n"
    )
    assert not target.exists()
