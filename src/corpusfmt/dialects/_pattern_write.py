"""Writing documents in a dialect made of patterns, refusing what would read back differently."""

from __future__ import annotations

import base64
import json

from corpusfmt import _lexicon
from corpusfmt._errors import CorpusWriteError
from corpusfmt._model import Document
from corpusfmt.dialects._dialect import Dialect, HeaderError, header_info
from corpusfmt.dialects._parts import Block, documents_of, errors_of
from corpusfmt.dialects._pattern_read import find, read_patterns
from corpusfmt.v1 import syntax as v1_syntax

__all__ = ["render_pattern_block"]


def render_pattern_block(dialect: Dialect, document: Document, old: Block | None) -> Block:
    """The block that holds *document* in *dialect*.

    When *old* is given, its header and end are kept if they still read as
    *document*'s, so that replacing a document changes only what it must.
    Raises :class:`CorpusWriteError` if *dialect* cannot hold *document*.
    """
    header = _header(dialect, document)
    body = _body(dialect, document)
    end = "" if dialect.write_end is None else dialect.write_end.format(name=document.name) + "\n"
    if old is not None and old.end:
        # Keep as much of the old block as still reads right: its header and
        # end, else its end.
        for kept in (
            Block(document, old.header, body, old.end),
            Block(document, header, body, old.end),
        ):
            if _reads_back(dialect, kept):
                return kept
    block = Block(document, header, body, end)
    if not _reads_back(dialect, block):
        raise _cannot(
            dialect,
            document,
            "it would not read back the same; the dialect cannot hold it",
        )
    return block


def _header(dialect: Dialect, doc: Document) -> str:
    template = dialect.write_header
    if template is None:
        raise CorpusWriteError(
            f"the dialect {dialect.name!r} can be read but not written: "
            "its headers have no place for a document's name"
        )
    pairs: list[tuple[str, str]] = [("path", doc.name)]
    if doc.is_binary:
        pairs.append((_lexicon.ENCODING_KEY, v1_syntax.BASE64))
    pairs += doc.meta.items()
    carries_attributes = "{attrs}" in template or "{json}" in template
    if not carries_attributes:
        if doc.is_binary:
            raise _cannot(
                dialect, doc, "it holds bytes, and the dialect has no encoding attribute"
            )
        if doc.meta:
            raise _cannot(dialect, doc, "the dialect's headers have no place for attributes")
    for key, value in pairs:
        if "{attrs}" in template and '"' in value:
            raise _cannot(dialect, doc, f"the value of {key!r} holds '\"', which it cannot quote")
    header = template.format(
        name=doc.name,
        attrs="".join(f' {key}="{value}"' for key, value in pairs),
        json=json.dumps(dict(pairs), ensure_ascii=False),
    )
    found = dialect.header_re.match(header + "\n")
    try:
        info = None if found is None else header_info(found)
    except HeaderError:
        info = None
    if (
        info is None
        or found is None
        or found.end() < len(header)
        or info.name != doc.name
        or info.meta != tuple(doc.meta.items())
        or info.binary != doc.is_binary
    ):
        raise _cannot(dialect, doc, "its name or attributes would read back differently")
    return header + ("" if dialect.newline == "glued" else "\n")


def _body(dialect: Dialect, doc: Document) -> str:
    if doc.is_binary:
        return base64.encodebytes(doc.data).decode("ascii")
    text = doc.text
    if dialect.newline == "keep" and text and not text.endswith("\n"):
        raise CorpusWriteError.in_text(
            f"document {doc.name!r} does not end with a line break, and the dialect "
            f"{dialect.name!r} cannot mark that",
            text,
            len(text),
            document=doc.name,
        )
    body = text + "\n" if dialect.newline == "strip" else text
    _check_collisions(dialect, doc, body)
    return body


def _check_collisions(dialect: Dialect, doc: Document, body: str) -> None:
    """Refuse a body that holds a line the dialect would read as a marker.

    Only format v1 escapes such lines; any other dialect would end the
    document there, or open another.
    """
    markers = [("a header", dialect.header_re, True)]
    if dialect.end_re is not None:
        markers.append(("its end marker", dialect.end_re, dialect.newline != "glued"))
    for what, pattern, line_start in markers:
        search = 0
        while True:
            found = find(pattern, body, search, len(body), line_start)
            if found is None:
                break
            named = found.groupdict().get("name")
            if what == "a header" or named is None or named.strip() == doc.name:
                line = doc.text.count("\n", 0, found.start()) + 1
                raise CorpusWriteError.in_text(
                    f"line {line} of document {doc.name!r} reads as {what} in the dialect "
                    f"{dialect.name!r}, which has no escaping; write it in format v1",
                    doc.text,
                    found.start(),
                    document=doc.name,
                )
            search = found.end()


def _reads_back(dialect: Dialect, block: Block) -> bool:
    parts, diagnostics = read_patterns(block.text, dialect, False)
    return not errors_of(diagnostics) and documents_of(parts) == [block.document]


def _cannot(dialect: Dialect, doc: Document, why: str) -> CorpusWriteError:
    # The problem is in the name or the attributes, which have no place in
    # the document's text: the error has no position.
    return CorpusWriteError(
        f"document {doc.name!r} cannot be written in the dialect {dialect.name!r}: {why}",
        document=doc.name,
    )
