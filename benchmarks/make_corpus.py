"""Write a synthetic bundle of seed-like German news text, for the benchmarks.

The text is cut from a pool of the seed documents' sentences in shuffled
order, so it has their letters, umlauts, typographic quotes and dashes (which
make Python store it with two bytes a character, the costly case). Everything
is drawn from one fixed random seed: the same arguments give the same bytes.

    python benchmarks/make_corpus.py corpus.bundle             # 60,000 documents, ~300 MB
    python benchmarks/make_corpus.py small.bundle --documents 500
    python benchmarks/make_corpus.py short.bundle --kind short  # 150,000 of 150-450 characters
    python benchmarks/make_corpus.py bytes.bundle --kind binary # binary documents of 1 KiB-8 MiB
"""

from __future__ import annotations

import argparse
import random
import re
from collections.abc import Iterator
from pathlib import Path

import corpusfmt

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
# Lines that a bundle must escape; a few documents start, hold or end with one.
MARKER_LIKE_LINES = (
    "<<<END FILE>>>",
    "<<<FILE other.txt>>>",
    "\\<<<END FILE>>>",
    "<<< a quoted marker",
)


def sentence_pool(rng: random.Random, size: int) -> str:
    """About *size* characters of seed sentences, shuffled, in paragraphs."""
    sentences: list[str] = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        sentences += [s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]
    parts: list[str] = []
    length = 0
    while length < size:
        sentence = rng.choice(sentences).strip()
        parts.append(sentence + ("\n\n" if rng.random() < 0.15 else " "))
        length += len(parts[-1])
    return "".join(parts)


def documents(count: int, mean_size: int, seed: int) -> Iterator[corpusfmt.Document]:
    rng = random.Random(seed)
    pool = sentence_pool(rng, 2_000_000)
    for index in range(count):
        size = rng.randint(mean_size // 2, mean_size * 3 // 2)
        start = rng.randrange(len(pool) - size)
        body = (
            f" date 20{rng.randint(10, 25)}-{rng.randint(1, 12):02d} " + pool[start : start + size]
        )
        body = body.rstrip("\n") + "\n"
        if index % 250 == 7:
            lines = body.split("\n")
            lines.insert(rng.randrange(len(lines)), rng.choice(MARKER_LIKE_LINES))
            body = "\n".join(lines)
        if index % 2:
            body = body.rstrip("\n")
        yield corpusfmt.Document(f"{index:05d}_{rng.getrandbits(64):016x}.txt", body)


def short_documents(count: int, seed: int) -> Iterator[corpusfmt.Document]:
    """Many short documents (sentences, posts, records): the cost per document shows."""
    return documents(count, 300, seed)


# One binary document of each size: small images, archives, a model file.
BINARY_SIZES = (1 << 10, 64 << 10, 1 << 20, 8 << 20)


def binary_documents(count: int, seed: int) -> Iterator[corpusfmt.Document]:
    """*count* documents of random bytes, the sizes of BINARY_SIZES in turn."""
    rng = random.Random(seed)
    for index in range(count):
        size = BINARY_SIZES[index % len(BINARY_SIZES)]
        yield corpusfmt.Document.from_bytes(f"{index:05d}.bin", rng.randbytes(size))


KINDS = {
    "news": lambda count, seed: documents(count, 5_000, seed),
    "short": short_documents,
    "binary": binary_documents,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", type=Path, help="where to write the bundle")
    parser.add_argument("--documents", type=int, default=60_000, help="default: 60000")
    parser.add_argument(
        "--mean-size", type=int, default=5_000, help="mean characters a document (default: 5000)"
    )
    parser.add_argument("--seed", type=int, default=2024, help="random seed (default: 2024)")
    parser.add_argument(
        "--kind",
        choices=("news", "short", "binary"),
        default="news",
        help="news articles of --mean-size (default), short ones, or binary documents",
    )
    args = parser.parse_args()
    if args.kind == "news":
        made = documents(args.documents, args.mean_size, args.seed)
    else:
        made = KINDS[args.kind](args.documents, args.seed)
    corpusfmt.dump(made, args.output)
    print(f"{args.output}: {args.documents} documents, {args.output.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
