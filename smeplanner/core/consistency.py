"""The workspace's own consistency checks, beyond SQLite's: what ``smeplanner check`` runs.

SQLite's full ``integrity_check`` (every page, every index), its ``foreign_key_check``
(links to rows that are gone), and the search index in step with the records it indexes.
"""

from __future__ import annotations

from peewee import SqliteDatabase

from smeplanner.core import search


def check_workspace(database: SqliteDatabase) -> list[str]:
    """Every problem found, in words; an empty list when the workspace is sound."""
    problems: list[str] = []
    rows = database.execute_sql("PRAGMA integrity_check").fetchall()
    if rows != [("ok",)]:
        problems += [f"integrity: {row[0]}" for row in rows[:20]]
        return problems  # the other checks read the same damaged pages
    for table, row_id, parent, _key in database.execute_sql("PRAGMA foreign_key_check"):
        problems.append(f"link: {table} row {row_id} points to a missing {parent}")
    for fts in search.FTS_TABLES:
        try:
            database.execute_sql(f"INSERT INTO {fts}({fts}) VALUES ('integrity-check')")
        except Exception as error:  # SQLite reports a damaged FTS index as an error
            problems.append(f"search index {fts}: {error}")
        indexed = dict(database.execute_sql(f"SELECT kind, COUNT(*) FROM {fts} GROUP BY kind"))
        for table, kind in search.KIND_OF_TABLE.items():
            (stored,) = database.execute_sql(f"SELECT COUNT(*) FROM {table}").fetchone()
            if indexed.get(kind, 0) != stored:
                problems.append(f"search index {fts}: {indexed.get(kind, 0):,} {kind} entries "
                                f"for {stored:,} {table} rows")
    return problems
