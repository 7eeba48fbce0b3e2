"""Push parsing from files and pipes: iter_parse, iter_load with a dialect, DocumentAssembler."""

from __future__ import annotations

import gzip
import io
import os
import threading
from pathlib import Path

import pytest

import corpusfmt
from corpusfmt import (
    BetweenText,
    BodyText,
    CorpusFormatError,
    Diagnostic,
    Document,
    DocumentAssembler,
    DocumentEnded,
    DocumentIncomplete,
    DocumentStarted,
    Noticed,
    StreamParser,
)
from tests.test_push_dialects import ANSWER, outcome


def test_iter_parse_reports_a_pipe_as_it_arrives() -> None:
    read_end, write_end = os.pipe()
    go_on = threading.Event()

    def model() -> None:
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(b"Sure:\n<<<FILE: a.py>>>\nprint(1)\n<<<END FILE>>>\n")
            pipe.flush()
            # The rest comes only once the first file was reported.
            go_on.wait(timeout=30)
            pipe.write(b"<<<FILE: b.py>>>\nprint(2)\n<<<END FILE>>>\n")

    writer = threading.Thread(target=model)
    writer.start()
    try:
        with os.fdopen(read_end, "rb") as pipe:
            events = corpusfmt.iter_parse(pipe, "auto")
            seen: list[corpusfmt.Event] = []
            for event in events:
                seen.append(event)
                if isinstance(event, DocumentEnded):
                    break
            assert seen == [
                BetweenText("Sure:\n"),
                DocumentStarted("a.py"),
                BodyText("print(1)\n"),
                DocumentEnded("a.py"),
            ]
            go_on.set()
            rest = list(events)
    finally:
        go_on.set()
        writer.join()
    assert rest == [DocumentStarted("b.py"), BodyText("print(2)\n"), DocumentEnded("b.py")]


@pytest.mark.parametrize("dialect", ["colon", "auto"])
def test_iter_load_in_a_dialect_yields_each_document_before_the_problem(dialect: str) -> None:
    docs: list[Document] = []
    with pytest.raises(CorpusFormatError, match=r"'app/config\.py' is not closed"):
        docs.extend(corpusfmt.iter_load(io.BytesIO(ANSWER.encode()), dialect, chunk_size=5))
    assert [doc.name for doc in docs] == ["README.md", "app/__main__.py", "app/__init__.py"]


def test_iter_load_warns_of_what_a_packer_output_loses() -> None:
    text = "a.txt\n---\nhello\n\n---\n"
    with pytest.warns(UserWarning, match="files-to-prompt"):
        docs = list(corpusfmt.iter_load(io.StringIO(text), "files-to-prompt"))
    assert docs == corpusfmt.parse(text, "files-to-prompt").documents


@pytest.mark.parametrize("chunk_size", [1, 2, 3, 64])
def test_bad_utf8_in_a_stream_is_placed_where_load_places_it(chunk_size: int) -> None:
    data = "<<<FILE: ä>>>\nüx\n".encode() + b"ok \xff\xfe\n<<<END FILE>>>\n"
    expected = outcome(lambda: corpusfmt.load(io.BytesIO(data), "colon"))
    assert expected[0] == "error"
    got = outcome(
        lambda: list(corpusfmt.iter_load(io.BytesIO(data), "colon", chunk_size=chunk_size))
    )
    assert got == expected
    assert got[1:4] == ("invalid UTF-8 at byte offset 22: invalid start byte", 3, 4)


def test_a_utf8_sequence_cut_between_reads_is_joined() -> None:
    text = "<<<FILE: 日本.txt>>>\n語€😀\n<<<END FILE>>>\n"
    pieces = list(corpusfmt.io.iter_text(io.BytesIO(text.encode()), chunk_size=1))
    assert "".join(pieces) == text


def test_damaged_gzip_in_a_stream_is_reported_where_the_text_breaks_off() -> None:
    data = gzip.compress(b"<<<FILE: a>>>\nx\n<<<END FILE>>>\n<<<FILE: b>>>\nmore text\n")
    events = corpusfmt.iter_parse(io.BytesIO(data[:-12]), "colon", chunk_size=4)
    seen: list[corpusfmt.Event] = []
    with pytest.raises(CorpusFormatError) as caught:
        seen.extend(events)
    assert DocumentEnded("a") in seen
    assert caught.value.msg.startswith("the gzip-compressed data is damaged")


