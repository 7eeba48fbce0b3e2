"""Dialects: the ``<<<FILE`` bundle forms other programs write, described as data.

A :class:`Dialect` says how a header looks, how an end marker looks (if there
is one), which line breaks around the body belong to the text, and which
syntax reads it. It holds no reading logic: the syntax it names does the work
(see ``corpusfmt.dialects._syntaxes``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Final, Literal, TypeAlias

import attrs

from corpusfmt import _lexicon
from corpusfmt.v1 import syntax as v1_syntax

__all__ = [
    "DIALECTS",
    "END_WORDS",
    "V1",
    "Dialect",
    "EndName",
    "HeaderError",
    "HeaderInfo",
    "HeaderStyle",
    "Newline",
    "Parts",
    "SyntaxName",
    "header_info",
]

Newline: TypeAlias = Literal["keep", "strip", "glued"]
"""Which line breaks around a body belong to the text.

``keep``: the body is every character between the header's line break and the
end marker, which begins a line. ``strip``: as ``keep``, but the body's last
line break is the writer's, not the text's. ``glued``: the body begins right
after the header and ends right before the end marker, wherever it stands.
"""

SyntaxName: TypeAlias = str
"""Which reader and writer serve a dialect, by name.

``"pattern"``: the dialect's own patterns find headers and end markers, and
nothing in a body is escaped. ``"v1"``: format v1's grammar, with its
escaping, its attributes and its ``final-newline=no``; the patterns only
describe it. A packer's name (``"repomix-xml"``, ``"gitingest"``, …): that
tool's output, read by a reader of its own.
"""

# An attribute some producers use instead of encoding= to mark a base64 body.
_MODE_KEY: Final = "mode"
# What producers write of a file's bytes; the reader checks them.
_SHA256_KEY: Final = "sha256"
_SHA256: Final = re.compile("[0-9a-fA-F]{64}")
_LENGTH_KEY: Final = "length"
_SIZE_KEY: Final = "size"
# Keys whose value is the document name when a header is a list of attributes.
_NAME_KEYS: Final = ("path", "name", "file", "filename")
_ATTRIBUTE: Final = re.compile(
    r"""[ \t]*(?P<key>[A-Za-z_][\w.:-]*)=(?:"(?P<dq>[^"\n]*)"|'(?P<sq>[^'\n]*)'|(?P<bare>[^\s"'>]+))"""
)
_FIELD_LINE: Final = re.compile(r"(?P<key>[A-Za-z][\w -]*?)[ \t]*:[ \t]*(?P<value>[^\n]*?)\r?$")
ATTRIBUTES_PATTERN: Final = r"""(?:[ \t]+[A-Za-z_][\w.:-]*=(?:"[^"\n]*"|'[^'\n]*'|[^\s"'>]+))+"""


def _compile(pattern: str | None) -> re.Pattern[str] | None:
    return None if pattern is None else re.compile(pattern)


def _checked(what: str, pattern: str) -> str:
    """*pattern*, once it is known to compile and to use only groups that mean something."""
    try:
        compiled = re.compile(pattern)
    except re.error as error:
        raise ValueError(f"the {what} pattern is not a valid regex: {error}") from error
    unknown = set(compiled.groupindex) - {"name", "attrs", "json", "fields"}
    if unknown:
        raise ValueError(
            f"the {what} pattern has groups {sorted(unknown)}; "
            "only name, attrs, json and fields mean something"
        )
    return pattern


HeaderStyle: TypeAlias = Literal[
    "bare", "colon", "bare-or-colon", "attrs", "json", "begin", "heading"
]
"""How a header names its document.

``bare``: ``<<<FILE path>>>``; ``colon``: ``<<<FILE: path>>>``;
``bare-or-colon``: either; ``attrs``: ``<<<FILE path="…" k="v">>>`` (the name
under ``path``, ``name``, ``file`` or ``filename``); ``json``: ``<<<FILE
{"path": …}>>>``; ``begin``: ``<<<BEGIN FILE: path>>>``; ``heading``: a
Markdown heading with the path, then ``<<<START_FILE>>>``.
"""

