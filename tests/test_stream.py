"""The push parser: whatever the chunks, the events give what loads gives."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import corpusfmt
from corpusfmt import (
    BetweenText,
    BodyText,
    CorpusFormatError,
    Document,
    DocumentEnded,
    DocumentStarted,
    Event,
    StreamParser,
)
from tests.exact import raises_exactly
from tests.readers import documents_from_events
from tests.strategies import (
    canonical_bundles,
    chunkings,
    equivalent_variants,
    fragment_soups,
)


def streamed(chunks: list[str]) -> list[Event]:
    parser = StreamParser()
    events: list[Event] = []
    for chunk in chunks:
        events += parser.feed(chunk)
    return events + parser.close()


def outcome(read: Any) -> tuple[object, ...]:
    """What reading gives: the documents, or every detail of the error."""
    try:
        return ("documents", read())
    except CorpusFormatError as error:
        return (
            "error",
            error.msg,
            error.lineno,
            error.colno,
            error.pos,
            error.document,
            error.line,
        )


def assert_streams_like_loads(text: str, chunks: list[str]) -> None:
    assert "".join(chunks) == text
    assert outcome(lambda: documents_from_events(streamed(chunks))) == outcome(
        lambda: corpusfmt.loads(text)
    )


@given(st.data(), canonical_bundles())
def test_any_chunking_of_a_canonical_bundle_gives_its_documents(
    data: st.DataObject, bundle_and_docs: tuple[str, list[Document]]
) -> None:
    bundle, _ = bundle_and_docs
    assert_streams_like_loads(bundle, data.draw(chunkings(bundle)))


@given(st.data(), equivalent_variants())
def test_any_chunking_of_a_non_canonical_bundle_gives_its_documents(
    data: st.DataObject, bundle_and_docs: tuple[str, list[Document]]
) -> None:
    bundle, _ = bundle_and_docs
    assert_streams_like_loads(bundle, data.draw(chunkings(bundle)))


@given(st.data(), fragment_soups)
def test_any_chunking_of_any_text_gives_the_same_documents_or_error(
    data: st.DataObject, text: str
) -> None:
    assert_streams_like_loads(text, data.draw(chunkings(text)))


CRLF_NO_FINAL_NEWLINE = "<<<FILE a final-newline=no>>>\r\nx\r\n<<<END FILE>>>\r\n"


@pytest.mark.parametrize(
    "chunks",
    [
        # A cut between "\r" and "\n" before the end line, which final-newline=no
        # takes away together.
        ["<<<FILE a final-newline=no>>>\r\nx\r", "\n<<<END FILE>>>\r\n"],
        # Cuts inside the end marker and between ">>>" and its line break.
        ["<<<FILE a final-newline=no>>>\r\nx\r\n<<", "<END FI", "LE>>>", "\r", "\n"],
        list(CRLF_NO_FINAL_NEWLINE),
    ],
)
def test_cuts_at_delicate_places_leak_nothing_into_the_body(chunks: list[str]) -> None:
    assert documents_from_events(streamed(chunks)) == [Document("a", "x")]


def test_events_report_text_as_soon_as_it_cannot_be_a_marker() -> None:
    parser = StreamParser()
    assert parser.feed("\ufeff\n<<<FILE a.txt lang=de>>>\nHallo") == [
        BetweenText("\ufeff"),
        BetweenText("\n"),
        DocumentStarted("a.txt", {"lang": "de"}),
        BodyText("Hallo"),
    ]
    assert parser.feed("\n") == [BodyText("\n")]
    # A line that begins "\" may be an escaped marker line: it waits until
    # it is clear, and then loses its escape.
    assert parser.feed("\\") == []
    assert parser.feed("<<<x\n") == [BodyText("<<<x\n")]
    assert parser.feed("<<<END FILE>>>\n\n") == [DocumentEnded("a.txt"), BetweenText("\n")]
    assert parser.feed("<<<FILE b final-newline=no>>>\nno newline") == [
        DocumentStarted("b", {}),
        BodyText("no newline"),
    ]
    # Here a line break waits: if the end line follows, it is not the text's.
    assert parser.feed("\n") == []
    assert parser.feed("<<<END FILE>>>\n") == [DocumentEnded("b")]
    assert parser.close() == []


def test_a_truncated_stream_is_reported_by_close() -> None:
    parser = StreamParser()
    assert parser.feed("\n<<<FILE a.py>>>\nprint(1)\n") == [
        BetweenText("\n"),
        DocumentStarted("a.py"),
        BodyText("print(1)\n"),
    ]
    with pytest.raises(CorpusFormatError) as caught:
        parser.close()
    error = caught.value
    assert (error.msg, error.lineno, error.colno, error.pos, error.document) == (
        "document 'a.py', opened on line 2, is not closed: "
        "the text ends before its '<<<END FILE>>>' line",
        2,
        1,
        1,
        "a.py",
    )
    assert error.line == "<<<FILE a.py>>>"


def test_an_error_is_raised_once_its_line_is_complete_and_then_again() -> None:
    parser = StreamParser()
    parser.feed("<<<FILE a>>>\nx\n<<<FILE b>>")
    with pytest.raises(CorpusFormatError) as caught:
        parser.feed(">\n")
    assert (caught.value.lineno, caught.value.colno) == (3, 1)
    with pytest.raises(CorpusFormatError) as again:
        parser.feed("more")
    assert again.value is caught.value


def test_feed_after_close_and_wrong_types_are_refused() -> None:
    parser = StreamParser()
    with raises_exactly(TypeError, "expected a str chunk, not bytes"):
        parser.feed(b"<<<")  # type: ignore[arg-type]
    assert parser.close() == []
    assert parser.close() == []
    with raises_exactly(ValueError, "feed() after close()"):
        parser.feed("")


def test_long_lines_are_reported_in_pieces_and_not_held() -> None:
    parser = StreamParser()
    parser.feed("<<<FILE a>>>\n")
    for _ in range(1000):
        assert parser.feed("x" * 100) == [BodyText("x" * 100)]
    assert parser.feed("\n<<<END FILE>>>\n") == [BodyText("\n"), DocumentEnded("a")]
