"""Digest records on every core for a large corpus; the totals are still added up in one process.

Parsing JSON and walking a record's segments is the whole cost of a summary, and each record
is independent: worker processes (forked, so they share the loaded codebook) each read a file
and reduce it to a `Digest` (counts and a few quotes, a few kilobytes); the main process adds
the digests up in file order, so the result is the same as a serial run, quote for quote.
Used on Linux (fork is cheap and safe there) with three or more CPUs and enough files to pay for it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from jimcode.errors import InvalidFileError
from jimcode.record_stream import Outcome, read_record_data, read_serially
from jimcode.summary_digest import CodebookIndex, Digest, digest_record

if TYPE_CHECKING:
    from jimcode.summary import Summariser

PARALLEL_FROM_FILES = 64
MAX_WORKERS = 8
CHUNK = 16

_index: CodebookIndex | None = None
_quotes = False


def worker_count(files: int) -> int:
    """How many worker processes to use for `files` files (0: read them in this process).

    One core is left to the process that adds the digests up, so workers start from three CPUs:
    on two, the gain measured was within the noise and lost whenever anything else was running.
    `JIMCODE_WORKERS=N` sets the number (0 turns workers off).
    """
    wanted = os.environ.get("JIMCODE_WORKERS", "").strip()
    if sys.platform != "linux" or files < PARALLEL_FROM_FILES or wanted == "0":
        return 0
    if wanted.isdigit():
        return int(wanted) if int(wanted) > 1 else 0
    cpus = len(os.sched_getaffinity(0))
    return min(cpus - 1, MAX_WORKERS) if cpus >= 3 else 0


def _digest_file(item: tuple[int, str]) -> bytes | InvalidFileError:
    order, name = item
    assert _index is not None
    try:
        data = read_record_data(Path(name), name)
        return digest_record(data, name, _index, order, _quotes).to_wire()
    except InvalidFileError as exc:
        return exc


def reader(consumer: Summariser, files: list[Path]) -> Iterator[Outcome]:
    """A `feed_records` reader: digests made by worker processes, yielded in file order."""
    workers = worker_count(len(files))
    if not workers:
        yield from read_serially(consumer, files)
        return
    import multiprocessing

    global _index, _quotes
    _index, _quotes = consumer.index, consumer.options.quotes > 0
    first = consumer.next_order
    context = multiprocessing.get_context("fork")
    with context.Pool(workers) as pool:
        work = ((first + i, str(path)) for i, path in enumerate(files))
        for path, outcome in zip(files, pool.imap(_digest_file, work, chunksize=CHUNK), strict=True):
            yield path, Digest.from_wire(outcome) if isinstance(outcome, bytes) else outcome
