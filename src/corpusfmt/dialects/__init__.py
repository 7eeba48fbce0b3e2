"""Dialects: the bundle forms other programs write, and a reading that keeps every character.

A client of :mod:`corpusfmt.v1`: format v1 is one dialect here, read and
written by calling the core. Names (``"colon"``, ``"auto"``) are resolved by
the facade in :mod:`corpusfmt`; this layer takes :class:`Dialect` objects.
"""

from corpusfmt.dialects._auto import AutoStream
from corpusfmt.dialects._bundle import Bundle, read
from corpusfmt.dialects._catalog import PACKERS, resolve
from corpusfmt.dialects._dialect import (
    DIALECTS,
    END_WORDS,
    V1,
    Dialect,
    EndName,
    HeaderStyle,
    Newline,
    Parts,
    SyntaxName,
)
from corpusfmt.dialects._parts import Block, Diagnostic, Part, Severity
from corpusfmt.dialects._sniff import Sniffed, sniff
from corpusfmt.dialects._syntaxes import SYNTAXES, PushReader, Syntax, syntax_of

__all__ = [
    "DIALECTS",
    "END_WORDS",
    "PACKERS",
    "SYNTAXES",
    "V1",
    "AutoStream",
    "Block",
    "Bundle",
    "Diagnostic",
    "Dialect",
    "EndName",
    "HeaderStyle",
    "Newline",
    "Part",
    "Parts",
    "PushReader",
    "Severity",
    "Sniffed",
    "Syntax",
    "SyntaxName",
    "read",
    "resolve",
    "sniff",
    "syntax_of",
]
