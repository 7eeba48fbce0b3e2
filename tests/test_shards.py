"""A corpus cut into shards: dump_shards, the manifest, and reading the shards as one corpus."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import pickle
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import corpusfmt
from corpusfmt import CorpusFormatError, CorpusWriteError, Document, ShardManifest
from tests import strategies
from tests.command import run

NEWS = [
    Document("001.txt", "Erster Absatz.\n\n<<<END FILE>>>\n"),
    Document("002.txt", "ohne Zeilenende"),
    Document.from_bytes("003.bin", bytes(range(256)) * 3),
    Document("004.txt", "\\<<<FILE x>>>\nletzte\n", {"lang": "de"}),
    Document("005.txt", "fünf\n"),
]


def sizes(docs: list[Document]) -> list[int]:
    return [len(corpusfmt.dumps([doc]).encode()) for doc in docs]


@given(
    docs=strategies.document_lists,
    max_documents=st.one_of(st.none(), st.integers(1, 4)),
    max_bytes=st.one_of(st.none(), st.integers(1, 400)),
    compression=st.sampled_from([None, "gzip"]),
)
@settings(deadline=None, max_examples=60)
def test_shards_read_back_as_the_corpus(
    tmp_path_factory: pytest.TempPathFactory,
    docs: list[Document],
    max_documents: int | None,
    max_bytes: int | None,
    compression: corpusfmt.Compression | None,
) -> None:
    """Any cut gives every document once, in order, no shard over a limit unless it
    holds one document, and a manifest whose counts, sizes and digests are the files'."""
    folder = tmp_path_factory.mktemp("shards")
    manifest = corpusfmt.dump_shards(
        docs, folder, max_bytes=max_bytes, max_documents=max_documents, compression=compression
    )
    assert list(corpusfmt.iter_load(manifest.paths)) == docs
    assert manifest.documents == len(docs)
    bundle_sizes = iter(sizes(docs))
    for shard, path in zip(manifest.shards, manifest.paths, strict=True):
        data = Path(path).read_bytes()
        assert (shard.size, shard.sha256) == (len(data), hashlib.sha256(data).hexdigest())
        text = gzip.decompress(data) if compression else data
        assert len(corpusfmt.loads(text.decode())) == shard.documents >= 1
        if shard.documents > 1:
            assert max_documents is None or shard.documents <= max_documents
            assert max_bytes is None or len(text) <= max_bytes
        assert len(text) == sum(next(bundle_sizes) for _ in range(shard.documents))
    assert ShardManifest.read(folder / "corpus.manifest.json") == manifest


def test_a_shard_is_closed_before_it_would_pass_a_limit(tmp_path: Path) -> None:
    first, second, _third = sizes(NEWS[:3])
    manifest = corpusfmt.dump_shards(NEWS, tmp_path, max_bytes=first + second, compression=None)
    assert [shard.documents for shard in manifest.shards][:2] == [2, 1]
    manifest = corpusfmt.dump_shards(
        NEWS, tmp_path, max_bytes=first + second - 1, compression=None, replace=True
    )
    assert [shard.documents for shard in manifest.shards][:2] == [1, 1]
    manifest = corpusfmt.dump_shards(NEWS, tmp_path, max_documents=2, replace=True)
    assert [shard.documents for shard in manifest.shards] == [2, 2, 1]
    assert sorted(os.listdir(tmp_path)) == [
        "corpus-00000.bundle.gz",
        "corpus-00001.bundle.gz",
        "corpus-00002.bundle.gz",
        "corpus.manifest.json",
    ], "the uncompressed shards of the earlier corpus are removed"


def test_the_same_documents_give_the_same_bytes(tmp_path: Path) -> None:
    """No time or file name in the gzip headers: a corpus can be rebuilt and compared."""
    one = corpusfmt.dump_shards(NEWS, tmp_path / "one", max_documents=2)
    two = corpusfmt.dump_shards(NEWS, tmp_path / "two", max_documents=2)
    assert one.shards == two.shards
    assert (tmp_path / "one" / "corpus.manifest.json").read_bytes() == (
        tmp_path / "two" / "corpus.manifest.json"
    ).read_bytes()


