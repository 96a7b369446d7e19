"""A full disk during a save or an import: SQLite refuses to grow the file, the transaction
rolls back, and the workspace is exactly as it was (the disk is made "full" by capping the
file's page count, which fails the way a full disk does: "database or disk is full")."""

from __future__ import annotations

import sqlite3

import peewee
import pytest

from smeplanner.core import bulk, consistency, search
from smeplanner.core.contact_io.importer import plan_import, run_import
from smeplanner.core.contact_io.record import ImportedContact
from smeplanner.core.contacts import contacts
from smeplanner.core.models import Company, Contact, ContactTag, LifecycleChange, Tag, db

# Raw cursor writes raise SQLite's error, ORM writes peewee's wrapper of it.
DISK_FULL = (sqlite3.OperationalError, peewee.OperationalError)
TABLES = (Contact, Company, Tag, ContactTag, LifecycleChange)


def state() -> dict[str, list[tuple]]:
    return {model._meta.table_name: sorted(model.select().tuples()) for model in TABLES}


@pytest.fixture
def full_disk(workspace):
    """The file may not grow beyond its current size."""
    contacts.create(first_name="Anna", email="anna@example.com")
    (pages,) = db.execute_sql("PRAGMA page_count").fetchone()
    db.execute_sql(f"PRAGMA max_page_count = {pages}")
    yield
    db.execute_sql("PRAGMA max_page_count = 1073741823")


def test_an_import_on_a_full_disk_writes_nothing(workspace, full_disk):
    before = state()
    plan = plan_import([ImportedContact(n, f"Person {n}", emails=[f"p{n}@example.com"],
                                        company=f"Firm {n}", notes="x" * 2000, tags=["T"])
                        for n in range(1, 2001)])
    with pytest.raises(DISK_FULL, match="full"):
        run_import(plan)
    assert state() == before
    assert consistency.check_workspace(db) == []


def test_a_save_on_a_full_disk_changes_nothing(workspace, full_disk):
    anna = Contact.get()
    before = state()
    with pytest.raises(DISK_FULL, match="full"):
        bulk.edit_contact(anna.id, notes="y" * 90_000)
    assert state() == before
    assert [hit.title for hit in search.search(db, "anna")] == ["Anna"]
