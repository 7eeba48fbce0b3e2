"""Header lines a reader must refuse: the exact message, line, column and document, from every reader.

Each case guards a bug that mutation testing planted and the other tests let
through; the docstring of the table says which.
"""

from __future__ import annotations

import pytest

from corpusfmt import CorpusFormatError
from tests.readers import READERS

END = "<<<END FILE>>>\n"
AFTER_QUOTE = "expected a space or '>>>' after the closing quote"
AFTER_MARKER = "expected a space and a document name after '<<<FILE'"
NO_CLOSE = "a header line must end with '>>>'"
AFTER_CLOSE = "unexpected text after '>>>' on a header line"

# (header lines, message, line, column, document the error names)
CASES: list[tuple[str, str, int, int, str | None]] = [
    # A closing quote must be followed by a space or '>>>': "X" is no separator.
    ('<<<FILE "a"X>>>\n', AFTER_QUOTE, 1, 12, None),
    # An error in an attribute names the document it is in.
    ('<<<FILE a k="v"X>>>\n', AFTER_QUOTE, 1, 16, "a"),
    ('<<<FILE a k="v"j=w>>>\n', AFTER_QUOTE, 1, 16, "a"),
    ("<<<FILEXa>>>\n", AFTER_MARKER, 1, 8, None),
    ("<<<FILE>>>\n", AFTER_MARKER, 1, 8, None),
    # A key followed by a space and a word is not key=word.
    ("<<<FILE a k v>>>\n", "expected '=' after the attribute key 'k'", 1, 12, "a"),
    ("<<<FILE a k>>>\n", "expected '=' after the attribute key 'k'", 1, 12, "a"),
    # Text after '>>>' is placed just after the last '>>>' of the line, not
    # after a '>>>' inside quotes.
    ('<<<FILE "a>>>b">>> x\n', AFTER_CLOSE, 1, 19, None),
    ("<<<FILE a>>> x\n", AFTER_CLOSE, 1, 13, None),
    ("<<<FILE a>>>x>>> \n", AFTER_CLOSE, 1, 17, None),
    # Too short to end in '>>>', and placed at the end of the line.
    ("<<<FILE\n", NO_CLOSE, 1, 8, None),
    ("<<<FILE>\n", NO_CLOSE, 1, 9, None),
    ("<<<FILE>>\n", NO_CLOSE, 1, 10, None),
    ("<<<FILE x\n", NO_CLOSE, 1, 10, None),
    ("<<<FILE x\r\n", NO_CLOSE, 1, 10, None),
    # The same on a later line, where the line's offset in the text is not 0.
    (f"<<<FILE a>>>\n{END}<<<FILE\n", NO_CLOSE, 3, 8, None),
    (f"<<<FILE a>>>\n{END}<<<FILE>\n", NO_CLOSE, 3, 9, None),
    (f"<<<FILE a>>>\n{END}<<<FILE b>>> x\n", AFTER_CLOSE, 3, 13, None),
    (
        f"<<<FILE a>>>\n{END}<<<FILE b k>>>\n",
        "expected '=' after the attribute key 'k'",
        3,
        12,
        "b",
    ),
    (
        '<<<FILE a k="v\\n">>>\n',
        "invalid escape in the value of 'k': only \\\" and \\\\ are allowed in quotes",
        1,
        15,
        "a",
    ),
    ("<<<FILE a k=v=w>>>\n", "the value of 'k' that contains '=' must be quoted", 1, 14, "a"),
    ('<<<FILE a k="v>>>\n', "the quotes around the value of 'k' are not closed", 1, 13, "a"),
    (
        "<<<FILE a 1k=v>>>\n",
        "expected an attribute 'key=value' (a key starts with a letter or '_')",
        1,
        11,
        "a",
    ),
    (
        "<<<FILE a k=>>>\n",
        "the value of 'k' is missing; write \"\" for an empty value",
        1,
        13,
        "a",
    ),
]


@pytest.mark.parametrize("reader", READERS, ids=str)
@pytest.mark.parametrize(("headers", "message", "lineno", "colno", "document"), CASES, ids=repr)
def test_a_bad_header_line(
    reader: str, headers: str, message: str, lineno: int, colno: int, document: str | None
) -> None:
    with pytest.raises(CorpusFormatError) as caught:
        READERS[reader](headers + END)
    error = caught.value
    assert (error.msg, error.lineno, error.colno, error.document) == (
        message,
        lineno,
        colno,
        document,
    )