def test_the_manifest_as_written(tmp_path: Path) -> None:
    manifest = corpusfmt.dump_shards(NEWS[:2], tmp_path, max_documents=1, prefix="news")
    text = (tmp_path / "news.manifest.json").read_text()
    digests = [shard.sha256 for shard in manifest.shards]
    sizes_ = [shard.size for shard in manifest.shards]
    assert text == (
        "{\n"
        '  "format": "corpusfmt-shards-1",\n'
        '  "documents": 2,\n'
        '  "shards": [\n'
        f'    {{"name": "news-00000.bundle.gz", "documents": 1, "bytes": {sizes_[0]}, '
        f'"sha256": "{digests[0]}"}},\n'
        f'    {{"name": "news-00001.bundle.gz", "documents": 1, "bytes": {sizes_[1]}, '
        f'"sha256": "{digests[1]}"}}\n'
        "  ]\n"
        "}\n"
    )
    assert json.loads(text)["documents"] == 2


def test_an_empty_corpus_has_a_manifest_and_no_shard(tmp_path: Path) -> None:
    manifest = corpusfmt.dump_shards([], tmp_path)
    assert manifest.shards == ()
    assert os.listdir(tmp_path) == ["corpus.manifest.json"]
    assert list(corpusfmt.iter_load(manifest.paths)) == []


def test_existing_shards_are_not_replaced_unless_asked(tmp_path: Path) -> None:
    corpusfmt.dump_shards(NEWS, tmp_path, max_documents=2)
    before = {name: (tmp_path / name).read_bytes() for name in os.listdir(tmp_path)}
    with pytest.raises(FileExistsError) as caught:
        corpusfmt.dump_shards(NEWS[:1], tmp_path)
    assert str(caught.value) == (
        f"{tmp_path / 'corpus-00000.bundle.gz'} exists; pass replace=True to write the corpus anew"
    )
    assert {name: (tmp_path / name).read_bytes() for name in os.listdir(tmp_path)} == before
    (tmp_path / "other.manifest.json").write_text("{}")
    with pytest.raises(FileExistsError, match=r"other\.manifest\.json exists"):
        corpusfmt.dump_shards(NEWS, tmp_path, prefix="other")
    corpusfmt.dump_shards(NEWS[:1], tmp_path, replace=True)
    assert sorted(os.listdir(tmp_path)) == [
        "corpus-00000.bundle.gz",
        "corpus.manifest.json",
        "other.manifest.json",
    ]


def failing_after(docs: list[Document], count: int) -> Iterator[Document]:
    yield from docs[:count]
    raise OSError("the source broke off")


def test_a_failed_dump_leaves_no_shard_and_no_manifest(tmp_path: Path) -> None:
    with pytest.raises(OSError, match="the source broke off"):
        corpusfmt.dump_shards(failing_after(NEWS, 3), tmp_path, max_documents=1)
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize(
    ("docs", "error", "message"),
    [
        (
            [NEWS[0], NEWS[1], NEWS[0]],
            CorpusWriteError,
            "documents 0 and 2 are both named '001.txt'; names in a bundle must be unique",
        ),
        (
            [NEWS[0], Document("s.txt", "a\ud800b")],
            CorpusWriteError,
            "document 's.txt' cannot be written as UTF-8: its text holds the lone surrogate "
            "U+D800 at character 1",
        ),
    ],
)
def test_what_cannot_be_written_leaves_nothing(
    tmp_path: Path, docs: list[Document], error: type[Exception], message: str
) -> None:
    """A name is unique across every shard, not only within one."""
    with pytest.raises(error) as caught:
        corpusfmt.dump_shards(docs, tmp_path, max_documents=1)
    assert str(caught.value) == message
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"max_bytes": 0}, "max_bytes must be at least 1, not 0"),
        ({"max_documents": 0}, "max_documents must be at least 1, not 0"),
        ({"prefix": "a/b"}, "prefix must be a plain file name, not 'a/b'"),
        ({"prefix": ".hidden"}, "prefix must be a plain file name, not '.hidden'"),
        ({"prefix": ""}, "prefix must be a plain file name, not ''"),
        (
            {"directory": "s3://bucket/shards"},
            "dump_shards writes to a local folder, not "
            "'s3://bucket/shards'; upload the shards and the manifest from there",
        ),
        ({"compression": "lz4"}, "compression must be 'gzip', 'zstd' or None, not 'lz4'"),
    ],
)
def test_bad_arguments(tmp_path: Path, arguments: dict[str, object], message: str) -> None:
    arguments = {"directory": tmp_path, **arguments}
    with pytest.raises(ValueError, match=r"must be|local folder") as caught:
        corpusfmt.dump_shards(NEWS, **arguments)  # type: ignore[arg-type]
    assert str(caught.value) == message
    assert os.listdir(tmp_path) == []


