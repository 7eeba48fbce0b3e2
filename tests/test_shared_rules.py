"""The rules every reader shares give one error, whichever reader meets them.

Format v1's readers (whole text, bytes, gzip, chunked, streamed, indexed,
lenient, through the facade's Dialect) and the readers of dialects made of
patterns all call the same rules for the byte order mark, duplicate names,
unclosed documents and bad UTF-8; fed the same input, they must report the
same message at the same line, column and offset.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest

import corpusfmt
from corpusfmt import CorpusFormatError, Document
from tests.readers import PATTERN_READERS, READERS

ALL_READERS = {**READERS, **PATTERN_READERS}

DUPLICATE = "duplicate document name 'a'; the first document of that name starts on line {}"

# (id, bundle, message, line, column, offset, document)
SHARED = [
    (
        "duplicate name",
        "<<<FILE a>>>\nx\n<<<END FILE>>>\n<<<FILE a>>>\ny\n<<<END FILE>>>\n",
        DUPLICATE.format(1),
        4,
        1,
        30,
        "a",
    ),
    (
        "duplicate name after a byte order mark",
        "\ufeff<<<FILE a>>>\nx\n<<<END FILE>>>\n<<<FILE a>>>\ny\n<<<END FILE>>>\n",
        DUPLICATE.format(1),
        4,
        1,
        31,
        "a",
    ),
    (
        "duplicate name after blank lines and CR LF",
        "\n<<<FILE b>>>\r\n<<<END FILE>>>\r\n<<<FILE a>>>\n<<<END FILE>>>\n\n"
        "<<<FILE a>>>\nz\n<<<END FILE>>>\n",
        DUPLICATE.format(4),
        7,
        1,
        60,
        "a",
    ),
]


@pytest.mark.parametrize(
    ("bundle", "msg", "lineno", "colno", "pos", "document"),
    [case[1:] for case in SHARED],
    ids=[case[0] for case in SHARED],
)
@pytest.mark.parametrize("reader", ALL_READERS.values(), ids=ALL_READERS.keys())
def test_every_reader_reports_a_shared_rule_alike(
    bundle: str,
    msg: str,
    lineno: int,
    colno: int,
    pos: int,
    document: str,
    reader: Callable[[str], list[Document]],
) -> None:
    with pytest.raises(CorpusFormatError) as caught:
        reader(bundle)
    error = caught.value
    assert (error.msg, error.lineno, error.colno, error.pos, error.document) == (
        msg,
        lineno,
        colno,
        pos,
        document,
    )


UNCLOSED = "<<<FILE a>>>\nx\n<<<END FILE>>>\n\n<<<FILE b>>>\ny\n"


@pytest.mark.parametrize("reader", ALL_READERS.values(), ids=ALL_READERS.keys())
def test_every_reader_reports_an_unclosed_document_at_its_header(
    reader: Callable[[str], list[Document]],
) -> None:
    with pytest.raises(CorpusFormatError) as caught:
        reader(UNCLOSED)
    error = caught.value
    assert (error.lineno, error.colno, error.pos, error.document) == (5, 1, 31, "b")
    # Format v1 names its end line; a dialect made of patterns, its end marker.
    assert error.msg in (
        "document 'b', opened on line 5, is not closed: "
        "the text ends before its '<<<END FILE>>>' line",
        "document 'b' is not closed: the text ends before its end marker",
    )


BAD_UTF8 = "<<<FILE a>>>\nok\n<<<END FILE>>>\n<<<FILE b>>>\nnä\n<<<END FILE>>>\n".encode()
BAD_UTF8 = BAD_UTF8.replace("ä".encode(), b"\xff")


@pytest.mark.parametrize("dialect", ["v1", "plain", "colon", "auto"])
def test_every_reader_of_bytes_reports_bad_utf8_alike(dialect: str) -> None:
    with pytest.raises(CorpusFormatError) as caught:
        corpusfmt.load(io.BytesIO(BAD_UTF8), dialect)
    error = caught.value
    assert (error.msg, error.lineno, error.colno, error.pos) == (
        "invalid UTF-8 at byte offset 45: invalid start byte",
        5,
        2,
        45,
    )


def test_a_dialect_reader_finds_a_header_after_a_byte_order_mark() -> None:
    """A header on the first line stands at a line start even after the mark."""
    text = "\ufeff<<<FILE: a.txt>>>\nhi\n<<<END FILE>>>\n"
    bundle = corpusfmt.parse(text, "colon")
    assert bundle.documents == [Document("a.txt", "hi\n")]
    assert bundle.between == ["\ufeff"]
    assert bundle.dumps() == text
    assert corpusfmt.sniff(text).dialect.name == "colon"


def test_a_second_name_is_reported_at_its_header_before_a_problem_in_its_body() -> None:
    # The header of the second 'a.txt' comes before the header inside its body.
    text = "<<<FILE a.txt>>>\n<<<END FILE>>>\n<<<FILE a.txt>>>\n<<<FILE a.txt>>>"
    expected = "duplicate document name 'a.txt'; the first document of that name starts on line 1"
    for name, read in READERS.items():
        with pytest.raises(CorpusFormatError) as caught:
            read(text)
        assert (caught.value.msg, caught.value.lineno, caught.value.colno) == (expected, 3, 1), (
            name
        )
