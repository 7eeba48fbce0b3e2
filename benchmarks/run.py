"""Measure corpusfmt against the cost of reading the file, and print ratios.

Every figure is a ratio of two timings taken in the same run on the same file,
each the best of --repeat runs, the two sides interleaved: machines are noisy,
ratios less so. Peak memory is measured in a fresh process for each reader.

    python benchmarks/run.py                     # 60,000 documents, ~300 MB, in a temp dir
    python benchmarks/run.py --bundle my.bundle  # an existing bundle
    python benchmarks/run.py --documents 300 --repeat 1   # a smoke run
    python benchmarks/run.py --corpus short --fresh-process  # 150,000 short documents,
                                                 # each reading in a new interpreter
    python benchmarks/run.py --corpus binary     # binary documents of 1 KiB-8 MiB
    python benchmarks/run.py --sizes --fresh-process --plot docs/performance-sizes.svg
                                                 # MB/s and memory by document size,
                                                 # the figure of the Performance page

With --fresh-process the reading rows run each timing in a new interpreter, as a
script that reads a bundle once does; the import is not timed.

Each row compares corpusfmt with a baseline named in the row: the ratio is
corpusfmt's time over the baseline's, so lower is better, and below 1 corpusfmt
is the faster. MB/s and documents/s are corpusfmt's, over the bundle's bytes.
"""

from __future__ import annotations

import argparse
import base64
import codecs
import gc
import importlib.metadata
import json
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import corpusfmt

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_corpus  # a sibling script, not a package

orjson: Any
try:
    import orjson
except ImportError:  # an optional extra: pip install 'corpusfmt[bench]'
    orjson = None


class Row(NamedTuple):
    """One measure: corpusfmt's time, the baseline's, the target ratio, the volume read."""

    what: str
    ours: float
    theirs: float
    target: str
    met: bool | None
    megabytes: float | None = None
    documents: int | None = None
    # How both sides ran: "fresh" interpreters, "in-process" or "commands".
    run: str = "in-process"


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


# The reading rows, as code, so that they can run in a fresh interpreter:
# (what, ours, theirs, target ratio). The names path, jsonl and bodies are set.
READING_ROWS = (
    (
        "load / (read + decode UTF-8)",
        "corpusfmt.load(path)",
        "open(path, 'rb').read().decode('utf-8')",
        1.5,
    ),
    (
        "load / JSON Lines with orjson",
        "corpusfmt.load(path)",
        "[orjson.loads(line) for line in open(jsonl, 'rb').read().splitlines()]",
        1.0,
    ),
    (
        "iter_load / load",
        "for _ in corpusfmt.iter_load(path): pass",
        "corpusfmt.load(path)",
        1.2,
    ),
    ("index / read bytes", "corpusfmt.index(path)", "open(path, 'rb').read()", 2.0),
)
BINARY_ROWS = (
    (
        "load / (read + base64 decode bodies)",
        "corpusfmt.load(path)",
        "open(path, 'rb').read(); [base64.b64decode(b) for b in open(bodies, 'rb').read().split()]",
        2.0,
    ),
    ("index / read bytes", "corpusfmt.index(path)", "open(path, 'rb').read()", 2.0),
)
PRELUDE = (
    "import base64, time, corpusfmt\ntry:\n    import orjson\nexcept ImportError:\n    pass\n"
)


def time_code(code: str, names: dict[str, str], fresh: bool) -> float:
    """Seconds *code* takes, in this interpreter or in a fresh one."""
    assignments = "".join(f"{name} = {value!r}\n" for name, value in names.items())
    if not fresh:
        namespace: dict[str, Any] = {}
        exec(PRELUDE + assignments, namespace)
        compiled = compile(code, "<row>", "exec")
        gc.collect()
        start = time.perf_counter()
        exec(compiled, namespace)
        return time.perf_counter() - start
    timed = (
        PRELUDE
        + assignments
        + "start = time.perf_counter()\n"
        + code
        + "\nprint(time.perf_counter() - start)\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", timed], capture_output=True, text=True, check=True
    )
    return float(output.stdout.split()[-1])


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


