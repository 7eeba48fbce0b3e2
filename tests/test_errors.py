"""Every malformed input raises CorpusFormatError with an exact message and position."""

from __future__ import annotations

import pickle
from collections.abc import Callable

import pytest
from hypothesis import given

import corpusfmt
from corpusfmt import CorpusFormatError, Document
from tests.exact import raises_exactly
from tests.readers import READERS
from tests.strategies import fragment_soups

# (id, bundle text, message, line, column, document concerned)
ERRORS = [
    (
        "unclosed at the end of the text",
        "<<<FILE a>>>\nx\n",
        "document 'a', opened on line 1, is not closed: the text ends before its '<<<END FILE>>>' line",
        1,
        1,
        "a",
    ),
    (
        "header as the last line",
        "<<<FILE a>>>",
        "document 'a', opened on line 1, is not closed: the text ends before its '<<<END FILE>>>' line",
        1,
        1,
        "a",
    ),
    (
        "header inside an open document",
        "<<<FILE a>>>\nx\n<<<FILE b>>>\ny\n<<<END FILE>>>\n",
        "a header inside document 'a', which was opened on line 1 and not closed; a body line that begins with '<<<' must be escaped as '\\<<<'",
        3,
        1,
        "a",
    ),
    (
        "end line without an open document",
        "<<<FILE a>>>\n<<<END FILE>>>\n<<<END FILE>>>\n",
        "'<<<END FILE>>>' without an open document",
        3,
        1,
        None,
    ),
    (
        "text before the first document",
        "hello\n<<<FILE a>>>\n<<<END FILE>>>\n",
        "text outside any document; a document begins with '<<<FILE name>>>'",
        1,
        1,
        None,
    ),
    (
        "text after the last document",
        "<<<FILE a>>>\n<<<END FILE>>>\ntrailing prose\n",
        "text outside any document; a document begins with '<<<FILE name>>>'",
        3,
        1,
        None,
    ),
    (
        "lower-case header keyword",
        "<<<file a>>>\n<<<END FILE>>>\n",
        "unknown marker line; a document begins with '<<<FILE name>>>'",
        1,
        1,
        None,
    ),
    (
        "space after the end marker",
        "<<<FILE a>>>\nx\n<<<END FILE>>> \n",
        "unexpected text after '<<<END FILE>>>'",
        3,
        15,
        "a",
    ),
    (
        "lone CR after the end marker",
        "<<<FILE a>>>\nx\n<<<END FILE>>>\rmore\n",
        "unexpected text after '<<<END FILE>>>'",
        3,
        15,
        "a",
    ),
    (
        "unescaped merge conflict marker in a body",
        "<<<FILE a>>>\n<<<<<<< HEAD\n<<<END FILE>>>\n",
        "a line of document 'a' (opened on line 1) begins with '<<<' but is not '<<<END FILE>>>'; a body line that begins with '<<<' must be escaped as '\\<<<'",
        2,
        1,
        "a",
    ),
    (
        "header without a name",
        "<<<FILE>>>\n<<<END FILE>>>\n",
        "expected a space and a document name after '<<<FILE'",
        1,
        8,
        None,
    ),
    (
        "header with only a space",
        "<<<FILE >>>\n<<<END FILE>>>\n",
        "the header line names no document",
        1,
        9,
        None,
    ),
    (
        "no space after FILE",
        "<<<FILEa>>>\n<<<END FILE>>>\n",
        "expected a space and a document name after '<<<FILE'",
        1,
        8,
        None,
    ),
    (
        "header without >>>",
        "<<<FILE a\n<<<END FILE>>>\n",
        "a header line must end with '>>>'",
        1,
        10,
        None,
    ),
    (
        "text after >>>",
        "<<<FILE a>>> x\n<<<END FILE>>>\n",
        "unexpected text after '>>>' on a header line",
        1,
        13,
        None,
    ),
    (
        "quote not closed before the line break",
        '<<<FILE "a\n<<<END FILE>>>\n',
        "a header line must end with '>>>'",
        1,
        11,
        None,
    ),
    (
        "quote not closed before >>>",
        '<<<FILE "a>>>\n<<<END FILE>>>\n',
        "the quotes around a name are not closed",
        1,
        9,
        None,
    ),
    (
        "invalid escape in quotes",
        '<<<FILE "a\\q">>>\n<<<END FILE>>>\n',
        'invalid escape in a name: only \\" and \\\\ are allowed in quotes',
        1,
        11,
        None,
    ),
    (
        "empty quoted name",
        '<<<FILE "">>>\n<<<END FILE>>>\n',
        "a document name must not be empty",
        1,
        9,
        None,
    ),
    (
        "tab in a quoted name",
        '<<<FILE "a\tb">>>\n<<<END FILE>>>\n',
        "a name must not contain U+0009",
        1,
        11,
        None,
    ),
    (
        "NUL in a bare name",
        "<<<FILE a\x00b>>>\n<<<END FILE>>>\n",
        "a name must not contain U+0000",
        1,
        10,
        None,
    ),
    (
        "attribute without =",
        "<<<FILE a b>>>\n<<<END FILE>>>\n",
        "expected '=' after the attribute key 'b'",
        1,
        12,
        "a",
    ),
    (
        "attributes without a name",
        "<<<FILE lang=de>>>\n<<<END FILE>>>\n",
        "a name that contains '=' must be quoted (or is the name missing before the attributes?)",
        1,
        13,
        None,
    ),
    (
        "quote inside a bare name",
        '<<<FILE a"b>>>\n<<<END FILE>>>\n',
        "a name that contains '\"' must be quoted",
        1,
        10,
        None,
    ),
    (
        "zero width space in a bare name",
        "<<<FILE a\u200bb>>>\n<<<END FILE>>>\n",
        "a name that contains U+200B must be quoted",
        1,
        10,
        None,
    ),
    (
        "no space after a closing quote",
        '<<<FILE "a"b>>>\n<<<END FILE>>>\n',
        "expected a space or '>>>' after the closing quote",
        1,
        12,
        None,
    ),
    (
        "key without =",
        "<<<FILE a k>>>\n<<<END FILE>>>\n",
        "expected '=' after the attribute key 'k'",
        1,
        12,
        "a",
    ),
    (
        "key starting with a digit",
        "<<<FILE a 1k=v>>>\n<<<END FILE>>>\n",
        "expected an attribute 'key=value' (a key starts with a letter or '_')",
        1,
        11,
        "a",
    ),
    (
        "missing value before >>>",
        "<<<FILE a k=>>>\n<<<END FILE>>>\n",
        "the value of 'k' is missing; write \"\" for an empty value",
        1,
        13,
        "a",
    ),
    (
        "missing value before the next attribute",
        "<<<FILE a k= x=1>>>\n<<<END FILE>>>\n",
        "the value of 'k' is missing; write \"\" for an empty value",
        1,
        13,
        "a",
    ),
    (
        "duplicate attribute",
        "<<<FILE a k=1 k=2>>>\n<<<END FILE>>>\n",
        "the attribute 'k' is given twice",
        1,
        15,
        "a",
    ),
    (
        "reserved sha256",
        "<<<FILE a sha256=ab>>>\n<<<END FILE>>>\n",
        "the attribute 'sha256' is reserved for a later version of the format",
        1,
        11,
        "a",
    ),
    (
        "encoding other than base64",
        "<<<FILE a encoding=utf-16>>>\n<<<END FILE>>>\n",
        "the attribute 'encoding' takes only the value 'base64'",
        1,
        20,
        "a",
    ),
    (
        "encoding and final-newline together",
        "<<<FILE a final-newline=no encoding=base64>>>\nAA==\n<<<END FILE>>>\n",
        "'final-newline' does not apply to a base64 body, whose line breaks are not data",
        1,
        28,
        "a",
    ),
    (
        "a base64 body with a character outside the alphabet",
        "<<<FILE a encoding=base64>>>\nAAAA\nAA-A\n<<<END FILE>>>\n",
        "document 'a' is marked 'encoding=base64', but its body holds a character "
        "that is not base64",
        3,
        3,
        "a",
    ),
    (
        "a base64 body with a lone CR",
        "<<<FILE a encoding=base64>>>\nAA\rAA\n<<<END FILE>>>\n",
        "document 'a' is marked 'encoding=base64', but its body holds a character "
        "that is not base64",
        2,
        3,
        "a",
    ),
    (
        "a base64 body with an escaped line",
        "<<<FILE a encoding=base64>>>\nAAAA\n\\<<<END FILE>>>\n<<<END FILE>>>\n",
        "document 'a' is marked 'encoding=base64', but its body holds a character "
        "that is not base64",
        3,
        1,
        "a",
    ),
    (
        "a base64 body cut short",
        "<<<FILE a encoding=base64>>>\nAAAA\nAAA\n<<<END FILE>>>\n",
        "the base64 body of document 'a' is cut short or wrongly padded",
        2,
        1,
        "a",
    ),
    (
        "base64 padding in the middle",
        "<<<FILE a encoding=base64>>>\nAA==\nAA==\n<<<END FILE>>>\n",
        "the base64 body of document 'a' is cut short or wrongly padded",
        2,
        1,
        "a",
    ),
    (
        "reserved length",
        "<<<FILE a length=3>>>\nab\n<<<END FILE>>>\n",
        "the attribute 'length' is reserved for a later version of the format",
        1,
        11,
        "a",
    ),
    (
        "final-newline with another value",
        "<<<FILE a final-newline=yes>>>\nx\n<<<END FILE>>>\n",
        "the attribute 'final-newline' takes only the value 'no'",
        1,
        25,
        "a",
    ),
    (
        "final-newline twice",
        "<<<FILE a final-newline=no final-newline=no>>>\nx\n<<<END FILE>>>\n",
        "the attribute 'final-newline' is given twice",
        1,
        28,
        "a",
    ),
    (
        "final-newline on an empty body",
        "<<<FILE a final-newline=no>>>\n<<<END FILE>>>\n",
        "document 'a' is marked 'final-newline=no' but its body is empty; an empty document has no such mark",
        1,
        1,
        "a",
    ),
    (
        "duplicate document name",
        "<<<FILE a>>>\n<<<END FILE>>>\n<<<FILE a>>>\n<<<END FILE>>>\n",
        "duplicate document name 'a'; the first document of that name starts on line 1",
        3,
        1,
        "a",
    ),
    (
        "quote not closed in a value",
        '<<<FILE a k="v>>>\n<<<END FILE>>>\n',
        "the quotes around the value of 'k' are not closed",
        1,
        13,
        "a",
    ),
    (
        "quote inside a bare value",
        '<<<FILE a k=v"w>>>\n<<<END FILE>>>\n',
        "the value of 'k' that contains '\"' must be quoted",
        1,
        14,
        "a",
    ),
    (
        "escaped line outside documents",
        "\\<<<END FILE>>>\n",
        "text outside any document; a document begins with '<<<FILE name>>>'",
        1,
        1,
        None,
    ),
    (
        "CR CR LF after a header",
        "<<<FILE a>>>\r\r\nx\n<<<END FILE>>>\n",
        "unexpected text after '>>>' on a header line",
        1,
        13,
        None,
    ),
    (
        "indented header",
        "  <<<FILE a>>>\n<<<END FILE>>>\n",
        "text outside any document; a document begins with '<<<FILE name>>>'",
        1,
        1,
        None,
    ),
    (
        "tab in a quoted value",
        '<<<FILE 名前 k="\t">>>\n<<<END FILE>>>\n',
        "the value of 'k' must not contain U+0009",
        1,
        15,
        "名前",
    ),
]


