"""``corpusfmt convert``: between a bundle, JSON Lines and a directory."""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import warnings
from pathlib import Path
from typing import Final

import corpusfmt
import corpusfmt.arrow
from corpusfmt import Document
from corpusfmt.cli._common import EXIT_OK, STDIO, Adder, CommandError, dialect_option, dump, load
from corpusfmt.cli._rescue import read_text
from corpusfmt.cli._unpack import restore

__all__ = ["add"]

FORMATS: Final = ("bundle", "jsonl", "parquet", "dir")
_JSONL_SUFFIXES: Final = (".jsonl", ".ndjson")
_PARQUET_SUFFIX: Final = ".parquet"
# What a name asks for: written so, never ignored.
_COMPRESSED: Final[dict[str, corpusfmt.Compression]] = {".gz": "gzip", ".zst": "zstd"}
# Compressions a name may ask for that corpusfmt cannot write: refused, never ignored.
_UNWRITTEN: Final = {".bz2": "bzip2", ".xz": "xz", ".lz4": "LZ4", ".zip": "zip"}


def add(command: Adder) -> None:
    convert = command(
        "convert",
        "convert between a bundle, JSON Lines and a directory",
        "Read INPUT and write OUTPUT. The formats are bundle, jsonl (one "
        '{"name", "text", "meta"} object per line; other fields are metadata), parquet '
        "(columns name, text, data, meta; needs pyarrow) and dir; they are told from the "
        "paths (a directory, a .jsonl or .parquet file) unless given with --from and "
        "--to. An OUTPUT whose name ends in .gz is written gzip-compressed, in .zst "
        "zstd-compressed (needs zstandard); compressed input is told by its first bytes.",
        "corpusfmt convert corpus.bundle corpus.jsonl.gz\n"
        "  corpusfmt convert rows.jsonl corpus.bundle --name-field id --text-field content",
    )
    convert.add_argument(
        "input", metavar="INPUT", help="a bundle, a .jsonl or .parquet file, a directory, or -"
    )
    convert.add_argument(
        "output", metavar="OUTPUT", help="a bundle, a .jsonl or .parquet file, a directory, or -"
    )
    convert.add_argument("--from", dest="source_format", choices=FORMATS)
    convert.add_argument("--to", dest="target_format", choices=FORMATS)
    convert.add_argument(
        "--name-field",
        default="name",
        metavar="FIELD",
        help="the JSON Lines field that holds each document's name (default: name)",
    )
    convert.add_argument(
        "--text-field",
        default="text",
        metavar="FIELD",
        help="the JSON Lines field that holds each document's text (default: text)",
    )
    dialect_option(convert)
    convert.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    # What the output's name asks for is refused before anything is read.
    compression = _compression_of_name(args.output)
    source = args.source_format or _format_of(args.input, reading=True)
    target = args.target_format or _format_of(args.output, reading=False)
    if target == "parquet" and compression is not None:
        raise CommandError(
            f"{args.output}: Parquet compresses its columns itself; leave "
            f"{Path(args.output).suffix} off"
        )
    args.current = args.input
    docs: list[Document]
    if source == "dir":
        # A directory read as a corpus is named from inside it, as unpack writes one.
        output = None if args.output == STDIO else args.output
        docs = corpusfmt.pack(".", root=args.input, output=output)
    elif source == "parquet":
        docs = corpusfmt.arrow.read_parquet(
            sys.stdin.buffer if args.input == STDIO else args.input
        )
    elif source == "jsonl":
        docs = corpusfmt.io.load_jsonl(
            sys.stdin.buffer if args.input == STDIO else args.input,
            name_field=args.name_field,
            text_field=args.text_field,
        )
    elif args.dialect == "v1":
        docs = load(args.input, args.dialect)
    else:
        docs = _documents_saying_what_is_dropped(args)
    if target == "dir":
        if args.output == STDIO:
            raise CommandError("a directory cannot be written to stdout")
        return restore(args, docs, args.output)
    if target == "parquet":
        if args.output == STDIO:
            corpusfmt.arrow.write_parquet(docs, sys.stdout.buffer)
            sys.stdout.buffer.flush()
        else:
            corpusfmt.arrow.write_parquet(docs, args.output)
        return EXIT_OK
    if target == "jsonl":
        if args.output == STDIO:
            corpusfmt.io.dump_jsonl(docs, sys.stdout.buffer)
            sys.stdout.buffer.flush()
        else:
            corpusfmt.io.dump_jsonl(docs, args.output, compression=compression)
    elif args.output == STDIO:
        dump(docs, args.output)
    else:
        corpusfmt.dump(docs, args.output, compression=compression)
    return EXIT_OK


def _documents_saying_what_is_dropped(args: argparse.Namespace) -> list[Document]:
    """The documents of a text in another dialect, with a note on the text around
    them, which no other format keeps."""
    with warnings.catch_warnings():
        # load() would warn of what a guess lost; parse() reports it below, once.
        warnings.simplefilter("ignore")
        bundle = corpusfmt.parse(read_text(args.input), args.dialect)
    for diagnostic in bundle.diagnostics:
        if diagnostic.severity == "warning":
            warnings.warn(
                f"line {diagnostic.lineno}, column {diagnostic.colno}: {diagnostic.msg}",
                stacklevel=2,
            )
    lineno = 1
    dropped: list[int] = []
    for part in bundle.parts:
        text = part if isinstance(part, str) else part.text
        if isinstance(part, str):
            dropped += [
                lineno + index for index, line in enumerate(part.splitlines()) if line.strip()
            ]
        lineno += text.count("\n")
    if dropped:
        lines = "line" if len(dropped) == 1 else "lines"
        print(
            f"corpusfmt: note: {len(dropped)} {lines} of text between the documents "
            f"(the first on line {dropped[0]}) are not converted",
            file=sys.stderr,
        )
    return bundle.documents


def _compression_of_name(path: str) -> corpusfmt.Compression | None:
    """The compression an output's name asks for: gzip for ``.gz``, zstd for ``.zst``."""
    suffix = Path(path).suffix.lower()
    if suffix in _UNWRITTEN:
        raise CommandError(
            f"{path}: the name asks for {_UNWRITTEN[suffix]} compression, which corpusfmt "
            "does not write; name it .gz for gzip or .zst for zstd, or leave the suffix off"
        )
    compression = _COMPRESSED.get(suffix)
    if compression == "zstd" and importlib.util.find_spec("zstandard") is None:
        raise CommandError(f"{path}: writing zstd needs zstandard: pip install 'corpusfmt[zstd]'")
    return compression


def _without_compression(path: str) -> str:
    suffix = Path(path).suffix
    return path.removesuffix(suffix) if suffix.lower() in _COMPRESSED else path


def _format_of(path: str, *, reading: bool) -> str:
    if path == STDIO:
        return "bundle"
    if _without_compression(path).endswith(_JSONL_SUFFIXES):
        return "jsonl"
    if _without_compression(path).endswith(_PARQUET_SUFFIX):
        return "parquet"
    if Path(path).is_dir() or path.endswith(("/", os.sep)):
        return "dir"
    if reading and not Path(path).exists():
        raise FileNotFoundError(2, "No such file or directory", path)
    return "bundle"
