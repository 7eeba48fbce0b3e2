"""The documents a bundle holds, as plain immutable values."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import repeat
from typing import Any, TypeAlias

import attrs

from corpusfmt import _lexicon

__all__ = ["Document", "MetaInput"]

# How many characters of the text a repr shows before it stops.
_REPR_PREVIEW = 40

MetaInput: TypeAlias = Mapping[str, str] | Iterable[tuple[str, str]]
"""What a document's metadata may be given as: a mapping of ``str`` to ``str``,
or ``(key, value)`` pairs, kept in the order given."""


@attrs.frozen(repr=False)
class _Meta(Mapping[str, str]):
    """An immutable mapping that keeps the order its pairs were given in.

    Like ``collections.OrderedDict``, it compares equal to another of its kind
    only in the same order, because the order is written to the bundle, and to
    any other mapping with the same pairs in any order. It is hashable, so that
    a :class:`Document` can be.
    """

    _items: tuple[tuple[str, str], ...]
    _index: dict[str, str] = attrs.field(init=False, eq=False, hash=False)

    @_index.default
    def _build_index(self) -> dict[str, str]:
        return dict(self._items)

    def __getitem__(self, key: str) -> str:
        return self._index[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, _Meta):
            return self._items == other._items
        if isinstance(other, Mapping):
            return self._index == dict(other.items())
        return NotImplemented

    def __hash__(self) -> int:
        return hash(frozenset(self._items))

    def __repr__(self) -> str:
        return repr(self._index)


_EMPTY_META = _Meta(())


def _to_meta(value: MetaInput) -> Mapping[str, str]:
    if isinstance(value, _Meta):
        return value
    if isinstance(value, (str, bytes)):
        raise TypeError("meta must be a mapping or an iterable of (key, value) pairs")
    pairs = tuple(value.items() if isinstance(value, Mapping) else value)
    for pair in pairs:
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise TypeError(f"meta pairs must be (key, value) tuples, found {pair!r}")
    if not pairs:
        return _EMPTY_META
    keys = [key for key, _ in pairs]
    if len(set(keys)) != len(keys):
        duplicate = next(key for key in keys if keys.count(key) > 1)
        raise ValueError(f"meta key {duplicate!r} is given twice")
    return _Meta(pairs)


def _check_name(_instance: Document, _attribute: Any, name: str) -> None:
    if not isinstance(name, str):
        raise TypeError(f"Document name must be a str, not {type(name).__name__}")
    if not name:
        raise ValueError("Document name must not be empty")
    bad = _lexicon.forbidden_char(name)
    if bad is not None:
        raise ValueError(
            f"Document name {name!r} contains {_lexicon.describe_char(bad)}, "
            "which no name may contain"
        )


def _check_text(_instance: Document, _attribute: Any, text: str) -> None:
    if not isinstance(text, str):
        raise TypeError(f"Document text must be a str, not {type(text).__name__}")


def _check_data(instance: Document, _attribute: Any, data: bytes | None) -> None:
    if data is None:
        return
    if not isinstance(data, bytes):
        raise TypeError(f"Document data must be bytes, not {type(data).__name__}")
    if instance._text:
        raise ValueError("a Document holds text or bytes, not both")


def _check_meta(_instance: Document, _attribute: Any, meta: Mapping[str, str]) -> None:
    for key, value in meta.items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise TypeError(f"meta must map str to str, found {key!r}: {value!r}")
        if not _lexicon.KEY.fullmatch(key):
            raise ValueError(
                f"meta key {key!r} is not a valid key "
                f"(a letter or '_', then letters, digits, '_', '.', ':' or '-')"
            )
        if key in _lexicon.RESERVED_KEYS:
            raise ValueError(f"meta key {key!r} is reserved by the format")
        bad = _lexicon.forbidden_char(value)
        if bad is not None:
            raise ValueError(
                f"meta value for {key!r} contains {_lexicon.describe_char(bad)}, "
                "which no value may contain"
            )


@attrs.frozen(repr=False)
class Document:
    """One named text of a bundle, or one named run of bytes.

    ``name`` is any non-empty string without control characters; ``text`` is
    any string, kept exactly; ``meta`` is an ordered mapping of extra
    ``key=value`` attributes, empty by default.

    >>> from corpusfmt import Document
    >>> doc = Document("notes.txt", "first line\\n", meta={"lang": "en"})
    >>> doc.meta["lang"]
    'en'
    >>> doc == Document("notes.txt", "first line\\n", {"lang": "en"})
    True

    A file that is not text, such as an image, is a *binary* document, made
    with :meth:`from_bytes`; its bytes are :attr:`data`, and it has no text:

    >>> icon = Document.from_bytes("icon.png", b"\\x89PNG\\r\\n")
    >>> icon.is_binary, icon.data
    (True, b'\\x89PNG\\r\\n')
    >>> icon.text
    Traceback (most recent call last):
    ...
    TypeError: document 'icon.png' holds bytes, not text; read its .data
    """

    name: str = attrs.field(validator=_check_name)
    _text: str = attrs.field(alias="text", validator=_check_text)
    meta: Mapping[str, str] = attrs.field(
        default=_EMPTY_META, converter=_to_meta, validator=_check_meta
    )
    _bytes: bytes | None = attrs.field(
        default=None, alias="data", kw_only=True, validator=_check_data
    )

    @classmethod
    def from_bytes(cls, name: str, data: bytes, meta: MetaInput = _EMPTY_META) -> Document:
        """Make a binary document: a file's bytes, carried as they are."""
        return cls(name, "", meta, data=data)

    @property
    def text(self) -> str:
        """The document's text; a binary document has none and raises :class:`TypeError`."""
        if self._bytes is not None:
            raise TypeError(f"document {self.name!r} holds bytes, not text; read its .data")
        return self._text

    @property
    def data(self) -> bytes:
        """What a file of this document holds, as bytes.

        A binary document's bytes, or the text encoded as UTF-8.
        """
        if self._bytes is not None:
            return self._bytes
        return self._text.encode()

    @property
    def is_binary(self) -> bool:
        """Whether the document holds bytes (made by :meth:`from_bytes`) rather than text."""
        return self._bytes is not None

    @classmethod
    def _unchecked(
        cls,
        name: str,
        text: str,
        meta: tuple[tuple[str, str], ...],
        data: bytes | None = None,
    ) -> Document:
        """Make a document whose parts the reader has already checked.

        The reader makes one per document and has proved name and meta valid
        while reading the header; checking them again costs a tenth of the
        reading time.
        """
        doc = object.__new__(cls)
        object.__setattr__(doc, "name", name)
        object.__setattr__(doc, "_text", text)
        object.__setattr__(doc, "meta", _Meta(meta) if meta else _EMPTY_META)
        object.__setattr__(doc, "_bytes", data)
        return doc

    @classmethod
    def _unchecked_texts(cls, names: list[str], texts: list[str]) -> list[Document]:
        """Make text documents without metadata whose names the reader has checked.

        A reader of many short documents makes them in bulk: each field is set
        for all documents in one C-level loop, a third of the cost of making
        them one by one.
        """
        docs = list(map(object.__new__, repeat(cls, len(names))))
        set_name, set_text, set_meta, set_bytes = _FIELD_SETTERS
        deque(map(set_name, docs, names), maxlen=0)
        deque(map(set_text, docs, texts), maxlen=0)
        deque(map(set_meta, docs, repeat(_EMPTY_META)), maxlen=0)
        deque(map(set_bytes, docs, repeat(None)), maxlen=0)
        return docs

    def __repr__(self) -> str:
        meta = f", meta={self.meta!r}" if self.meta else ""
        if self._bytes is not None:
            data = self._bytes
            if len(data) <= _REPR_PREVIEW:
                shown = repr(data)
            else:
                shown = f"{data[:_REPR_PREVIEW]!r}... ({len(data)} bytes)"
            return f"Document(name={self.name!r}, data={shown}{meta})"
        if len(self._text) <= _REPR_PREVIEW:
            shown = repr(self._text)
        else:
            shown = f"{self._text[:_REPR_PREVIEW]!r}... ({len(self._text)} characters)"
        return f"Document(name={self.name!r}, text={shown}{meta})"


# The slot descriptors' own setters: a frozen class refuses setattr, and
# object.__setattr__ looks the name up for every call.
_FIELD_SETTERS: tuple[Callable[[Document, Any], None], ...] = tuple(
    Document.__dict__[field].__set__ for field in ("name", "_text", "meta", "_bytes")
)
