"""Reading format v1: bundle text in, documents out.

The reader never looks at body lines one by one. It finds every ``<<<`` in the
text with ``str.find``, decides from the few characters before it whether it
begins a line (a marker line) or an escaped line, and slices the bodies out.
Only a body that holds an escaped line is touched again, to remove the escapes.

Every function that implements a grammar rule quotes the rule from
``docs/spec.rst`` in its docstring.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

import attrs

from corpusfmt import _syntax
from corpusfmt._errors import CorpusFormatError
from corpusfmt._model import Document

__all__ = ["iter_documents", "loads"]

_BOM: Final = "\ufeff"
_END_LINE_LENGTH: Final = len(_syntax.END_LINE)
# Most headers are a bare name, perhaps with the no-final-newline flag; they
# skip the general header scanner below, which accepts them all the same.
_SIMPLE_HEADER: Final = re.compile(
    "<<<FILE (" + _syntax.BARE_CHAR + "+)( final-newline=no)?>>>(\r?)\n"
)
_BLANK_LINES: Final = re.compile(r"(?:[ \t]*(?:\r?\n|\Z))*")
_ESCAPED_LINE: Final = re.compile(r"^\\(?=\\*<<<)", re.MULTILINE)
_QUOTED_ESCAPE: Final = re.compile(r"\\(.)")
_ESCAPE_HINT: Final = "; a body line that begins with '<<<' must be escaped as '\\<<<'"


@attrs.frozen
class _Header:
    """What a header line says, and where its document's body begins."""

    name: str
    meta: tuple[tuple[str, str], ...]
    no_final_newline: bool
    crlf: bool
    start: int
    body_start: int


def loads(text: str) -> list[Document]:
    """Read every document of the bundle *text*.

    Raises :class:`CorpusFormatError` if *text* does not follow format v1.

    >>> import corpusfmt
    >>> corpusfmt.loads("<<<FILE a.txt>>>\\nhello\\n<<<END FILE>>>\\n")
    [Document(name='a.txt', text='hello\\n')]
    """
    return list(iter_documents(text))


def iter_documents(text: str) -> Iterator[Document]:
    """Yield the documents of the bundle *text* one by one, in order.

    Rule: ``bundle = [BOM] *blank-line *(document *blank-line)``; names are
    unique within a bundle.
    """
    if not isinstance(text, str):
        raise TypeError(
            f"expected the bundle as str, not {type(text).__name__}; "
            "use corpusfmt.load() for bytes and files"
        )
    pos = 1 if text.startswith(_BOM) else 0
    first_seen: dict[str, int] = {}
    while True:
        pos = _skip_blank_lines(text, pos)
        if pos == len(text):
            return
        header = _read_header(text, pos)
        if header.name in first_seen:
            first_line = text.count("\n", 0, first_seen[header.name]) + 1
            raise _error(
                f"duplicate document name {header.name!r}; "
                f"the first document of that name starts on line {first_line}",
                text,
                pos,
                header.name,
            )
        first_seen[header.name] = pos
        body_end, pos, escaped = _find_end_line(text, header)
        yield _make_document(text, header, body_end, escaped)


def _skip_blank_lines(text: str, pos: int) -> int:
    """Rule: ``blank-line = *WSP newline / 1*WSP end-of-text``."""
    if text.startswith(_syntax.MARKER_PREFIX, pos):
        return pos
    match = _BLANK_LINES.match(text, pos)
    assert match is not None  # the pattern matches the empty string
    return match.end()


def _read_header(text: str, pos: int) -> _Header:
    """Rule: ``header-line = "<<<FILE" 1*WSP name *(1*WSP attribute) *WSP ">>>" newline``."""
    simple = _SIMPLE_HEADER.match(text, pos)
    if simple is not None:
        name, flag, carriage_return = simple.groups()
        return _Header(name, (), bool(flag), bool(carriage_return), pos, simple.end())
    if not text.startswith(_syntax.HEADER_START, pos):
        raise _outside_error(text, pos)
    line_end = text.find("\n", pos)
    if line_end < 0:
        line_end = body_start = len(text)
        crlf = False
    else:
        body_start = line_end + 1
        crlf = line_end > pos and text[line_end - 1] == "\r"
        if crlf:
            line_end -= 1
    name, meta, no_final_newline = _read_header_fields(text, pos, line_end)
    return _Header(name, meta, no_final_newline, crlf, pos, body_start)


