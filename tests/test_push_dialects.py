"""The push parser in every dialect: whatever the chunks, the events say what parse says."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import corpusfmt
from corpusfmt import (
    DIALECTS,
    PACKERS,
    BetweenText,
    BodyText,
    CorpusFormatError,
    Diagnostic,
    Dialect,
    Document,
    DocumentEnded,
    DocumentIncomplete,
    DocumentStarted,
    Event,
    Noticed,
    Parts,
    StreamParser,
)
from tests.readers import Heard, heard
from tests.strategies import (
    chunkings,
    composed,
    dialect_document_lists,
    parts,
    prose,
    texts_in,
)

# Every marker dialect that reads by patterns; format v1 has its own tests.
PATTERN_DIALECTS = [dialect for dialect in DIALECTS.values() if dialect.syntax == "pattern"]


def streamed(
    chunks: list[str], dialect: str | Dialect, *, strict: bool = False
) -> tuple[list[Event], StreamParser]:
    parser = StreamParser(dialect, strict=strict)
    events: list[Event] = []
    for chunk in chunks:
        events += parser.feed(chunk)
    return events + parser.close(), parser


def merged(events: list[Event]) -> list[Event]:
    """*events* with neighbouring pieces of text joined: how a stream was cut
    decides only where one piece ends and the next begins."""
    result: list[Event] = []
    for event in events:
        if isinstance(event, (BodyText, BetweenText)):
            assert event.text, "an empty piece is never reported"
            last = result[-1] if result else None
            if type(last) is type(event):
                assert isinstance(last, (BodyText, BetweenText))
                result[-1] = type(event)(last.text + event.text)
                continue
        result.append(event)
    return result


def parsed(text: str, dialect: str | Dialect) -> Heard:
    """What a lenient parse of the whole text says, in the same terms."""
    bundle = corpusfmt.parse(text, dialect, strict=False)
    blocks = bundle.blocks
    return Heard(
        [block.document for block in blocks if not block.truncated],
        [block.document for block in blocks if block.truncated],
        list(bundle.diagnostics),
        "".join(part for part in bundle.parts if isinstance(part, str)),
    )


def outcome(read: Any) -> tuple[object, ...]:
    """What reading gives: the result, or every detail of the error."""
    try:
        return ("read", read())
    except CorpusFormatError as error:
        return ("error", error.msg, error.lineno, error.colno, error.pos, error.document)


@st.composite
def texts_of(draw: st.DrawFn, dialect: Dialect) -> str:
    """A text in *dialect*: its own blocks with prose around them, or fragments of its syntax."""
    if dialect.writable and draw(st.booleans()):
        docs = draw(dialect_document_lists(dialect))
        try:
            blocks = [corpusfmt.dumps([doc], dialect) for doc in docs]
        except corpusfmt.CorpusWriteError:
            blocks = []
        pieces = [draw(prose) + block for block in blocks]
        text = "".join(pieces) + draw(prose)
        if text and draw(st.booleans()):
            # Cut off, as a model's answer is at its token limit.
            text = text[: draw(st.integers(0, len(text)))]
        return text
    return draw(texts_in(dialect.example))


def assert_streams_like_parse(text: str, chunks: list[str], dialect: str | Dialect) -> None:
    assert "".join(chunks) == text
    whole, _ = streamed([text], dialect)
    cut, _ = streamed(chunks, dialect)
    assert merged(cut) == merged(whole)
    said = heard(whole)
    expected = parsed(text, dialect)
    if said.between is None:
        expected = attrs.evolve(expected, between=None)
    assert said == expected
    # A strict parser raises where a strict parse does, or gives what it gives.
    assert outcome(lambda: heard(streamed(chunks, dialect, strict=True)[0]).documents) == outcome(
        lambda: corpusfmt.parse(text, dialect).documents
    )


# One property over all presets: the examples are shared among them, and the
# dialects made of parts below vary every part on its own.
@given(data=st.data(), dialect=st.sampled_from(PATTERN_DIALECTS))
def test_every_preset_streams_as_parse_reads_the_whole_text(
    data: st.DataObject, dialect: Dialect
) -> None:
    text = data.draw(texts_of(dialect))
    assert_streams_like_parse(text, data.draw(chunkings(text)), dialect)


@given(data=st.data(), chosen=parts)
def test_every_dialect_made_of_parts_streams_as_parse_reads_the_whole_text(
    data: st.DataObject, chosen: Parts
) -> None:
    dialect = composed(chosen)
    text = data.draw(texts_of(dialect))
    assert_streams_like_parse(text, data.draw(chunkings(text)), dialect)


@given(data=st.data(), chosen=parts)
def test_auto_decides_the_same_however_the_stream_is_cut(
    data: st.DataObject, chosen: Parts
) -> None:
    dialect = composed(chosen)
    text = data.draw(texts_of(dialect))
    chunks = data.draw(chunkings(text))
    whole, whole_parser = streamed([text], "auto")
    cut, cut_parser = streamed(chunks, "auto")
    assert merged(cut) == merged(whole)
    assert cut_parser.dialect == whole_parser.dialect
    assert outcome(lambda: merged(streamed(chunks, "auto", strict=True)[0])) == outcome(
        lambda: merged(streamed([text], "auto", strict=True)[0])
    )


# --- A model's answer, as a user streams it. ---------------------------------

ANSWER = """\
Here is the project. I split it into four files.

