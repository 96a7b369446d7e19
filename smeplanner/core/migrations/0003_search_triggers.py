"""Schema 3: the search index's update triggers fire only for the columns of its text.

Version 1's ``search_<kind>_au`` triggers were ``AFTER UPDATE ON <table>``: every update
of a contact, company, deal or campaign rewrote its row in both FTS tables, four
statements per row, also when nothing the index holds had changed (a stage move, consent,
``last_touch_at`` set by a logged activity, ``updated_at``): nine tenths of the time of a
bulk stage change. ``AFTER UPDATE OF <columns>`` names the columns each kind's index text
is made of (``core.search.INDEXED_COLUMNS``, the id included because the index row's
rowid derives from it); the triggers' bodies are unchanged, and so is what the index
holds, so no rebuild is needed.

Frozen: generated once from ``core.search.schema_sql()`` and written out, so that later
changes to ``search.py`` never change what this migration does (test_search_triggers
checks a fresh workspace against ``schema_sql()`` so the two cannot drift apart unseen).
"""

from __future__ import annotations

from peewee import SqliteDatabase
from playhouse.migrate import SqliteMigrator

UPDATE_TRIGGERS = (
    "CREATE TRIGGER search_contact_au AFTER UPDATE OF id, first_name, last_name, email, phone, mobile, job_title, city, company_id ON contact BEGIN DELETE FROM search_trigram WHERE rowid = old.id * 8 + 1; DELETE FROM search_words WHERE rowid = old.id * 8 + 1; INSERT INTO search_trigram(rowid, kind, ref_id, title, detail) SELECT r.id * 8 + 1, 'contact', r.id, trim(r.first_name || ' ' || r.last_name), coalesce(r.email, '') || ' ' || coalesce(r.phone, '') || ' ' || coalesce(r.mobile, '') || ' ' || coalesce(r.job_title, '') || ' ' || coalesce(r.city, '') || ' ' || coalesce((SELECT c.name FROM company c WHERE c.id = r.company_id), '') FROM contact r WHERE r.id = new.id; INSERT INTO search_words(rowid, kind, ref_id, title, detail) SELECT r.id * 8 + 1, 'contact', r.id, trim(r.first_name || ' ' || r.last_name), coalesce(r.email, '') || ' ' || coalesce(r.phone, '') || ' ' || coalesce(r.mobile, '') || ' ' || coalesce(r.job_title, '') || ' ' || coalesce(r.city, '') || ' ' || coalesce((SELECT c.name FROM company c WHERE c.id = r.company_id), '') FROM contact r WHERE r.id = new.id; END",
    "CREATE TRIGGER search_company_au AFTER UPDATE OF id, name, website, email, phone, city, industry ON company BEGIN DELETE FROM search_trigram WHERE rowid = old.id * 8 + 2; DELETE FROM search_words WHERE rowid = old.id * 8 + 2; INSERT INTO search_trigram(rowid, kind, ref_id, title, detail) SELECT r.id * 8 + 2, 'company', r.id, r.name, coalesce(r.website, '') || ' ' || coalesce(r.email, '') || ' ' || coalesce(r.phone, '') || ' ' || coalesce(r.city, '') || ' ' || coalesce(r.industry, '') FROM company r WHERE r.id = new.id; INSERT INTO search_words(rowid, kind, ref_id, title, detail) SELECT r.id * 8 + 2, 'company', r.id, r.name, coalesce(r.website, '') || ' ' || coalesce(r.email, '') || ' ' || coalesce(r.phone, '') || ' ' || coalesce(r.city, '') || ' ' || coalesce(r.industry, '') FROM company r WHERE r.id = new.id; END",
    "CREATE TRIGGER search_deal_au AFTER UPDATE OF id, title, company_id, contact_id ON deal BEGIN DELETE FROM search_trigram WHERE rowid = old.id * 8 + 3; DELETE FROM search_words WHERE rowid = old.id * 8 + 3; INSERT INTO search_trigram(rowid, kind, ref_id, title, detail) SELECT r.id * 8 + 3, 'deal', r.id, r.title, coalesce((SELECT c.name FROM company c WHERE c.id = r.company_id), '') || ' ' || coalesce((SELECT trim(p.first_name || ' ' || p.last_name) FROM contact p WHERE p.id = r.contact_id), '') FROM deal r WHERE r.id = new.id; INSERT INTO search_words(rowid, kind, ref_id, title, detail) SELECT r.id * 8 + 3, 'deal', r.id, r.title, coalesce((SELECT c.name FROM company c WHERE c.id = r.company_id), '') || ' ' || coalesce((SELECT trim(p.first_name || ' ' || p.last_name) FROM contact p WHERE p.id = r.contact_id), '') FROM deal r WHERE r.id = new.id; END",
    "CREATE TRIGGER search_campaign_au AFTER UPDATE OF id, name, channel, offer_code ON campaign BEGIN DELETE FROM search_trigram WHERE rowid = old.id * 8 + 4; DELETE FROM search_words WHERE rowid = old.id * 8 + 4; INSERT INTO search_trigram(rowid, kind, ref_id, title, detail) SELECT r.id * 8 + 4, 'campaign', r.id, r.name, coalesce(r.channel, '') || ' ' || coalesce(r.offer_code, '') FROM campaign r WHERE r.id = new.id; INSERT INTO search_words(rowid, kind, ref_id, title, detail) SELECT r.id * 8 + 4, 'campaign', r.id, r.name, coalesce(r.channel, '') || ' ' || coalesce(r.offer_code, '') FROM campaign r WHERE r.id = new.id; END",
)

REPLACED = ("search_contact_au", "search_company_au", "search_deal_au", "search_campaign_au")


def migrate(database: SqliteDatabase, migrator: SqliteMigrator) -> None:
    for name in REPLACED:
        database.execute_sql(f"DROP TRIGGER IF EXISTS {name}")
    for statement in UPDATE_TRIGGERS:
        database.execute_sql(statement)
