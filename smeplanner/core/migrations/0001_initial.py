"""Schema 1: every table of the first release, the search index and the default pipeline.

Frozen: this is the schema as it was at version 1, written out as SQL so that later changes
to ``models.py`` never change what this migration does.
"""

from __future__ import annotations

from peewee import SqliteDatabase
from playhouse.migrate import SqliteMigrator

APPLICATION_ID = 0x534D4550

TABLES = (
    'CREATE TABLE "company" ("id" INTEGER NOT NULL PRIMARY KEY, "created_at" TEXT NOT NULL, "updated_at" TEXT NOT NULL, "name" VARCHAR(255) NOT NULL, "industry" VARCHAR(255) NOT NULL, "size_band" VARCHAR(255) NOT NULL, "website" VARCHAR(255) NOT NULL, "phone" VARCHAR(255) NOT NULL, "email" VARCHAR(255) NOT NULL, "address" TEXT NOT NULL, "city" VARCHAR(255) NOT NULL, "postcode" VARCHAR(255) NOT NULL, "region" VARCHAR(255) NOT NULL, "country" VARCHAR(255) NOT NULL, "notes" TEXT NOT NULL)',
    'CREATE INDEX "company_name" ON "company" ("name")',
    'CREATE TABLE "campaign" ("id" INTEGER NOT NULL PRIMARY KEY, "created_at" TEXT NOT NULL, "updated_at" TEXT NOT NULL, "name" VARCHAR(255) NOT NULL, "channel" VARCHAR(255) NOT NULL, "objective" VARCHAR(255) NOT NULL, "status" VARCHAR(255) NOT NULL, "start_date" DATE NOT NULL, "end_date" DATE NOT NULL, "budget" INTEGER NOT NULL, "target_leads" INTEGER, "target_revenue" INTEGER, "audience_tags" TEXT NOT NULL, "audience_stages" TEXT NOT NULL, "offer_discount_pct" TEXT, "offer_code" VARCHAR(255) NOT NULL, "offer_start" DATE, "offer_end" DATE, "agency_id" INTEGER, "impressions" INTEGER, "clicks" INTEGER, "visits" INTEGER, "notes" TEXT NOT NULL, FOREIGN KEY ("agency_id") REFERENCES "company" ("id") ON DELETE SET NULL)',
    'CREATE INDEX "campaign_name" ON "campaign" ("name")',
    'CREATE INDEX "campaign_status" ON "campaign" ("status")',
    'CREATE INDEX "campaign_start_date" ON "campaign" ("start_date")',
    'CREATE INDEX "campaign_end_date" ON "campaign" ("end_date")',
    'CREATE INDEX "campaign_agency_id" ON "campaign" ("agency_id")',
    'CREATE TABLE "contact" ("id" INTEGER NOT NULL PRIMARY KEY, "created_at" TEXT NOT NULL, "updated_at" TEXT NOT NULL, "first_name" VARCHAR(255) NOT NULL, "last_name" VARCHAR(255) NOT NULL, "email" VARCHAR(255) NOT NULL, "phone" VARCHAR(255) NOT NULL, "mobile" VARCHAR(255) NOT NULL, "job_title" VARCHAR(255) NOT NULL, "company_id" INTEGER, "lifecycle_stage" VARCHAR(255) NOT NULL, "stage_changed_at" TEXT NOT NULL, "source_channel" VARCHAR(255) NOT NULL, "source_campaign_id" INTEGER, "marketing_opt_in" INTEGER NOT NULL, "opt_in_date" DATE, "do_not_contact" INTEGER NOT NULL, "address" TEXT NOT NULL, "city" VARCHAR(255) NOT NULL, "postcode" VARCHAR(255) NOT NULL, "region" VARCHAR(255) NOT NULL, "country" VARCHAR(255) NOT NULL, "notes" TEXT NOT NULL, "last_touch_at" TEXT, "next_follow_up" DATE, FOREIGN KEY ("company_id") REFERENCES "company" ("id") ON DELETE SET NULL, FOREIGN KEY ("source_campaign_id") REFERENCES "campaign" ("id") ON DELETE SET NULL)',
    'CREATE INDEX "contact_last_name" ON "contact" ("last_name")',
    'CREATE INDEX "contact_email" ON "contact" ("email")',
    'CREATE INDEX "contact_company_id" ON "contact" ("company_id")',
    'CREATE INDEX "contact_lifecycle_stage" ON "contact" ("lifecycle_stage")',
    'CREATE INDEX "contact_source_channel" ON "contact" ("source_channel")',
    'CREATE INDEX "contact_source_campaign_id" ON "contact" ("source_campaign_id")',
    'CREATE INDEX "contact_last_touch_at" ON "contact" ("last_touch_at")',
    'CREATE INDEX "contact_next_follow_up" ON "contact" ("next_follow_up")',
    'CREATE TABLE "pipeline_stage" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(255) NOT NULL, "position" INTEGER NOT NULL, "probability" INTEGER NOT NULL, "kind" VARCHAR(255) NOT NULL, "rotting_days" INTEGER)',
    'CREATE UNIQUE INDEX "pipeline_stage_name" ON "pipeline_stage" ("name")',
    'CREATE INDEX "pipeline_stage_position" ON "pipeline_stage" ("position")',
    'CREATE TABLE "deal" ("id" INTEGER NOT NULL PRIMARY KEY, "created_at" TEXT NOT NULL, "updated_at" TEXT NOT NULL, "title" VARCHAR(255) NOT NULL, "contact_id" INTEGER, "company_id" INTEGER, "stage_id" INTEGER NOT NULL, "amount" INTEGER NOT NULL, "probability_override" INTEGER, "expected_close" DATE, "status" VARCHAR(255) NOT NULL, "closed_on" DATE, "close_reason" TEXT NOT NULL, "source_campaign_id" INTEGER, "next_step" TEXT NOT NULL, "next_step_date" DATE, "notes" TEXT NOT NULL, "stage_entered_at" TEXT NOT NULL, FOREIGN KEY ("contact_id") REFERENCES "contact" ("id") ON DELETE SET NULL, FOREIGN KEY ("company_id") REFERENCES "company" ("id") ON DELETE SET NULL, FOREIGN KEY ("stage_id") REFERENCES "pipeline_stage" ("id") ON DELETE RESTRICT, FOREIGN KEY ("source_campaign_id") REFERENCES "campaign" ("id") ON DELETE SET NULL)',
    'CREATE INDEX "deal_title" ON "deal" ("title")',
    'CREATE INDEX "deal_contact_id" ON "deal" ("contact_id")',
    'CREATE INDEX "deal_company_id" ON "deal" ("company_id")',
    'CREATE INDEX "deal_stage_id" ON "deal" ("stage_id")',
    'CREATE INDEX "deal_expected_close" ON "deal" ("expected_close")',
    'CREATE INDEX "deal_status" ON "deal" ("status")',
    'CREATE INDEX "deal_closed_on" ON "deal" ("closed_on")',
    'CREATE INDEX "deal_source_campaign_id" ON "deal" ("source_campaign_id")',
    'CREATE TABLE "activity" ("id" INTEGER NOT NULL PRIMARY KEY, "created_at" TEXT NOT NULL, "updated_at" TEXT NOT NULL, "kind" VARCHAR(255) NOT NULL, "subject" VARCHAR(255) NOT NULL, "notes" TEXT NOT NULL, "due_date" DATE, "due_at" TEXT, "duration_minutes" INTEGER NOT NULL, "done" INTEGER NOT NULL, "done_at" TEXT, "role" VARCHAR(255) NOT NULL, "contact_id" INTEGER, "company_id" INTEGER, "deal_id" INTEGER, "campaign_id" INTEGER, FOREIGN KEY ("contact_id") REFERENCES "contact" ("id") ON DELETE CASCADE, FOREIGN KEY ("company_id") REFERENCES "company" ("id") ON DELETE SET NULL, FOREIGN KEY ("deal_id") REFERENCES "deal" ("id") ON DELETE SET NULL, FOREIGN KEY ("campaign_id") REFERENCES "campaign" ("id") ON DELETE SET NULL)',
    'CREATE INDEX "activity_kind" ON "activity" ("kind")',
    'CREATE INDEX "activity_due_date" ON "activity" ("due_date")',
    'CREATE INDEX "activity_done" ON "activity" ("done")',
    'CREATE INDEX "activity_contact_id" ON "activity" ("contact_id")',
    'CREATE INDEX "activity_company_id" ON "activity" ("company_id")',
    'CREATE INDEX "activity_deal_id" ON "activity" ("deal_id")',
    'CREATE INDEX "activity_campaign_id" ON "activity" ("campaign_id")',
    'CREATE TABLE "campaign_expense" ("id" INTEGER NOT NULL PRIMARY KEY, "campaign_id" INTEGER NOT NULL, "spent_on" DATE NOT NULL, "amount" INTEGER NOT NULL, "vendor" VARCHAR(255) NOT NULL, "note" TEXT NOT NULL, FOREIGN KEY ("campaign_id") REFERENCES "campaign" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "campaign_expense_campaign_id" ON "campaign_expense" ("campaign_id")',
    'CREATE TABLE "product" ("id" INTEGER NOT NULL PRIMARY KEY, "created_at" TEXT NOT NULL, "updated_at" TEXT NOT NULL, "name" VARCHAR(255) NOT NULL, "sku" VARCHAR(255) NOT NULL, "price" INTEGER NOT NULL, "unit_cost" INTEGER NOT NULL, "active" INTEGER NOT NULL)',
    'CREATE INDEX "product_name" ON "product" ("name")',
    'CREATE INDEX "product_sku" ON "product" ("sku")',
    'CREATE TABLE "campaign_product" ("campaign_id" INTEGER NOT NULL, "product_id" INTEGER NOT NULL, PRIMARY KEY ("campaign_id", "product_id"), FOREIGN KEY ("campaign_id") REFERENCES "campaign" ("id") ON DELETE CASCADE, FOREIGN KEY ("product_id") REFERENCES "product" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "campaign_product_campaign_id" ON "campaign_product" ("campaign_id")',
    'CREATE INDEX "campaign_product_product_id" ON "campaign_product" ("product_id")',
    'CREATE TABLE "tag" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(255) NOT NULL)',
    'CREATE UNIQUE INDEX "tag_name" ON "tag" ("name")',
    'CREATE TABLE "contact_tag" ("contact_id" INTEGER NOT NULL, "tag_id" INTEGER NOT NULL, PRIMARY KEY ("contact_id", "tag_id"), FOREIGN KEY ("contact_id") REFERENCES "contact" ("id") ON DELETE CASCADE, FOREIGN KEY ("tag_id") REFERENCES "tag" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "contact_tag_contact_id" ON "contact_tag" ("contact_id")',
    'CREATE INDEX "contact_tag_tag_id" ON "contact_tag" ("tag_id")',
    'CREATE TABLE "deal_line" ("id" INTEGER NOT NULL PRIMARY KEY, "deal_id" INTEGER NOT NULL, "product_id" INTEGER, "description" VARCHAR(255) NOT NULL, "quantity" TEXT NOT NULL, "unit_price" INTEGER NOT NULL, "discount_pct" TEXT NOT NULL, FOREIGN KEY ("deal_id") REFERENCES "deal" ("id") ON DELETE CASCADE, FOREIGN KEY ("product_id") REFERENCES "product" ("id") ON DELETE SET NULL)',
    'CREATE INDEX "deal_line_deal_id" ON "deal_line" ("deal_id")',
    'CREATE INDEX "deal_line_product_id" ON "deal_line" ("product_id")',
    'CREATE TABLE "deal_stage_change" ("id" INTEGER NOT NULL PRIMARY KEY, "deal_id" INTEGER NOT NULL, "from_stage_id" INTEGER, "to_stage_id" INTEGER NOT NULL, "changed_at" TEXT NOT NULL, FOREIGN KEY ("deal_id") REFERENCES "deal" ("id") ON DELETE CASCADE, FOREIGN KEY ("from_stage_id") REFERENCES "pipeline_stage" ("id") ON DELETE SET NULL, FOREIGN KEY ("to_stage_id") REFERENCES "pipeline_stage" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "deal_stage_change_deal_id" ON "deal_stage_change" ("deal_id")',
    'CREATE INDEX "deal_stage_change_from_stage_id" ON "deal_stage_change" ("from_stage_id")',
    'CREATE INDEX "deal_stage_change_to_stage_id" ON "deal_stage_change" ("to_stage_id")',
    'CREATE INDEX "deal_stage_change_changed_at" ON "deal_stage_change" ("changed_at")',
    'CREATE TABLE "goal" ("id" INTEGER NOT NULL PRIMARY KEY, "period" VARCHAR(255) NOT NULL, "period_start" DATE NOT NULL, "metric" VARCHAR(255) NOT NULL, "target" INTEGER NOT NULL)',
    'CREATE UNIQUE INDEX "goal_period_period_start_metric" ON "goal" ("period", "period_start", "metric")',
    'CREATE TABLE "lifecycle_change" ("id" INTEGER NOT NULL PRIMARY KEY, "contact_id" INTEGER NOT NULL, "from_stage" VARCHAR(255), "to_stage" VARCHAR(255) NOT NULL, "changed_at" TEXT NOT NULL, FOREIGN KEY ("contact_id") REFERENCES "contact" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "lifecycle_change_contact_id" ON "lifecycle_change" ("contact_id")',
    'CREATE INDEX "lifecycle_change_changed_at" ON "lifecycle_change" ("changed_at")',
    'CREATE TABLE "lost_reason" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(255) NOT NULL, "position" INTEGER NOT NULL)',
    'CREATE UNIQUE INDEX "lost_reason_name" ON "lost_reason" ("name")',
    'CREATE TABLE "setting" ("key" VARCHAR(255) NOT NULL PRIMARY KEY, "value" TEXT NOT NULL)',
)

