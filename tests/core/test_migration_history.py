"""Migrations kept honest: a workspace of every shipped schema, filled, upgrades without loss.

For each version N the project has shipped, a fresh file gets migrations 1..N only (through
``migrations.upgrade`` itself, shown just those), realistic rows in every table that exists
at N (raw SQL, the columns of version N), and is then opened with ``open_workspace`` as a
user would: it must reach the newest schema, back up the old file first, and keep every row.
"""

from __future__ import annotations

import ast
import re
import sqlite3
from pathlib import Path
from types import ModuleType

import pytest
from peewee import SqliteDatabase

from smeplanner.core import migrations, search
from smeplanner.core.backups import FOLDER_NAME
from smeplanner.core.db import open_workspace
from tests.core import migration_fixtures as fixtures

SHIPPED = [number for number, _ in migrations.available()]
LATEST = migrations.latest_version()


def _build_at(path: Path, version: int) -> SqliteDatabase:
    """A new file as schema ``version`` of the app left it, left open.

    ``upgrade`` is the code that migrates users' files; shown only the migrations up to
    ``version``, it runs them exactly as a user's app of that version did.
    """
    shipped = [(number, module) for number, module in migrations.available() if number <= version]
    database = SqliteDatabase(str(path), pragmas={"foreign_keys": 1})
    database.connect()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(migrations, "available", lambda: shipped)
        assert migrations.upgrade(database, path) == (0, [])
    assert migrations.current_version(database) == version
    return database


def _version_of(path: Path) -> int:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("PRAGMA user_version").fetchone()[0]
    finally:
        connection.close()


def _snapshot_of(path: Path) -> fixtures.Snapshot:
    database = SqliteDatabase(str(path))
    try:
        return fixtures.snapshot(database)
    finally:
        database.close()


