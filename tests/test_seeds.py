"""The seed documents and the bundle made of them, byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

import corpusfmt
from corpusfmt import Document

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
BUNDLE = SEEDS / "seeds.bundle"
SEED_NAMES = ["000_8243e901774f6848.txt", "003_67766c1b260ff6ad.txt"]


def seed_documents() -> list[Document]:
    return [Document(name, (SEEDS / name).read_bytes().decode("utf-8")) for name in SEED_NAMES]


def test_packing_the_seeds_gives_the_committed_bundle() -> None:
    assert corpusfmt.dumps(seed_documents()).encode("utf-8") == BUNDLE.read_bytes()


def test_loading_the_bundle_gives_the_seed_files_byte_for_byte() -> None:
    docs = corpusfmt.load(BUNDLE)
    assert [doc.name for doc in docs] == SEED_NAMES
    for doc in docs:
        assert doc.text.encode("utf-8") == (SEEDS / doc.name).read_bytes()
    # The hard cases the seeds were chosen for.
    assert not docs[0].text.endswith("\n")
    assert docs[1].text.startswith(" ")
    assert docs[1].text.endswith("\n\n")


def test_the_bundle_marks_the_seed_without_a_final_newline() -> None:
    headers = [line for line in BUNDLE.read_text("utf-8").splitlines() if line.startswith("<<<")]
    assert headers == [
        "<<<FILE 000_8243e901774f6848.txt final-newline=no>>>",
        "<<<END FILE>>>",
        "<<<FILE 003_67766c1b260ff6ad.txt>>>",
        "<<<END FILE>>>",
    ]


SHARED = SEEDS.parent.parent / "shared" / "seeds"


@pytest.mark.skipif(not SHARED.is_dir(), reason="the shared seeds are not beside this checkout")
def test_seeds_are_byte_exact_copies_of_the_shared_seeds() -> None:
    for name in SEED_NAMES:
        assert (SEEDS / name).read_bytes() == (SHARED / name).read_bytes()