def _read_header_fields(
    text: str, pos: int, line_end: int
) -> tuple[str, tuple[tuple[str, str], ...], bool]:
    """Parse the name and attributes between ``<<<FILE`` and ``>>>``.

    Rule: ``attribute = key "=" value``; keys are unique; ``final-newline``
    takes only the value ``no``; ``encoding``, ``sha256`` and ``length`` are
    reserved.
    """
    if not text.startswith(_syntax.HEADER_CLOSE, line_end - 3, line_end) or (
        line_end - pos < len(_syntax.HEADER_START) + 3
    ):
        close = text.rfind(_syntax.HEADER_CLOSE, pos + len(_syntax.HEADER_START), line_end)
        if close >= 0:
            raise _error("unexpected text after '>>>' on a header line", text, close + 3)
        raise _error("a header line must end with '>>>'", text, line_end)
    close = line_end - 3
    cursor = pos + len(_syntax.HEADER_START)
    if cursor == close or text[cursor] not in " \t":
        raise _error("expected a space and a document name after '<<<FILE'", text, cursor)
    cursor = _skip_space(text, cursor, close)
    if cursor == close:
        raise _error("the header line names no document", text, cursor)
    name, cursor = _read_value(text, cursor, close, None)
    if not name:
        raise _error("a document name must not be empty", text, cursor - 2)
    meta: list[tuple[str, str]] = []
    no_final_newline = False
    keys_seen: set[str] = set()
    while True:
        cursor = _skip_space(text, cursor, close)
        if cursor == close:
            return name, tuple(meta), no_final_newline
        key_match = _syntax.KEY.match(text, cursor, close)
        if key_match is None:
            raise _error(
                "expected an attribute 'key=value' (a key starts with a letter or '_')",
                text,
                cursor,
                name,
            )
        key = key_match.group()
        equals = key_match.end()
        if equals == close or text[equals] != "=":
            raise _error(f"expected '=' after the attribute key {key!r}", text, equals, name)
        if key in keys_seen:
            raise _error(f"the attribute {key!r} is given twice", text, cursor, name)
        if key in _syntax.FUTURE_KEYS:
            raise _error(
                f"the attribute {key!r} is reserved for a later version of the format",
                text,
                cursor,
                name,
            )
        keys_seen.add(key)
        value_start = equals + 1
        value, cursor = _read_value(text, value_start, close, name, key)
        if key == _syntax.NO_FINAL_NEWLINE_KEY:
            if value != _syntax.NO_FINAL_NEWLINE_VALUE:
                raise _error(
                    f"the attribute {key!r} takes only the value "
                    f"{_syntax.NO_FINAL_NEWLINE_VALUE!r}",
                    text,
                    value_start,
                    name,
                )
            no_final_newline = True
        else:
            meta.append((key, value))


def _skip_space(text: str, cursor: int, close: int) -> int:
    while cursor < close and text[cursor] in " \t":
        cursor += 1
    return cursor


def _read_value(
    text: str, cursor: int, close: int, document: str | None, key: str | None = None
) -> tuple[str, int]:
    """Read the document name (*key* is None) or the value of *key*.

    Rule: ``value = bare-word / quoted``, ``quoted = DQUOTE *(qchar / "\\" DQUOTE /
    "\\" "\\") DQUOTE``; a value is followed by ``WSP`` or the closing ``>>>``.
    Returns the value and the offset after it.
    """
    what = "a name" if key is None else f"the value of {key!r}"
    if cursor < close and text[cursor] == '"':
        match = _syntax.QUOTED_BODY.match(text, cursor + 1, close)
        assert match is not None  # the pattern matches the empty string
        stop = match.end()
        if stop < close and text[stop] == '"':
            value = match.group()
            if "\\" in value:
                value = _QUOTED_ESCAPE.sub(r"\1", value)
            stop += 1
            if stop < close and text[stop] not in " \t":
                raise _error(
                    "expected a space or '>>>' after the closing quote", text, stop, document
                )
            return value, stop
        if stop == close:
            raise _error(f"the quotes around {what} are not closed", text, cursor, document)
        if text[stop] == "\\":
            raise _error(
                f'invalid escape in {what}: only \\" and \\\\ are allowed in quotes',
                text,
                stop,
                document,
            )
        raise _error(
            f"{what} must not contain {_syntax.describe_char(text[stop])}",
            text,
            stop,
            document,
        )
    bare = _syntax.BARE_WORD.match(text, cursor, close)
    stop = bare.end() if bare else cursor
    if stop < close and text[stop] not in " \t":
        char = text[stop]
        if _syntax.forbidden_char(char):
            problem = f"{what} must not contain {_syntax.describe_char(char)}"
        elif char == "=" and key is None:
            problem = (
                "a name that contains '=' must be quoted "
                "(or is the name missing before the attributes?)"
            )
        else:
            shown = repr(char) if char.isprintable() else _syntax.describe_char(char)
            problem = f"{what} that contains {shown} must be quoted"
        raise _error(problem, text, stop, document)
    if stop == cursor:
        raise _error(f'{what} is missing; write "" for an empty value', text, cursor, document)
    return text[cursor:stop], stop


