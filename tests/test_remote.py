"""URLs through fsspec: its in-memory filesystem, and a local HTTP server with range requests."""

from __future__ import annotations

import errno
import gzip
import http.server
import io
import json
import re
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

import corpusfmt
from corpusfmt import CorpusFormatError, Document
from tests.command import run
from tests.extras import need

fsspec = need("fsspec", "fsspec-test")
need("aiohttp", "fsspec-test")

NEWS = [
    Document("001.txt", "Erster Absatz.\n\n<<<END FILE>>>\n"),
    Document("002.txt", "ohne Zeilenende"),
    Document.from_bytes("003.bin", bytes(range(256)) * 3),
    Document("004.txt", "\\<<<FILE x>>>\nletzte\n", {"lang": "de"}),
]
BUNDLE = corpusfmt.dumps(NEWS).encode()


@pytest.fixture
def memory() -> Iterator[str]:
    """A fresh folder of fsspec's in-memory filesystem."""
    filesystem = fsspec.filesystem("memory")
    root = "/corpusfmt-test"
    if filesystem.exists(root):
        filesystem.rm(root, recursive=True)
    filesystem.mkdir(root)
    yield f"memory://{root}"
    filesystem.rm(root, recursive=True)


def test_load_dump_and_iter_load_take_a_url(memory: str) -> None:
    url = f"{memory}/news.bundle"
    corpusfmt.dump(NEWS, url)
    assert fsspec.open(url, "rb").open().read() == BUNDLE
    assert corpusfmt.load(url) == NEWS
    assert list(corpusfmt.iter_load(url, chunk_size=7)) == NEWS
    corpusfmt.dump(NEWS, f"{memory}/news.bundle.gz", compression="gzip")
    with fsspec.open(f"{memory}/news.bundle.gz", "rb") as file:
        assert gzip.decompress(file.read()) == BUNDLE
    assert corpusfmt.load(f"{memory}/news.bundle.gz") == NEWS
    assert corpusfmt.io.compression_of(f"{memory}/news.bundle.gz") == "gzip"


def test_an_error_in_a_remote_bundle_is_placed(memory: str) -> None:
    url = f"{memory}/cut.bundle"
    with fsspec.open(url, "wb") as file:
        file.write(BUNDLE[:-15])
    with pytest.raises(CorpusFormatError) as local:
        corpusfmt.load(io.BytesIO(BUNDLE[:-15]))
    with pytest.raises(CorpusFormatError) as caught:
        corpusfmt.load(url)
    assert str(caught.value) == str(local.value)
    assert (caught.value.lineno, caught.value.document) == (25, "004.txt")
    with pytest.raises(CorpusFormatError) as streamed:
        list(corpusfmt.iter_load(url))
    assert (streamed.value.lineno, streamed.value.msg) == (caught.value.lineno, caught.value.msg)


def test_shards_and_their_manifest_at_a_url(memory: str, tmp_path: Path) -> None:
    manifest = corpusfmt.dump_shards(NEWS, tmp_path, max_documents=2, compression=None)
    filesystem = fsspec.filesystem("memory")
    for name in [shard.name for shard in manifest.shards] + ["corpus.manifest.json"]:
        filesystem.pipe(f"{memory}/{name}", (tmp_path / name).read_bytes())
    remote = corpusfmt.ShardManifest.read(f"{memory}/corpus.manifest.json")
    assert remote.paths == [f"{memory}/corpus-0000{n}.bundle" for n in range(2)]
    remote.verify()
    assert corpusfmt.shard_paths(f"{memory}/corpus-*.bundle") == remote.paths
    assert list(corpusfmt.iter_load(remote.paths)) == NEWS
    found = corpusfmt.index(remote.paths)
    assert found.read("003.bin") == NEWS[2]
    assert [
        doc for piece in corpusfmt.io.splits(remote.paths, blocksize=50) for doc in piece.read()
    ] == NEWS
    filesystem.pipe(f"{memory}/corpus-00001.bundle", b"changed")
    with pytest.raises(CorpusFormatError, match="has 7 bytes, but the manifest says"):
        remote.verify()


def test_a_byte_range_of_a_gzip_url_is_refused(memory: str) -> None:
    url = f"{memory}/news.bundle.gz"
    corpusfmt.dump(NEWS, url, compression="gzip")
    with pytest.raises(ValueError, match="gzip-compressed") as caught:
        list(corpusfmt.iter_load(url, byte_range=(0, 10)))
    assert str(caught.value) == (
        f"{url!r} is gzip-compressed; byte offsets need the bundle uncompressed"
    )


