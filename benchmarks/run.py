"""Measure corpusfmt against the cost of reading the file, and print ratios.

Every figure is a ratio of two timings taken in the same run on the same file,
each the best of --repeat runs, the two sides interleaved: machines are noisy,
ratios less so. Peak memory is measured in a fresh process for each reader.

    python benchmarks/run.py                     # 60,000 documents, ~300 MB, in a temp dir
    python benchmarks/run.py --bundle my.bundle  # an existing bundle
    python benchmarks/run.py --documents 300 --repeat 1   # a smoke run
"""

from __future__ import annotations

import argparse
import codecs
import gc
import importlib.metadata
import json
import platform
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import corpusfmt

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_corpus  # a sibling script, not a package

orjson: Any
try:
    import orjson
except ImportError:  # an optional extra: pip install 'corpusfmt[bench]'
    orjson = None

NAIVE_PATTERN = re.compile(r"<<<FILE (.*?)>>>\n(.*?)\n?<<<END FILE>>>\n", re.DOTALL)
CHUNK = 4096


def best_of(repeat: int, *functions: Callable[[], Any]) -> list[float]:
    """The best time of each function over *repeat* interleaved rounds."""
    best = [float("inf")] * len(functions)
    for _ in range(repeat):
        for index, function in enumerate(functions):
            gc.collect()
            start = time.perf_counter()
            function()
            best[index] = min(best[index], time.perf_counter() - start)
    return best


def read_bytes(path: Path) -> bytes:
    with open(path, "rb") as file:
        return file.read()


def naive_regex(path: Path) -> list[tuple[str, str]]:
    text = read_bytes(path).decode("utf-8")
    return [(match.group(1), match.group(2)) for match in NAIVE_PATTERN.finditer(text)]


def push_parser(path: Path) -> list[corpusfmt.Document]:
    decoder = codecs.getincrementaldecoder("utf-8")()
    parser = corpusfmt.StreamParser()
    docs = []
    pieces: list[str] = []
    started: Any = None

    def take(events: list[corpusfmt.Event]) -> None:
        nonlocal pieces, started
        for event in events:
            if isinstance(event, corpusfmt.BodyText):
                pieces.append(event.text)
            elif isinstance(event, corpusfmt.DocumentStarted):
                started, pieces = event, []
            elif isinstance(event, corpusfmt.DocumentEnded):
                docs.append(corpusfmt.Document(started.name, "".join(pieces), started.meta))

    with open(path, "rb") as file:
        while chunk := file.read(CHUNK):
            take(parser.feed(decoder.decode(chunk)))
    take(parser.feed(decoder.decode(b"", final=True)))
    take(parser.close())
    return docs


def pushed(text: str, dialect: str) -> list[corpusfmt.Document]:
    """The documents of *text*, fed to a push parser of *dialect* in 4 KiB chunks."""
    parser = corpusfmt.StreamParser(dialect)
    assembler = corpusfmt.DocumentAssembler()
    docs = []
    for start in range(0, len(text) + 1, CHUNK):
        chunk = text[start : start + CHUNK]
        for event in parser.feed(chunk) if chunk else parser.close():
            if (doc := assembler.take(event)) is not None:
                docs.append(doc)
    return docs