@pytest.mark.parametrize("version", SHIPPED, ids=[f"schema-{n}" for n in SHIPPED])
def test_a_filled_workspace_of_every_shipped_schema_upgrades_keeping_every_row(
        tmp_path: Path, version: int) -> None:
    path = tmp_path / f"schema-{version}.smeplanner"
    database = _build_at(path, version)
    with database.atomic():
        fixtures.fill(database)
    assert database.execute_sql("PRAGMA foreign_key_check").fetchall() == []
    inserted = fixtures.expected(database)
    before = fixtures.snapshot(database)
    assert fixtures.differences(inserted, before) == [], "the rows were not written as given"
    database.close()

    with open_workspace(path) as workspace:
        database = workspace.database
        assert migrations.current_version(database) == LATEST
        after = fixtures.snapshot(database)
        # Every row survives with the values it had, the defaults written by schema 1
        # (pipeline stages, lost reasons) included; new columns may hold anything.
        assert fixtures.differences(before, after) == []
        assert fixtures.differences(inserted, after) == []

        for text, kind, ref_id in fixtures.SEARCHES:
            hits = {(hit.kind, hit.id) for hit in search.search(database, text)}
            assert (kind, ref_id) in hits, f"search for {text!r} misses {kind} {ref_id}"
        assert search.index_is_consistent(database)
        # The index triggers survived too (a table rebuild drops them): it follows a rename
        # made now, to the company and to its contact and deal.
        database.execute_sql("UPDATE company SET name = 'Backstube Müller' WHERE id = 1")
        hits = {(hit.kind, hit.id) for hit in search.search(database, "Backstube")}
        assert {("company", 1), ("contact", 1), ("deal", 1)} <= hits

        assert database.execute_sql("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert database.execute_sql("PRAGMA foreign_key_check").fetchall() == []
        migrated_from, backups = workspace.migrated_from, workspace.backups

    if version == LATEST:
        assert (migrated_from, backups) == (None, [])
    else:
        assert migrated_from == version
        assert len(backups) == 1
        backup = backups[0]
        assert backup.exists()
        assert backup.parent == path.parent / FOLDER_NAME
        # The backup is the file as it was before the upgrade.
        assert _version_of(backup) == version
        assert _snapshot_of(backup) == before


def test_the_fixture_rows_name_only_columns_of_the_newest_schema(tmp_path: Path) -> None:
    """A misspelt column in the fixture rows would go unnoticed: fill() skips unknown ones."""
    database = _build_at(tmp_path / "latest.smeplanner", LATEST)
    try:
        for table, rows in fixtures.ROWS.items():
            columns = set(fixtures.columns_of(database, table))
            assert columns, f"{table} is not a table of schema {LATEST}"
            for row in rows:
                assert set(row) == columns, f"{table}: {set(row) ^ columns}"
    finally:
        database.close()


# -- the migration files themselves -----------------------------------------------------------

_FILE_NAME = re.compile(r"^(\d{4})_\w+\.py$")
# The modules that generate the live schema: a migration using them would change what it
# does whenever they change (0001, 0003, 0006 and 0007 say they are written out as SQL so
# that it never does).
_LIVE_SCHEMA = ("smeplanner.core.models", "smeplanner.core.search")
_SQL = re.compile(r"^\s*(CREATE|ALTER|DROP|INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


def test_migrations_are_numbered_from_one_without_gaps() -> None:
    assert list(range(1, len(SHIPPED) + 1)) == SHIPPED
    folder = Path(migrations.__file__).parent
    on_disk = sorted(int(match.group(1)) for file in folder.iterdir()
                     if (match := _FILE_NAME.match(file.name)))
    # Also no file that available() skips (a misspelt name) and no number used twice.
    assert on_disk == SHIPPED
    numbered = [file.name for file in folder.glob("[0-9]*.py")]
    assert len(numbered) == len(SHIPPED), f"misnamed migration files: {numbered}"


def _imported_names(tree: ast.Module) -> dict[str, str]:
    """Each name a module imports, to the dotted name it stands for."""
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                names[alias.asname or alias.name.split(".")[0]] = alias.name
        elif isinstance(node, ast.ImportFrom):
            package = node.module or ""
            if node.level:  # relative to smeplanner.core.migrations
                base = migrations.__name__.rsplit(".", node.level - 1)[0] \
                    if node.level > 1 else migrations.__name__
                package = f"{base}.{package}" if package else base
            for alias in node.names:
                names[alias.asname or alias.name] = f"{package}.{alias.name}"
    return names


def _frozen_declarations(tree: ast.Module) -> list[ast.stmt]:
    """What a migration freezes: module-level SQL (its strings) and any model classes."""
    found: list[ast.stmt] = []
    for node in tree.body:
        holds_sql = isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None \
            and any(isinstance(leaf, ast.Constant) and isinstance(leaf.value, str)
                    and _SQL.match(leaf.value) for leaf in ast.walk(node.value))
        if holds_sql or isinstance(node, ast.ClassDef):
            found.append(node)
    return found


@pytest.mark.parametrize("number, module", migrations.available(),
                         ids=[f"{n:04d}" for n in SHIPPED])
def test_frozen_schema_is_self_contained(number: int, module: ModuleType) -> None:
    """The migrations freeze their schema as SQL text (a ``TABLES`` or ``STATEMENTS`` tuple);
    a peewee model class would do as well. Either must be spelled out in the migration, never
    taken from the live models or search schema, so a later change there never changes what
    an old migration does."""
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    imported = _imported_names(tree)
    live = {name: target for name, target in imported.items()
            if any(target == m or target.startswith(f"{m}.") for m in _LIVE_SCHEMA)}
    assert not live, f"migration {number:04d} imports the live schema: {live}"
    from_elsewhere = {name for name, target in imported.items()
                      if not target.startswith(("peewee", "playhouse", "__future__"))}
    for declaration in _frozen_declarations(tree):
        used = {node.id for node in ast.walk(declaration) if isinstance(node, ast.Name)}
        borrowed = used & from_elsewhere
        assert not borrowed, (f"migration {number:04d}, line {declaration.lineno}: frozen "
                              f"schema uses {sorted(borrowed)} from outside the migration")
