"""Measure a corpus at scale: into Arrow against Parquet, byte ranges, and Dask on 1 and 2 workers.

Every figure is taken in one run on one corpus, best of --repeat, the sides
interleaved; the rows print ratios, as benchmarks/run.py does.

    python benchmarks/scale.py                        # 20,000 news documents, ~100 MB
    python benchmarks/scale.py --documents 500 --repeat 1   # a smoke run

Needs the extras arrow and dask-test (pyarrow, dask, distributed).

Rows:
- bundle -> Arrow table (``to_table(load(path))``) against Parquet -> Arrow
  table (``pyarrow.parquet.read_table``) of the same documents, uncompressed
  and snappy, in this interpreter and each in a fresh one;
- the cost of a byte range: reading the bundle in ranges of several sizes
  against one ``iter_load``, as seconds per range;
- Dask: the corpus counted by a LocalCluster of 1 and of 2 worker processes,
  and the cost of one more task, from a run with many small ranges against
  one with few large ones. From the last two the time for a hundred workers
  is worked out: (time on one worker) / 100 + (ranges per worker) x (cost of
  a range and of a task).
"""

from __future__ import annotations

import argparse
import functools
import gc
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import corpusfmt
import corpusfmt.dask
from corpusfmt.arrow import to_table

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_corpus  # a sibling script, not a package

try:
    import distributed
    import pyarrow.parquet as pq
except ImportError as error:  # optional extras
    raise SystemExit(f"{error.name} is needed: pip install 'corpusfmt[arrow,dask-test]'") from None


def best(repeat: int, *functions: Callable[[], Any]) -> list[float]:
    times = [float("inf")] * len(functions)
    for _ in range(repeat):
        for index, function in enumerate(functions):
            gc.collect()
            start = time.perf_counter()
            function()
            times[index] = min(times[index], time.perf_counter() - start)
    return times


def fresh(code: str) -> float:
    """Seconds *code* takes in a new interpreter, its imports not timed."""
    script = (
        "import time, corpusfmt, corpusfmt.arrow, pyarrow.parquet as pq\n"
        "start = time.perf_counter()\n"
        f"{code}\n"
        "print(time.perf_counter() - start)\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    return float(output.stdout.split()[-1])


def count_pieces(pieces: list[corpusfmt.io.Split]) -> int:
    return sum(1 for piece in pieces for _ in piece.read())


def row(what: str, ours: float, theirs: float) -> None:
    print(f"{what:52} {ours:9.3f} {theirs:9.3f} {ours / theirs:7.2f}")


def count_on(cluster_workers: int, paths: list[str], blocksize: int, repeat: int) -> float:
    with (
        distributed.LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=cluster_workers, threads_per_worker=1, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster),  # type: ignore[no-untyped-call]
    ):
        bag = corpusfmt.dask.read_bundles(paths, blocksize=blocksize)
        bag.count().compute()  # the workers import corpusfmt once, untimed
        return best(repeat, lambda: bag.count().compute())[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        path = scratch / "corpus.bundle"
        corpusfmt.dump(make_corpus.KINDS["news"](args.documents, 2024), path)
        docs = corpusfmt.load(path)
        size = path.stat().st_size
        plain_parquet = scratch / "plain.parquet"
        snappy_parquet = scratch / "snappy.parquet"
        pq.write_table(to_table(docs), plain_parquet, compression="none")
        corpusfmt.arrow.write_parquet(docs, snappy_parquet)
        print(f"bundle: {len(docs):,} documents, {size / 1e6:.1f} MB; ", end="")
        print(
            f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores"
        )
        print(f"best of {args.repeat}; ratio = first / second, lower is better\n")
        print(f"{'what':52} {'first s':>9} {'second s':>9} {'ratio':>7}")

        for label, parquet in (("uncompressed", plain_parquet), ("snappy", snappy_parquet)):
            ours, theirs = best(
                args.repeat,
                lambda: to_table(corpusfmt.load(path)),
                functools.partial(pq.read_table, parquet),
            )
            row(f"bundle -> Arrow / Parquet ({label}) -> Arrow", ours, theirs)
            ours = min(
                fresh(f"corpusfmt.arrow.to_table(corpusfmt.load({str(path)!r}))")
                for _ in range(args.repeat)
            )
            theirs = min(fresh(f"pq.read_table({str(parquet)!r})") for _ in range(args.repeat))
            row("  the same, each in a fresh interpreter", ours, theirs)
        ours, theirs = best(
            args.repeat, lambda: to_table(corpusfmt.load(path)), lambda: corpusfmt.load(path)
        )
        row("bundle -> Arrow / load (the table's own cost)", ours, theirs)

        print()
        whole = best(args.repeat, lambda: sum(1 for _ in corpusfmt.iter_load(path)))[0]
        per_range = 0.0
        for blocksize in (size // 4 + 1, 1 << 20, 1 << 18):
            pieces = corpusfmt.io.splits([str(path)], blocksize=blocksize)
            split = best(args.repeat, functools.partial(count_pieces, pieces))[0]
            per_range = (split - whole) / len(pieces) * 1e3
            row(
                f"{len(pieces):5} ranges of {blocksize / 1e6:.2f} MB / one iter_load", split, whole
            )
            print(f"{'':4}cost of a range: {per_range:.3f} ms")

        print()
        few = max(2, size // (8 << 20))
        paths = [str(path)]
        one = count_on(1, paths, size // few + 1, args.repeat)
        two = count_on(2, paths, size // few + 1, args.repeat)
        row(f"Dask, 2 workers / 1 worker ({few} ranges)", two, one)
        many_size = max(size // 400, 1 << 14)
        many = len(corpusfmt.io.splits(paths, blocksize=many_size))
        two_many = count_on(2, paths, many_size, args.repeat)
        per_task = max(two_many - two, 0.0) * 2 / max(many - few, 1) * 1e3
        row(f"Dask, 2 workers: {many} ranges / {few} ranges", two_many, two)
        print(f"{'':4}cost of one more task on a worker: {per_task:.2f} ms")
        # What a worker pays for each range it reads, against the reading of
        # a 64 MiB range: the same on 2 workers or 100, since each worker
        # finds its own first header and the scheduler hands out one task a
        # range.
        read_64 = one / size * (64 << 20)
        overhead = (per_task + max(per_range, 0.0)) / 1e3
        print(
            f"{'':4}a 64 MiB range takes {read_64:.2f} s to read here; a range and its task "
            f"cost {overhead * 1e3:.2f} ms more: {overhead / read_64:.2%}. A hundred workers "
            f"on 100 x {size / 1e6:.0f} MB, a range each, take "
            f"{(one + overhead) / one:.3f} x one worker's time here"
        )


if __name__ == "__main__":
    main()
