"""The Document model: values, validation, meta, repr."""

from __future__ import annotations

import copy
import pickle
import unicodedata
from typing import Any

import attrs
import pytest

import corpusfmt
from corpusfmt import Document
from tests.exact import raises_exactly


def test_documents_compare_and_hash_by_value() -> None:
    a = Document("a.txt", "x\n", {"lang": "de"})
    b = Document(name="a.txt", text="x\n", meta=[("lang", "de")])
    assert a == b
    assert hash(a) == hash(b)
    assert len({a, b}) == 1
    assert a != Document("a.txt", "x\n")
    assert a != Document("a.txt", "x")


def test_documents_differ_when_their_meta_order_does() -> None:
    # The order is written to the bundle, so it is part of the value.
    first = Document("a", "", {"x": "1", "y": "2"})
    second = Document("a", "", {"y": "2", "x": "1"})
    assert first != second
    assert corpusfmt.dumps([first]) != corpusfmt.dumps([second])
    # Against a plain mapping the order does not matter, as with OrderedDict.
    assert first.meta == {"y": "2", "x": "1"}


def test_documents_survive_pickle_and_copy() -> None:
    doc = Document("a.txt", "x\n", {"lang": "de"})
    assert pickle.loads(pickle.dumps(doc)) == doc
    assert copy.deepcopy(doc) == doc
    assert pickle.loads(pickle.dumps(doc)).meta["lang"] == "de"


def test_meta_defaults_to_empty_and_keeps_order() -> None:
    assert dict(Document("a", "").meta) == {}
    doc = Document("a", "", {"z": "1", "a": "2", "m": "3"})
    assert list(doc.meta) == ["z", "a", "m"]
    assert list(doc.meta.items()) == [("z", "1"), ("a", "2"), ("m", "3")]
    assert doc.meta == {"a": "2", "m": "3", "z": "1"}
    assert doc.meta["a"] == "2"
    assert len(doc.meta) == 3
    assert "z" in doc.meta


def test_documents_are_immutable() -> None:
    doc = Document("a", "x", {"k": "v"})
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        doc.text = "y"  # type: ignore[misc]
    with pytest.raises(TypeError):
        doc.meta["k"] = "w"  # type: ignore[index]
    changed = attrs.evolve(doc, text="y")
    assert (changed.text, doc.text) == ("y", "x")


def test_meta_given_as_a_mapping_is_copied() -> None:
    source = {"k": "v"}
    doc = Document("a", "", source)
    source["k"] = "changed"
    assert doc.meta == {"k": "v"}


def test_repr_shows_name_and_size_not_the_whole_text() -> None:
    assert repr(Document("a.txt", "short\n")) == "Document(name='a.txt', text='short\\n')"
    long = Document("big.txt", "word " * 200_000, {"lang": "de"})
    assert repr(long) == (
        "Document(name='big.txt', text='word word word word word word word word '... "
        "(1000000 characters), meta={'lang': 'de'})"
    )


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Document name must not be empty"),
        ("a\nb", "Document name 'a\\nb' contains U+000A, which no name may contain"),
        ("a\rb", "Document name 'a\\rb' contains U+000D, which no name may contain"),
        ("tab\t", "Document name 'tab\\t' contains U+0009, which no name may contain"),
        ("nul\x00", "Document name 'nul\\x00' contains U+0000, which no name may contain"),
        ("del\x7f", "Document name 'del\\x7f' contains U+007F, which no name may contain"),
        ("c1\x85", "Document name 'c1\\x85' contains U+0085, which no name may contain"),
        ("\ud800", "Document name '\\ud800' contains U+D800, which no name may contain"),
    ],
)
def test_invalid_names_are_refused(name: str, message: str) -> None:
    with raises_exactly(ValueError, message):
        Document(name, "")


