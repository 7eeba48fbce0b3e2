"""Reading keeps every character: a bundle read in any dialect writes back byte for byte."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import corpusfmt
from corpusfmt import DIALECTS, CorpusWriteError, Dialect, Document
from tests.lossless import assert_lossless
from tests.strategies import dialect_document_lists, prose, texts_in

WRITABLE = [dialect for dialect in DIALECTS.values() if dialect.writable]
# Documents cost far more to generate than texts of fragments; the properties
# that write them run on a fifth as many examples as the profile asks for.
FEWER = settings(max_examples=max(settings().max_examples // 5, 10))


@pytest.mark.parametrize("dialect", DIALECTS.values(), ids=DIALECTS.keys())
@given(data=st.data())
def test_any_text_reads_back_byte_for_byte(dialect: Dialect, data: st.DataObject) -> None:
    text = data.draw(texts_in(dialect.example))
    lenient = assert_lossless(text, dialect)
    if not lenient.errors:
        strict = corpusfmt.parse(text, dialect)
        assert strict.dumps() == text
        assert strict.documents == lenient.documents


def _writable(docs: list[Document], dialect: Dialect) -> list[Document]:
    kept = []
    for doc in docs:
        try:
            corpusfmt.dumps([doc], dialect)
        except CorpusWriteError:
            continue
        kept.append(doc)
    return kept


@pytest.mark.parametrize("dialect", WRITABLE, ids=[dialect.name for dialect in WRITABLE])
@FEWER
@given(data=st.data())
def test_what_a_dialect_writes_reads_back_around_prose(
    dialect: Dialect, data: st.DataObject
) -> None:
    docs = _writable(data.draw(dialect_document_lists(dialect)), dialect)
    assume(docs)
    written = [corpusfmt.dumps([doc], dialect) for doc in docs]
    if dialect.name in ("v1",):
        between = ["" for _ in range(len(docs) + 1)]
    elif dialect.end is None:
        # Without end markers, text after a block is that block's.
        between = [data.draw(prose), *("" for _ in docs)]
    else:
        between = [data.draw(prose) for _ in range(len(docs) + 1)]
    text = between[0] + "".join(
        block + after for block, after in zip(written, between[1:], strict=True)
    )
    bundle = corpusfmt.parse(text, dialect)
    assert bundle.documents == docs
    assert bundle.dumps() == text
    assert corpusfmt.dumps(docs, dialect) == "".join(written)


@pytest.mark.parametrize("dialect", WRITABLE, ids=[dialect.name for dialect in WRITABLE])
@FEWER
@given(data=st.data())
def test_replacing_one_document_changes_only_its_bytes(
    dialect: Dialect, data: st.DataObject
) -> None:
    docs = _writable(data.draw(dialect_document_lists(dialect, min_size=2)), dialect)
    assume(len(docs) >= 2)
    text = corpusfmt.dumps(docs, dialect)
    bundle = corpusfmt.parse(text, dialect)
    index = data.draw(st.integers(0, len(docs) - 1))
    new = Document(docs[index].name, "changed\n")
    edited = bundle.replace(new)
    assert edited.documents == [*docs[:index], new, *docs[index + 1 :]]
    before = "".join(block.text for block in bundle.blocks[:index])
    after = "".join(block.text for block in bundle.blocks[index + 1 :])
    out = edited.dumps()
    assert out.startswith(before)
    assert out.endswith(after)
    assert corpusfmt.parse(out, dialect).documents == edited.documents
