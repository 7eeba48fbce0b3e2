"""corpusfmt.arrow through the libraries users hand tables to: pandas, datasets, polars."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

import corpusfmt
from corpusfmt import Document
from corpusfmt.cli import main
from tests import strategies
from tests.command import run, run_bytes
from tests.extras import need

pa = need("pyarrow", "arrow")
pd = need("pandas", "arrow-test")
datasets = need("datasets", "arrow-test")
pl = need("polars", "arrow-test")

from corpusfmt.arrow import (  # noqa: E402
    from_table,
    meta_type,
    read_parquet,
    records,
    schema,
    to_table,
    write_parquet,
)

DOCS = [
    Document("a.txt", " leading space\n\n", {"lang": "de", "title": "Putins Poker"}),
    Document("b.txt", "no final newline"),
    Document("c.txt", ""),
    Document("d.txt", "a\r\nb\rc", {"note": ""}),
    Document.from_bytes("e.bin", b"\xff\x00\xfe"),
]


def through_pandas(table: Any) -> Any:
    return pa.Table.from_pandas(table.to_pandas(), preserve_index=False)


def through_datasets(table: Any) -> Any:
    return datasets.Dataset(table).data.table


def through_polars(table: Any) -> Any:
    return pl.from_arrow(table).to_arrow()


BRIDGES = [through_pandas, through_datasets, through_polars]


def test_the_table_has_one_row_per_document() -> None:
    table = to_table(DOCS)
    assert table.column_names == ["name", "text", "data", "meta"]
    assert table.schema.field("meta").type == meta_type()
    # Large types: one column of a big corpus may hold more than 2 GiB.
    assert table.schema.field("text").type == pa.large_string()
    assert table.schema.field("data").type == pa.large_binary()
    assert table.column("text").to_pylist()[4] is None
    assert table.column("data").to_pylist()[:2] == [None, None]
    assert table.column("meta").to_pylist()[0] == [
        {"key": "lang", "value": "de"},
        {"key": "title", "value": "Putins Poker"},
    ]


def test_a_table_of_texts_has_no_data_column() -> None:
    assert to_table(DOCS[:2]).column_names == ["name", "text", "meta"]


@pytest.mark.parametrize("bridge", BRIDGES)
def test_round_trip_through_each_library(bridge: Any) -> None:
    assert from_table(bridge(to_table(DOCS))) == DOCS


@pytest.mark.parametrize("bridge", BRIDGES)
def test_round_trip_with_a_column_per_key(bridge: Any) -> None:
    table = to_table(DOCS, meta="columns")
    assert table.column_names == ["name", "text", "data", "lang", "title", "note"]
    assert from_table(bridge(table)) == DOCS


@given(strategies.document_lists)
def test_any_documents_round_trip_through_pandas(docs: list[Document]) -> None:
    """Leading spaces, CR, lone surrogate-free texts of every kind, bytes: exact."""
    assert from_table(through_pandas(to_table(docs))) == docs


def test_datasets_gives_rows_a_user_can_read() -> None:
    dataset = datasets.Dataset(to_table(DOCS))
    assert dataset[1] == {"name": "b.txt", "text": "no final newline", "data": None, "meta": []}


def test_a_map_column_is_taken_too() -> None:
    map_type = pa.map_(pa.string(), pa.string())
    table = pa.table(
        {
            "name": ["a"],
            "text": ["x"],
            "meta": pa.array([[("k", "v"), ("j", None)]], map_type),
        }
    )
    assert from_table(table) == [Document("a", "x", {"k": "v"})]


def test_other_columns_are_metadata_and_ids_are_names() -> None:
    frame = pd.DataFrame(
        {"id": [1, 2], "text": ["x\n", "y"], "source": ["dpa", None], "score": [0.5, 1.0]}
    ).rename(columns={"id": "name"})
    with pytest.warns(UserWarning, match="JSON text") as warned:
        docs = from_table(pa.Table.from_pandas(frame, preserve_index=False))
    assert str(warned[0].message) == (
        "metadata that is not a string is carried as its JSON text: 'score'"
    )
    assert docs == [
        Document("1", "x\n", {"source": "dpa", "score": "0.5"}),
        Document("2", "y", {"score": "1.0"}),
    ]


def test_typed_columns_are_carried_as_json_text() -> None:
    table = pa.table({"name": ["a"], "text": ["x"], "flag": [True], "tags": [["a", "ü"]]})
    with pytest.warns(UserWarning, match="'flag', 'tags'"):
        docs = from_table(table)
    assert docs == [Document("a", "x", {"flag": "true", "tags": '["a", "ü"]'})]


def test_a_column_of_nulls_is_no_metadata_and_no_warning(
    recwarn: pytest.WarningsRecorder,
) -> None:
    table = pa.table({"name": ["a"], "text": ["x"], "note": pa.array([None], pa.null())})
    assert from_table(table) == [Document("a", "x")]
    assert len(recwarn) == 0


def test_a_row_that_makes_no_document_is_named_by_its_number() -> None:
    table = pa.table({"name": ["a.txt"], "text": ["x"], "Unnamed: 0": ["0"]})
    with pytest.raises(ValueError, match=r"^row 0 ") as caught:
        from_table(table)
    assert str(caught.value) == (
        "row 0 ('a.txt'): meta key 'Unnamed: 0' is not a valid key (a letter or '_', then "
        "letters, digits, '_', '.', ':' or '-')"
    )


def test_a_pandas_index_column_is_left_out() -> None:
    frame = pd.DataFrame({"name": ["a"], "text": ["x"]}, index=["row-a"])
    table = pa.Table.from_pandas(frame)
    assert "__index_level_0__" in table.column_names
    assert from_table(table) == [Document("a", "x")]


ERRORS = [
    ({"text": ["x"]}, ValueError, "the table has no 'name' column; it has ['text']"),
    ({"name": ["a"]}, ValueError, "the table has neither a 'text' nor a 'data' column"),
    (
        {"name": ["a"], "text": [None], "data": pa.array([None], pa.binary())},
        ValueError,
        "row 0 ('a') has neither a 'text' nor a 'data'",
    ),
    (
        {"name": ["a"], "text": ["x"], "data": [b"x"]},
        ValueError,
        "row 0 ('a') has both a 'text' and a 'data'",
    ),
    (
        {"name": ["a"], "text": ["x"], "meta": ['{"k": "v"}']},
        TypeError,
        "the 'meta' column must be a list of {key, value} structs or a map of strings, not string",
    ),
    (
        {"name": [1.5], "text": ["x"]},
        TypeError,
        "row 0: the name must be a string or an integer, not 1.5",
    ),
    (
        {"name": [True], "text": ["x"]},
        TypeError,
        "row 0: the name must be a string or an integer, not True",
    ),
    (
        {
            "name": ["a"],
            "text": ["x"],
            "meta": pa.array([[("k", 1)]], pa.map_(pa.string(), pa.int64())),
        },
        TypeError,
        "the 'meta' column must be a list of {key, value} structs or a map of strings, "
        "not map<string, int64>",
    ),
]


@pytest.mark.parametrize(("columns", "kind", "message"), ERRORS)
def test_from_table_refuses(columns: dict[str, Any], kind: type[Exception], message: str) -> None:
    with pytest.raises(kind) as caught:
        from_table(pa.table(columns))
    assert str(caught.value) == message


def test_a_key_named_like_a_column_needs_pairs() -> None:
    with pytest.raises(ValueError, match="use meta='pairs'") as caught:
        to_table([Document("a", "x", {"data": "1"})], meta="columns")
    assert str(caught.value) == (
        "the metadata key 'data' is the name of a column of the table; use meta='pairs'"
    )
    assert from_table(to_table([Document("a", "x", {"data": "1"})])) == [
        Document("a", "x", {"data": "1"})
    ]


def test_to_table_names_what_is_not_a_document() -> None:
    with pytest.raises(TypeError) as caught:
        to_table([DOCS[0], "b.txt"])  # type: ignore[list-item]
    assert str(caught.value) == "item 1 is a str, not a Document"


def test_parquet_files_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "corpus.parquet"
    write_parquet(DOCS, path)
    assert read_parquet(path) == DOCS
    assert pa.parquet.read_table(path).column_names == ["name", "text", "data", "meta"]
    # pandas reads it as any Parquet file.
    assert list(pd.read_parquet(path)["name"]) == [doc.name for doc in DOCS]


def test_without_pyarrow_a_call_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    """The module imports without pyarrow; a call then names the extra."""
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(ImportError) as caught:
        to_table(DOCS)
    assert str(caught.value) == "corpusfmt.arrow needs pyarrow: pip install 'corpusfmt[arrow]'"


def test_convert_to_parquet_and_back(tmp_path: Path) -> None:
    bundle = tmp_path / "in.bundle"
    corpusfmt.dump(DOCS, bundle)
    parquet = tmp_path / "corpus.parquet"
    assert run("convert", str(bundle), str(parquet)).returncode == 0
    assert read_parquet(parquet) == DOCS
    back = run_bytes("convert", str(parquet), "-")
    assert (back.returncode, back.stdout) == (0, bundle.read_bytes())


def test_convert_a_parquet_file_pandas_wrote(tmp_path: Path) -> None:
    parquet = tmp_path / "table.parquet"
    pd.DataFrame(
        {"name": ["a.txt", "b.txt"], "text": ["x\n", "y"], "lang": ["de", None]}
    ).to_parquet(parquet)
    result = run_bytes("convert", str(parquet), "-")
    assert result.stdout.decode() == (
        "<<<FILE a.txt lang=de>>>\nx\n<<<END FILE>>>\n"
        "<<<FILE b.txt final-newline=no>>>\ny\n<<<END FILE>>>\n"
    )


def test_convert_refuses_a_compressed_parquet_name(tmp_path: Path) -> None:
    bundle = tmp_path / "in.bundle"
    corpusfmt.dump(DOCS, bundle)
    target = tmp_path / "out.parquet.gz"
    result = run("convert", str(bundle), str(target))
    assert (result.returncode, result.stderr) == (
        1,
        f"corpusfmt: {target}: Parquet compresses its columns itself; leave .gz off\n",
    )
    assert not target.exists()


def test_convert_without_pyarrow_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    bundle = tmp_path / "in.bundle"
    corpusfmt.dump(DOCS, bundle)
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    assert main(["convert", str(bundle), str(tmp_path / "out.parquet")]) == 1
    assert capsys.readouterr().err == (
        "corpusfmt: corpusfmt.arrow needs pyarrow: pip install 'corpusfmt[arrow]'\n"
    )
    assert not (tmp_path / "out.parquet").exists()


def test_records_fill_the_schema_as_to_table_does() -> None:
    assert pa.Table.from_pylist(list(records(DOCS)), schema=schema()) == to_table(DOCS)
    assert from_table(pa.Table.from_pylist(list(records(DOCS)), schema=schema())) == DOCS
    with pytest.raises(TypeError, match="item 0 is a str, not a Document"):
        next(records(["a.txt"]))  # type: ignore[list-item]


def test_datasets_from_generator_over_shards_in_two_processes(tmp_path: Path) -> None:
    """What a corpus user runs on many shards: one generator a process, the shards shared out.

    In a process of its own: datasets' pool of workers leaves, under Python 3.13, a
    BytesIO with a live view of it in a reference cycle, whose finaliser raises
    BufferError in whatever test the garbage collector next runs in.
    """
    manifest = corpusfmt.dump_shards(DOCS, tmp_path / "shards", max_documents=2)
    script = f"""
import datasets, corpusfmt
from corpusfmt.arrow import from_table, schema, shard_records
from tests.test_arrow import DOCS
if __name__ == "__main__":
    datasets.disable_progress_bars()
    dataset = datasets.Dataset.from_generator(
        shard_records,
        features=datasets.Features.from_arrow_schema(schema()),
        gen_kwargs={{"shards": {manifest.paths!r}}},
        num_proc=2,
        cache_dir={str(tmp_path / "cache")!r},
    )
    assert dataset.num_rows == len(DOCS), dataset.num_rows
    assert from_table(dataset.data.table) == DOCS
    print("read back exactly")
"""
    (tmp_path / "from_generator.py").write_text(script)
    completed = subprocess.run(
        [sys.executable, str(tmp_path / "from_generator.py")],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parent.parent,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
    )
    assert (completed.returncode, completed.stdout) == (0, "read back exactly\n"), completed.stderr