@pytest.mark.parametrize(
    ("bundle", "msg", "lineno", "colno", "document"),
    [case[1:] for case in ERRORS],
    ids=[case[0] for case in ERRORS],
)
@pytest.mark.parametrize("reader", READERS.values(), ids=READERS.keys())
def test_malformed_bundle_raises_exact_error(
    bundle: str,
    msg: str,
    lineno: int,
    colno: int,
    document: str | None,
    reader: Callable[[str], list[Document]],
) -> None:
    with pytest.raises(CorpusFormatError) as caught:
        reader(bundle)
    error = caught.value
    assert (error.msg, error.lineno, error.colno, error.document) == (
        msg,
        lineno,
        colno,
        document,
    )
    line_start = sum(len(line) for line in bundle.splitlines(keepends=True)[: lineno - 1])
    assert error.pos == line_start + colno - 1
    assert isinstance(error, ValueError)


def test_str_shows_position_line_and_caret() -> None:
    with pytest.raises(CorpusFormatError) as caught:
        corpusfmt.loads('<<<FILE a.txt>>>\nok\n<<<END FILE>>>\n<<<FILE b k="v>>>\n')
    assert str(caught.value) == (
        "line 4, column 13: the quotes around the value of 'k' are not closed\n"
        '    <<<FILE b k="v>>>\n'
        "                ^"
    )


