"""Make the JSON Lines fixtures: files that pandas and Hugging Face datasets write.

The tests read the outputs committed in tests/data/jsonl and never need the
libraries. To make them again:

    pip install pandas datasets
    python tests/make_jsonl_fixtures.py

``ours-*.jsonl`` are corpusfmt's JSON Lines of three documents (a text with
metadata, a text without a final newline, a binary document) read and written
again by each library; ``table.jsonl`` is a table as a corpus often starts, an
integer ``id``, a ``content`` column and typed, partly missing columns, written
by pandas. ``VERSIONS`` records the libraries' versions.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import corpusfmt
from corpusfmt.formats import dumps_jsonl

HERE = Path(__file__).resolve().parent / "data" / "jsonl"
DOCS = [
    corpusfmt.Document("a.txt", "hello\n", {"lang": "de"}),
    corpusfmt.Document("b.txt", "no newline"),
    corpusfmt.Document.from_bytes("c.bin", b"\xff\x00"),
]


def main() -> None:
    # Imported here: the test suite imports this module (for its doctests)
    # without either library.
    import datasets  # type: ignore[import-not-found, import-untyped, unused-ignore]
    import pandas as pd  # type: ignore[import-not-found, import-untyped, unused-ignore]

    HERE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        ours = Path(scratch) / "ours.jsonl"
        ours.write_text(dumps_jsonl(DOCS), encoding="utf-8")
        frame = pd.read_json(ours, lines=True)
        frame.to_json(HERE / "ours-pandas.jsonl", orient="records", lines=True, force_ascii=False)
        dataset = datasets.load_dataset("json", data_files=str(ours), split="train")
        dataset.to_json(HERE / "ours-datasets.jsonl", force_ascii=False)
    table = pd.DataFrame(
        {
            "id": [1, 2],
            "content": ["Erster Text\n", "Zweiter"],
            "score": [0.9, None],
            "source": ["dpa", None],
        }
    )
    table.to_json(HERE / "table.jsonl", orient="records", lines=True, force_ascii=False)
    (HERE / "VERSIONS").write_text(
        f"pandas {pd.__version__}\ndatasets {datasets.__version__}\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