EndName: TypeAlias = Literal["never", "optional", "required"]
"""Whether an end marker repeats the document's name."""

END_WORDS: Final = ("END FILE", "END_FILE", "ENDFILE", "FILE END", "END", "/FILE")
"""The end words seen in the wild, longest first."""


def _words(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _pair(value: Iterable[int]) -> tuple[int, int]:
    low, high = value
    return low, high


@attrs.frozen
class Parts:
    """A dialect described by its parts, each of which varies on its own in the wild.

    ``header`` is a :data:`HeaderStyle`; ``end`` the end words that close a
    document (any of them; empty: no end marker, the next header ends a
    document); ``end_name`` whether end markers repeat the name; ``angles``
    the least and most ``<`` (and ``>``) around a marker; ``any_case``
    whether markers may be in any letter case; ``glue`` whether markers may
    stand on the same line as the text; ``newline`` the newline rule.

    >>> from corpusfmt import Dialect, Parts
    >>> mine = Dialect.from_parts("mine", Parts(header="colon", end=("END", "ENDFILE")))
    >>> import corpusfmt
    >>> corpusfmt.loads("<<<FILE: a.txt>>>\\nhi\\n<<<ENDFILE>>>\\n", mine)
    [Document(name='a.txt', text='hi\\n')]
    """

    header: HeaderStyle = attrs.field(
        default="bare",
        validator=attrs.validators.in_(
            ("bare", "colon", "bare-or-colon", "attrs", "json", "begin", "heading")
        ),
    )
    end: tuple[str, ...] = attrs.field(default=("END FILE",), converter=_words)
    end_name: EndName = attrs.field(
        default="never", validator=attrs.validators.in_(("never", "optional", "required"))
    )
    angles: tuple[int, int] = attrs.field(default=(3, 3), converter=_pair)
    any_case: bool = False
    glue: bool = False
    newline: Newline = attrs.field(
        default="keep", validator=attrs.validators.in_(("keep", "strip", "glued"))
    )

    @end.validator
    def _check_end(self, _attribute: object, value: tuple[str, ...]) -> None:
        unknown = [word for word in value if word not in END_WORDS]
        if unknown:
            raise ValueError(f"unknown end words {unknown}; the end words are {list(END_WORDS)}")

    @angles.validator
    def _check_angles(self, _attribute: object, value: tuple[int, int]) -> None:
        low, high = value
        if not 1 <= low <= high <= 3:
            raise ValueError(f"angles must be (least, most) within 1 to 3, not {value}")

    def describe(self) -> str:
        """The parts in words, as :func:`sniff` reports them."""
        low, high = self.angles
        angles = f"{low}" if low == high else f"{low} to {high}"
        ends = " or ".join(self.end) if self.end else "none (the next header ends a document)"
        words = [
            f"header {self.header}",
            f"end {ends}",
            f"end names {self.end_name}",
            f"angles {angles}",
        ]
        if self.any_case:
            words.append("any letter case")
        if self.glue:
            words.append("markers glued to the text")
        words.append(f"newline {self.newline}")
        return ", ".join(words)


def _keyword(word: str, any_case: bool) -> str:
    """A marker word as a pattern: a space or underscore in it may be either, or missing."""
    pattern = "[ _]?".join(re.escape(piece) for piece in re.split("[ _]", word))
    return f"(?i:{pattern})" if any_case else pattern


def _patterns(parts: Parts) -> tuple[str, str | None, str | None, str | None]:
    """The header and end patterns of *parts*, and the templates a writer fills in."""
    low, high = parts.angles
    opening = "<" * low if low == high else f"<{{{low},{high}}}"
    closing = ">" * low if low == high else f">{{{low},{high}}}"
    name = r"(?P<name>[^\n]*?)"
    # Some producers mark a file they create: <<<NEW FILE path>>>.
    file = f"(?:{_keyword('NEW ', parts.any_case)})?{_keyword('FILE', parts.any_case)}"
    # A writer puts down the most angles the dialect reads.
    write_open, write_close = "<" * high, ">" * high
    style = parts.header
    if style == "heading":
        header = (
            r"#{1,6}[ \t]+`?(?P<name>[^`\n]+?)`?[ \t]*\r?\n(?:[ \t]*\r?\n)*"
            f"{opening}{_keyword('START_FILE', parts.any_case)}{closing}"
        )
        write_header: str | None = "### {name}\n" + write_open + "START_FILE" + write_close
    else:
        body = {
            "bare": (rf"{file}[ \t]+{name}[ \t]*", write_open + "FILE {name}" + write_close),
            "colon": (rf"{file}:[ \t]*{name}[ \t]*", write_open + "FILE: {name}" + write_close),
            "bare-or-colon": (
                rf"{file}(?::[ \t]*|[ \t]+){name}[ \t]*",
                write_open + "FILE: {name}" + write_close,
            ),
            "attrs": (
                rf"{file}(?P<attrs>{ATTRIBUTES_PATTERN})[ \t]*",
                write_open + "FILE{attrs}" + write_close,
            ),
            "json": (
                rf"{file}[ \t]+(?P<json>\{{[^\n]*\}})[ \t]*",
                write_open + "FILE {json}" + write_close,
            ),
            "begin": (
                rf"{_keyword('BEGIN FILE', parts.any_case)}(?::[ \t]*|[ \t]+){name}[ \t]*",
                write_open + "BEGIN FILE: {name}" + write_close,
            ),
        }[style]
        header = f"{opening}{body[0]}{closing}"
        write_header = body[1]
    if not parts.end:
        return header, None, write_header, None
    words = "|".join(
        _keyword(word, parts.any_case) for word in sorted(parts.end, key=len, reverse=True)
    )
    named = {
        "never": "",
        "optional": rf"(?:[: \t]+{name})?[ \t]*",
        "required": rf"[: \t]+{name}[ \t]*",
    }[parts.end_name]
    end = f"{opening}(?:{words}){named}{closing}"
    suffix = " {name}" if parts.end_name == "required" else ""
    write_end = f"{write_open}{parts.end[0]}{suffix}{write_close}"
    return header, end, write_header, write_end


@attrs.frozen
class Dialect:
    """One way of writing documents between ``<<<…>>>`` markers.

    ``header`` and ``end`` are regular expressions, each matched at the start
    of a line; a header may span lines. The header names the document with a
    group ``name`` (the name as written, less surrounding spaces), ``attrs``
    (``key="value"`` pairs, one of which, ``path`` or ``name``, is the name),
    ``json`` (a JSON object with such a key) or none (the documents are
    numbered); a group ``fields`` holds ``Key: value`` lines that become
    metadata. An ``end`` with a group ``name`` ends only the document of that
    name. ``end=None`` means that the next header or the end of the text ends a
    document. ``newline`` is one of ``"keep"``, ``"strip"`` and ``"glued"``
    (see :doc:`dialects`). ``syntax`` names the reader and writer that serve
    the dialect: ``"pattern"`` for every dialect made of patterns, ``"v1"``
    for format v1 itself.

    ``write_header`` and ``write_end`` are what a writer puts down, with
    ``{name}``, ``{attrs}`` (each pair as a space and ``key="value"``) or
    ``{json}`` filled in; without ``write_header`` the dialect can be read but
    not written.

    >>> from corpusfmt import Dialect
    >>> Dialect("mine", header=r"=== (?P<name>\\S+) ===", end="=== end ===",
    ...         write_header="=== {name} ===", write_end="=== end ===")
    Dialect(name='mine', header='=== (?P<name>\\\\S+) ===', end='=== end ===', newline='keep')
    """

    name: str
    header: str
    end: str | None = None
    newline: Newline = attrs.field(
        default="keep", validator=attrs.validators.in_(("keep", "strip", "glued"))
    )
    write_header: str | None = attrs.field(default=None, repr=False)
    write_end: str | None = attrs.field(default=None, repr=False)
    description: str = attrs.field(default="", repr=False, eq=False)
    example: str = attrs.field(default="", repr=False, eq=False)
    syntax: SyntaxName = attrs.field(
        default="pattern",
        kw_only=True,
        repr=False,
        validator=attrs.validators.instance_of(str),
    )
    parts: Parts | None = attrs.field(default=None, kw_only=True, repr=False, eq=False)
    header_re: re.Pattern[str] = attrs.field(init=False, repr=False, eq=False)
    end_re: re.Pattern[str] | None = attrs.field(init=False, repr=False, eq=False)

    @header_re.default
    def _compile_header(self) -> re.Pattern[str]:
        # A header stands at a line start; unless the body is glued to it, the
        # rest of its line is spaces and its line break belongs to it.
        # Without an anchor, re finds the pattern's leading literal with a
        # fast search; the reader checks that a match begins a line.
        tail = "" if self.newline == "glued" else r"[ \t]*(?:\r?\n|\Z)"
        return re.compile(f"(?:{_checked('header', self.header)}){tail}")

    @end_re.default
    def _compile_end(self) -> re.Pattern[str] | None:
        if self.end is None:
            return None
        end = _checked("end", self.end)
        if self.newline == "glued":
            return re.compile(f"(?:{end})(?:[ \\t]*(?:\\r?\\n|\\Z))?")
        return re.compile(f"(?:{end})[ \\t]*(?:\\r?\\n|\\Z)")

    @classmethod
    def from_parts(cls, name: str, parts: Parts, description: str = "") -> Dialect:
        """The dialect that *parts* describe.

        Its patterns and writing templates are built from the parts; a
        ``glue`` dialect reads markers on the text's own lines.
        """
        header, end, write_header, write_end = _patterns(parts)
        newline = "glued" if parts.glue else parts.newline
        if parts.glue:
            # Text glued to a header may still begin on the next line.
            header += r"\r?\n?"
        return cls(
            name,
            header,
            end,
            newline,
            write_header + "\n" if write_header and parts.glue else write_header,
            write_end,
            description or f"Made of parts: {parts.describe()}.",
            parts=parts,
        )

    @property
    def writable(self) -> bool:
        """Whether documents can be written in this dialect."""
        return self.write_header is not None


@attrs.frozen
class HeaderInfo:
    """What a header says: the name (``None`` if it gives none), the metadata
    pairs, whether the body is base64, and what was done to the name as written."""

    name: str | None
    meta: tuple[tuple[str, str], ...]
    binary: bool
    notes: tuple[str, ...] = ()
    # What the header promises of the file's bytes, for the reader to check.
    sha256: str | None = None
    length: int | None = None


# Decoration a model puts around a file name: code spans, bold, a colon after it.
_DECORATED: Final = re.compile(
    r"\A(?:`(?P<code>[^`]+)`|\*\*(?P<bold>[^*]+)\*\*|(?P<plain>.+?)):?\Z"
)


def _undecorated(name: str) -> tuple[str, str | None]:
    """*name* without the decoration a model adds, and a note if there was any."""
    found = _DECORATED.match(name)
    if found is None:
        return name, None
    bare = next(part for part in found.group("code", "bold", "plain") if part is not None)
    bare = bare.strip()
    if bare == name or not bare:
        return name, None
    return bare, f"the name {name!r} is read as {bare!r}, without its decoration"


class HeaderError(ValueError):
    """A header matched the dialect's pattern but says something invalid."""


def header_info(match: re.Match[str]) -> HeaderInfo:
    """Read the name, metadata and encoding out of a header match.

    Rule: the name is the group ``name``, else the ``path``, ``name``,
    ``file`` or ``filename`` key of ``attrs`` or ``json``; every other key and
    every ``fields`` line is metadata, except ``encoding`` and ``mode``,
    whose value ``base64`` marks a binary body (``mode`` with another value is
    metadata), and ``sha256`` (64 hex digits) and ``length``, which the reader
    checks against the file's bytes (so does ``size``, which stays metadata). A name in backticks or bold, or followed by a colon, is read
    without that decoration, with a note.
    """
    groups = match.groupdict()
    pairs: list[tuple[str, str]] = []
    if groups.get("attrs") is not None:
        for found in _ATTRIBUTE.finditer(groups["attrs"]):
            value = next(v for v in found.group("dq", "sq", "bare") if v is not None)
            pairs.append((found.group("key"), value))
    if groups.get("json") is not None:
        try:
            obj = json.loads(groups["json"])
        except json.JSONDecodeError as error:
            raise HeaderError(f"the header's JSON is not valid: {error.msg}") from error
        if not isinstance(obj, dict):
            raise HeaderError("the header's JSON is not an object")
        for key, value in obj.items():
            pairs.append((key, value if isinstance(value, str) else json.dumps(value)))
    if groups.get("fields"):
        for line in groups["fields"].splitlines():
            field = _FIELD_LINE.fullmatch(line)
            if field is not None:
                pairs.append((field.group("key").strip().replace(" ", "_"), field.group("value")))
    name = groups.get("name")
    if name is not None:
        name = name.strip()
    else:
        for key in _NAME_KEYS:
            named = [value for found_key, value in pairs if found_key == key]
            if named:
                name = named[0]
                pairs = [pair for pair in pairs if pair[0] != key]
                break
    notes: list[str] = []
    if name is not None:
        name, note = _undecorated(name)
        if note is not None:
            notes.append(note)
    binary = False
    sha256: str | None = None
    length: int | None = None
    meta: list[tuple[str, str]] = []
    seen: set[str] = set()
    for key, value in pairs:
        if key == _MODE_KEY and value.lower() == v1_syntax.BASE64:
            binary = True
            continue
        if key == _lexicon.ENCODING_KEY:
            if value.lower() == v1_syntax.BASE64:
                binary = True
            elif value.lower() not in ("utf-8", "utf8", "text"):
                raise HeaderError(f"the encoding {value!r} is not base64 or UTF-8")
            continue
        if key == _SHA256_KEY and _SHA256.fullmatch(value):
            sha256 = value.lower()
            continue
        if key in (_LENGTH_KEY, _SIZE_KEY) and value.isdigit() and value.isascii():
            length = int(value)
            if key == _LENGTH_KEY:
                continue
        if key in _lexicon.RESERVED_KEYS:
            # The format gives these keys a meaning this header does not follow.
            notes.append(f"the attribute {key}={value!r} is not kept: {key!r} is a reserved key")
            continue
        if not _lexicon.KEY.fullmatch(key):
            raise HeaderError(f"the attribute {key!r} cannot be a metadata key")
        if key in seen:
            raise HeaderError(f"the attribute {key!r} is given twice")
        bad = _lexicon.forbidden_char(value)
        if bad is not None:
            raise HeaderError(f"the value of {key!r} contains {_lexicon.describe_char(bad)}")
        seen.add(key)
        meta.append((key, value))
    if name is not None:
        if not name:
            raise HeaderError("the header names no document")
        bad = _lexicon.forbidden_char(name)
        if bad is not None:
            raise HeaderError(f"the name contains {_lexicon.describe_char(bad)}")
    return HeaderInfo(name, tuple(meta), binary, tuple(notes), sha256, length)


# --- The presets. ------------------------------------------------------------

_PATH = r"(?P<name>[^\n]*?)"
_PLAIN_HEADER = rf"<<<FILE[ \t]+{_PATH}[ \t]*>>>"

V1: Final = Dialect(
    "v1",
    header=r"<<<FILE[ \t][^\n]*>>>",
    end=r"<<<END FILE>>>",
    write_header="<<<FILE {name}>>>",
    write_end="<<<END FILE>>>",
    description=(
        "corpusfmt's own format (see the specification): escaped marker lines, "
        "final-newline=no for a text without a final line break, blank lines only "
        "between documents."
    ),
    example="<<<FILE a.txt>>>\nhello\n<<<END FILE>>>\n",
    syntax="v1",
)


_PRESET_LIST: Final = (
    V1,
    Dialect(
        "attrs",
        rf"<<<FILE(?P<attrs>{ATTRIBUTES_PATTERN})[ \t]*>>>",
        r"<<<END FILE>>>",
        "keep",
        "<<<FILE{attrs}>>>",
        "<<<END FILE>>>",
        "Attributes in the header; the path is the path= or name= attribute, "
        'encoding="base64" marks a binary file.',
        '<<<FILE path="src/a.py" mode="text">>>\nprint(1)\n<<<END FILE>>>\n',
    ),
    Dialect(
        "json",
        r"<<<FILE[ \t]+(?P<json>\{[^\n]*\})[ \t]*>>>",
        r"<<<END FILE>>>",
        "keep",
        "<<<FILE {json}>>>",
        "<<<END FILE>>>",
        'A JSON object in the header, with the path under "path".',
        '<<<FILE {"path": "a.txt", "size": 6}>>>\nhello\n<<<END FILE>>>\n',
    ),
    Dialect(
        "begin-attrs",
        rf"<<<FILE(?P<attrs>{ATTRIBUTES_PATTERN})[ \t]+BEGIN[ \t]*>>>",
        r"<<<FILE END>>>",
        "keep",
        "<<<FILE{attrs} BEGIN>>>",
        "<<<FILE END>>>",
        "Attributes followed by BEGIN; the end marker is <<<FILE END>>>.",
        '<<<FILE name="a.txt" BEGIN>>>\nhello\n<<<FILE END>>>\n',
    ),
    Dialect(
        "begin-file",
        r"<<<BEGIN FILE:[ \t]*(?P<name>[^\n]*?)[ \t]*>>>",
        r"<<<END FILE(?::[ \t]*(?P<name>[^\n]*?)[ \t]*)?>>>",
        "keep",
        "<<<BEGIN FILE: {name}>>>",
        "<<<END FILE: {name}>>>",
        "BEGIN FILE and END FILE, each with the path.",
        "<<<BEGIN FILE: a.txt>>>\nhello\n<<<END FILE: a.txt>>>\n",
    ),
    Dialect(
        "colon",
        r"<<<FILE:[ \t]*(?P<name>[^\n]*?)[ \t]*>>>",
        r"<<<END FILE>>>",
        "keep",
        "<<<FILE: {name}>>>",
        "<<<END FILE>>>",
        "A colon after FILE, with or without a space.",
        "<<<FILE: a.txt>>>\nhello\n<<<END FILE>>>\n",
    ),
    Dialect(
        "lowercase",
        r"<<<file[ \t:]+(?P<name>[^\n]*?)[ \t]*>>>",
        r"<<<end(?:[ _]?file)?>>>",
        "keep",
        "<<<file {name}>>>",
        "<<<end file>>>",
        "Lower-case markers.",
        "<<<file a.txt>>>\nhello\n<<<end file>>>\n",
    ),
    Dialect(
        "multiline",
        r"<<<FILE[ \t]+(?P<name>[^\n>]*?)[ \t]*\r?\n(?P<fields>(?:[A-Za-z][\w -]*:[^\n]*\n)*)>>>",
        r"<<<END(?: FILE)?>>>",
        "keep",
        None,
        None,
        "A header spread over lines: the path, Key: value lines, then >>> alone.",
        "<<<FILE a.txt\nDESCRIPTION: a greeting\n>>>\nhello\n<<<END>>>\n",
    ),
    Dialect(
        "heredoc",
        r"<<<FILE",
        r"FILE>>>",
        "keep",
        None,
        None,
        "A bare <<<FILE with no name, closed by FILE>>>; the documents are "
        "numbered, since the text names none.",
        "<<<FILE\nhello\nFILE>>>\n",
    ),
    Dialect(
        "start-file",
        r"#{1,6}[ \t]+`?(?P<name>[^`\n]+?)`?[ \t]*\r?\n(?:[ \t]*\r?\n)*<<<START_FILE>>>",
        r"<<<END_FILE>>>",
        "keep",
        "### {name}\n<<<START_FILE>>>",
        "<<<END_FILE>>>",
        "The path in a Markdown heading above <<<START_FILE>>>.",
        "### a.txt\n<<<START_FILE>>>\nhello\n<<<END_FILE>>>\n",
    ),
    Dialect(
        "end-name",
        _PLAIN_HEADER,
        r"<<<END[ \t]+(?P<name>[^\n]*?)[ \t]*>>>",
        "keep",
        "<<<FILE {name}>>>",
        "<<<END {name}>>>",
        "The end marker repeats the path.",
        "<<<FILE a.txt>>>\nhello\n<<<END a.txt>>>\n",
    ),
    Dialect(
        "end-underscore",
        _PLAIN_HEADER,
        r"<<<END_FILE>>>",
        "keep",
        "<<<FILE {name}>>>",
        "<<<END_FILE>>>",
        "END_FILE with an underscore.",
        "<<<FILE a.txt>>>\nhello\n<<<END_FILE>>>\n",
    ),
    Dialect(
        "endfile",
        _PLAIN_HEADER,
        r"<<<ENDFILE(?:>>>)?",
        "keep",
        "<<<FILE {name}>>>",
        "<<<ENDFILE>>>",
        "ENDFILE in one word, with or without the closing >>>.",
        "<<<FILE a.txt>>>\nhello\n<<<ENDFILE\n",
    ),
    Dialect(
        "file-end",
        _PLAIN_HEADER,
        r"<<<FILE END>>>",
        "keep",
        "<<<FILE {name}>>>",
        "<<<FILE END>>>",
        "FILE END as the end marker.",
        "<<<FILE a.txt>>>\nhello\n<<<FILE END>>>\n",
    ),
    Dialect(
        "end-short",
        _PLAIN_HEADER,
        r"<<<END>>>",
        "keep",
        "<<<FILE {name}>>>",
        "<<<END>>>",
        "A bare <<<END>>>.",
        "<<<FILE a.txt>>>\nhello\n<<<END>>>\n",
    ),
    Dialect(
        "plain",
        _PLAIN_HEADER,
        r"<<<END FILE>>>",
        "keep",
        "<<<FILE {name}>>>",
        "<<<END FILE>>>",
        "Format v1's markers without its rules: the path is the rest of the "
        "header, nothing is escaped, every text ends with a line break.",
        "<<<FILE a.txt>>>\nhello\n<<<END FILE>>>\n",
    ),
    Dialect(
        "plain-strip",
        _PLAIN_HEADER,
        r"<<<END FILE>>>",
        "strip",
        "<<<FILE {name}>>>",
        "<<<END FILE>>>",
        "As plain, but the writer puts a line break between the text and the "
        "end marker, so a text need not end with one.",
        "<<<FILE a.txt>>>\nhello\n\n<<<END FILE>>>\n",
    ),
    Dialect(
        "glued",
        r"<<<FILE[ \t]+(?P<name>[^\n]*?)[ \t]*>>>\r?\n?",
        r"<<<END FILE>>>",
        "glued",
        "<<<FILE {name}>>>\n",
        "<<<END FILE>>>",
        "The end marker follows the text directly, on the same line.",
        "<<<FILE a.txt>>>\nhello<<<END FILE>>>\n",
    ),
    Dialect(
        "open",
        _PLAIN_HEADER,
        None,
        "keep",
        "<<<FILE {name}>>>",
        None,
        "No end marker: the next header or the end of the text ends a document.",
        "<<<FILE a.txt>>>\nhello\n<<<FILE b.txt>>>\nworld\n",
    ),
    Dialect(
        "angles",
        r"<{1,2}FILE[ \t:]+(?P<name>[^\n]*?)[ \t]*>{1,2}",
        r"<{1,2}END(?:[ _]?FILE)?>{1,2}",
        "keep",
        "<<FILE {name}>>",
        "<<END FILE>>",
        "One or two angle brackets instead of three.",
        "<<FILE a.txt>>\nhello\n<<END FILE>>\n",
    ),
)

DIALECTS: Final[Mapping[str, Dialect]] = MappingProxyType(
    {dialect.name: dialect for dialect in _PRESET_LIST}
)
"""The preset dialects by name, the most specific first: :func:`sniff` tries
them in this order."""