def test_verify_finds_a_changed_shard_at_its_entry(tmp_path: Path) -> None:
    corpusfmt.dump_shards(NEWS, tmp_path, max_documents=2)
    manifest_path = tmp_path / "corpus.manifest.json"
    ShardManifest.read(manifest_path).verify()
    shard = tmp_path / "corpus-00001.bundle.gz"
    data = shard.read_bytes()
    shard.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    manifest = ShardManifest.read(manifest_path)
    with pytest.raises(CorpusFormatError) as caught:
        manifest.verify()
    error = caught.value
    assert error.msg == (
        f"the shard {str(shard)!r} has the SHA-256 {hashlib.sha256(shard.read_bytes()).hexdigest()}"
        f", but the manifest says {manifest.shards[1].sha256}; it is not the shard the manifest "
        "lists"
    )
    assert (error.source, error.lineno, error.colno) == (str(manifest_path), 6, 14)
    shard.write_bytes(data + b"\0")
    with pytest.raises(CorpusFormatError, match=f"has {len(data) + 1} bytes, but the manifest"):
        manifest.verify()
    shard.unlink()
    with pytest.raises(FileNotFoundError):
        manifest.verify()


def test_verify_places_the_error_in_a_manifest_written_by_hand(tmp_path: Path) -> None:
    manifest = corpusfmt.dump_shards(NEWS, tmp_path, max_documents=3)
    entries = [
        {"sha256": s.sha256, "bytes": s.size + (i == 1), "documents": s.documents, "name": s.name}
        for i, s in enumerate(manifest.shards)
    ]
    hand = {"format": "corpusfmt-shards-1", "shards": entries}
    (tmp_path / "corpus.manifest.json").write_text(json.dumps(hand, indent=4))
    with pytest.raises(CorpusFormatError) as caught:
        ShardManifest.read(tmp_path / "corpus.manifest.json").verify()
    assert (caught.value.lineno, caught.value.colno) == (14, 21)
    assert caught.value.line == '            "name": "corpus-00001.bundle.gz"'


@pytest.mark.parametrize(
    ("text", "message", "place"),
    [
        (
            "{",
            "the manifest is not JSON: Expecting property name enclosed in double quotes",
            (1, 2),
        ),
        ("[]", "not a corpusfmt shard manifest (expected format 'corpusfmt-shards-1')", (1, 1)),
        (
            '{"format": "corpusfmt-index-1"}',
            "not a corpusfmt shard manifest (expected format 'corpusfmt-shards-1')",
            (1, 1),
        ),
        ('{"format": "corpusfmt-shards-1"}', 'the manifest has no list of "shards"', (1, 1)),
        (
            '{"format": "corpusfmt-shards-1",\n "shards": [\n  {"name": "a.bundle"}]}',
            "shard 0 of the manifest is not a name, documents, bytes and sha256: "
            "it has no 'documents'",
            (3, 12),
        ),
        (
            '{"format": "corpusfmt-shards-1",\n "shards": [\n  {"name": "../a.bundle", '
            '"documents": 1, "bytes": 2, "sha256": "' + "0" * 64 + '"}]}',
            "shard 0 of the manifest is not a name, documents, bytes and sha256: "
            "a shard's name is a file name beside the manifest, not '../a.bundle'",
            (3, 12),
        ),
        (
            '{"format": "corpusfmt-shards-1",\n "shards": [7]}',
            "shard 0 of the manifest is not a name, documents, bytes and sha256: it is no object",
            (2, 2),
        ),
        (
            '{"format": "corpusfmt-shards-1", "shards": [{"name": "a.bundle", '
            '"documents": 1, "bytes": 2, "sha256": "xyz"}]}',
            "shard 0 of the manifest is not a name, documents, bytes and sha256: "
            "'sha256' must match regex '[0-9a-f]{64}' ('xyz' doesn't)",
            (1, 54),
        ),
        (
            '{"format": "corpusfmt-shards-1",\n "documents": 3, "shards": []}',
            "the manifest says 3 documents, but its shards hold 0",
            (2, 2),
        ),
    ],
)
def test_a_bad_manifest_is_placed(
    tmp_path: Path, text: str, message: str, place: tuple[int, int]
) -> None:
    path = tmp_path / "corpus.manifest.json"
    path.write_text(text)
    with pytest.raises(CorpusFormatError) as caught:
        ShardManifest.read(path)
    error = caught.value
    assert (error.msg, (error.lineno, error.colno), error.source) == (message, place, str(path))
    assert str(error).startswith(f"{path}, line {place[0]}, column {place[1]}: {message}")


