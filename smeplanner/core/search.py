"""Full-text search over contacts, companies, deals and campaigns (SQLite FTS5).

Two FTS5 tables hold the same text: ``search_trigram`` (trigram tokenizer) finds any
substring of three characters or more ("acme" in "Acme GmbH", "mid" in "Schmidt");
``search_words`` (unicode61 with 1- and 2-character prefix indexes) answers the first
keystrokes and word prefixes. Triggers on the four tables keep both in step with every
write that changes a record's text (updates fire only for the columns the text is made
of: ``INDEXED_COLUMNS``). Bulk loaders use :func:`deferred_index` to load first and
rebuild once; bulk writes to known records use :func:`suspended` and re-index just those.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from peewee import Database

KIND_CODES = {"contact": 1, "company": 2, "deal": 3, "campaign": 4}
KIND_ORDER = ("contact", "company", "deal", "campaign")
KIND_LABELS = {"contact": "Contacts", "company": "Companies", "deal": "Deals",
               "campaign": "Campaigns"}
FTS_TABLES = ("search_trigram", "search_words")

# Ids per statement in reindex(). SQLite builds before 3.32 allow at most 999 host
# parameters; 500 stays well inside that on any build (as core.snapshots.CHUNK).
_CHUNK = 500


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

# The kind whose index rows a table feeds, by table name.
KIND_OF_TABLE = {source[0]: kind for kind, source in _SOURCES.items()}

# The columns of each kind's own table that its index row is made of (the ``r.`` columns
# above, id included: the index row's rowid derives from it). The update triggers fire for
# these only, so that writes of anything else (a stage, consent, last_touch_at, timestamps)
# leave the FTS tables alone. Text taken from other tables (a contact's company name, a
# deal's contact name) follows through the rename triggers. test_search_triggers pins this
# list against the SQL above.
INDEXED_COLUMNS: dict[str, tuple[str, ...]] = {
    "contact": ("id", "first_name", "last_name", "email", "phone", "mobile", "job_title",
                "city", "company_id"),
    "company": ("id", "name", "website", "email", "phone", "city", "industry"),
    "deal": ("id", "title", "company_id", "contact_id"),
    "campaign": ("id", "name", "channel", "offer_code"),
}

# Which kind's index rows a kind's text appears in, and through which column: a company's
# name is in its contacts' and deals' text, a contact's name in its deals'. What the
# rename triggers follow; suspended() follows it too when it re-indexes.
_TEXT_USED_BY: dict[str, tuple[tuple[str, str], ...]] = {
    "company": (("contact", "company_id"), ("deal", "company_id")),
    "contact": (("deal", "contact_id"),),
}


def _select_rows(kind: str, where: str = "") -> str:
    table, title, detail = _SOURCES[kind]
    code = KIND_CODES[kind]
    return (f"SELECT r.id * 8 + {code}, '{kind}', r.id, {title}, {detail} "
            f"FROM {table} r {where}")


def schema_sql() -> list[str]:
    """DDL for the index tables and their triggers, as the latest migration leaves them.

    Migrations freeze this text (0001 the tables and first triggers, 0003 the update
    triggers limited to ``INDEXED_COLUMNS``); test_search_triggers checks that a freshly
    migrated workspace holds exactly these definitions.
    """
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
    columns = ", ".join(INDEXED_COLUMNS[kind])
    return [
        f"CREATE TRIGGER search_{kind}_ai AFTER INSERT ON {table} BEGIN {insert}END",
        f"CREATE TRIGGER search_{kind}_au AFTER UPDATE OF {columns} ON {table} "
        f"BEGIN {delete_old}{insert}END",
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


def _placeholders(count: int) -> str:
    return ", ".join("?" * count)


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start:start + _CHUNK]


def reindex(database: Database, kind: str, ids: Iterable[int]) -> None:
    """Make the index rows of records ``ids`` of ``kind`` match the records as stored now.

    Set-based: per slice of ids, one DELETE and one INSERT ... SELECT per FTS table, instead
    of a trigger's four statements per row. An id with no record (deleted) loses its index
    row. Only these records: text of theirs that other records show (a company's name in its
    contacts) is not followed here; :func:`suspended` does that.
    """
    if kind not in _SOURCES:
        raise ValueError(f"{kind!r} is not a searchable kind")
    code = KIND_CODES[kind]
    # Ascending, and all deletes before all inserts: FTS5 gathers a transaction's writes in
    # memory while rowids ascend and writes a segment out whenever one does not, so
    # alternating delete and insert per slice would write a small segment per slice.
    parts = list(_chunks(sorted(set(ids))))
    with database.atomic():
        for fts in FTS_TABLES:
            for part in parts:
                database.execute_sql(
                    f"DELETE FROM {fts} WHERE rowid IN ({_placeholders(len(part))})",
                    [row_id * 8 + code for row_id in part])
            for part in parts:
                where = f"WHERE r.id IN ({_placeholders(len(part))})"
                database.execute_sql(f"INSERT INTO {fts}(rowid, kind, ref_id, title, detail) "
                                     f"{_select_rows(kind, where)}", list(part))


def _triggers_on(database: Database, tables: Iterable[str] | None) -> dict[str, str]:
    """The search triggers (name → CREATE statement as stored) on ``tables``, or on all."""
    sql = ("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
           "AND name LIKE 'search!_%' ESCAPE '!'")
    params: list[str] = []
    if tables is not None:
        params = sorted(set(tables))
        sql += f" AND tbl_name IN ({_placeholders(len(params))})"
    return dict(database.execute_sql(sql + " ORDER BY name", params).fetchall())


@contextmanager
def _triggers_dropped(database: Database, tables: Iterable[str] | None = None
                      ) -> Iterator[None]:
    """Inside: the search triggers on ``tables`` (all if None) do not exist.

    Their stored definitions are put back on leaving, whatever happens. The caller's
    transaction must enclose this, so that a failure rolls back the writes together with
    the DROP and CREATE; a schema change, so statements prepared by other connections
    are re-prepared, and readers never see the triggers missing (WAL: not before commit,
    when they are back).
    """
    tables = None if tables is None else list(tables)
    saved = _triggers_on(database, tables)
    for name in saved:
        database.execute_sql(f'DROP TRIGGER "{name}"')
    try:
        yield
    finally:
        # Only those still missing: an error that made SQLite roll the whole transaction
        # back has restored them already, and "already exists" would hide that error.
        present = _triggers_on(database, tables)
        for name, sql in saved.items():
            if name not in present:
                database.execute_sql(sql)


@contextmanager
def deferred_index(database: Database) -> Iterator[None]:
    """Inside: writes do not touch the index; on leaving, one rebuild (4–10× faster in bulk).

    Must run inside the caller's transaction so that a failure restores the triggers too.
    """
    with _triggers_dropped(database):
        yield
    rebuild(database)


@dataclass(slots=True)
class PendingIndex:
    """The records whose index rows :func:`suspended` refreshes on leaving, by kind."""

    ids: dict[str, set[int]] = field(default_factory=dict)

    def add(self, kind: str, ids: Iterable[int]) -> None:
        """Re-index these records of ``kind`` (and whoever shows their text) on leaving."""
        if kind not in _SOURCES:
            raise ValueError(f"{kind!r} is not a searchable kind")
        self.ids.setdefault(kind, set()).update(ids)


def _users_of_text(database: Database, pending: dict[str, set[int]]) -> dict[str, set[int]]:
    """``pending`` plus the records whose text shows theirs (what the rename triggers do):
    the contacts and deals of a company, the deals of a contact."""
    wanted = {kind: set(ids) for kind, ids in pending.items()}
    # Companies first: the contacts they add may in turn name deals.
    for kind in ("company", "contact"):
        ids = sorted(wanted.get(kind, ()))
        for user, column in _TEXT_USED_BY[kind]:
            table = _SOURCES[user][0]
            for part in _chunks(ids):
                wanted.setdefault(user, set()).update(row_id for (row_id,) in database.execute_sql(
                    f"SELECT id FROM {table} WHERE {column} IN ({_placeholders(len(part))})",
                    list(part)))
    return wanted


@contextmanager
def suspended(database: Database, *kinds: str) -> Iterator[PendingIndex]:
    """Inside: writes to the tables of ``kinds`` do not touch the index; on leaving, the
    records named through the yielded :class:`PendingIndex` are re-indexed, and only those.

    For writing many known rows at once (restoring deleted contacts): a trigger re-indexes
    row by row, four FTS statements per row; :func:`reindex` does the same rows in a few
    statements. Name every record written: those of ``kinds`` whose text may have changed.
    Records showing their text elsewhere (the deals of a restored contact, the contacts of a
    renamed company) are added here, as the rename triggers would have done. Runs in a
    transaction of its own (a savepoint inside the caller's), so a failure rolls back the
    writes and the missing triggers together.
    """
    unknown = [kind for kind in kinds if kind not in _SOURCES]
    if unknown:
        raise ValueError(f"{unknown[0]!r} is not a searchable kind")
    tables = [_SOURCES[kind][0] for kind in kinds]
    pending = PendingIndex()
    with database.atomic():
        with _triggers_dropped(database, tables):
            yield pending
        for kind, ids in _users_of_text(database, pending.ids).items():
            reindex(database, kind, ids)


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
    # A word of punctuation only ("&" in "A & B") has nothing the index could match.
    terms = [term for term in text.split() if any(ch.isalnum() for ch in term)]
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