def _find_end_line(text: str, header: _Header) -> tuple[int, int, bool]:
    """Find the end line of the document whose body begins at ``header.body_start``.

    Rule: inside a body, a line that begins with ``<<<`` is the end line
    ``<<<END FILE>>>`` or an error; a line that begins with one or more
    backslashes and then ``<<<`` is an escaped body line.

    Returns the offset of the end line, the offset after it, and whether the
    body holds escaped lines.
    """
    escaped = False
    search = header.body_start
    while True:
        hit = text.find(_syntax.MARKER_PREFIX, search)
        if hit < 0:
            raise _unclosed_error(text, header)
        # The header line ends in "\n", so this never looks before the body.
        line_start = text.rfind("\n", header.body_start - 1, hit) + 1
        if line_start == hit:
            return hit, _after_end_line(text, hit, header), escaped
        if text.count(_syntax.ESCAPE, line_start, hit) == hit - line_start:
            escaped = True
        # No other "<<<" on this line can begin it, so the search goes on at
        # the next line; this bounds the loop by lines, not by "<<<" found.
        line_end = text.find("\n", hit)
        if line_end < 0:
            raise _unclosed_error(text, header)
        search = line_end + 1


def _after_end_line(text: str, hit: int, header: _Header) -> int:
    """Check the marker line at *hit*; return the offset after its line break.

    Rule: ``end-line = "<<<END FILE>>>" (newline / end-of-text)``.
    """
    if text.startswith(_syntax.END_LINE, hit):
        after = hit + _END_LINE_LENGTH
        if after == len(text):
            return after
        if text[after] == "\n":
            return after + 1
        if text.startswith("\r\n", after):
            return after + 2
        raise _error("unexpected text after '<<<END FILE>>>'", text, after, header.name)
    opened = text.count("\n", 0, header.start) + 1
    if text.startswith(_syntax.HEADER_START, hit):
        raise _error(
            f"a header inside document {header.name!r}, which was opened on line "
            f"{opened} and not closed{_ESCAPE_HINT}",
            text,
            hit,
            header.name,
        )
    raise _error(
        f"a line of document {header.name!r} (opened on line {opened}) begins with "
        f"'<<<' but is not '<<<END FILE>>>'{_ESCAPE_HINT}",
        text,
        hit,
        header.name,
    )


def _make_document(text: str, header: _Header, body_end: int, escaped: bool) -> Document:
    """Cut the body out and undo what the writer did to it.

    Rule: the body is every character between the header line and the end
    line. With ``final-newline=no`` the body's last line break, which must be
    there, is not part of the text; it is ``\\r\\n`` if the header line ends
    in ``\\r\\n`` and the body in ``\\r\\n``, else ``\\n``. On an escaped line,
    one leading backslash is removed.
    """
    if header.no_final_newline:
        if body_end == header.body_start:
            raise _error(
                f"document {header.name!r} is marked 'final-newline=no' but its body "
                "is empty; an empty document has no such mark",
                text,
                header.start,
                header.name,
            )
        crlf_break = header.crlf and text.startswith("\r\n", body_end - 2, body_end)
        body_end -= 2 if crlf_break and body_end - 2 >= header.body_start else 1
    body = text[header.body_start : body_end]
    if escaped:
        body = _ESCAPED_LINE.sub("", body)
    return Document(header.name, body, header.meta)


def _unclosed_error(text: str, header: _Header) -> CorpusFormatError:
    opened = text.count("\n", 0, header.start) + 1
    return _error(
        f"document {header.name!r}, opened on line {opened}, is not closed: "
        "the text ends before its '<<<END FILE>>>' line",
        text,
        header.start,
        header.name,
    )


def _outside_error(text: str, pos: int) -> CorpusFormatError:
    if text.startswith(_syntax.END_LINE, pos):
        return _error("'<<<END FILE>>>' without an open document", text, pos)
    if text.startswith(_syntax.MARKER_PREFIX, pos):
        return _error("unknown marker line; a document begins with '<<<FILE name>>>'", text, pos)
    return _error(
        "text outside any document; a document begins with '<<<FILE name>>>'",
        text,
        pos,
    )


def _error(msg: str, text: str, pos: int, document: str | None = None) -> CorpusFormatError:
    return CorpusFormatError.at(msg, text, pos, document=document)
