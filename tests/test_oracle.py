"""Every fast reader against tests/oracle.py, a reader written from the spec alone.

The fast readers share their scanning code, so comparing them with each other
cannot show a bug in it; the oracle shares nothing with them.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from corpusfmt import CorpusFormatError, Document
from tests import oracle, strategies
from tests.readers import READERS


def as_oracle(docs: list[Document]) -> list[oracle.OracleDocument]:
    return [
        oracle.OracleDocument(
            doc.name,
            list(doc.meta.items()),
            None if doc.is_binary else doc.text,
            doc.data if doc.is_binary else None,
        )
        for doc in docs
    ]


def oracle_reading(text: str) -> list[oracle.OracleDocument] | None:
    try:
        return oracle.read_bundle(text)
    except oracle.SpecError:
        return None


def agree(text: str) -> None:
    """Every reader finds *text* valid exactly when the oracle does, with its documents."""
    expected = oracle_reading(text)
    for name, read in READERS.items():
        try:
            got = as_oracle(read(text))
        except CorpusFormatError:
            assert expected is None, f"{name} refused what the spec allows: {text!r}"
            continue
        assert expected is not None, f"{name} read what the spec refuses: {text!r}"
        assert got == expected, f"{name} read other documents than the spec says: {text!r}"


@given(strategies.canonical_bundles())
def test_canonical_bundles(case: tuple[str, list[Document]]) -> None:
    text, docs = case
    assert oracle_reading(text) == as_oracle(docs)
    agree(text)


@given(strategies.equivalent_variants())
def test_equivalent_variants(case: tuple[str, list[Document]]) -> None:
    text, docs = case
    assert oracle_reading(text) == as_oracle(docs)
    agree(text)


@given(strategies.fragment_soups)
@example("<<<FILE a>>>\n\\<<<x\n<<<END FILE>>>\n")
@example("<<<FILE a>>>\n<<<x\n<<<END FILE>>>\n")
@example("<<<FILE a final-newline=no>>>\r\nx\r\n<<<END FILE>>>")
@example("<<<FILE a final-newline=no>>>\nx\r\n<<<END FILE>>>")
@example('<<<FILE a k="">>>\n<<<END FILE>>>\n')
@example('<<<FILE "">>>\n<<<END FILE>>>\n')
@example("<<<FILE a encoding=base64>>>\nQR==\n\nQQ\r\n<<<END FILE>>>\n")
@example("<<<FILE a encoding=base64>>>\nQQ=\n=\n<<<END FILE>>>\n")
@example("<<<FILE a encoding=base64>>>\nQQ==QQ==\n<<<END FILE>>>\n")
@example("<<<FILE a>>>\n<<<END FILE>>>\r")
@example(" \t")
@example("\ufeff\ufeff")
def test_fragment_soups(text: str) -> None:
    agree(text)


EDITS = st.sampled_from(["", "<", ">", "\\", '"', "=", "\n", "\r", " ", "\t", "x", "\x00", "é"])


@given(strategies.canonical_bundles(), st.data())
def test_damaged_bundles(case: tuple[str, list[Document]], data: st.DataObject) -> None:
    """A valid bundle with one character changed, added or taken away, or cut short."""
    text, _ = case
    position = data.draw(st.integers(0, len(text)))
    kind = data.draw(st.sampled_from(["replace", "insert", "cut"]))
    if kind == "cut":
        damaged = text[:position]
    else:
        edit = data.draw(EDITS)
        after = position + 1 if kind == "replace" else position
        damaged = text[:position] + edit + text[after:]
    agree(damaged)


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("", True),
        ("<<<FILE a>>>\n<<<END FILE>>>", True),
        ("<<<FILE a>>>\n<<<END FILE>>>\n", True),
        ("<<<FILE a>>>", False),
        ("<<<FILE a>>>\n", False),
        ("<<<FILE a>>>\nx", False),
        ("<<<FILE a b>>>\n<<<END FILE>>>\n", False),
        ("<<<FILE a sha256=x>>>\n<<<END FILE>>>\n", False),
        ("<<<FILE a final-newline=no>>>\n<<<END FILE>>>\n", False),
        ("<<<FILE a encoding=base64 final-newline=no>>>\nQQ==\n<<<END FILE>>>\n", False),
        ("<<<FILE a\\b>>>\n<<<END FILE>>>\n", False),
        ('<<<FILE "a\\b">>>\n<<<END FILE>>>\n', False),
        ('<<<FILE "a\\\\b">>>\n<<<END FILE>>>\n', True),
        ("x\n<<<FILE a>>>\n<<<END FILE>>>\n", False),
        ("<<<END FILE>>>\n", False),
    ],
)
def test_the_oracle_itself(text: str, valid: bool) -> None:
    """The oracle is a test's tool: these pin it to the spec where it is plain."""
    assert (oracle_reading(text) is not None) is valid
    agree(text)
