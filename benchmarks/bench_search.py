"""search_p95_ms: 200 as-you-type queries over the 100k-contact workspace.

Each of 40 real names is typed one letter at a time (1 to 5 letters: 200 queries), and
every keystroke runs ``core.search.search``. Floor: the same FTS5 MATCH on the same file
through a bare ``sqlite3`` connection, fetching the same rows.
"""

from __future__ import annotations

import random
import sqlite3
import time
from pathlib import Path

from benchmarks.common import Result, percentile
from smeplanner.core import search
from smeplanner.core.db import open_workspace

QUERIES = 200
LETTERS = 5


def typed_queries(path: Path, count: int = QUERIES, seed: int = 7) -> list[str]:
    connection = sqlite3.connect(path)
    names = [row[0] for row in connection.execute(
        "SELECT last_name FROM contact WHERE length(last_name) >= ? ORDER BY id", (LETTERS,))]
    connection.close()
    chooser = random.Random(seed)
    picked = chooser.sample(names, count // LETTERS)
    return [name[:length].lower() for name in picked for length in range(1, LETTERS + 1)]


def run(path: Path) -> list[Result]:
    queries = typed_queries(path)
    with open_workspace(path) as workspace:
        search.search(workspace.database, "warm")  # first query pays for the page cache
        app_times = []
        for text in queries:
            started = time.perf_counter()
            search.search(workspace.database, text)
            app_times.append((time.perf_counter() - started) * 1000)

    raw = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    raw_times = []
    for text in queries:
        table, match = search.build_query(text)
        order = search.ranking(table, text)
        sql = (f"SELECT kind, ref_id, title, detail FROM {table} WHERE {table} MATCH ?{order} "
               "LIMIT 40")
        started = time.perf_counter()
        raw.execute(sql, (match,)).fetchall()
        raw_times.append((time.perf_counter() - started) * 1000)
    raw.close()
    return [Result("search_p95_ms", percentile(app_times, 0.95), "ms",
                   percentile(raw_times, 0.95),
                   note=f"{len(queries)} queries; p50 {percentile(app_times, 0.5):.2f} ms")]
