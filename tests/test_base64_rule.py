"""A base64 body: the fast check and the rule it implements agree on every body."""

from __future__ import annotations

import base64
import binascii
import re

from hypothesis import example, given
from hypothesis import strategies as st

import corpusfmt
from corpusfmt import Document, v1
from corpusfmt._errors import Malformed

# The rule of the specification, written out as patterns.
_CHARS = re.compile(r"[A-Za-z0-9+/=\r\n]*")
_BARE_CR = re.compile(r"\r(?!\n)")
_TEXT = re.compile(r"(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?")


def by_the_rule(body: str) -> bytes | None:
    if not _CHARS.fullmatch(body) or _BARE_CR.search(body):
        return None
    joined = re.sub(r"\r?\n", "", body)
    return binascii.a2b_base64(joined) if _TEXT.fullmatch(joined) else None


def decoded(body: str) -> bytes | None:
    try:
        return v1.decode_base64(v1.STR, body, 0, len(body), "a")
    except Malformed:
        return None


bodies = st.one_of(
    st.text(st.sampled_from("AQgw+/=\r\n"), max_size=24),
    st.binary(max_size=40).map(
        lambda data: "\n".join(base64.b64encode(data).decode()[i : i + 8] for i in range(0, 60, 8))
    ),
    st.text(max_size=12),
)


@given(bodies)
@example("QQ==\r\n")
@example("QQ=\r=\n")
@example("QUI=\rx")
@example("====")
@example("QQ==QQ==")
@example("Q\u00e9==")
def test_a_body_decodes_exactly_when_the_rule_says(body: str) -> None:
    assert decoded(body) == by_the_rule(body)
    data = body.encode("utf-8", "surrogatepass")
    try:
        from_bytes: bytes | None = v1.decode_base64(v1.BYTES, data, 0, len(data), "a")
    except Malformed:
        from_bytes = None
    assert from_bytes == by_the_rule(body)


@given(st.binary(max_size=400))
@example(b"")
@example(b"x" * 57)
@example(b"x" * 58)
@example(b"x" * 570)
def test_a_binary_body_is_written_as_base64_encodebytes_writes_it(data: bytes) -> None:
    body = base64.encodebytes(data).decode("ascii")
    assert corpusfmt.dumps([Document.from_bytes("a", data)]) == (
        f"<<<FILE a encoding=base64>>>\n{body}<<<END FILE>>>\n"
    )
