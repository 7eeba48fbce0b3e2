"""Round-trip properties: a round trip never changes a byte."""

from __future__ import annotations

from hypothesis import example, given

import corpusfmt
from corpusfmt import Document
from tests.strategies import (
    canonical_bundles,
    document_lists,
    equivalent_variants,
    spec_bundle,
)


@given(document_lists)
@example([Document("a", "<<<END FILE>>>")])
@example([Document("a", "\\<<<END FILE>>>\n\r")])
@example([Document("a", "\r"), Document("b", "")])
def test_documents_survive_dumps_and_loads(docs: list[Document]) -> None:
    assert corpusfmt.loads(corpusfmt.dumps(docs)) == docs


@given(document_lists)
def test_texts_and_meta_order_survive_exactly(docs: list[Document]) -> None:
    read = corpusfmt.loads(corpusfmt.dumps(docs))
    assert [(doc.name, doc.data, doc.is_binary, list(doc.meta.items())) for doc in read] == [
        (doc.name, doc.data, doc.is_binary, list(doc.meta.items())) for doc in docs
    ]


@given(canonical_bundles())
def test_canonical_bundle_survives_loads_and_dumps(
    bundle_and_docs: tuple[str, list[Document]],
) -> None:
    bundle, docs = bundle_and_docs
    assert corpusfmt.loads(bundle) == docs
    assert corpusfmt.dumps(corpusfmt.loads(bundle)) == bundle


@given(document_lists)
def test_dumps_writes_what_the_spec_says(docs: list[Document]) -> None:
    assert corpusfmt.dumps(docs) == spec_bundle(docs)


@given(equivalent_variants())
def test_non_canonical_forms_read_as_the_same_documents(
    bundle_and_docs: tuple[str, list[Document]],
) -> None:
    bundle, docs = bundle_and_docs
    assert corpusfmt.loads(bundle) == docs
    assert corpusfmt.dumps(corpusfmt.loads(bundle)) == spec_bundle(docs)
