"""Documents as Arrow tables: the bridge to pandas, Hugging Face datasets and polars.

Needs pyarrow (``pip install 'corpusfmt[arrow]'``), which this module
imports when a function of it is first called: ``import corpusfmt`` and the
command line start as fast without it, and a call without it raises an
:class:`ImportError` that says what to install.

>>> import corpusfmt
>>> from corpusfmt.arrow import from_table, to_table
>>> docs = [corpusfmt.Document("a.txt", "hallo\\n", {"lang": "de"}),
...         corpusfmt.Document.from_bytes("b.bin", b"\\xff")]
>>> table = to_table(docs)
>>> table.column_names
['name', 'text', 'data', 'meta']
>>> from_table(table) == docs
True

The table has a row per document: ``name``, ``text`` (null for a binary
document), ``data`` (its bytes; the column is there only when a document is
binary) and ``meta``, a list of ``{"key", "value"}`` structs in the
document's order (:func:`meta_type`). That type passes through pandas
(``table.to_pandas()``), ``datasets.Dataset(table)`` and polars
(``polars.from_arrow(table)``) and back; Arrow's ``map`` type would keep the
order too, but ``datasets`` refuses it. With ``meta="columns"`` each key is a
column of its own instead, null where a document lacks it.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable, Iterator
from typing import IO, Any, Final, Literal

import corpusfmt
from corpusfmt import Document

__all__ = [
    "MetaLayout",
    "from_table",
    "meta_type",
    "read_parquet",
    "records",
    "schema",
    "shard_records",
    "to_table",
    "write_parquet",
]

MetaLayout = Literal["pairs", "columns"]
_INSTALL: Final = "pip install 'corpusfmt[arrow]'"

_NAME: Final = "name"
_TEXT: Final = "text"
_DATA: Final = "data"
_META: Final = "meta"
_COLUMNS: Final = (_NAME, _TEXT, _DATA, _META)
# Columns pandas adds for an index that is not a plain range: not documents' data.
_PANDAS_INDEX: Final = "__index_level_"


def _pyarrow() -> Any:
    """pyarrow, imported on first use so that the package never needs it."""
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError as error:
        raise ImportError(f"corpusfmt.arrow needs pyarrow: {_INSTALL}") from error
    return pyarrow


def meta_type() -> Any:
    """The Arrow type of the ``meta`` column: ``list<struct<key: string, value: string>>``."""
    pa = _pyarrow()
    return pa.list_(pa.struct([("key", pa.string()), ("value", pa.string())]))


def schema() -> Any:
    """The Arrow schema of a table with every column :func:`to_table` can give:
    ``name`` (``string``), ``text`` (``large_string``), ``data`` (``large_binary``)
    and ``meta`` (:func:`meta_type`)."""
    pa = _pyarrow()
    return pa.schema(
        [
            (_NAME, pa.string()),
            (_TEXT, pa.large_string()),
            (_DATA, pa.large_binary()),
            (_META, meta_type()),
        ]
    )


def records(documents: Iterable[Document]) -> Iterator[dict[str, Any]]:
    """Yield each document as a row of :func:`schema`: a dict of ``name``, ``text``
    (``None`` for a binary document), ``data`` (its bytes, else ``None``) and
    ``meta`` (a list of ``{"key", "value"}`` dicts, in order).

    For what builds a table from rows, such as
    ``datasets.Dataset.from_generator``; :func:`from_table` reads the table
    back. Needs no pyarrow.

    >>> import corpusfmt
    >>> from corpusfmt.arrow import records
    >>> next(records([corpusfmt.Document("a.txt", "hallo\\n", {"lang": "de"})]))
    {'name': 'a.txt', 'text': 'hallo\\n', 'data': None, 'meta': [{'key': 'lang', 'value': 'de'}]}
    """
    for index, doc in enumerate(documents):
        if not isinstance(doc, Document):
            raise TypeError(f"item {index} is a {type(doc).__name__}, not a Document")
        binary = doc.is_binary
        yield {
            _NAME: doc.name,
            _TEXT: None if binary else doc.text,
            _DATA: doc.data if binary else None,
            _META: [{"key": key, "value": value} for key, value in doc.meta.items()],
        }


def shard_records(shards: corpusfmt.Shards) -> Iterator[dict[str, Any]]:
    """Yield the :func:`records` of the documents of *shards*, read as
    :func:`corpusfmt.iter_load` reads a list of shards.

    A generator for ``datasets.Dataset.from_generator(shard_records,
    gen_kwargs={"shards": paths}, num_proc=N, features=...)``, which gives
    each of its processes a share of the shards (see :doc:`howto/dataframes`).
    """
    yield from records(corpusfmt.iter_load(list(shards)))


def to_table(documents: Iterable[Document], *, meta: MetaLayout = "pairs") -> Any:
    """A ``pyarrow.Table`` of *documents*, one row each, in order.

    *meta* ``"pairs"`` (the default) puts each document's metadata in the
    ``meta`` column as ``{"key", "value"}`` structs, in its order; ``"columns"``
    makes a string column of each key, in the order the keys first appear,
    null where a document lacks the key (the order of a document's keys is
    then the columns' order). Texts and bytes are ``large_string`` and
    ``large_binary``, so a column may hold more than 2 GiB.
    """
    pa = _pyarrow()
    docs = list(documents)
    for index, doc in enumerate(docs):
        if not isinstance(doc, Document):
            raise TypeError(f"item {index} is a {type(doc).__name__}, not a Document")
    columns: dict[str, Any] = {
        _NAME: pa.array([doc.name for doc in docs], pa.string()),
        _TEXT: pa.array([None if doc.is_binary else doc.text for doc in docs], pa.large_string()),
    }
    if any(doc.is_binary for doc in docs):
        data = [doc.data if doc.is_binary else None for doc in docs]
        columns[_DATA] = pa.array(data, pa.large_binary())
    if meta == "pairs":
        pairs = [[{"key": k, "value": v} for k, v in doc.meta.items()] for doc in docs]
        columns[_META] = pa.array(pairs, meta_type())
    elif meta == "columns":
        keys = list(dict.fromkeys(key for doc in docs for key in doc.meta))
        taken = [key for key in keys if key in _COLUMNS]
        if taken:
            raise ValueError(
                f"the metadata key {taken[0]!r} is the name of a column of the table; "
                "use meta='pairs'"
            )
        for key in keys:
            columns[key] = pa.array([doc.meta.get(key) for doc in docs], pa.string())
    else:
        raise ValueError(f"meta must be 'pairs' or 'columns', not {meta!r}")
    return pa.table(columns)


def from_table(table: Any) -> list[Document]:
    """The documents of a ``pyarrow.Table`` (or anything ``pyarrow.table()`` takes).

    Rule: a ``name`` column (strings, or integers written as their digits),
    and a ``text`` column, a ``data`` column (bytes) or both, with exactly one
    of them set in each row. Metadata comes from a ``meta`` column, a list of
    ``{"key", "value"}`` structs or a map of strings, and from every other
    column, by its name, after it. ``string`` and ``large_string`` are both
    taken (pandas gives back ``large_string``). A null means absent; a value
    that is not a string is carried as its JSON text, with a
    :class:`UserWarning` that names the column. Columns pandas adds for an
    index (``__index_level_0__`` …) are left out.
    """
    pa = _pyarrow()
    if not isinstance(table, pa.Table):
        table = pa.table(table)
    names = table.column_names
    if _NAME not in names:
        raise ValueError(f"the table has no {_NAME!r} column; it has {names}")
    if _TEXT not in names and _DATA not in names:
        raise ValueError(f"the table has neither a {_TEXT!r} nor a {_DATA!r} column")
    rows = table.num_rows
    texts = _values(table, _TEXT, rows)
    datas = _values(table, _DATA, rows)
    if _META in names and not _is_pairs(table.schema.field(_META).type):
        raise TypeError(
            f"the {_META!r} column must be a list of {{key, value}} structs or a map of "
            f"strings, not {table.schema.field(_META).type}"
        )
    metas = _values(table, _META, rows)
    extra = [name for name in names if name not in _COLUMNS and not name.startswith(_PANDAS_INDEX)]
    # A column of nulls only (pandas' column of None) holds no value at all.
    typed = [
        name
        for name in extra
        if not (
            _is_text(table.schema.field(name).type)
            or pa.types.is_null(table.schema.field(name).type)
        )
    ]
    if typed:
        shown = ", ".join(repr(name) for name in typed)
        warnings.warn(f"{corpusfmt.formats.TYPED_METADATA}: {shown}", stacklevel=2)
    extra_values = {name: table.column(name).to_pylist() for name in extra}
    docs = []
    for row, (name, text, data, pairs) in enumerate(
        zip(table.column(_NAME).to_pylist(), texts, datas, metas, strict=True)
    ):
        meta = [*_pairs(pairs), *_extra(extra_values, row)]
        name = _name(name, row)
        if (text is None) == (data is None):
            what = "neither a {} nor a {}" if text is None else "both a {} and a {}"
            raise ValueError(f"row {row} ({name!r}) has {what.format(repr(_TEXT), repr(_DATA))}")
        try:
            if data is not None:
                docs.append(Document.from_bytes(name, data, meta))
            else:
                docs.append(Document(name, text, meta))
        except (TypeError, ValueError) as error:
            raise type(error)(f"row {row} ({name!r}): {error}") from error
    return docs


def _values(table: Any, column: str, rows: int) -> list[Any]:
    return table.column(column).to_pylist() if column in table.column_names else [None] * rows


def _is_text(arrow_type: Any) -> bool:
    types = _pyarrow().types
    return bool(types.is_string(arrow_type) or types.is_large_string(arrow_type))


def _name(value: Any, row: int) -> str:
    name = corpusfmt.formats.name_of(value)
    if name is None:
        raise TypeError(f"row {row}: the name must be a string or an integer, not {value!r}")
    return name


def _is_pairs(arrow_type: Any) -> bool:
    """Whether a ``meta`` column has a type that holds pairs of strings (or only
    nulls or empty lists, as pandas gives back a column that held nothing)."""
    pa = _pyarrow()
    if pa.types.is_null(arrow_type):
        return True
    if pa.types.is_map(arrow_type):
        return _is_text(arrow_type.key_type) and _is_text(arrow_type.item_type)
    if not (pa.types.is_list(arrow_type) or pa.types.is_large_list(arrow_type)):
        return False
    item = arrow_type.value_type
    if pa.types.is_null(item):
        return True
    if not pa.types.is_struct(item):
        return False
    fields = {item.field(index).name: item.field(index).type for index in range(item.num_fields)}
    return set(fields) == {"key", "value"} and all(map(_is_text, fields.values()))


def _pairs(value: Any) -> list[tuple[str, str]]:
    """A ``meta`` cell as pairs: structs of key and value, or a map (which pyarrow
    gives as a list of (key, value) tuples), nulls left out."""
    if value is None:
        return []
    found = []
    for item in value:
        key, text = (item["key"], item["value"]) if isinstance(item, dict) else item
        if text is not None:
            found.append((key, corpusfmt.formats.metadata_text(text)))
    return found


def _extra(values: dict[str, list[Any]], row: int) -> list[tuple[str, str]]:
    return [
        (key, corpusfmt.formats.metadata_text(column[row]))
        for key, column in values.items()
        if column[row] is not None
    ]


def read_parquet(source: str | os.PathLike[str] | IO[bytes]) -> list[Document]:
    """The documents of a Parquet file (a path or a binary file), as :func:`from_table` reads them."""
    pa = _pyarrow()
    return from_table(pa.parquet.read_table(source))


def write_parquet(
    documents: Iterable[Document],
    target: str | os.PathLike[str] | IO[bytes],
    *,
    meta: MetaLayout = "pairs",
) -> None:
    """Write *documents* to a Parquet file, as :func:`to_table` lays them out.

    A path is written through a temporary file beside it and renamed, as
    :func:`corpusfmt.dump` writes, so an interrupted run leaves no
    half-written file. Parquet compresses its columns itself (Snappy).
    """
    pa = _pyarrow()
    table = to_table(documents, meta=meta)
    if not isinstance(target, (str, os.PathLike)):
        pa.parquet.write_table(table, target)
        return
    # Arrow's own buffer, not a BytesIO: Python's finaliser of a BytesIO raises
    # BufferError when a view of it outlives it in a reference cycle.
    stream = pa.BufferOutputStream()
    pa.parquet.write_table(table, stream)
    with corpusfmt.io.atomic_writer(target) as file:
        file.write(stream.getvalue())
