"""Full-text search over contacts, companies, deals and campaigns (SQLite FTS5).

Two FTS5 tables hold the same text: ``search_trigram`` (trigram tokenizer) finds any
substring of three characters or more ("acme" in "Acme GmbH", "mid" in "Schmidt");
``search_words`` (unicode61 with 1- and 2-character prefix indexes) answers the first
keystrokes and word prefixes. Triggers on the four tables keep both in step with every
write; bulk loaders use :func:`deferred_index` to load first and rebuild once.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from peewee import Database

KIND_CODES = {"contact": 1, "company": 2, "deal": 3, "campaign": 4}
KIND_ORDER = ("contact", "company", "deal", "campaign")
KIND_LABELS = {"contact": "Contacts", "company": "Companies", "deal": "Deals",
               "campaign": "Campaigns"}
FTS_TABLES = ("search_trigram", "search_words")

def _joined(*parts: str) -> str:
    """SQL that joins text expressions with spaces, NULL as empty (concat_ws needs SQLite 3.44)."""
    return " || ' ' || ".join(f"coalesce({part}, '')" for part in parts)


# What each kind contributes: (table, title SQL, detail SQL), written over alias ``r``.
_SOURCES = {
    "contact": (
        "contact",
        "trim(r.first_name || ' ' || r.last_name)",
        _joined("r.email", "r.phone", "r.mobile", "r.job_title", "r.city",
                "(SELECT c.name FROM company c WHERE c.id = r.company_id)"),
    ),
    "company": (
        "company",
        "r.name",
        _joined("r.website", "r.email", "r.phone", "r.city", "r.industry"),
    ),
    "deal": (
        "deal",
        "r.title",
        _joined("(SELECT c.name FROM company c WHERE c.id = r.company_id)",
                "(SELECT trim(p.first_name || ' ' || p.last_name) FROM contact p "
                "WHERE p.id = r.contact_id)"),
    ),
    "campaign": (
        "campaign",
        "r.name",
        _joined("r.channel", "r.offer_code"),
    ),
}


def _select_rows(kind: str, where: str = "") -> str:
    table, title, detail = _SOURCES[kind]
    code = KIND_CODES[kind]
    return (f"SELECT r.id * 8 + {code}, '{kind}', r.id, {title}, {detail} "
            f"FROM {table} r {where}")


def schema_sql() -> list[str]:
    """DDL for the index tables and their triggers (as frozen in migration 0001)."""
    statements = [
        "CREATE VIRTUAL TABLE search_trigram USING fts5("
        "kind UNINDEXED, ref_id UNINDEXED, title, detail, tokenize='trigram')",
        "CREATE VIRTUAL TABLE search_words USING fts5("
        "kind UNINDEXED, ref_id UNINDEXED, title, detail, "
        "tokenize='unicode61 remove_diacritics 2', prefix='1 2')",
    ]
    statements += [sql for kind in KIND_ORDER for sql in _trigger_sql(kind)]
    # A renamed company changes the text of its contacts and deals; a renamed contact its deals.
    statements.append(
        "CREATE TRIGGER search_company_rename AFTER UPDATE OF name ON company BEGIN "
        + _reindex_sql("contact", "WHERE r.company_id = new.id")
        + _reindex_sql("deal", "WHERE r.company_id = new.id")
        + "END"
    )
    statements.append(
        "CREATE TRIGGER search_contact_rename AFTER UPDATE OF first_name, last_name ON contact "
        "BEGIN " + _reindex_sql("deal", "WHERE r.contact_id = new.id") + "END"
    )
    return statements


def _reindex_sql(kind: str, where: str) -> str:
    code = KIND_CODES[kind]
    table = _SOURCES[kind][0]
    sql = ""
    for fts in FTS_TABLES:
        sql += (f"DELETE FROM {fts} WHERE rowid IN "
                f"(SELECT r.id * 8 + {code} FROM {table} r {where}); ")
        sql += (f"INSERT INTO {fts}(rowid, kind, ref_id, title, detail) "
                f"{_select_rows(kind, where)}; ")
    return sql


def _trigger_sql(kind: str) -> list[str]:
    table = _SOURCES[kind][0]
    code = KIND_CODES[kind]
    insert = "".join(
        f"INSERT INTO {fts}(rowid, kind, ref_id, title, detail) "
        f"{_select_rows(kind, 'WHERE r.id = new.id')}; "
        for fts in FTS_TABLES
    )
    delete_old = "".join(f"DELETE FROM {fts} WHERE rowid = old.id * 8 + {code}; "
                         for fts in FTS_TABLES)
    return [
        f"CREATE TRIGGER search_{kind}_ai AFTER INSERT ON {table} BEGIN {insert}END",
        f"CREATE TRIGGER search_{kind}_au AFTER UPDATE ON {table} BEGIN {delete_old}{insert}END",
        f"CREATE TRIGGER search_{kind}_ad AFTER DELETE ON {table} BEGIN {delete_old}END",
    ]


def _trigger_names() -> list[str]:
    names = [f"search_{kind}_{suffix}" for kind in KIND_ORDER for suffix in ("ai", "au", "ad")]
    return [*names, "search_company_rename", "search_contact_rename"]


def rebuild(database: Database) -> None:
    """Refill both index tables from the source tables (after a bulk load)."""
    with database.atomic():
        for fts in FTS_TABLES:
            database.execute_sql(f"DELETE FROM {fts}")
            for kind in KIND_ORDER:
                database.execute_sql(
                    f"INSERT INTO {fts}(rowid, kind, ref_id, title, detail) {_select_rows(kind)}")
            database.execute_sql(f"INSERT INTO {fts}({fts}) VALUES ('optimize')")


@contextmanager
def deferred_index(database: Database) -> Iterator[None]:
    """Inside: writes do not touch the index; on leaving, one rebuild (4–10× faster in bulk).

    Must run inside the caller's transaction so that a failure restores the triggers too.
    """
    trigger_sql = {name: sql for name, sql in database.execute_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'search_%'")}
    for name in trigger_sql:
        database.execute_sql(f"DROP TRIGGER {name}")
    try:
        yield
    finally:
        for sql in trigger_sql.values():
            database.execute_sql(sql)
    rebuild(database)


@dataclass(frozen=True, slots=True)
class SearchHit:
    kind: str
    id: int
    title: str
    detail: str


def _fts_query(terms: list[str], prefix: bool) -> str:
    quoted = ['"' + term.replace('"', '""') + '"' + ("*" if prefix else "") for term in terms]
    return " AND ".join(quoted)


def build_query(text: str) -> tuple[str, str] | None:
    """The FTS table and MATCH expression for what the user typed, or None for nothing."""
    terms = [term for term in text.split() if term.strip('"')]
    if not terms:
        return None
    if all(len(term) >= 3 for term in terms):
        return "search_trigram", _fts_query(terms, prefix=False)
    return "search_words", _fts_query(terms, prefix=True)


def ranking(table: str, text: str) -> str:
    """ORDER BY for a query: a match in the title counts ten times one in the detail.

    A one-letter query would score most of the index; its first rows do as well.
    """
    if len(text.strip()) < 2:
        return ""
    return f" ORDER BY bm25({table}, 0.0, 0.0, 10.0, 1.0)"


def search(database: Database, text: str, *, limit: int = 40,
           kinds: tuple[str, ...] | None = None) -> list[SearchHit]:
    """Records matching ``text`` by substring (3+ characters) or word prefix, best first."""
    built = build_query(text)
    if built is None:
        return []
    table, match = built
    kind_filter = ""
    params: list[object] = [match]
    if kinds:
        kind_filter = f" AND kind IN ({', '.join('?' * len(kinds))})"
        params += list(kinds)
    order = ranking(table, text)
    sql = (f"SELECT kind, ref_id, title, detail FROM {table} WHERE {table} MATCH ?"
           f"{kind_filter}{order} LIMIT ?")
    params.append(limit)
    return [SearchHit(kind, int(ref_id), title or "", " ".join((detail or "").split()))
            for kind, ref_id, title, detail in database.execute_sql(sql, params)]


def grouped(hits: list[SearchHit], per_kind: int = 8) -> dict[str, list[SearchHit]]:
    """Hits grouped by kind in the display order, at most ``per_kind`` each."""
    groups: dict[str, list[SearchHit]] = {kind: [] for kind in KIND_ORDER}
    for hit in hits:
        bucket = groups[hit.kind]
        if len(bucket) < per_kind:
            bucket.append(hit)
    return {kind: bucket for kind, bucket in groups.items() if bucket}


def index_is_consistent(database: Database) -> bool:
    """True when both index tables hold exactly one row per source record."""
    expected = sum(database.execute_sql(f"SELECT count(*) FROM {_SOURCES[k][0]}").fetchone()[0]
                   for k in KIND_ORDER)
    return all(database.execute_sql(f"SELECT count(*) FROM {fts}").fetchone()[0] == expected
               for fts in FTS_TABLES)