def test_caret_stays_under_the_column_after_tabs_and_wide_characters() -> None:
    with pytest.raises(CorpusFormatError) as caught:
        corpusfmt.loads('<<<FILE 名前\tk="\x01">>>\n')
    assert str(caught.value).splitlines()[1:] == [
        '    <<<FILE 名前\tk="\\x01">>>',
        "                \t   ^",
    ]


def test_long_lines_are_cut_around_the_column() -> None:
    with pytest.raises(CorpusFormatError) as caught:
        corpusfmt.loads("\n" * 3 + "y" * 500 + "<<<END FILE>>>")
    lines = str(caught.value).splitlines()
    assert lines[0] == (
        "line 4, column 1: text outside any document; a document begins with '<<<FILE name>>>'"
    )
    assert lines[1] == "    " + "y" * 60 + "…"
    assert lines[2] == "    ^"
    with pytest.raises(CorpusFormatError) as caught:
        corpusfmt.loads("<<<FILE " + "n" * 500 + " key>>>\n")
    lines = str(caught.value).splitlines()
    assert lines[0] == "line 1, column 513: expected '=' after the attribute key 'key'"
    assert lines[1] == "    …" + "n" * 56 + " key>>>"
    assert lines[2] == "    " + " " * 61 + "^"


def test_error_without_a_line_shows_only_the_position() -> None:
    error = CorpusFormatError("bad", lineno=1, colno=1, pos=0)
    assert str(error) == "line 1, column 1: bad"
    assert error.document is None


