"""JSON Lines from other tools: nulls, extra fields, typed values, field mapping, compression by name."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

import corpusfmt
from corpusfmt import CorpusFormatError, Document
from corpusfmt.formats import document_of, loads_jsonl
from tests.command import run, run_bytes

FIXTURES = Path(__file__).resolve().parent / "data" / "jsonl"
OURS = [
    Document("a.txt", "hello\n", {"lang": "de"}),
    Document("b.txt", "no newline"),
    Document.from_bytes("c.bin", b"\xff\x00"),
]

# (the JSON object, the document it stands for)
READ_CASES: list[tuple[object, Document]] = [
    ({"name": "a", "text": "x"}, Document("a", "x")),
    # null means absent, as pandas and datasets write a missing value.
    ({"name": "a", "text": "x", "meta": None, "encoding": None}, Document("a", "x")),
    ({"name": "a", "text": "x", "meta": {"k": None, "j": "v"}}, Document("a", "x", {"j": "v"})),
    ({"name": "a", "text": "x", "lang": None}, Document("a", "x")),
    # Other fields are metadata, in order, before the entries of "meta".
    (
        {"lang": "de", "name": "a", "text": "x", "meta": {"src": "dpa"}, "year": "2024"},
        Document("a", "x", [("lang", "de"), ("year", "2024"), ("src", "dpa")]),
    ),
    # A value that is not a string is carried as its JSON text.
    (
        {"name": "a", "text": "x", "score": 0.9, "ok": True, "tags": ["a", "ü"]},
        Document("a", "x", {"score": "0.9", "ok": "true", "tags": '["a", "ü"]'}),
    ),
    ({"name": "a", "text": "x", "meta": {"n": 3}}, Document("a", "x", {"n": "3"})),
    # An integer name is written as its digits.
    ({"name": 17, "text": ""}, Document("17", "")),
    ({"name": "b", "text": "/wA=", "encoding": "base64"}, Document.from_bytes("b", b"\xff\x00")),
]


@pytest.mark.parametrize(("obj", "expected"), READ_CASES)
def test_document_of(obj: object, expected: Document) -> None:
    assert document_of(obj) == expected


ERROR_CASES: list[tuple[object, str]] = [
    ({"name": "a", "text": None}, "missing 'text'"),
    ({"name": None, "text": "x"}, "missing 'name'"),
    ({"text": "x"}, "missing 'name'"),
    ({"name": True, "text": "x"}, "the name 'name' must be a string or an integer, not a boolean"),
    ({"name": 1.5, "text": "x"}, "the name 'name' must be a string or an integer, not a number"),
    ({"name": "a", "text": ["x"]}, "the text 'text' must be a string, not an array"),
    ({"name": "a", "text": "x", "meta": ["k"]}, "'meta' must be an object, not an array"),
    (
        {"name": "a", "text": "x", "lang": "de", "meta": {"lang": "en"}},
        "'lang' is both a field and a key of 'meta'",
    ),
    ({"name": "a", "text": "x", "encoding": "hex"}, "unknown encoding 'hex'"),
    (
        {"name": "a", "text": "x", "encoding": "base64"},
        (
            "the text is not base64: Invalid base64-encoded string: number of data characters (1)"
            " cannot be 1 more than a multiple of 4"
        ),
    ),
    (
        {"name": "a", "text": "x", "Unnamed: 0": 0},
        (
            "meta key 'Unnamed: 0' is not a valid key (a letter or '_', then letters, digits,"
            " '_', '.', ':' or '-')"
        ),
    ),
    (
        {"name": "a", "text": "x", "final-newline": "no"},
        "meta key 'final-newline' is reserved by the format",
    ),
]


@pytest.mark.parametrize(("obj", "message"), ERROR_CASES)
def test_document_of_refuses(obj: object, message: str) -> None:
    with pytest.raises((TypeError, ValueError)) as caught:
        document_of(obj)
    assert str(caught.value) == message


def test_fields_are_mapped_by_name() -> None:
    line = '{"id": 7, "content": "Text\\n", "name": "Autor", "text": "t"}\n'
    docs = loads_jsonl(line, name_field="id", text_field="content")
    assert docs == [Document("7", "Text\n", {"name": "Autor", "text": "t"})]


def test_typed_metadata_is_named_once_in_a_warning() -> None:
    text = (
        '{"name": "a", "text": "", "score": 1}\n'
        '{"name": "b", "text": "", "score": 2, "meta": {"n": [1]}}\n'
    )
    with pytest.warns(UserWarning, match="JSON text") as warned:
        docs = loads_jsonl(text)
    assert [str(warning.message) for warning in warned] == [
        "metadata that is not a string is carried as its JSON text: "
        "'score' (first on line 1), 'n' (first on line 2)"
    ]
    assert [dict(doc.meta) for doc in docs] == [{"score": "1"}, {"score": "2", "n": "[1]"}]


def test_strings_and_nulls_give_no_warning(recwarn: pytest.WarningsRecorder) -> None:
    loads_jsonl('{"name": "a", "text": "", "lang": "de", "x": null}\n')
    assert len(recwarn) == 0


def test_an_error_names_the_line_of_the_object() -> None:
    with pytest.raises(CorpusFormatError) as caught:
        loads_jsonl('{"name": "a", "text": ""}\n  {"name": "b", "text": null}\n')
    error = caught.value
    assert (error.msg, error.lineno, error.colno) == ("not a document: missing 'text'", 2, 3)


@pytest.mark.parametrize("tool", ["pandas", "datasets"])
def test_our_json_lines_written_again_by_a_library_read_back_exactly(tool: str) -> None:
    """pandas and datasets write "encoding": null on text rows and escape "/"."""
    assert corpusfmt.io.load_jsonl(FIXTURES / f"ours-{tool}.jsonl") == OURS


def test_convert_a_table_with_an_id_column(tmp_path: Path) -> None:
    bundle = tmp_path / "table.bundle"
    args = ("--name-field", "id", "--text-field", "content")
    result = run("convert", str(FIXTURES / "table.jsonl"), str(bundle), *args)
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr == (
        "corpusfmt: warning: metadata that is not a string is carried as its JSON text: "
        "'score' (first on line 1)\n"
    )
    assert corpusfmt.load(bundle) == [
        Document("1", "Erster Text\n", {"score": "0.9", "source": "dpa"}),
        Document("2", "Zweiter"),
    ]


@pytest.mark.parametrize("name", ["out.jsonl.gz", "out.bundle.gz", "out.gz"])
def test_an_output_named_gz_is_compressed(tmp_path: Path, name: str) -> None:
    source = tmp_path / "in.bundle"
    corpusfmt.dump(OURS, source)
    target = tmp_path / name
    result = run("convert", str(source), str(target))
    assert (result.returncode, result.stderr) == (0, "")
    data = gzip.decompress(target.read_bytes())
    if name.startswith("out.jsonl"):
        assert [json.loads(line)["name"] for line in data.splitlines()] == [
            "a.txt",
            "b.txt",
            "c.bin",
        ]
    else:
        assert data == source.read_bytes()
    # Compressed input is told by its first bytes, whatever the name.
    back = run_bytes("convert", str(target), "-")
    assert back.stdout == source.read_bytes()


@pytest.mark.parametrize(
    ("suffix", "compression"), [(".xz", "xz"), (".bz2", "bzip2"), (".lz4", "LZ4")]
)
def test_an_output_named_for_another_compression_is_refused(
    tmp_path: Path, suffix: str, compression: str
) -> None:
    source = tmp_path / "in.bundle"
    corpusfmt.dump(OURS, source)
    target = tmp_path / f"out.jsonl{suffix}"
    result = run("convert", str(source), str(target))
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        f"corpusfmt: {target}: the name asks for {compression} compression, which corpusfmt "
        "does not write; name it .gz for gzip or .zst for zstd, or leave the suffix off\n"
    )
    assert not target.exists()