# Mean document sizes in characters for --sizes, from sentences to long articles.
SIZES = (100, 300, 1_000, 3_000, 10_000, 30_000)
# The readers --sizes compares, as code for time_code; path and jsonl are set.
SIZE_READERS = {
    "corpusfmt.load": "corpusfmt.load(path)",
    "corpusfmt.iter_load": "for _ in corpusfmt.iter_load(path): pass",
    "JSON Lines, orjson": "[orjson.loads(line) for line in open(jsonl, 'rb').read().splitlines()]",
    "read + decode": "open(path, 'rb').read().decode('utf-8')",
}
# The readers whose peak memory --sizes measures, as functions of the path.
MEMORY_READERS = {
    "corpusfmt.load": "lambda p: len(corpusfmt.load(p))",
    "corpusfmt.iter_load": "lambda p: sum(1 for _ in corpusfmt.iter_load(p))",
}


class SizeResult(NamedTuple):
    """What --sizes measured on the corpus of one mean document size."""

    size: int
    megabytes: float
    documents: int
    rates: dict[str, float]  # the bundle's MB over each reader's time
    peaks: dict[str, float]  # MiB of peak memory beyond the interpreter's


def throughput_by_size(scratch: Path, total: int, repeat: int, fresh: bool) -> list[SizeResult]:
    """MB/s of each reader and peak memory of load and iter_load, for corpora
    of *total* characters at each mean document size."""
    results = []
    for size in SIZES:
        path = scratch / f"size-{size}.bundle"
        jsonl = scratch / f"size-{size}.jsonl"
        docs = list(make_corpus.documents(max(total // size, 1), size, 2024))
        corpusfmt.dump(docs, path)
        with open(jsonl, "w", encoding="utf-8") as file:
            for doc in docs:
                record = {"name": doc.name, "text": doc.text, "meta": dict(doc.meta)}
                file.write(json.dumps(record, ensure_ascii=False) + "\n")
        megabytes = path.stat().st_size / 1e6
        names = {"path": str(path), "jsonl": str(jsonl)}
        readers = {
            label: code
            for label, code in SIZE_READERS.items()
            if orjson is not None or "orjson" not in code
        }
        best = dict.fromkeys(readers, float("inf"))
        for _ in range(repeat):
            for label, code in readers.items():
                best[label] = min(best[label], time_code(code, names, fresh))
        rates = {label: megabytes / seconds for label, seconds in best.items()}
        base = peak_rss_mib(path, "lambda p: 0")
        peaks = {
            label: max(peak_rss_mib(path, code) - base, 0.0)
            for label, code in MEMORY_READERS.items()
        }
        results.append(SizeResult(size, megabytes, len(docs), rates, peaks))
        path.unlink()
        jsonl.unlink()
    return results


def print_sizes(results: list[SizeResult]) -> None:
    """The two tables of --sizes: MB/s of each reader, peak memory of two."""
    tables = (
        (
            "MB/s, the bundle's size over each reader's time (orjson reads the same corpus"
            " as JSON Lines): higher is better",
            "documents",
            "rates",
        ),
        ("\npeak memory beyond the interpreter, MiB: lower is better", "MB", "peaks"),
    )
    for title, second, field in tables:
        labels = list(getattr(results[0], field))
        print(title)
        print(f"{'mean size':>10} {second:>10} " + " ".join(f"{label:>20}" for label in labels))
        for result in results:
            values = getattr(result, field)
            column = (
                f"{result.documents:>10,}"
                if second == "documents"
                else f"{result.megabytes:>10.1f}"
            )
            print(
                f"{result.size:>10,} {column} "
                + " ".join(f"{values[label]:>20.0f}" for label in labels)
            )


def plot(results: list[SizeResult], total: int, fresh: bool, target: Path) -> None:
    """Draw throughput and peak memory against document size into *target* (SVG or PNG)."""
    try:
        import matplotlib
    except ImportError:
        sys.exit("--plot needs matplotlib: pip install 'corpusfmt[bench]'")
    matplotlib.use("Agg")
    # Text stays text in an SVG, and the file changes only when the figures do.
    matplotlib.rcParams.update({"svg.fonttype": "none", "svg.hashsalt": "corpusfmt"})
    import matplotlib.pyplot as plt

    sizes = [result.size for result in results]
    figure, (speed, memory) = plt.subplots(1, 2, figsize=(11, 4.2), layout="constrained")
    panels = (
        (speed, "rates", "MB/s (higher is better)", "Reading speed by document size"),
        (memory, "peaks", "MiB (lower is better)", "Peak memory beyond the interpreter's"),
    )
    for axes, field, ylabel, title in panels:
        for label in getattr(results[0], field):
            values = [getattr(result, field)[label] for result in results]
            style = "--" if label == "read + decode" else "-"
            axes.plot(sizes, values, style, marker="o", label=label)
        axes.set(xscale="log", xlabel="mean document size, characters", ylabel=ylabel, title=title)
        axes.set_ylim(bottom=0)
        axes.legend()
        axes.grid(True, alpha=0.3)
        axes.set_xticks(sizes, [f"{size:,}" for size in sizes])
        axes.minorticks_off()
    where = "each reader in a fresh interpreter" if fresh else "read in one interpreter"
    figure.suptitle(f"Bundles of {total / 1e6:g} million characters of news text, {where}")
    figure.savefig(target, metadata={"Date": None} if target.suffix == ".svg" else None)
    plt.close(figure)


def command_rows(scratch: Path, path: Path, repeat: int, count: int) -> tuple[list[Row], str]:
    """``unpack`` against ``tar -x`` and ``pack`` against ``tar -c`` of the same
    tree, each a fresh process; and what ``cat`` of one document takes."""
    corpusfmt_command = [sys.executable, "-m", "corpusfmt"]
    tree = scratch / "tree"
    subprocess.run([*corpusfmt_command, "unpack", str(path), "-C", str(tree)], check=True)
    tarball = scratch / "tree.tar"
    subprocess.run(["tar", "-cf", str(tarball), "-C", str(tree), "."], check=True)
    target = scratch / "target"

    def fresh_target() -> None:
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir()

    def timed(*commands: list[str], before: Callable[[], None] = lambda: None) -> list[float]:
        """The best time of each command, run in turn, *repeat* rounds."""
        best = [float("inf")] * len(commands)
        for _ in range(repeat):
            for index, command in enumerate(commands):
                before()
                start = time.perf_counter()
                subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
                best[index] = min(best[index], time.perf_counter() - start)
        return best

    unpack, untar = timed(
        [*corpusfmt_command, "unpack", str(path), "-C", str(target)],
        ["tar", "-xf", str(tarball), "-C", str(target)],
        before=fresh_target,
    )
    packed = scratch / "packed.bundle"
    tarred = scratch / "packed.tar"

    def no_outputs() -> None:
        packed.unlink(missing_ok=True)
        tarred.unlink(missing_ok=True)

    pack, tar = timed(
        [*corpusfmt_command, "pack", "-q", "-C", str(tree), ".", "-o", str(packed)],
        ["tar", "-cf", str(tarred), "-C", str(tree), "."],
        before=no_outputs,
    )
    shutil.rmtree(target, ignore_errors=True)
    name = next(iter(corpusfmt.index(path)))
    cat, start_up = timed(
        [*corpusfmt_command, "cat", str(path), name], [sys.executable, "-c", "import corpusfmt"]
    )
    megabytes = path.stat().st_size / 1e6
    rows = [
        Row(
            "unpack / tar -x, a fresh process each",
            unpack,
            untar,
            "<= 2.0",
            unpack / untar <= 2,
            megabytes,
            count,
            "commands",
        ),
        Row(
            "pack / tar -c, a fresh process each",
            pack,
            tar,
            "<= 2.0",
            pack / tar <= 2,
            megabytes,
            count,
            "commands",
        ),
    ]
    cat_line = (
        f"cat of one document: {cat:.3f} s, of which {start_up:.3f} s start an "
        "interpreter and import corpusfmt"
    )
    return rows, cat_line


def report(rows: list[Row]) -> None:
    print("ratio = corpusfmt's time / the baseline's (after the '/'): lower is better")
    print(
        f"{'corpusfmt / baseline':40} {'run':10} {'corpusfmt s':>11} {'baseline s':>10}"
        f" {'ratio':>6}  {'target':7}  met  {'MB/s':>6} {'docs/s':>9}"
    )
    for row in rows:
        verdict = "-" if row.met is None else "yes" if row.met else "NO"
        rate = "-" if row.megabytes is None else f"{row.megabytes / row.ours:.0f}"
        per_second = "-" if row.documents is None else f"{row.documents / row.ours:,.0f}"
        print(
            f"{row.what:40} {row.run:10} {row.ours:11.3f} {row.theirs:10.3f}"
            f" {row.ours / row.theirs:6.2f}"
            f"  {row.target:7}  {verdict:3}  {rate:>6} {per_second:>9}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bundle", type=Path, help="measure this bundle instead of a new one")
    parser.add_argument(
        "--documents", type=int, help="default: 60000 news, 150000 short, 8 binary"
    )
    parser.add_argument("--repeat", type=int, default=5, help="rounds per timing (default: 5)")
    parser.add_argument(
        "--corpus",
        choices=("news", "short", "binary"),
        default="news",
        help="what the new bundle holds (default: news articles of about 5,000 characters)",
    )
    parser.add_argument(
        "--fresh-process",
        action="store_true",
        help="time each reading in a new interpreter, as a script that runs once",
    )
    parser.add_argument(
        "--sizes",
        action="store_true",
        help="instead, MB/s of load and of read + decode by mean document size",
    )
    parser.add_argument(
        "--plot",
        type=Path,
        help="with --sizes, also draw the figures (SVG or PNG, by the suffix; needs matplotlib)",
    )
    parser.add_argument(
        "--sizes-total",
        type=int,
        default=30_000_000,
        help="with --sizes, the characters of each corpus (default: 30000000)",
    )
    parser.add_argument(
        "--no-commands",
        action="store_true",
        help="leave out the command-line rows (unpack, pack, cat against tar), which take "
        "minutes for a corpus of many small files",
    )
    args = parser.parse_args()
    if args.sizes:
        with tempfile.TemporaryDirectory() as scratch_name:
            results = throughput_by_size(
                Path(scratch_name), args.sizes_total, args.repeat, args.fresh_process
            )
        print_sizes(results)
        if args.plot is not None:
            plot(results, args.sizes_total, args.fresh_process, args.plot)
        return
    count = args.documents or {"news": 60_000, "short": 150_000, "binary": 8}[args.corpus]

    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        path = args.bundle
        if path is None:
            path = scratch / "corpus.bundle"
            corpusfmt.dump(make_corpus.KINDS[args.corpus](count, 2024), path)
        docs = corpusfmt.load(path)
        binary = any(doc.is_binary for doc in docs)
        text = corpusfmt.dumps(docs)
        jsonl = scratch / "corpus.jsonl"
        bodies = scratch / "bodies.b64"
        with open(bodies, "wb") as body_file:
            for doc in docs:
                if doc.is_binary:
                    body_file.write(base64.b64encode(doc.data) + b"\n")
        with open(jsonl, "w", encoding="utf-8") as file:
            for doc in (doc for doc in docs if not doc.is_binary):
                record = {"name": doc.name, "text": doc.text, "meta": dict(doc.meta)}
                file.write(json.dumps(record, ensure_ascii=False) + "\n")
        out = scratch / "out.bundle"
        size = path.stat().st_size
        print(f"bundle: {len(docs):,} documents, {size / 1e6:.1f} MB")
        print(f"python {platform.python_version()} on {platform.machine()}, {platform.system()}")
        print(f"corpusfmt {importlib.metadata.version('corpusfmt')}, best of {args.repeat}")
        where = "each in a fresh interpreter" if args.fresh_process else "in this interpreter"
        print(f"reading rows timed {where}\n")

        rows: list[Row] = []
        megabytes = size / 1e6
        names = {"path": str(path), "jsonl": str(jsonl), "bodies": str(bodies)}
        for what, ours_code, theirs_code, limit in BINARY_ROWS if binary else READING_ROWS:
            if "orjson" in theirs_code and orjson is None:
                continue
            best = [float("inf"), float("inf")]
            for _ in range(args.repeat):
                for side, code in enumerate((ours_code, theirs_code)):
                    best[side] = min(best[side], time_code(code, names, args.fresh_process))
            met = best[0] / best[1] <= limit
            run = "fresh" if args.fresh_process else "in-process"
            rows.append(Row(what, best[0], best[1], f"<= {limit}", met, megabytes, len(docs), run))
        if binary:
            report(rows)
            rss = peak_rss_mib(path, "lambda p: len(corpusfmt.load(p))")
            base_rss = peak_rss_mib(path, "lambda p: 0")
            largest = max(len(doc.data) for doc in docs) / (1 << 20)
            held = sum(len(doc.data) for doc in docs) / (1 << 20)
            # What reading costs beyond holding the documents it returns.
            beyond = (rss - base_rss - held) / largest
            print(
                f"\npeak RSS, load: {rss - base_rss:.0f} MiB over the interpreter's "
                f"{base_rss:.0f} MiB, for {held:.0f} MiB of documents, the largest "
                f"{largest:.0f} MiB: beyond the documents, {beyond:.2f} times the largest "
                f"(target <= 3: {'yes' if beyond <= 3 else 'NO'})"
            )
            return

        def compare(
            what: str,
            ours: Callable[[], Any],
            theirs: Callable[[], Any],
            target: str = "-",
            met: Callable[[float], bool] | None = None,
            volume: tuple[float, int] | None = None,
        ) -> None:
            mine, other = best_of(args.repeat, ours, theirs)
            verdict = None if met is None else met(mine / other)
            read_mb, read_docs = volume if volume is not None else (megabytes, len(docs))
            rows.append(Row(what, mine, other, target, verdict, read_mb, read_docs))

        def write_encoded() -> None:
            with open(out, "wb") as file:
                file.write(text.encode("utf-8"))

        def dumps_and_write() -> None:
            with open(out, "wb") as file:
                file.write(corpusfmt.dumps(docs).encode("utf-8"))

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
            "<= 1.3",
            lambda r: r <= 1.3,
        )
        compare(
            "dump (streaming) / (encode + write)",
            lambda: corpusfmt.dump(docs, out),
            write_encoded,
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
        plain_volume = (len(plain_text.encode()) / 1e6, len(plain_docs))
        compare(
            "loads plain-strip dialect / loads v1",
            lambda: corpusfmt.loads(plain_text, "plain-strip"),
            lambda: corpusfmt.loads(v1_text),
            volume=plain_volume,
        )
        # A model's answer: prose between the blocks of a dialect.
        answer = "".join(
            f"Here is {doc.name}:\n" + corpusfmt.dumps([doc], "colon")
            for doc in plain_docs
            if doc.text.endswith("\n")
        )
        answer_volume = (len(answer.encode()) / 1e6, answer.count("Here is "))
        compare(
            "push parser colon, 4 KiB / parse colon",
            lambda: pushed(answer, "colon"),
            lambda: corpusfmt.parse(answer, "colon"),
            "<= 1.5",
            lambda r: r <= 1.5,
            answer_volume,
        )
        compare(
            "push parser auto, 4 KiB / parse colon",
            lambda: pushed(answer, "auto"),
            lambda: corpusfmt.parse(answer, "colon"),
            volume=answer_volume,
        )
        compare(
            "parse v1, lenient / loads v1",
            lambda: corpusfmt.parse(v1_text, strict=False),
            lambda: corpusfmt.loads(v1_text),
            volume=(len(v1_text.encode()) / 1e6, len(plain_docs)),
        )

        if args.no_commands:
            cat_line = "command-line rows left out (--no-commands)"
        elif shutil.which("tar") is not None:
            more_rows, cat_line = command_rows(scratch, path, args.repeat, len(docs))
            rows += more_rows
        else:
            cat_line = "tar is not installed: no pack, unpack or cat rows"
        report(rows)
        print(f"\n{cat_line}")
        iter_rss = peak_rss_mib(path, "lambda p: sum(1 for _ in corpusfmt.iter_load(p))")
        load_rss = peak_rss_mib(path, "lambda p: len(corpusfmt.load(p))")
        base_rss = peak_rss_mib(path, "lambda p: 0")
        # What the documents hold in memory: their text objects.
        held = sum(sys.getsizeof(doc.text) for doc in docs) / (1 << 20)
        ratio = (load_rss - base_rss) / held
        print(
            f"peak RSS, iter_load: {iter_rss:.0f} MiB (target <= 64 MiB: "
            f"{'yes' if iter_rss <= 64 else 'NO'}); load: {load_rss:.0f} MiB; "
            f"interpreter with corpusfmt imported: {base_rss:.0f} MiB"
        )
        print(
            f"load's memory over the interpreter / its documents' texts ({held:.0f} MiB): "
            f"{ratio:.2f} (target <= 1.5: {'yes' if ratio <= 1.5 else 'NO'})"
        )


if __name__ == "__main__":
    main()
