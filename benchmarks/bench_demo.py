"""demo_scale200_s: build the scale-200 demo business (≈100k contacts) into a new file.

Floor: the same rows written the most direct way — copied table by table with
``INSERT … SELECT`` from the finished file into an empty one with the same schema, plus
one rebuild of the search index — so the ratio is what generating the data costs.
"""

from __future__ import annotations

import shutil
import sqlite3
import time
from pathlib import Path

from benchmarks.common import DATA, Result
from smeplanner.core import demo, search
from smeplanner.core.db import open_workspace

SCALE = 200


def build(path: Path, scale: float = SCALE) -> tuple[float, dict[str, int]]:
    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    shutil.rmtree(path.parent / "backups", ignore_errors=True)
    with open_workspace(path) as workspace:
        started = time.perf_counter()
        counts = demo.build_demo(workspace.database, scale=scale, seed=1)
        elapsed = time.perf_counter() - started
    return elapsed, counts


def copy_floor(source: Path, scratch: Path) -> float:
    """Time to write the same rows straight from one file into an empty copy of the schema."""
    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(str(scratch) + suffix).unlink(missing_ok=True)
    with open_workspace(scratch) as workspace:
        database = workspace.database
        tables = [row[0] for row in database.execute_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'search_%' "
            "AND name NOT LIKE 'sqlite_%'")]
        database.execute_sql("ATTACH DATABASE ? AS source", (str(source),))
        started = time.perf_counter()
        with database.atomic(), search.deferred_index(database):
            # Tables come in creation order, which is not parents first once a migration
            # adds a parent (deliverable_series): check the keys at commit instead.
            database.execute_sql("PRAGMA defer_foreign_keys = ON")
            for table in tables:
                database.execute_sql(f"DELETE FROM main.{table}")
                database.execute_sql(f"INSERT INTO main.{table} SELECT * FROM source.{table}")
        elapsed = time.perf_counter() - started
        database.execute_sql("DETACH DATABASE source")
    return elapsed


def run(path: Path | None = None) -> tuple[list[Result], Path]:
    DATA.mkdir(exist_ok=True)
    path = path or DATA / "scale200.smeplanner"
    elapsed, counts = build(path)
    floor = copy_floor(path, DATA / "copy-floor.smeplanner")
    summary = ", ".join(f"{counts.get(k, 0):,} {k}" for k in ("contact", "deal", "activity",
                                                               "campaign") if k in counts)
    sqlite3.connect(path).close()
    return [Result("demo_scale200_s", elapsed, "s", floor, note=summary)], path