def test_shard_paths_from_a_manifest_a_glob_or_one_file(tmp_path: Path) -> None:
    manifest = corpusfmt.dump_shards(NEWS, tmp_path, max_documents=2)
    assert corpusfmt.shard_paths(tmp_path / "corpus.manifest.json") == manifest.paths
    assert corpusfmt.shard_paths(str(tmp_path / "corpus-*.bundle.gz")) == manifest.paths
    odd = tmp_path / "odd[1].bundle"
    corpusfmt.dump(NEWS, odd)
    assert corpusfmt.shard_paths(odd) == [str(odd)]
    with pytest.raises(FileNotFoundError) as caught:
        corpusfmt.shard_paths(str(tmp_path / "none-*.bundle"))
    assert str(caught.value) == f"no shard matches {str(tmp_path / 'none-*.bundle')!r}"


def two_shards_with(tmp_path: Path, repeated: Document) -> list[str]:
    first = corpusfmt.dump_shards([NEWS[0], repeated], tmp_path / "a", compression=None)
    second = corpusfmt.dump_shards([NEWS[1], repeated], tmp_path / "b")
    return first.paths + second.paths


def test_a_name_in_two_shards_is_an_error_at_the_second_header(tmp_path: Path) -> None:
    paths = two_shards_with(tmp_path, Document("dup.txt", "é\n"))
    docs = corpusfmt.iter_load(paths)
    assert [next(docs).name for _ in range(3)] == ["001.txt", "dup.txt", "002.txt"]
    with pytest.raises(CorpusFormatError) as caught:
        next(docs)
    error = caught.value
    assert error.msg == (
        f"duplicate document name 'dup.txt'; the shard {paths[0]!r} holds the first document "
        "of that name"
    )
    assert (error.source, error.lineno, error.colno, error.document, error.line) == (
        paths[1],
        4,
        1,
        "dup.txt",
        "<<<FILE dup.txt>>>",
    )
    assert error.pos == len(corpusfmt.dumps([NEWS[1]]))


def test_a_list_of_shards_is_indexed_as_one_corpus(tmp_path: Path) -> None:
    manifest = corpusfmt.dump_shards(NEWS, tmp_path, max_documents=2, compression=None)
    found = corpusfmt.index(manifest.paths)
    assert isinstance(found, corpusfmt.ShardIndex)
    assert list(found) == [doc.name for doc in NEWS]
    assert len(found) == len(NEWS)
    assert [found.read(doc.name) for doc in NEWS] == NEWS
    assert found.source_of("005.txt") == manifest.paths[2]
    assert found["004.txt"].meta == {"lang": "de"}
    repeated = [*manifest.paths, manifest.paths[1]]
    with pytest.raises(CorpusFormatError) as caught:
        corpusfmt.index(repeated)
    assert (caught.value.source, caught.value.lineno, caught.value.document) == (
        manifest.paths[1],
        1,
        "003.bin",
    )


def test_an_error_inside_a_shard_names_the_shard(tmp_path: Path) -> None:
    manifest = corpusfmt.dump_shards(NEWS, tmp_path, max_documents=2, compression=None)
    broken = Path(manifest.paths[1])
    broken.write_bytes(broken.read_bytes()[:-5])
    for read in (
        lambda: list(corpusfmt.iter_load(manifest.paths)),
        lambda: corpusfmt.index(manifest.paths),
    ):
        with pytest.raises(CorpusFormatError) as caught:
            read()
        assert caught.value.source == str(broken)
        assert str(caught.value).startswith(f"{broken}, line ")
        assert pickle.loads(pickle.dumps(caught.value)).source == str(broken)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda paths: list(corpusfmt.iter_load(paths, "colon")),
            ValueError,
            "iter_load reads a list of shards in format v1 only",
        ),
        (
            lambda paths: corpusfmt.index(paths, "colon"),
            ValueError,
            "index reads a list of shards in format v1 only",
        ),
        (
            lambda paths: list(corpusfmt.iter_load(paths, byte_range=(0, 5))),
            ValueError,
            "byte_range is a range of one bundle, not of a list of shards",
        ),
        (
            lambda paths: list(corpusfmt.iter_load([io.BytesIO(b"")])),  # type: ignore[list-item]
            TypeError,
            "shard 0 is a BytesIO; shards are paths or URLs, so that a problem can be "
            "placed in them",
        ),
    ],
)
def test_what_a_list_of_shards_cannot_be(
    tmp_path: Path, call: object, error: type[Exception], message: str
) -> None:
    paths = corpusfmt.dump_shards(NEWS, tmp_path, compression=None).paths
    with pytest.raises(error) as caught:
        call(paths)  # type: ignore[operator]
    assert str(caught.value) == message