def test_a_lenient_v1_parser_reports_a_second_document_of_a_name_as_parse_does() -> None:
    text = "<<<FILE a>>>\nx\n<<<END FILE>>>\n<<<FILE a>>>\ny\n<<<END FILE>>>\n<<<FILE b>>>\nz"
    parser = StreamParser(strict=False)
    events = [event for char in text for event in parser.feed(char)] + parser.close()
    noticed = [event.diagnostic for event in events if isinstance(event, Noticed)]
    assert noticed == list(corpusfmt.parse(text, strict=False).diagnostics)
    assert [diagnostic.kind for diagnostic in noticed] == ["duplicate", "truncated"]
    assert events[-1] == DocumentIncomplete("b")
    # The notice comes right before the end of the document it is about.
    second_end = events.index(DocumentEnded("a"), events.index(DocumentEnded("a")) + 1)
    assert isinstance(events[second_end - 1], Noticed)
    with pytest.raises(CorpusFormatError, match="duplicate document name 'a'"):
        StreamParser().feed(text)


def test_the_assembler_joins_documents_and_refuses_an_end_without_a_start() -> None:
    assembler = DocumentAssembler()
    assert assembler.open is None
    assert assembler.take(DocumentStarted("a", {"k": "v"})) is None
    assert assembler.open == "a"
    assert assembler.take(BodyText("x")) is None
    assert assembler.take(BodyText("y\n")) is None
    assert assembler.take(DocumentEnded("a")) == Document("a", "xy\n", {"k": "v"})
    assert assembler.open is None
    assert assembler.take(BetweenText("\n")) is None
    assert assembler.take(DocumentStarted("b")) is None
    assert assembler.take(DocumentIncomplete("b")) == Document("b", "")
    with pytest.raises(ValueError, match=r"DocumentEnded\(name='c'\) without a DocumentStarted"):
        assembler.take(DocumentEnded("c"))


def test_a_parser_says_what_it_reads_and_how() -> None:
    parser = StreamParser("colon", strict=False)
    assert parser.dialect is not None
    assert parser.dialect.name == "colon"
    assert parser.strict is False
    assert repr(parser) == "StreamParser(dialect='colon', strict=False)"
    assert StreamParser().strict is True
    noticed = Noticed(Diagnostic("truncated", "error", "cut", 1, 1, 0, "a"))
    assert noticed.diagnostic.kind == "truncated"


COMPLETE_ANSWER = ANSWER[: ANSWER.index("And the configuration")]


def test_an_index_of_a_dialect_reads_each_document_by_seeking(tmp_path: Path) -> None:
    path = tmp_path / "answer.md"
    path.write_bytes(COMPLETE_ANSWER.encode())
    found = corpusfmt.index(path, "colon")
    assert list(found) == ["README.md", "app/__main__.py", "app/__init__.py"]
    entry = found["app/__main__.py"]
    assert (entry.lineno, COMPLETE_ANSWER.encode()[entry.start : entry.end].decode()) == (
        13,
        "<<<FILE: app/__main__.py>>>\nfrom app.config import load\n\nprint(load())\n"
        "<<<END FILE>>>\n",
    )
    documents = corpusfmt.parse(COMPLETE_ANSWER, "colon").documents
    assert [found.read(path, name) for name in found] == documents
    again = corpusfmt.BundleIndex.from_json(found.to_json())
    assert again == found
    assert again.dialect == corpusfmt.DIALECTS["colon"]


def test_an_index_knows_when_its_bundle_has_changed(tmp_path: Path) -> None:
    path = tmp_path / "answer.md"
    path.write_bytes(COMPLETE_ANSWER.encode())
    found = corpusfmt.index(path, "colon")
    path.write_bytes(COMPLETE_ANSWER.replace("# Demo", "# A longer title").encode())
    with pytest.raises(ValueError, match="it has changed since it was indexed"):
        found.read(path, "app/__main__.py")


def test_an_index_of_a_dialect_of_ones_own_needs_it_back() -> None:
    mine = corpusfmt.Dialect.from_parts("mine", corpusfmt.Parts(header="colon", end=("END",)))
    data = b"<<<FILE: a>>>\nx\n<<<END>>>\n"
    found = corpusfmt.index(io.BytesIO(data), mine)
    with pytest.raises(
        ValueError, match="the index was made in the dialect 'mine', which is no preset"
    ):
        corpusfmt.BundleIndex.from_json(found.to_json())
    again = corpusfmt.BundleIndex.from_json(found.to_json(), dialect=mine)
    assert again.read(io.BytesIO(data), "a") == Document("a", "x\n")
    with pytest.raises(ValueError, match="not 'colon'"):
        corpusfmt.BundleIndex.from_json(found.to_json(), dialect=corpusfmt.DIALECTS["colon"])


def test_a_packers_output_cannot_be_indexed() -> None:
    with pytest.raises(ValueError, match="cannot be indexed"):
        corpusfmt.index(io.BytesIO(b"a.txt\n---\nx\n\n---\n"), "files-to-prompt")


def test_an_old_index_without_a_dialect_is_format_v1() -> None:
    old = '{"format": "corpusfmt-index-1", "size": 30, "entries": [["a", 0, 30, 1, []]]}'
    assert corpusfmt.BundleIndex.from_json(old).dialect == corpusfmt.dialects.V1