SEARCH_INDEX = (
    "CREATE VIRTUAL TABLE search_trigram USING fts5(kind UNINDEXED, ref_id UNINDEXED, title, detail, tokenize='trigram')",
    "CREATE VIRTUAL TABLE search_words USING fts5(kind UNINDEXED, ref_id UNINDEXED, title, detail, tokenize='unicode61 remove_diacritics 2', prefix='1 2')",
    "CREATE TRIGGER search_contact_ai AFTER INSERT ON contact BEGIN INSERT INTO search_trigram(rowid, kind, ref_id, title, detail) SELECT r.id * 8 + 1, 'contact', r.id, trim(r.first_name || ' ' || r.last_name), coalesce(r.email, '') || ' ' || coalesce(r.phone, '') || ' ' || coalesce(r.mobile, '') || ' ' || coalesce(r.job_title, '') || ' ' || coalesce(r.city, '') || ' ' || coalesce((SELECT c.name FROM company c WHERE c.id = r.company_id), '') FROM contact r WHERE r.id = new.id; INSERT INTO search_words(rowid, kind, ref_id, title, detail) SELECT r.id * 8 + 1, 'contact', r.id, trim(r.first_name || ' ' || r.last_name), coalesce(r.email, '') || ' ' || coalesce(r.phone, '') || ' ' || coalesce(r.mobile, '') || ' ' || coalesce(r.job_title, '') || ' ' || coalesce(r.city, '') || ' ' || coalesce((SELECT c.name FROM company c WHERE c.id = r.company_id), '') FROM contact r WHERE r.id = new.id; END",
    "CREATE TRIGGER search_contact_au AFTER UPDATE ON contact BEGIN DELETE FROM search_trigram WHERE rowid = old.id * 8 + 1; DELETE FROM search_words WHERE rowid = old.id * 8 + 1; INSERT INTO search_trigram(rowid, kind, ref_id, title, detail) SELECT r.id * 8 + 1, 'contact', r.id, trim(r.first_name || ' ' || r.last_name), coalesce(r.email, '') || ' ' || coalesce(r.phone, '') || ' ' || coalesce(r.mobile, '') || ' ' || coalesce(r.job_title, '') || ' ' || coalesce(r.city, '') || ' ' || coalesce((SELECT c.name FROM company c WHERE c.id = r.company_id), '') FROM contact r WHERE r.id = new.id; INSERT INTO search_words(rowid, kind, ref_id, title, detail) SELECT r.id * 8 + 1, 'contact', r.id, trim(r.first_name || ' ' || r.last_name), coalesce(r.email, '') || ' ' || coalesce(r.phone, '') || ' ' || coalesce(r.mobile, '') || ' ' || coalesce(r.job_title, '') || ' ' || coalesce(r.city, '') || ' ' || coalesce((SELECT c.name FROM company c WHERE c.id = r.company_id), '') FROM contact r WHERE r.id = new.id; END",
    "CREATE TRIGGER search_contact_ad AFTER DELETE ON contact BEGIN DELETE FROM search_trigram WHERE rowid = old.id * 8 + 1; DELETE FROM search_words WHERE rowid = old.id * 8 + 1; END",
    "CREATE TRIGGER search_company_ai AFTER INSERT ON company BEGIN INSERT INTO search_trigram(rowid, kind, ref_id, title, detail) SELECT r.id * 8 + 2, 'company', r.id, r.name, coalesce(r.website, '') || ' ' || coalesce(r.email, '') || ' ' || coalesce(r.phone, '') || ' ' || coalesce(r.city, '') || ' ' || coalesce(r.industry, '') FROM company r WHERE r.id = new.id; INSERT INTO search_words(rowid, kind, ref_id, title, detail) SELECT r.id * 8 + 2, 'company', r.id, r.name, coalesce(r.website, '') || ' ' || coalesce(r.email, '') || ' ' || coalesce(r.phone, '') || ' ' || coalesce(r.city, '') || ' ' || coalesce(r.industry, '') FROM company r WHERE r.id = new.id; END",
    "CREATE TRIGGER search_company_au AFTER UPDATE ON company BEGIN DELETE FROM search_trigram WHERE rowid = old.id * 8 + 2; DELETE FROM search_words WHERE rowid = old.id * 8 + 2; INSERT INTO search_trigram(rowid, kind, ref_id, title, detail) SELECT r.id * 8 + 2, 'company', r.id, r.name, coalesce(r.website, '') || ' ' || coalesce(r.email, '') || ' ' || coalesce(r.phone, '') || ' ' || coalesce(r.city, '') || ' ' || coalesce(r.industry, '') FROM company r WHERE r.id = new.id; INSERT INTO search_words(rowid, kind, ref_id, title, detail) SELECT r.id * 8 + 2, 'company', r.id, r.name, coalesce(r.website, '') || ' ' || coalesce(r.email, '') || ' ' || coalesce(r.phone, '') || ' ' || coalesce(r.city, '') || ' ' || coalesce(r.industry, '') FROM company r WHERE r.id = new.id; END",
    "CREATE TRIGGER search_company_ad AFTER DELETE ON company BEGIN DELETE FROM search_trigram WHERE rowid = old.id * 8 + 2; DELETE FROM search_words WHERE rowid = old.id * 8 + 2; END",
    "CREATE TRIGGER search_deal_ai AFTER INSERT ON deal BEGIN INSERT INTO search_trigram(rowid, kind, ref_id, title, detail) SELECT r.id * 8 + 3, 'deal', r.id, r.title, coalesce((SELECT c.name FROM company c WHERE c.id = r.company_id), '') || ' ' || coalesce((SELECT trim(p.first_name || ' ' || p.last_name) FROM contact p WHERE p.id = r.contact_id), '') FROM deal r WHERE r.id = new.id; INSERT INTO search_words(rowid, kind, ref_id, title, detail) SELECT r.id * 8 + 3, 'deal', r.id, r.title, coalesce((SELECT c.name FROM company c WHERE c.id = r.company_id), '') || ' ' || coalesce((SELECT trim(p.first_name || ' ' || p.last_name) FROM contact p WHERE p.id = r.contact_id), '') FROM deal r WHERE r.id = new.id; END",
    "CREATE TRIGGER search_deal_au AFTER UPDATE ON deal BEGIN DELETE FROM search_trigram WHERE rowid = old.id * 8 + 3; DELETE FROM search_words WHERE rowid = old.id * 8 + 3; INSERT INTO search_trigram(rowid, kind, ref_id, title, detail) SELECT r.id * 8 + 3, 'deal', r.id, r.title, coalesce((SELECT c.name FROM company c WHERE c.id = r.company_id), '') || ' ' || coalesce((SELECT trim(p.first_name || ' ' || p.last_name) FROM contact p WHERE p.id = r.contact_id), '') FROM deal r WHERE r.id = new.id; INSERT INTO search_words(rowid, kind, ref_id, title, detail) SELECT r.id * 8 + 3, 'deal', r.id, r.title, coalesce((SELECT c.name FROM company c WHERE c.id = r.company_id), '') || ' ' || coalesce((SELECT trim(p.first_name || ' ' || p.last_name) FROM contact p WHERE p.id = r.contact_id), '') FROM deal r WHERE r.id = new.id; END",
    "CREATE TRIGGER search_deal_ad AFTER DELETE ON deal BEGIN DELETE FROM search_trigram WHERE rowid = old.id * 8 + 3; DELETE FROM search_words WHERE rowid = old.id * 8 + 3; END",
    "CREATE TRIGGER search_campaign_ai AFTER INSERT ON campaign BEGIN INSERT INTO search_trigram(rowid, kind, ref_id, title, detail) SELECT r.id * 8 + 4, 'campaign', r.id, r.name, coalesce(r.channel, '') || ' ' || coalesce(r.offer_code, '') FROM campaign r WHERE r.id = new.id; INSERT INTO search_words(rowid, kind, ref_id, title, detail) SELECT r.id * 8 + 4, 'campaign', r.id, r.name, coalesce(r.channel, '') || ' ' || coalesce(r.offer_code, '') FROM campaign r WHERE r.id = new.id; END",
    "CREATE TRIGGER search_campaign_au AFTER UPDATE ON campaign BEGIN DELETE FROM search_trigram WHERE rowid = old.id * 8 + 4; DELETE FROM search_words WHERE rowid = old.id * 8 + 4; INSERT INTO search_trigram(rowid, kind, ref_id, title, detail) SELECT r.id * 8 + 4, 'campaign', r.id, r.name, coalesce(r.channel, '') || ' ' || coalesce(r.offer_code, '') FROM campaign r WHERE r.id = new.id; INSERT INTO search_words(rowid, kind, ref_id, title, detail) SELECT r.id * 8 + 4, 'campaign', r.id, r.name, coalesce(r.channel, '') || ' ' || coalesce(r.offer_code, '') FROM campaign r WHERE r.id = new.id; END",
    "CREATE TRIGGER search_campaign_ad AFTER DELETE ON campaign BEGIN DELETE FROM search_trigram WHERE rowid = old.id * 8 + 4; DELETE FROM search_words WHERE rowid = old.id * 8 + 4; END",
    "CREATE TRIGGER search_company_rename AFTER UPDATE OF name ON company BEGIN DELETE FROM search_trigram WHERE rowid IN (SELECT r.id * 8 + 1 FROM contact r WHERE r.company_id = new.id); INSERT INTO search_trigram(rowid, kind, ref_id, title, detail) SELECT r.id * 8 + 1, 'contact', r.id, trim(r.first_name || ' ' || r.last_name), coalesce(r.email, '') || ' ' || coalesce(r.phone, '') || ' ' || coalesce(r.mobile, '') || ' ' || coalesce(r.job_title, '') || ' ' || coalesce(r.city, '') || ' ' || coalesce((SELECT c.name FROM company c WHERE c.id = r.company_id), '') FROM contact r WHERE r.company_id = new.id; DELETE FROM search_words WHERE rowid IN (SELECT r.id * 8 + 1 FROM contact r WHERE r.company_id = new.id); INSERT INTO search_words(rowid, kind, ref_id, title, detail) SELECT r.id * 8 + 1, 'contact', r.id, trim(r.first_name || ' ' || r.last_name), coalesce(r.email, '') || ' ' || coalesce(r.phone, '') || ' ' || coalesce(r.mobile, '') || ' ' || coalesce(r.job_title, '') || ' ' || coalesce(r.city, '') || ' ' || coalesce((SELECT c.name FROM company c WHERE c.id = r.company_id), '') FROM contact r WHERE r.company_id = new.id; DELETE FROM search_trigram WHERE rowid IN (SELECT r.id * 8 + 3 FROM deal r WHERE r.company_id = new.id); INSERT INTO search_trigram(rowid, kind, ref_id, title, detail) SELECT r.id * 8 + 3, 'deal', r.id, r.title, coalesce((SELECT c.name FROM company c WHERE c.id = r.company_id), '') || ' ' || coalesce((SELECT trim(p.first_name || ' ' || p.last_name) FROM contact p WHERE p.id = r.contact_id), '') FROM deal r WHERE r.company_id = new.id; DELETE FROM search_words WHERE rowid IN (SELECT r.id * 8 + 3 FROM deal r WHERE r.company_id = new.id); INSERT INTO search_words(rowid, kind, ref_id, title, detail) SELECT r.id * 8 + 3, 'deal', r.id, r.title, coalesce((SELECT c.name FROM company c WHERE c.id = r.company_id), '') || ' ' || coalesce((SELECT trim(p.first_name || ' ' || p.last_name) FROM contact p WHERE p.id = r.contact_id), '') FROM deal r WHERE r.company_id = new.id; END",
    "CREATE TRIGGER search_contact_rename AFTER UPDATE OF first_name, last_name ON contact BEGIN DELETE FROM search_trigram WHERE rowid IN (SELECT r.id * 8 + 3 FROM deal r WHERE r.contact_id = new.id); INSERT INTO search_trigram(rowid, kind, ref_id, title, detail) SELECT r.id * 8 + 3, 'deal', r.id, r.title, coalesce((SELECT c.name FROM company c WHERE c.id = r.company_id), '') || ' ' || coalesce((SELECT trim(p.first_name || ' ' || p.last_name) FROM contact p WHERE p.id = r.contact_id), '') FROM deal r WHERE r.contact_id = new.id; DELETE FROM search_words WHERE rowid IN (SELECT r.id * 8 + 3 FROM deal r WHERE r.contact_id = new.id); INSERT INTO search_words(rowid, kind, ref_id, title, detail) SELECT r.id * 8 + 3, 'deal', r.id, r.title, coalesce((SELECT c.name FROM company c WHERE c.id = r.company_id), '') || ' ' || coalesce((SELECT trim(p.first_name || ' ' || p.last_name) FROM contact p WHERE p.id = r.contact_id), '') FROM deal r WHERE r.contact_id = new.id; END",
)