def test_error_survives_pickling() -> None:
    with pytest.raises(CorpusFormatError) as caught:
        corpusfmt.loads("<<<FILE a>>>\n")
    copy = pickle.loads(pickle.dumps(caught.value))
    assert (copy.msg, copy.lineno, copy.colno, copy.pos, copy.document, str(copy)) == (
        caught.value.msg,
        1,
        1,
        0,
        "a",
        str(caught.value),
    )


def test_loads_rejects_bytes_with_a_pointer_to_load() -> None:
    with raises_exactly(
        TypeError,
        "expected the bundle as str, not bytes; use corpusfmt.load() for bytes and files",
    ):
        corpusfmt.loads(b"<<<FILE a>>>\n<<<END FILE>>>\n")  # type: ignore[arg-type]


@given(fragment_soups)
def test_any_text_is_read_or_refused_with_corpus_format_error(text: str) -> None:
    try:
        docs = corpusfmt.loads(text)
    except CorpusFormatError as error:
        check_points_into(error, text)
    else:
        assert corpusfmt.loads(corpusfmt.dumps(docs)) == docs


def check_points_into(error: CorpusFormatError, text: str) -> None:
    assert 1 <= error.lineno <= text.count("\n") + 1
    assert 0 <= error.pos <= len(text)
    assert str(error).startswith(f"line {error.lineno}, column {error.colno}: ")