def test_without_fsspec_a_url_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "fsspec", None)
    with pytest.raises(ImportError) as caught:
        corpusfmt.load("s3://bucket/corpus.bundle")
    assert str(caught.value) == (
        "reading or writing 's3://bucket/corpus.bundle' needs fsspec: "
        "pip install 'corpusfmt[fsspec]'"
    )


@pytest.mark.parametrize(
    ("source", "is_url"),
    [
        ("s3://bucket/a.bundle", True),
        ("https://example.org/a.bundle", True),
        ("hf://datasets/user/corpus/a.bundle", True),
        ("memory://a", True),
        ("git+ssh://host/a", True),
        ("C://a.bundle", False),
        ("a.bundle", False),
        ("dir/s3://x", False),
        ("://a", False),
        (Path("s3:/bucket"), False),
    ],
)
def test_what_is_a_url(source: str | Path, is_url: bool) -> None:
    assert corpusfmt.io.is_url(source) is is_url


class _RangeHandler(http.server.BaseHTTPRequestHandler):
    """Serves one bundle with HEAD, GET and GET with a byte range, as object stores do."""

    data = BUNDLE
    requests: ClassVar[list[str]] = []

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _headers(self, status: int, length: int, extra: dict[str, str]) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(length))
        self.send_header("Accept-Ranges", "bytes")
        for key, value in extra.items():
            self.send_header(key, value)
        self.end_headers()

    def _found(self) -> bool:
        if self.path == "/news.bundle":
            return True
        self.send_error(404)
        return False

    def do_HEAD(self) -> None:
        self.requests.append("HEAD")
        if self._found():
            self._headers(200, len(self.data), {})

    def do_GET(self) -> None:
        if not self._found():
            return
        wanted = self.headers.get("Range")
        if wanted is None:
            self.requests.append("GET")
            self._headers(200, len(self.data), {})
            self.wfile.write(self.data)
            return
        match = re.fullmatch(r"bytes=(\d+)-(\d*)", wanted)
        assert match is not None, wanted
        start = int(match[1])
        end = min(int(match[2]) if match[2] else len(self.data) - 1, len(self.data) - 1)
        self.requests.append(f"GET {start}-{end}")
        part = self.data[start : end + 1]
        self._headers(206, len(part), {"Content-Range": f"bytes {start}-{end}/{len(self.data)}"})
        self.wfile.write(part)


@pytest.fixture
def http_url() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _RangeHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _RangeHandler.requests = []
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/news.bundle"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
        fsspec.filesystem("http").clear_instance_cache()


def test_a_bundle_over_http(http_url: str) -> None:
    assert corpusfmt.load(http_url) == NEWS
    assert list(corpusfmt.iter_load(http_url)) == NEWS


def test_index_and_read_over_http_use_range_requests(http_url: str) -> None:
    """The index is built once; a document is then fetched by its own bytes only."""
    found = corpusfmt.index(http_url)
    entry = found["004.txt"]
    _RangeHandler.requests.clear()
    assert found.read(http_url, "004.txt") == NEWS[3]
    fetched = [request for request in _RangeHandler.requests if request.startswith("GET")]
    assert fetched, "no request fetched the document"
    assert "GET" not in fetched, "the whole bundle was fetched"
    spans = [tuple(map(int, request.removeprefix("GET ").split("-"))) for request in fetched]
    # The first four bytes tell a compressed file; then the document's own bytes.
    assert spans == [(0, 3), (entry.start, entry.end - 1)]


def test_byte_ranges_over_http(http_url: str) -> None:
    pieces = corpusfmt.io.splits([http_url], blocksize=40)
    assert len(pieces) == -(-len(BUNDLE) // 40)
    assert [doc for piece in pieces for doc in piece.read()] == NEWS


def test_the_command_line_takes_a_url(http_url: str) -> None:
    listed = run("ls", "--json", http_url)
    assert listed.returncode == 0
    assert [entry["name"] for entry in json.loads(listed.stdout)] == [doc.name for doc in NEWS]
    shown = run("cat", http_url, "004.txt")
    assert (shown.returncode, shown.stdout) == (0, NEWS[3].text)
    assert run("check", http_url).returncode == 0


def test_a_missing_url_is_named_as_a_missing_file(http_url: str) -> None:
    missing = http_url.replace("news.bundle", "missing.bundle")
    with pytest.raises(FileNotFoundError) as caught:
        corpusfmt.load(missing)
    assert (caught.value.errno, caught.value.filename) == (errno.ENOENT, missing)
    result = run("check", missing)
    assert (result.returncode, result.stderr) == (
        1,
        f"corpusfmt: {missing}: No such file or directory\n",
    )
