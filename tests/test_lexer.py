"""The Pygments lexer: what each piece of a bundle is coloured as, and that it loses nothing."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given
from pygments.lexers import get_lexer_by_name, get_lexer_for_filename
from pygments.token import Error, Keyword, Name, Operator, String, Text, Whitespace, _TokenType

import corpusfmt
from corpusfmt.lexer import BundleLexer
from tests import strategies

Tokens = list[tuple[_TokenType, str]]


def tokens_of(source: str) -> Tokens:
    """The lexer's tokens, with neighbours of one type merged, as a reader sees the colours."""
    merged: Tokens = []
    for token_type, value in BundleLexer().get_tokens(source):
        if merged and merged[-1][0] is token_type:
            merged[-1] = (token_type, merged[-1][1] + value)
        else:
            merged.append((token_type, value))
    return merged


CASES: list[tuple[str, Tokens]] = [
    (
        "<<<FILE a.txt>>>\nhi\n<<<END FILE>>>\n",
        [
            (Keyword, "<<<FILE"),
            (Whitespace, " "),
            (Name.Entity, "a.txt"),
            (Keyword, ">>>\n"),
            (Text, "hi"),
            (Whitespace, "\n"),
            (Keyword, "<<<END FILE>>>"),
            (Whitespace, "\n"),
        ],
    ),
    (
        '<<<FILE "say \\"hi\\".txt">>>\n',
        [
            (Keyword, "<<<FILE"),
            (Whitespace, " "),
            (Name.Entity, '"say '),
            (String.Escape, '\\"'),
            (Name.Entity, "hi"),
            (String.Escape, '\\"'),
            (Name.Entity, '.txt"'),
            (Keyword, ">>>\n"),
        ],
    ),
    (
        '<<<FILE b lang=en title="a b" final-newline=no>>>\n',
        [
            (Keyword, "<<<FILE"),
            (Whitespace, " "),
            (Name.Entity, "b"),
            (Whitespace, " "),
            (Name.Attribute, "lang"),
            (Operator, "="),
            (String, "en"),
            (Whitespace, " "),
            (Name.Attribute, "title"),
            (Operator, "="),
            (String.Double, '"a b"'),
            (Whitespace, " "),
            (Keyword.Pseudo, "final-newline"),
            (Operator, "="),
            (String, "no"),
            (Keyword, ">>>\n"),
        ],
    ),
    (
        "<<<FILE c encoding=base64>>>\nAAEC\n",
        [
            (Keyword, "<<<FILE"),
            (Whitespace, " "),
            (Name.Entity, "c"),
            (Whitespace, " "),
            (Keyword.Pseudo, "encoding"),
            (Operator, "="),
            (String, "base64"),
            (Keyword, ">>>\n"),
            (Text, "AAEC"),
            (Whitespace, "\n"),
        ],
    ),
    # The writer's backslash is marked; the document's own text after it is not.
    (
        "\\\\<<<END FILE>>>\n",
        [(String.Escape, "\\\\"), (Text, "<<<END FILE>>>"), (Whitespace, "\n")],
    ),
    # What a reader refuses is shown as an error, not as text.
    ("<<<FILE>>>\n", [(Error, "<<<FILE>>>"), (Whitespace, "\n")]),
    ("<<<END>>>\n", [(Error, "<<<END>>>"), (Whitespace, "\n")]),
    (
        "<<<FILE a junk>>>\n",
        [
            (Keyword, "<<<FILE"),
            (Whitespace, " "),
            (Name.Entity, "a"),
            (Whitespace, " "),
            (Error, "junk"),
            (Keyword, ">>>\n"),
        ],
    ),
    (
        '<<<FILE "open\n',
        [(Keyword, "<<<FILE"), (Whitespace, " "), (Name.Entity, '"open'), (Error, "\n")],
    ),
    # A quoted name ends at its quote: what follows without a space is no part of it.
    (
        '<<<FILE "a"b>>>\n',
        [
            (Keyword, "<<<FILE"),
            (Whitespace, " "),
            (Name.Entity, '"a"'),
            (Error, "b"),
            (Keyword, ">>>\n"),
        ],
    ),
    # The end line may lack its line break at the end of the text.
    ("<<<END FILE>>>", [(Keyword, "<<<END FILE>>>"), (Whitespace, "\n")]),
    (" <<<FILE a>>>\n", [(Text, " <<<FILE a>>>"), (Whitespace, "\n")]),
]


@pytest.mark.parametrize(("source", "expected"), CASES)
def test_tokens(source: str, expected: Tokens) -> None:
    assert tokens_of(source) == expected


def test_found_by_name_and_file_name() -> None:
    """The entry point registers the lexer with Pygments, as Sphinx and editors look it up."""
    assert isinstance(get_lexer_by_name("corpusfmt"), BundleLexer)
    assert isinstance(get_lexer_by_name("bundle"), BundleLexer)
    assert isinstance(get_lexer_for_filename("corpus.bundle"), BundleLexer)


@given(strategies.document_lists)
def test_a_written_bundle_has_no_error_and_loses_nothing(docs: list[corpusfmt.Document]) -> None:
    bundle = corpusfmt.dumps(docs)
    tokens = tokens_of(bundle)
    # Pygments turns every CR LF and every lone CR into LF before any lexer sees
    # the text, so a lone CR in a body may put "<<<" at the start of a line.
    if "\r" not in bundle:
        assert all(token_type is not Error for token_type, _ in tokens)
    # Besides that, it adds a final LF; nothing else may change.
    expected = bundle.replace("\r\n", "\n").replace("\r", "\n")
    assert "".join(value for _, value in tokens) in (expected, expected + "\n")


def test_import_corpusfmt_needs_no_extra() -> None:
    """Pygments and pyarrow are extras: the package and its command must import
    without either (in a fresh interpreter, where nothing else loaded them)."""
    probe = (
        "import sys, corpusfmt, corpusfmt.cli; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pygments', 'pyarrow')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert done.stdout == "[]\n"