DEFAULT_STAGES = (
    # name, position, probability %, kind, rotting days
    ("Prospect", 1, 10, "open", 21),
    ("Qualified", 2, 25, "open", 14),
    ("Proposal", 3, 50, "open", 14),
    ("Negotiation", 4, 75, "open", 10),
    ("Won", 5, 100, "won", None),
    ("Lost", 6, 0, "lost", None),
)

DEFAULT_LOST_REASONS = ("Price", "Timing", "Competitor", "No budget", "No decision", "Not a fit")


def migrate(database: SqliteDatabase, migrator: SqliteMigrator) -> None:
    database.execute_sql(f"PRAGMA application_id = {APPLICATION_ID}")
    for statement in (*TABLES, *SEARCH_INDEX):
        database.execute_sql(statement)
    database.execute_sql(
        "INSERT INTO pipeline_stage (name, position, probability, kind, rotting_days) "
        "VALUES " + ", ".join("(?, ?, ?, ?, ?)" for _ in DEFAULT_STAGES),
        [value for stage in DEFAULT_STAGES for value in stage],
    )
    database.execute_sql(
        "INSERT INTO lost_reason (name, position) VALUES "
        + ", ".join("(?, ?)" for _ in DEFAULT_LOST_REASONS),
        [value for pos, name in enumerate(DEFAULT_LOST_REASONS, 1) for value in (name, pos)],
    )