def test_check_of_a_manifest_checks_the_corpus_it_lists(tmp_path: Path) -> None:
    corpusfmt.dump_shards(NEWS, tmp_path, max_documents=2, compression=None)
    manifest = tmp_path / "corpus.manifest.json"
    assert run("check", str(manifest)).returncode == 0
    shard = tmp_path / "corpus-00001.bundle"
    data = shard.read_bytes()
    shard.write_bytes(data.replace(b"<<<END FILE>>>\n", b"<<<END FILE>>>\n\n", 1))
    result = run("check", str(manifest))
    assert result.returncode == 1
    assert result.stderr.startswith(
        f"{manifest}:6:14: the shard {str(shard)!r} has {len(data) + 1} bytes, but the manifest "
        "says"
    )


def rewritten_manifest(manifest_path: Path, change: dict[str, object]) -> None:
    """The manifest with the sizes and digests of the shards as they are now, and *change*."""
    manifest = ShardManifest.read(manifest_path)
    shards = []
    for shard in manifest.shards:
        data = (manifest_path.parent / shard.name).read_bytes()
        fields = {
            "name": shard.name,
            "documents": shard.documents,
            "bytes": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
        }
        shards.append({**fields, **change.get(shard.name, {})})  # type: ignore[dict-item]
    text = json.dumps({"format": "corpusfmt-shards-1", "shards": shards}, indent=1)
    manifest_path.write_text(text)


def test_check_reads_every_document_of_the_shards(tmp_path: Path) -> None:
    """A shard that matches its digest but is not a valid bundle, or holds other counts."""
    corpusfmt.dump_shards(NEWS, tmp_path, max_documents=2, compression=None)
    manifest = tmp_path / "corpus.manifest.json"
    shard = tmp_path / "corpus-00001.bundle"
    shard.write_bytes(shard.read_bytes()[:-5])
    rewritten_manifest(manifest, {})
    result = run("check", str(manifest))
    assert result.returncode == 1
    with pytest.raises(CorpusFormatError) as direct:
        corpusfmt.load(shard)
    assert result.stderr.splitlines()[0] == (
        f"{shard}:{direct.value.lineno}:{direct.value.colno}: {direct.value.msg}"
    )

    corpusfmt.dump_shards(NEWS, tmp_path, max_documents=2, compression=None, replace=True)
    rewritten_manifest(manifest, {"corpus-00002.bundle": {"documents": 3}})
    result = run("check", str(manifest))
    assert (result.returncode, result.stderr.splitlines()[0]) == (
        1,
        f"{manifest}:17:12: the shard {str(tmp_path / 'corpus-00002.bundle')!r} holds 1 "
        "document, but the manifest says 3; it is not the shard the manifest lists",
    )


def test_check_finds_a_name_in_two_shards(tmp_path: Path) -> None:
    corpusfmt.dump_shards([NEWS[0], NEWS[1]], tmp_path, max_documents=1, compression=None)
    (tmp_path / "corpus-00001.bundle").write_bytes(corpusfmt.dumps([NEWS[0]]).encode())
    rewritten_manifest(tmp_path / "corpus.manifest.json", {})
    result = run("check", str(tmp_path / "corpus.manifest.json"))
    assert (result.returncode, result.stderr.splitlines()[0]) == (
        1,
        f"{tmp_path / 'corpus-00001.bundle'}:1:1: duplicate document name '001.txt'; the shard "
        f"{str(tmp_path / 'corpus-00000.bundle')!r} holds the first document of that name",
    )