def peak_rss_mib(path: Path, reader: str) -> float:
    """Peak resident memory of a fresh interpreter that reads *path* with *reader*."""
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the forking
    # parent, which holds the whole corpus here.
    code = (
        "import sys, corpusfmt\n"
        f"read = {reader}\n"
        "read(sys.argv[1])\n"
        "status = open('/proc/self/status').read()\n"
        "print(status.split('VmHWM:')[1].split()[0])\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
    )
    return int(output.stdout.split()[-1]) / 1024  # reported in kB


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bundle", type=Path, help="measure this bundle instead of a new one")
    parser.add_argument("--documents", type=int, default=60_000, help="default: 60000")
    parser.add_argument("--repeat", type=int, default=5, help="rounds per timing (default: 5)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        path = args.bundle
        if path is None:
            path = scratch / "corpus.bundle"
            docs_made = make_corpus.documents(args.documents, 5_000, 2024)
            corpusfmt.dump(docs_made, path)
        docs = corpusfmt.load(path)
        text = corpusfmt.dumps(docs)
        jsonl = scratch / "corpus.jsonl"
        with open(jsonl, "w", encoding="utf-8") as file:
            for doc in docs:
                record = {"name": doc.name, "text": doc.text, "meta": dict(doc.meta)}
                file.write(json.dumps(record, ensure_ascii=False) + "\n")
        out = scratch / "out.bundle"
        size = path.stat().st_size
        print(f"bundle: {len(docs):,} documents, {size / 1e6:.1f} MB")
        print(f"python {platform.python_version()} on {platform.machine()}, {platform.system()}")
        print(f"corpusfmt {importlib.metadata.version('corpusfmt')}, best of {args.repeat}\n")

        rows: list[tuple[str, float, float, str, bool | None]] = []

        def compare(
            what: str,
            ours: Callable[[], Any],
            theirs: Callable[[], Any],
            target: str = "-",
            met: Callable[[float], bool] | None = None,
        ) -> None:
            mine, other = best_of(args.repeat, ours, theirs)
            rows.append((what, mine, other, target, None if met is None else met(mine / other)))

        def write_encoded() -> None:
            with open(out, "wb") as file:
                file.write(text.encode("utf-8"))

        def dumps_and_write() -> None:
            with open(out, "wb") as file:
                file.write(corpusfmt.dumps(docs).encode("utf-8"))

        compare(
            "load / (read + decode UTF-8)",
            lambda: corpusfmt.load(path),
            lambda: read_bytes(path).decode("utf-8"),
            "<= 1.15",
            lambda r: r <= 1.15,
        )
        if orjson is not None:
            compare(
                "load / JSON Lines with orjson",
                lambda: corpusfmt.load(path),
                lambda: [orjson.loads(line) for line in read_bytes(jsonl).splitlines()],
                "<= 1.0",
                lambda r: r <= 1.0,
            )
        compare(
            "load / JSON Lines with json",
            lambda: corpusfmt.load(path),
            lambda: [json.loads(line) for line in read_bytes(jsonl).splitlines()],
            "<= 0.5",
            lambda r: r <= 0.5,
        )
        compare(
            "load / naive regex",
            lambda: corpusfmt.load(path),
            lambda: naive_regex(path),
            "<= 0.5",
            lambda r: r <= 0.5,
        )
        compare(
            "dumps + write / (encode + write)",
            dumps_and_write,
            write_encoded,
            "<= 1.2",
            lambda r: r <= 1.2,
        )
        compare(
            "dump (streaming) / (encode + write)",
            lambda: corpusfmt.dump(docs, out),
            write_encoded,
            "<= 1.2",
            lambda r: r <= 1.2,
        )
        compare(
            "index / read bytes",
            lambda: corpusfmt.index(path),
            lambda: read_bytes(path),
            "<= 1.3",
            lambda r: r <= 1.3,
        )
        compare(
            "push parser, 4 KiB chunks / load",
            lambda: push_parser(path),
            lambda: corpusfmt.load(path),
            "<= 1.5",
            lambda r: r <= 1.5,
        )

        # Other dialects and lenient reads have no target; they are measured
        # so that a slow path shows.
        # The corpus quotes marker lines on purpose; a dialect without
        # escaping holds only the documents that do not.
        plain_docs = [doc for doc in docs if "\n<<<" not in "\n" + doc.text][:5000]
        plain_text = corpusfmt.dumps(plain_docs, "plain-strip")
        v1_text = corpusfmt.dumps(plain_docs)
        compare(
            "loads plain-strip dialect / loads v1",
            lambda: corpusfmt.loads(plain_text, "plain-strip"),
            lambda: corpusfmt.loads(v1_text),
        )
        # A model's answer: prose between the blocks of a dialect.
        answer = "".join(
            f"Here is {doc.name}:\n" + corpusfmt.dumps([doc], "colon")
            for doc in plain_docs
            if doc.text.endswith("\n")
        )
        compare(
            "push parser colon, 4 KiB / parse colon",
            lambda: pushed(answer, "colon"),
            lambda: corpusfmt.parse(answer, "colon"),
            "<= 1.5",
            lambda r: r <= 1.5,
        )
        compare(
            "push parser auto, 4 KiB / parse colon",
            lambda: pushed(answer, "auto"),
            lambda: corpusfmt.parse(answer, "colon"),
        )
        compare(
            "parse v1, lenient / loads v1",
            lambda: corpusfmt.parse(v1_text, strict=False),
            lambda: corpusfmt.loads(v1_text),
        )

        print(f"{'measure':40} {'ours s':>8} {'theirs s':>9} {'ratio':>6}  target   met")
        for what, mine, other, target, met in rows:
            verdict = "-" if met is None else "yes" if met else "NO"
            print(f"{what:40} {mine:8.3f} {other:9.3f} {mine / other:6.2f}  {target:7}  {verdict}")
        iter_rss = peak_rss_mib(path, "lambda p: sum(1 for _ in corpusfmt.iter_load(p))")
        load_rss = peak_rss_mib(path, "lambda p: len(corpusfmt.load(p))")
        base_rss = peak_rss_mib(path, "lambda p: 0")
        print(
            f"\npeak RSS, iter_load: {iter_rss:.0f} MiB (target <= 64 MiB: "
            f"{'yes' if iter_rss <= 64 else 'NO'}); load: {load_rss:.0f} MiB; "
            f"interpreter with corpusfmt imported: {base_rss:.0f} MiB"
        )


if __name__ == "__main__":
    main()
