"""Reading one header line: the document name and its attributes.

Header lines are short, so this works on ``str`` only; a reader that frames
bytes decodes the header line first. Problems are raised as
:class:`~corpusfmt._errors.Malformed` with an offset into the given text.
"""

from __future__ import annotations

import re
from typing import Final

from corpusfmt._errors import Malformed
from corpusfmt.v1 import _syntax

__all__ = ["HeaderFields", "read_header_fields"]

HeaderFields = tuple[str, tuple[tuple[str, str], ...], bool, bool]
"""The name, the metadata pairs in order, whether ``final-newline=no`` was
given, and whether ``encoding=base64`` was."""

# Most headers are a bare name, perhaps with the no-final-newline flag; they
# skip the general scanner below, which accepts them all the same.
_SIMPLE_HEADER: Final = re.compile("<<<FILE (" + _syntax.BARE_CHAR + "+)( final-newline=no)?>>>")
_QUOTED_ESCAPE: Final = re.compile(r"\\(.)")


def read_header_fields(text: str, pos: int, line_end: int) -> HeaderFields:
    """Parse the header line ``text[pos:line_end]`` (without its line break).

    Rule: ``header-line = "<<<FILE" 1*WSP name *(1*WSP attribute) *WSP ">>>"``,
    ``attribute = key "=" value``; keys are unique; ``final-newline`` takes
    only the value ``no``, ``encoding`` only ``base64``, and not both;
    ``sha256`` and ``length`` are reserved.
    """
    simple = _SIMPLE_HEADER.match(text, pos, line_end)
    if simple is not None and simple.end() == line_end:
        return simple.group(1), (), simple.group(2) is not None, False
    if not text.startswith(_syntax.HEADER_CLOSE, line_end - 3, line_end) or (
        line_end - pos < len(_syntax.HEADER_START) + 3
    ):
        close = text.rfind(_syntax.HEADER_CLOSE, pos + len(_syntax.HEADER_START), line_end)
        if close >= 0:
            raise Malformed("unexpected text after '>>>' on a header line", close + 3)
        raise Malformed("a header line must end with '>>>'", line_end)
    close = line_end - 3
    cursor = pos + len(_syntax.HEADER_START)
    if cursor == close or text[cursor] not in " \t":
        raise Malformed("expected a space and a document name after '<<<FILE'", cursor)
    cursor = _skip_space(text, cursor, close)
    if cursor == close:
        raise Malformed("the header line names no document", cursor)
    name, cursor = _read_value(text, cursor, close, None)
    if not name:
        raise Malformed("a document name must not be empty", cursor - 2)
    meta: list[tuple[str, str]] = []
    no_final_newline = binary = False
    keys_seen: set[str] = set()
    while True:
        cursor = _skip_space(text, cursor, close)
        if cursor == close:
            return name, tuple(meta), no_final_newline, binary
        key_match = _syntax.KEY.match(text, cursor, close)
        if key_match is None:
            raise Malformed(
                "expected an attribute 'key=value' (a key starts with a letter or '_')",
                cursor,
                name,
            )
        key = key_match.group()
        equals = key_match.end()
        if equals == close or text[equals] != "=":
            raise Malformed(f"expected '=' after the attribute key {key!r}", equals, name)
        if key in keys_seen:
            raise Malformed(f"the attribute {key!r} is given twice", cursor, name)
        if key in _syntax.FUTURE_KEYS:
            raise Malformed(
                f"the attribute {key!r} is reserved for a later version of the format",
                cursor,
                name,
            )
        if {key, *keys_seen} >= {_syntax.ENCODING_KEY, _syntax.NO_FINAL_NEWLINE_KEY}:
            raise Malformed(
                "'final-newline' does not apply to a base64 body, whose line breaks are not data",
                cursor,
                name,
            )
        keys_seen.add(key)
        value_start = equals + 1
        value, cursor = _read_value(text, value_start, close, name, key)
        if key == _syntax.NO_FINAL_NEWLINE_KEY:
            if value != _syntax.NO_FINAL_NEWLINE_VALUE:
                raise Malformed(
                    f"the attribute {key!r} takes only the value "
                    f"{_syntax.NO_FINAL_NEWLINE_VALUE!r}",
                    value_start,
                    name,
                )
            no_final_newline = True
        elif key == _syntax.ENCODING_KEY:
            if value != _syntax.BASE64:
                raise Malformed(
                    f"the attribute {key!r} takes only the value {_syntax.BASE64!r}",
                    value_start,
                    name,
                )
            binary = True
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
                raise Malformed(
                    "expected a space or '>>>' after the closing quote", stop, document
                )
            return value, stop
        if stop == close:
            raise Malformed(f"the quotes around {what} are not closed", cursor, document)
        if text[stop] == "\\":
            raise Malformed(
                f'invalid escape in {what}: only \\" and \\\\ are allowed in quotes',
                stop,
                document,
            )
        raise Malformed(
            f"{what} must not contain {_syntax.describe_char(text[stop])}", stop, document
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
        raise Malformed(problem, stop, document)
    if stop == cursor:
        raise Malformed(f'{what} is missing; write "" for an empty value', cursor, document)
    return text[cursor:stop], stop
