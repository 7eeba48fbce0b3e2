"""corpusfmt.dask on a LocalCluster of two worker processes: the same documents as iter_load."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import corpusfmt
from corpusfmt import CorpusFormatError, Document
from tests.extras import need

need("dask.bag", "dask")
dd = need("dask.dataframe", "dask-test")
distributed = need("distributed", "dask-test")
pa = need("pyarrow", "arrow")

import corpusfmt.dask  # noqa: E402 -- after the checks for the extras it needs
from corpusfmt.arrow import from_table  # noqa: E402

CORPUS = [
    Document(f"{n:03d}.txt", "Satz.\n" * (n % 7) + ("ohne Ende" if n % 5 == 0 else ""))
    for n in range(120)
] + [
    Document.from_bytes("bild.bin", bytes(range(256)) * 9),
    Document("meta.txt", "\\<<<FILE x>>>\n", {"lang": "de", "quelle": "dpa"}),
]


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as connected,
    ):
        yield connected


@pytest.fixture(scope="module")
def shards(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Gzip shards, each a partition, and uncompressed ones, cut into byte ranges."""
    folder = tmp_path_factory.mktemp("corpus")
    packed = corpusfmt.dump_shards(CORPUS[:50], folder / "gz", max_documents=20)
    plain = corpusfmt.dump_shards(
        CORPUS[50:], folder / "plain", compression=None, max_documents=40
    )
    return packed.paths + plain.paths


def test_a_bag_on_two_workers_holds_what_iter_load_reads(
    client: object, shards: list[str]
) -> None:
    bag = corpusfmt.dask.read_bundles(shards, blocksize=700)
    assert bag.npartitions == len(corpusfmt.io.splits(shards, blocksize=700)) > len(shards)
    assert bag.compute() == list(corpusfmt.iter_load(shards)) == CORPUS
    assert bag.map(lambda doc: doc.name).count().compute() == len(CORPUS)


def test_a_dataframe_on_two_workers_reads_back_exactly(client: object, shards: list[str]) -> None:
    frame = corpusfmt.dask.read_dataframe(shards, blocksize=700)
    assert list(frame.columns) == ["name", "text", "data", "meta"]
    computed = frame.compute()
    assert from_table(pa.Table.from_pandas(computed, preserve_index=False)) == CORPUS
    assert frame[frame["name"] == "meta.txt"]["text"].compute().tolist() == ["\\<<<FILE x>>>\n"]


def test_a_manifest_or_a_glob_names_the_corpus(tmp_path: Path) -> None:
    corpusfmt.dump_shards(CORPUS, tmp_path, max_documents=50)
    by_manifest = corpusfmt.dask.read_bundles(tmp_path / "corpus.manifest.json")
    by_glob = corpusfmt.dask.read_bundles(str(tmp_path / "corpus-*.bundle.gz"))
    assert by_manifest.npartitions == by_glob.npartitions == 3
    assert by_manifest.compute(scheduler="sync") == by_glob.compute(scheduler="sync") == CORPUS


def test_a_bad_piece_raises_its_error(client: object, tmp_path: Path) -> None:
    path = tmp_path / "cut.bundle"
    data = corpusfmt.dumps(CORPUS).encode()
    path.write_bytes(data[:-20])
    with pytest.raises(CorpusFormatError) as caught:
        corpusfmt.dask.read_bundles([str(path)], blocksize=1000).compute()
    with pytest.raises(CorpusFormatError) as local:
        list(corpusfmt.iter_load(path))
    assert (caught.value.msg, caught.value.lineno, caught.value.document) == (
        local.value.msg,
        local.value.lineno,
        "meta.txt",
    )


def test_without_dask_a_call_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "dask.bag", None)
    with pytest.raises(ImportError) as caught:
        corpusfmt.dask.read_bundles([])
    assert str(caught.value) == "corpusfmt.dask needs dask[bag]: pip install 'corpusfmt[dask]'"