```text
<<<FILE: README.md>>>
# Demo

Run `python -m app`.
<<<END FILE>>>
```

The main module:

<<<FILE: app/__main__.py>>>
from app.config import load

print(load())
<<<END FILE>>>

<<<FILE: app/__init__.py>>>
<<<END FILE>>>

And the configuration, which quotes a marker in a string:

<<<FILE: app/config.py>>>
MARKER = "<<<FILE: x>>>"


def load():
    return {"debug": True,
"""


def in_pieces(text: str, size: int) -> list[str]:
    return [text[start : start + size] for start in range(0, len(text), size)]


def test_a_cut_answer_with_prose_streams_in_7_character_chunks() -> None:
    events, parser = streamed(in_pieces(ANSWER, 7), "auto")
    said = heard(events)
    assert [doc.name for doc in said.documents] == [
        "README.md",
        "app/__main__.py",
        "app/__init__.py",
    ]
    assert said.documents[0].text == "# Demo\n\nRun `python -m app`.\n"
    assert said.documents[2].text == ""
    assert said.incomplete == [
        Document(
            "app/config.py",
            'MARKER = "<<<FILE: x>>>"\n\n\ndef load():\n    return {"debug": True,\n',
        )
    ]
    assert [(d.kind, d.lineno, d.msg) for d in said.diagnostics] == [
        (
            "truncated",
            24,
            "document 'app/config.py' is not closed: the text ends before its end marker",
        )
    ]
    assert said.between is not None
    assert said.between.startswith("Here is the project.")
    assert parser.dialect is not None
    assert parser.dialect.parts is not None
    assert parser.dialect.parts.header == "colon"
    assert events[-1] == DocumentIncomplete("app/config.py")
    assert isinstance(events[-2], Noticed)


def test_a_strict_stream_of_a_cut_answer_raises_at_its_end_with_the_open_header() -> None:
    parser = StreamParser("auto")
    for chunk in in_pieces(ANSWER, 7):
        parser.feed(chunk)
    assert outcome(parser.close) == (
        "error",
        "document 'app/config.py' is not closed: the text ends before its end marker",
        24,
        1,
        ANSWER.index("<<<FILE: app/config.py>>>"),
        "app/config.py",
    )


def test_a_file_is_reported_complete_as_soon_as_its_end_line_is() -> None:
    parser = StreamParser("colon")
    assert parser.feed("Sure!\n<<<FILE: a.py>>>\nprint(1)\n") == [
        BetweenText("Sure!\n"),
        DocumentStarted("a.py"),
        BodyText("print(1)\n"),
    ]
    assert parser.feed("<<<END FILE>>>") == []
    assert parser.feed("\n") == [DocumentEnded("a.py")]


def test_auto_holds_everything_back_until_the_first_header() -> None:
    parser = StreamParser("auto")
    assert parser.dialect is None
    assert repr(parser) == "StreamParser(dialect=auto, undecided, strict=True)"
    assert parser.feed("Sure, here it is:\n<<<FILE a.txt") == []
    assert parser.dialect is None
    assert parser.feed(">>>\nhi\n") == [
        BetweenText("Sure, here it is:\n"),
        DocumentStarted("a.txt"),
        BodyText("hi\n"),
    ]
    assert parser.dialect is not None
    assert parser.dialect.name == "inferred"


def test_auto_reads_a_v1_bundle_as_format_v1() -> None:
    text = corpusfmt.dumps(
        [Document("a.txt", "no newline"), Document("b.txt", "<<<END FILE>>>\n")]
    )
    events, parser = streamed(in_pieces(text, 3), "auto")
    assert parser.dialect == corpusfmt.dialects.V1
    assert heard(events).documents == corpusfmt.loads(text)


def test_auto_goes_on_after_the_prose_that_format_v1_refuses() -> None:
    text = (
        "<<<FILE a.py>>>\nprint(1)\n<<<END FILE>>>\n"
        "\nNow the test:\n"
        "<<<FILE test_a.py>>>\nassert 1\n<<<END FILE>>>\n"
    )
    for size in (1, 5, len(text)):
        events, parser = streamed(in_pieces(text, size), "auto")
        said = heard(events)
        assert said.documents == [
            Document("a.py", "print(1)\n"),
            Document("test_a.py", "assert 1\n"),
        ]
        assert said.between == "\nNow the test:\n"
        assert parser.dialect is not None
        assert parser.dialect.name == "inferred"


PACKED = Path(__file__).parent / "data" / "packers"


@pytest.mark.parametrize("dialect", ["files-to-prompt", "auto"])
@pytest.mark.parametrize("output", ["files-to-prompt-project.txt", "repomix-project.xml"])
def test_a_packers_output_is_read_once_the_stream_ends(dialect: str, output: str) -> None:
    text = (PACKED / output).read_bytes().decode()
    if dialect != "auto" and not output.startswith(dialect):
        return
    parser = StreamParser(dialect)
    events: list[Event] = []
    for chunk in in_pieces(text, 4096):
        events += parser.feed(chunk)
    assert events == []
    events = parser.close()
    assert heard(events).documents == corpusfmt.parse(text, parser.dialect or "auto").documents
    assert len(heard(events).documents) > 3


def test_a_dialect_given_by_name_is_resolved() -> None:
    events, parser = streamed(["<<<FILE a>>>\nx\n<<<END>>>\n"], "end-short")
    assert parser.dialect == DIALECTS["end-short"]
    assert heard(events).documents == [Document("a", "x\n")]
    with pytest.raises(ValueError, match="unknown dialect 'nope'"):
        StreamParser("nope")


def test_a_header_that_spans_lines_is_decided_when_its_lines_are_there() -> None:
    text = "<<<FILE a.txt\nDESCRIPTION: a greeting\n>>>\nhello\n<<<END>>>\n"
    for size in (1, 4):
        events, _ = streamed(in_pieces(text, size), "multiline")
        assert heard(events).documents == [
            Document("a.txt", "hello\n", {"DESCRIPTION": "a greeting"})
        ]


def test_a_body_that_quotes_its_own_named_end_line_is_held_until_the_next_header() -> None:
    parser = StreamParser("begin-file")
    assert parser.feed("<<<BEGIN FILE: a>>>\nx\n<<<END FILE: a>>>\n") == [
        DocumentStarted("a"),
        BodyText("x\n"),
    ]
    assert parser.feed("y\n<<<END FILE: a>>>\n<<<BEGIN FILE: b>>>\n") == [
        BodyText("<<<END FILE: a>>>\ny\n"),
        Noticed(
            Diagnostic(
                "quoted-end",
                "info",
                "the text of 'a' holds its own end line; the last one before the next header "
                "ends it, as its writer meant",
                3,
                1,
                22,
                "a",
            )
        ),
        DocumentEnded("a"),
        DocumentStarted("b"),
    ]


def test_a_lenient_v1_stream_reports_a_document_the_stream_leaves_open() -> None:
    events, _ = streamed(["<<<FILE a>>>\nx\n<<<END FILE>>>\n<<<FILE b>>>\ny"], "v1")
    said = heard(events)
    assert said.documents == [Document("a", "x\n")]
    assert said.incomplete == [Document("b", "y")]
    assert [(d.kind, d.lineno) for d in said.diagnostics] == [("truncated", 4)]


def test_a_failed_stream_raises_the_same_error_again() -> None:
    parser = StreamParser("colon")
    parser.feed("<<<FILE: a>>>\nx\n<<<END FILE>>>\n<<<FILE: a>>>\n")
    duplicate = (
        "error",
        "duplicate document name 'a'; the first document of that name starts on line 1",
        4,
        1,
        31,
        "a",
    )
    assert outcome(lambda: parser.feed("y\n<<<END FILE>>>\n")) == duplicate
    assert outcome(lambda: parser.feed("")) == duplicate


@pytest.mark.parametrize("dialect", ["v1", "colon", "auto", PACKERS["gitingest"]])
def test_a_stream_takes_text_only_and_nothing_after_close(dialect: str | Dialect) -> None:
    parser = StreamParser(dialect)
    with pytest.raises(TypeError, match="expected a str chunk, not bytes"):
        parser.feed(b"<<<FILE a>>>\n")  # type: ignore[arg-type]
    parser.close()
    assert parser.close() == []
    with pytest.raises(ValueError, match=r"feed\(\) after close\(\)"):
        parser.feed("")


REAL_OUTPUTS = sorted(
    path.name
    for path in PACKED.iterdir()
    if path.name not in ("VERSIONS", "tree.json", "project.json")
)


@pytest.mark.parametrize("output", REAL_OUTPUTS)
def test_every_real_packer_output_streams_through_auto_as_it_reads_whole(output: str) -> None:
    text = (PACKED / output).read_bytes().decode()
    events, parser = streamed(in_pieces(text, 97), "auto")
    whole = corpusfmt.parse(text, "auto", strict=False)
    assert parser.dialect == whole.dialect
    assert heard(events).documents == whole.documents


# Forms that programs in the wild prompt models for, and the answers they get.
WILD_ANSWERS = {
    "attributes, a summary and a deletion": (
        'SUMMARY:\nFixed the bug.\n<<<FILE path="src/a.py">>>\nprint(1)\n<<<END FILE>>>\n'
        '<<<DELETE path="old.py">>>\n',
        ["src/a.py"],
        [],
        [("directive", "old.py")],
    ),
    "a colon without a space, no fences": (
        "<<<FILE:index.html>>>\n<html></html>\n<<<END FILE>>>\n"
        "<<<FILE:contact/index.html>>>\n<p>hi</p>\n<<<END FILE>>>\n",
        ["index.html", "contact/index.html"],
        [],
        [],
    ),
    "a marker of its own first, the last file cut off": (
        "<<<SUMMARY>>>\nA plan.\n<<<FILE: AGENTS.md>>>\n# Rules\n<<<END FILE>>>\n"
        "<<<FILE: docs/plan/tasks/T-001-a.md>>>\n",
        ["AGENTS.md"],
        ["docs/plan/tasks/T-001-a.md"],
        [("truncated", "docs/plan/tasks/T-001-a.md")],
    ),
}


@pytest.mark.parametrize("case", sorted(WILD_ANSWERS))
@pytest.mark.parametrize("size", [1, 5, 4096])
def test_answers_in_the_forms_seen_in_the_wild_stream_as_they_read_whole(
    case: str, size: int
) -> None:
    text, complete, cut, notes = WILD_ANSWERS[case]
    said = heard(streamed(in_pieces(text, size), "auto")[0])
    assert [doc.name for doc in said.documents] == complete
    assert [doc.name for doc in said.incomplete] == cut
    assert [(note.kind, note.document) for note in said.diagnostics] == notes
    whole = corpusfmt.parse(text, "auto", strict=False)
    assert said.documents == whole.documents
    assert [(note.kind, note.document) for note in whole.diagnostics] == notes


def test_a_name_read_by_format_v1_is_known_to_the_dialect_that_goes_on() -> None:
    text = "<<<FILE a.py>>>\nx\n<<<END FILE>>>\nNow again:\n<<<FILE a.py>>>\ny\n<<<END FILE>>>\n"
    for size in (1, 3, len(text)):
        said = heard(streamed(in_pieces(text, size), "auto")[0])
        assert [(note.kind, note.lineno, note.msg) for note in said.diagnostics] == [
            (
                "duplicate",
                5,
                "duplicate document name 'a.py'; the first document of that name starts on line 1",
            )
        ]
    with pytest.raises(CorpusFormatError, match=r"duplicate document name 'a\.py'"):
        streamed([text], "auto", strict=True)
