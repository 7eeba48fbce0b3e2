"""The fast way over plain documents reads exactly as the general way does.

Readers go over documents of the common form (a bare name, perhaps
``final-newline=no``, a body with no marker line) many at a time, and hand the
first other document to the general reader. Every case here is read by every
reader, the push parser among them, which reads one character at a time and
shares none of that code; they must agree on the documents or on every detail
of the error.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from hypothesis import given

import corpusfmt
from corpusfmt import CorpusFormatError, Document
from tests.exact import raises_exactly
from tests.readers import READERS
from tests.strategies import plain_run_texts, spec_bundle


def outcome(read: Callable[[str], list[Document]], text: str) -> tuple[object, ...]:
    """The documents, or what the error says and where."""
    try:
        return ("documents", read(text))
    except CorpusFormatError as error:
        # The lenient reader's stand-in for a strict error has no line to show.
        return ("error", error.msg, error.lineno, error.colno, error.pos, error.document)


def assert_read_alike(text: str) -> tuple[object, ...]:
    found = {name: outcome(read, text) for name, read in READERS.items()}
    expected = found["StreamParser by character"]
    indexed = found.pop("index and read")
    assert {name: result for name, result in found.items() if result != expected} == {}
    # An index does not look into bodies: of two problems it may report one
    # in a later header first, and it places a problem in a body by its line,
    # not by characters from the start (BundleIndex.read says so).
    assert indexed[0] == expected[0]
    if expected[0] == "documents":
        assert indexed == expected
    return expected


@given(plain_run_texts())
def test_every_reader_reads_runs_of_plain_documents_alike(text: str) -> None:
    assert_read_alike(text)


RUN = spec_bundle([Document(f"{index:03d}.txt", f"body {index}\n") for index in range(40)])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A "<" in a body, a "<<<" inside a line: still read as written.
        (
            "<<<FILE a>>>\na < b <<<END FILE>>> c\n<<<END FILE>>>\n",
            [Document("a", "a < b <<<END FILE>>> c\n")],
        ),
        # An escaped line after plain documents is unescaped, and those after it are read.
        (
            "<<<FILE a>>>\nx\n<<<END FILE>>>\n<<<FILE b>>>\n\\<<<END FILE>>>\n<<<END FILE>>>\n"
            "<<<FILE c final-newline=no>>>\ny\n<<<END FILE>>>\n",
            [Document("a", "x\n"), Document("b", "<<<END FILE>>>\n"), Document("c", "y")],
        ),
        (
            "<<<FILE a>>>\n<<<END FILE>>>\n<<<FILE b final-newline=no>>>\n\n<<<END FILE>>>\n",
            [Document("a", ""), Document("b", "")],
        ),
        (
            "<<<FILE a final-newline=no>>>\nx\r\n<<<END FILE>>>\n",
            [Document("a", "x\r")],
        ),
        (
            "<<<FILE a>>>\nx\n<<<END FILE>>>\n\n<<<FILE Physik:ä>>>\ny\n<<<END FILE>>>\n",
            [Document("a", "x\n"), Document("Physik:ä", "y\n")],
        ),
    ],
)
def test_plain_documents_and_what_follows_them_read_as_written(
    text: str, expected: list[Document]
) -> None:
    assert assert_read_alike(text) == ("documents", expected)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            RUN + "<<<FILE 017.txt>>>\nagain\n<<<END FILE>>>\n",
            "line 121, column 1: duplicate document name '017.txt'; "
            "the first document of that name starts on line 52",
        ),
        (
            "<<<FILE a>>>\nx\n<<<END FILE>>>\n<<<FILE b>>>\ny\n<<<END FILE>>>\n"
            "<<<FILE a>>>\nz\n<<<END FILE>>>\n",
            "line 7, column 1: duplicate document name 'a'; "
            "the first document of that name starts on line 1",
        ),
        # The second "a" is wrong at its header, before its empty body is: the
        # lenient reader, which goes on past both, reports them in that order.
        (
            "<<<FILE a>>>\n<<<END FILE>>>\n<<<FILE a final-newline=no>>>\n<<<END FILE>>>\n",
            "line 3, column 1: duplicate document name 'a'; "
            "the first document of that name starts on line 1",
        ),
        # A second name on a header that ends the text: its name is claimed
        # before the text is found cut off, by the strict reader and so by
        # the lenient one.
        (
            "<<<FILE a.txt>>>\n<<<END FILE>>>\n<<<FILE a.txt>>>",
            "line 3, column 1: duplicate document name 'a.txt'; "
            "the first document of that name starts on line 1",
        ),
        # Both: the open document's problem, then the second name, then that
        # document's own missing end line.
        (
            "<<<FILE a.txt>>>\n<<<FILE a.txt>>>",
            "line 2, column 1: a header inside document 'a.txt', which was opened on line 1 "
            "and not closed; a body line that begins with '<<<' must be escaped as '\\<<<'",
        ),
        # A header in an open document is that document's problem, before the
        # second name it gives.
        (
            "<<<FILE a>>>\n<<<END FILE>>>\n<<<FILE open>>>\nnever closed\n"
            "<<<FILE a>>>\n<<<END FILE>>>\n",
            "line 5, column 1: a header inside document 'open', which was opened on line 3 "
            "and not closed; a body line that begins with '<<<' must be escaped as '\\<<<'",
        ),
        (
            RUN + "<<<FILE >>>\nx\n<<<END FILE>>>\n",
            "line 121, column 9: the header line names no document",
        ),
        (
            RUN + "<<<FILE z final-newline=no>>>\n<<<END FILE>>>\n",
            "line 121, column 1: document 'z' is marked 'final-newline=no' "
            "but its body is empty; an empty document has no such mark",
        ),
    ],
)
def test_a_problem_after_plain_documents_is_reported_where_it_is(text: str, message: str) -> None:
    result = assert_read_alike(text)
    assert result[0] == "error"
    with pytest.raises(CorpusFormatError) as caught:
        corpusfmt.loads(text)
    assert str(caught.value).splitlines()[0] == message


def test_bad_utf8_after_plain_documents_comes_after_them_with_its_cause() -> None:
    data = RUN.encode() + b"<<<FILE bad>>>\nGr\xfc\xdfe\n<<<END FILE>>>\n" + RUN.encode()
    offset = len(RUN) + len("<<<FILE bad>>>\nGr")
    read: list[str] = []
    with raises_exactly(
        CorpusFormatError,
        f"line 122, column 3: invalid UTF-8 at byte offset {offset}: invalid start byte\n"
        "    Gr\\xfc\\xdfe\n"
        "      ^",
    ) as caught:
        read.extend(doc.name for doc in corpusfmt.iter_load(io.BytesIO(data)))
    assert read == [f"{index:03d}.txt" for index in range(40)]
    assert isinstance(caught.value.__cause__, UnicodeDecodeError)
    with pytest.raises(CorpusFormatError) as loaded:
        corpusfmt.load(io.BytesIO(data))
    assert (loaded.value.msg, loaded.value.lineno, loaded.value.colno) == (
        caught.value.msg,
        caught.value.lineno,
        caught.value.colno,
    )
    assert isinstance(loaded.value.__cause__, UnicodeDecodeError)