@pytest.mark.parametrize(
    ("meta", "error", "message"),
    [
        (
            {"final-newline": "no"},
            ValueError,
            "meta key 'final-newline' is reserved by the format",
        ),
        ({"sha256": "ab"}, ValueError, "meta key 'sha256' is reserved by the format"),
        ({"encoding": "x"}, ValueError, "meta key 'encoding' is reserved by the format"),
        ({"length": "1"}, ValueError, "meta key 'length' is reserved by the format"),
        (
            {"1st": "x"},
            ValueError,
            "meta key '1st' is not a valid key "
            "(a letter or '_', then letters, digits, '_', '.', ':' or '-')",
        ),
        (
            {"a b": "x"},
            ValueError,
            "meta key 'a b' is not a valid key "
            "(a letter or '_', then letters, digits, '_', '.', ':' or '-')",
        ),
        (
            {"k": "line\nbreak"},
            ValueError,
            "meta value for 'k' contains U+000A, which no value may contain",
        ),
        ([("k", "1"), ("k", "2")], ValueError, "meta key 'k' is given twice"),
        ({"k": 1}, TypeError, "meta must map str to str, found 'k': 1"),
        ("k=v", TypeError, "meta must be a mapping or an iterable of (key, value) pairs"),
        (["kv"], TypeError, "meta pairs must be (key, value) tuples, found 'kv'"),
    ],
)
def test_invalid_meta_is_refused(meta: object, error: type[Exception], message: str) -> None:
    with raises_exactly(error, message):
        Document("a", "", meta)  # type: ignore[arg-type]


def test_name_and_text_must_be_str() -> None:
    with raises_exactly(TypeError, "Document name must be a str, not bytes"):
        Document(b"a", "")  # type: ignore[arg-type]
    with raises_exactly(TypeError, "Document text must be a str, not bytes"):
        Document("a", b"x")  # type: ignore[arg-type]


def test_every_unicode_space_and_format_character_is_quoted_in_names() -> None:
    """The spec lists these code points; this checks that list against the
    Unicode database of the running Python, so that a new Unicode version that
    adds such a character is noticed."""
    unquoted = []
    for code in range(0x110000):
        char = chr(code)
        if unicodedata.category(char) in ("Zs", "Zl", "Zp", "Cf"):
            header = corpusfmt.dumps([Document("a" + char, "")]).partition("\n")[0]
            if header != f'<<<FILE "a{char}">>>':
                unquoted.append(f"U+{code:04X}")
    assert unquoted == []


def test_printable_non_ascii_names_stay_bare() -> None:
    for name in ("Übersicht.md", "名前.txt", "\U0001f600", "ñ/é", "<<<x"):
        assert corpusfmt.dumps([Document(name, "")]) == f"<<<FILE {name}>>>\n<<<END FILE>>>\n"


def test_a_binary_document_holds_bytes_and_no_text() -> None:
    doc = Document.from_bytes("logo.png", b"\x89PNG", {"alt": "Logo"})
    assert doc.is_binary
    assert doc.data == b"\x89PNG"
    assert doc.meta == {"alt": "Logo"}
    with pytest.raises(
        TypeError, match=r"^document 'logo.png' holds bytes, not text; read its .data$"
    ):
        doc.text  # noqa: B018
    assert repr(doc) == "Document(name='logo.png', data=b'\\x89PNG', meta={'alt': 'Logo'})"
    assert repr(Document.from_bytes("big", bytes(50))) == (
        "Document(name='big', data=" + repr(bytes(40)) + "... (50 bytes))"
    )


def test_text_and_bytes_are_different_documents() -> None:
    text = Document("a", "abc")
    binary = Document.from_bytes("a", b"abc")
    assert not text.is_binary
    assert text.data == binary.data == b"abc"
    assert text != binary
    assert Document.from_bytes("a", b"") != Document("a", "")
    assert attrs.evolve(binary, data=b"xyz") == Document.from_bytes("a", b"xyz")


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (
            lambda: Document.from_bytes("a", "text"),  # type: ignore[arg-type]
            TypeError,
            "Document data must be bytes, not str",
        ),
        (
            lambda: Document.from_bytes("a", bytearray(b"x")),  # type: ignore[arg-type]
            TypeError,
            "Document data must be bytes, not bytearray",
        ),
        (
            lambda: Document("a", "x", data=b"y"),
            ValueError,
            "a Document holds text or bytes, not both",
        ),
        (lambda: Document.from_bytes("", b"x"), ValueError, "Document name must not be empty"),
    ],
)
def test_binary_documents_are_checked(make: Any, error: type[Exception], message: str) -> None:
    with raises_exactly(error, message):
        make()
