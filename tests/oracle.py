"""A second reader of format v1, written from docs/spec.rst alone: slow and obvious.

It shares no code with ``src/`` (it imports nothing of corpusfmt), so that a
bug in the scanning code that every fast reader shares shows as a
disagreement with it. It says whether a bundle is valid and what it holds;
where an error is, the spec does not pin down, so it does not say.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

BOM = "\ufeff"
HEADER_START = "<<<FILE"
END_LINE = "<<<END FILE>>>"
WSP = " \t"
KEY_START = string.ascii_letters + "_"
KEY_REST = KEY_START + string.digits + ".:-"
BASE64_ALPHABET = string.ascii_uppercase + string.ascii_lowercase + string.digits + "+/"
RESERVED = ("final-newline", "encoding", "sha256", "length")


def _ranges(*spans: tuple[int, int]) -> frozenset[int]:
    return frozenset(code for low, high in spans for code in range(low, high + 1))


# "Quote-only characters" of the spec: SP " \ = >, and the list of Zs, Zl, Zp and Cf.
QUOTE_ONLY = frozenset(map(ord, ' "\\=>')) | _ranges(
    (0x00A0, 0x00A0),
    (0x00AD, 0x00AD),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x1680, 0x1680),
    (0x180E, 0x180E),
    (0x2000, 0x200F),
    (0x2028, 0x202F),
    (0x205F, 0x2064),
    (0x2066, 0x206F),
    (0x3000, 0x3000),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
)


class SpecError(Exception):
    """The bundle breaks a rule of the spec."""


@dataclass
class OracleDocument:
    name: str
    meta: list[tuple[str, str]]
    text: str | None
    data: bytes | None


def is_control(char: str) -> bool:
    return ord(char) <= 0x1F or 0x7F <= ord(char) <= 0x9F


def is_surrogate(char: str) -> bool:
    return 0xD800 <= ord(char) <= 0xDFFF


def read_bundle(bundle: str | bytes) -> list[OracleDocument]:
    """The documents of *bundle*, or :class:`SpecError`."""
    if isinstance(bundle, bytes):
        try:
            bundle = bundle.decode("utf-8")
        except UnicodeDecodeError as error:
            raise SpecError("not UTF-8") from error
    if bundle.startswith(BOM):
        bundle = bundle[1:]
    # Each line with whether an LF ended it; only LF ends a line.
    pieces = bundle.split("\n")
    lines = [(piece, True) for piece in pieces[:-1]]
    if pieces[-1] != "":
        lines.append((pieces[-1], False))
    documents: list[OracleDocument] = []
    names: set[str] = set()
    index = 0
    while index < len(lines):
        line, ended = lines[index]
        if line.startswith(HEADER_START):
            document, index = read_document(lines, index)
            if document.name in names:
                raise SpecError("two documents of one name")
            names.add(document.name)
            documents.append(document)
            continue
        if not is_blank(line, ended):
            raise SpecError("text outside documents")
        index += 1
    return documents


def is_blank(line: str, ended: bool) -> bool:
    """blank-line = *WSP newline / 1*WSP end-of-text"""
    if ended:
        if line.endswith("\r"):
            line = line[:-1]
        return all(char in WSP for char in line)
    return line != "" and all(char in WSP for char in line)


def marker(line: str, ended: bool) -> tuple[str, bool] | None:
    """A marker line without its line break, and whether that break was CR LF;
    ``None`` for a marker line without a line break."""
    if not ended:
        return None
    if line.endswith("\r"):
        return line[:-1], True
    return line, False


def read_document(lines: list[tuple[str, bool]], index: int) -> tuple[OracleDocument, int]:
    header_line, ended = lines[index]
    found = marker(header_line, ended)
    if found is None:
        raise SpecError("a header line without a line break")
    header, header_crlf = found
    name, attributes = read_header(header)
    body: list[str] = []
    index += 1
    while True:
        if index >= len(lines):
            raise SpecError("a document that is not closed")
        line, ended = lines[index]
        stripped = line[:-1] if ended and line.endswith("\r") else line
        if stripped == END_LINE and (ended or line == END_LINE):
            break
        if line.startswith("<<<"):
            raise SpecError("a body line that begins with <<<")
        if not ended:
            raise SpecError("a document that is not closed")
        body.append(line)
        index += 1
    return make_document(name, attributes, body, header_crlf), index + 1


def read_header(header: str) -> tuple[str, list[tuple[str, str]]]:
    """header-line without its line break: name and attributes in order."""
    if not header.endswith(">>>"):
        raise SpecError("a header line that does not end in >>>")
    rest = header[len(HEADER_START) : -3]
    if not rest or rest[0] not in WSP:
        raise SpecError("no space after <<<FILE")
    rest = rest.lstrip(WSP)
    name, rest = read_value(rest)
    if name == "":
        raise SpecError("an empty name")
    attributes: list[tuple[str, str]] = []
    while rest:
        if rest[0] not in WSP:
            raise SpecError("no space before an attribute")
        rest = rest.lstrip(WSP)
        if not rest:
            break
        key, rest = read_key(rest)
        if not rest.startswith("="):
            raise SpecError("an attribute without =")
        value, rest = read_value(rest[1:])
        if key in (known for known, _ in attributes):
            raise SpecError("a key twice")
        attributes.append((key, value))
    return name, attributes


def read_key(text: str) -> tuple[str, str]:
    if not text or text[0] not in KEY_START:
        raise SpecError("a key that does not begin with a letter or _")
    end = 1
    while end < len(text) and text[end] in KEY_REST:
        end += 1
    return text[:end], text[end:]


def read_value(text: str) -> tuple[str, str]:
    """value = bare / quoted; the value, and the text after it."""
    if text.startswith('"'):
        chars: list[str] = []
        position = 1
        while True:
            if position >= len(text):
                raise SpecError("an unclosed quote")
            char = text[position]
            if char == '"':
                return "".join(chars), text[position + 1 :]
            if char == "\\":
                following = text[position + 1 : position + 2]
                if following not in ('"', "\\"):
                    raise SpecError('an escape other than \\" and \\\\')
                chars.append(following)
                position += 2
                continue
            if is_control(char) or is_surrogate(char):
                raise SpecError("a control character or a surrogate")
            chars.append(char)
            position += 1
    end = 0
    while end < len(text) and text[end] not in WSP and text[end] != "=":
        char = text[end]
        if is_control(char) or is_surrogate(char) or ord(char) in QUOTE_ONLY:
            raise SpecError("a character that must be quoted")
        end += 1
    if end == 0:
        raise SpecError("a missing value")
    return text[:end], text[end:]


def make_document(
    name: str, attributes: list[tuple[str, str]], body: list[str], header_crlf: bool
) -> OracleDocument:
    options = dict(attributes)
    meta = [(key, value) for key, value in attributes if key not in RESERVED]
    if "sha256" in options or "length" in options:
        raise SpecError("a key reserved for a later version")
    binary = "encoding" in options
    no_final_newline = "final-newline" in options
    if binary and options["encoding"] != "base64":
        raise SpecError("encoding other than base64")
    if no_final_newline and options["final-newline"] != "no":
        raise SpecError("final-newline other than no")
    if binary and no_final_newline:
        raise SpecError("encoding together with final-newline")
    if binary:
        return OracleDocument(name, meta, None, decode_base64(body))
    lines = [unescape(line) for line in body]
    text = "".join(line + "\n" for line in lines)
    if no_final_newline:
        if text == "":
            raise SpecError("final-newline=no on an empty body")
        text = text[:-2] if header_crlf and text.endswith("\r\n") else text[:-1]
    return OracleDocument(name, meta, text, None)


def unescape(line: str) -> str:
    """A body line that begins with backslashes and <<< loses one backslash."""
    backslashes = len(line) - len(line.lstrip("\\"))
    if backslashes and line[backslashes:].startswith("<<<"):
        return line[1:]
    return line


def decode_base64(body: list[str]) -> bytes:
    """RFC 4648, section 4, with padding, from the body lines joined."""
    joined = "".join(line[:-1] if line.endswith("\r") else line for line in body)
    if len(joined) % 4:
        raise SpecError("base64 of a length that is not a multiple of 4")
    data = bytearray()
    for start in range(0, len(joined), 4):
        quantum = joined[start : start + 4]
        last = start + 4 == len(joined)
        padding = len(quantum) - len(quantum.rstrip("="))
        if padding > 2 or (padding and not last):
            raise SpecError("padding in the middle, or too much of it")
        digits = quantum[: 4 - padding]
        if any(char not in BASE64_ALPHABET for char in digits):
            raise SpecError("a character outside the base64 alphabet")
        value = 0
        for char in digits:
            value = value * 64 + BASE64_ALPHABET.index(char)
        value <<= 6 * padding
        data += value.to_bytes(3, "big")[: 3 - padding]
    return bytes(data)
