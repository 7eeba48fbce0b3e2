"""The lossless property every dialect's reading must have, for one text."""

from __future__ import annotations

import pytest

import corpusfmt
from corpusfmt import CorpusFormatError, Dialect


def assert_lossless(text: str, dialect: Dialect) -> corpusfmt.Bundle:
    """A lenient read gives *text* back byte for byte, and a strict read refuses
    exactly what the lenient one calls its first error; return the lenient reading."""
    lenient = corpusfmt.parse(text, dialect, strict=False)
    assert lenient.dumps() == text
    if lenient.errors:
        first = lenient.errors[0]
        with pytest.raises(CorpusFormatError) as caught:
            corpusfmt.parse(text, dialect)
        assert (caught.value.msg, caught.value.lineno, caught.value.colno) == (
            first.msg,
            first.lineno,
            first.colno,
        )
    return lenient
