"""A small, realistic workspace's rows, written with raw SQL into a file at any shipped schema.

Each row names a value for every column the table has ever had; :func:`fill` writes only
the columns that exist at the file's schema version (``PRAGMA table_info``), so the same
rows serve every version. Tables are listed parents first, so foreign keys point at rows
already written. Money is in integer minor units, decimals are text, instants are UTC text.
"""

from __future__ import annotations

from typing import Any

from peewee import SqliteDatabase

Row = dict[str, Any]

_CREATED = "2026-01-05 08:30:00"
_UPDATED = "2026-03-02 16:45:10"


def _activity(row_id: int, kind: str, subject: str, **values: Any) -> Row:
    """An activity row: every column, the ones not given as a plain open sales item has them."""
    row: Row = {
        "id": row_id, "created_at": _CREATED, "updated_at": _UPDATED, "kind": kind,
        "subject": subject, "notes": "", "due_date": None, "due_at": None,
        "duration_minutes": 0, "done": 0, "done_at": None, "role": "sales",
        "contact_id": None, "company_id": None, "deal_id": None, "campaign_id": None,
        # Schema 6: deliverables only; '' for the other kinds.
        "stage": "", "owner": "", "deliverable_kind": "", "series_id": None,
        # Schema 7.
        "reminder_minutes": None, "remind_at": None,
    }
    unknown = values.keys() - row.keys()
    assert not unknown, f"not an activity column: {unknown}"
    row.update(values)
    return row


ROWS: dict[str, list[Row]] = {
    "company": [
        {"id": 1, "created_at": _CREATED, "updated_at": _UPDATED,
         "name": "Bäckerei Müller & Söhne", "industry": "Bäckerei", "size_band": "10-49",
         "website": "https://baeckerei-mueller.example", "phone": "+49 221 123456",
         "email": "kontakt@bäckerei-müller.example", "address": "Hauptstraße 5\nHinterhof",
         "city": "Köln", "postcode": "50667", "region": "NRW", "country": "DE",
         "notes": 'Chef sagt: "bitte nach 10 Uhr anrufen"'},
        {"id": 2, "created_at": _CREATED, "updated_at": _CREATED,
         "name": "L'Atelier Céline SARL", "industry": "Événementiel", "size_band": "2-9",
         "website": "", "phone": "+33 1 42 68 53 00", "email": "celine@l'atelier.example",
         "address": "12 rue de l'Église", "city": "Paris", "postcode": "75004",
         "region": "Île-de-France", "country": "FR", "notes": ""},
        {"id": 3, "created_at": _CREATED, "updated_at": _CREATED,
         "name": "Nordlicht Media GmbH", "industry": "Agentur", "size_band": "2-9",
         "website": "nordlicht.example", "phone": "", "email": "hallo@nordlicht.example",
         "address": "", "city": "Hamburg", "postcode": "20095", "region": "", "country": "DE",
         "notes": "Agentur für Newsletter und Anzeigen"},
    ],
    "product": [
        {"id": 1, "created_at": _CREATED, "updated_at": _CREATED, "name": "Sauerteigbrot 1 kg",
         "sku": "BR-001", "price": 450, "unit_cost": 120, "active": 1},
        {"id": 2, "created_at": _CREATED, "updated_at": _UPDATED,
         "name": "Catering-Paket «Deluxe»", "sku": "CAT-DLX", "price": 125000,
         "unit_cost": 61000, "active": 1},
        {"id": 3, "created_at": _CREATED, "updated_at": _CREATED, "name": "Croissant (alt)",
         "sku": "", "price": 180, "unit_cost": 0, "active": 0},
    ],
    "campaign": [
        {"id": 1, "created_at": _CREATED, "updated_at": _UPDATED,
         "name": "Frühjahrs-Mailing 2026", "channel": "email", "objective": "leads",
         "status": "active", "start_date": "2026-03-01", "end_date": "2026-04-15",
         "budget": 250000, "target_leads": 40, "target_revenue": 1500000,
         "audience_tags": "Stammkunde,VIP", "audience_stages": "lead,qualified",
         "offer_discount_pct": "12.5", "offer_code": "FRUEHLING26",
         "offer_start": "2026-03-01", "offer_end": "2026-03-31", "agency_id": 3,
         "impressions": 12000, "clicks": 340, "visits": 212,
         "notes": 'Betreff: "Frischer Start"'},
        {"id": 2, "created_at": _CREATED, "updated_at": _CREATED, "name": "Messe Süßwaren",
         "channel": "event", "objective": "awareness", "status": "planned",
         "start_date": "2026-09-10", "end_date": "2026-09-12", "budget": 800000,
         "target_leads": None, "target_revenue": None, "audience_tags": "",
         "audience_stages": "", "offer_discount_pct": None, "offer_code": "",
         "offer_start": None, "offer_end": None, "agency_id": None, "impressions": None,
         "clicks": None, "visits": None, "notes": ""},
    ],
    "campaign_product": [
        {"campaign_id": 1, "product_id": 1},
        {"campaign_id": 1, "product_id": 2},
    ],
    "campaign_expense": [
        {"id": 1, "campaign_id": 1, "spent_on": "2026-03-03", "amount": 49900,
         "vendor": "Nordlicht Media GmbH", "note": "Newsletter-Vorlage"},
        {"id": 2, "campaign_id": 1, "spent_on": "2026-03-10", "amount": 12050,
         "vendor": "Druckerei Öztürk", "note": ""},
        {"id": 3, "campaign_id": 2, "spent_on": "2026-02-20", "amount": 300000,
         "vendor": "Koelnmesse", "note": "Standmiete «Halle 4»"},
    ],
    "tag": [
        {"id": 1, "name": "Stammkunde"},
        {"id": 2, "name": "VIP"},
        {"id": 3, "name": "Messe 2026"},
    ],
    "contact": [
        {"id": 1, "created_at": _CREATED, "updated_at": _UPDATED, "first_name": "Zoë",
         "last_name": "O'Brien-Ärmel", "email": "zoë.o'brien@bäckerei-müller.example",
         "phone": "+49 221 123457", "mobile": "+49 171 5550101", "job_title": "Inhaberin",
         "company_id": 1, "lifecycle_stage": "customer", "stage_changed_at": "2026-02-14 11:00:00",
         "source_channel": "email", "source_campaign_id": 1, "marketing_opt_in": 1,
         "opt_in_date": "2026-01-05", "opt_in_source": "Webformular «Frühling»",
         "do_not_contact": 0, "address": "Hauptstraße 5", "city": "Köln", "postcode": "50667",
         "region": "NRW", "country": "DE", "notes": 'Mag "Vollkorn"',
         "last_touch_at": "2026-03-01 14:20:00", "next_follow_up": "2026-03-20",
         "sort_name": "zoe o'brien-armel"},
        {"id": 2, "created_at": _CREATED, "updated_at": _CREATED, "first_name": "François",
         "last_name": "Lefèvre", "email": "f.lefevre@l'atelier.example", "phone": "",
         "mobile": "+33 6 12 34 56 78", "job_title": "Gérant", "company_id": 2,
         "lifecycle_stage": "lead", "stage_changed_at": "2026-01-20 09:00:00",
         "source_channel": "event", "source_campaign_id": None, "marketing_opt_in": 0,
         "opt_in_date": None, "opt_in_source": "", "do_not_contact": 1, "address": "",
         "city": "Paris", "postcode": "", "region": "", "country": "FR", "notes": "",
         "last_touch_at": None, "next_follow_up": None, "sort_name": "francois lefevre"},
        {"id": 3, "created_at": _CREATED, "updated_at": _CREATED, "first_name": "",
         "last_name": "", "email": "info@nordlicht.example", "phone": "", "mobile": "",
         "job_title": "", "company_id": None, "lifecycle_stage": "subscriber",
         "stage_changed_at": _CREATED, "source_channel": "import", "source_campaign_id": None,
         "marketing_opt_in": 1, "opt_in_date": "2025-11-30", "opt_in_source": "Import",
         "do_not_contact": 0, "address": "", "city": "", "postcode": "", "region": "",
         "country": "", "notes": "", "last_touch_at": None, "next_follow_up": None,
         "sort_name": "info@nordlicht.example"},
    ],
    "contact_tag": [
        {"contact_id": 1, "tag_id": 1},
        {"contact_id": 1, "tag_id": 2},
        {"contact_id": 2, "tag_id": 3},
    ],
    "lifecycle_change": [
        {"id": 1, "contact_id": 1, "from_stage": None, "to_stage": "lead",
         "changed_at": "2026-01-05 08:30:00"},
        {"id": 2, "contact_id": 1, "from_stage": "lead", "to_stage": "qualified",
         "changed_at": "2026-01-19 10:00:00"},
        {"id": 3, "contact_id": 1, "from_stage": "qualified", "to_stage": "customer",
         "changed_at": "2026-02-14 11:00:00"},
        {"id": 4, "contact_id": 2, "from_stage": None, "to_stage": "lead",
         "changed_at": "2026-01-20 09:00:00"},
    ],
    # Schema 1 writes the default stages (ids 1-6) and lost reasons; these come after them.
    "pipeline_stage": [
        {"id": 7, "name": "Verkostung geplant", "position": 7, "probability": 40,
         "kind": "open", "rotting_days": 7},
    ],
    "lost_reason": [
        {"id": 7, "name": "Zu weit weg", "position": 7},
    ],
    "deal": [
        {"id": 1, "created_at": _CREATED, "updated_at": _UPDATED,
         "title": "Relaunch Webshop Müller", "contact_id": 1, "company_id": 1, "stage_id": 3,
         "amount": 1250000, "probability_override": None, "expected_close": "2026-04-30",
         "status": "open", "closed_on": None, "close_reason": "", "source_campaign_id": 1,
         "next_step": 'Angebot "final" schicken', "next_step_date": "2026-03-18",
         "notes": "", "stage_entered_at": "2026-02-25 15:00:00"},
        {"id": 2, "created_at": _CREATED, "updated_at": _CREATED,
         "title": "Catering Sommerfest", "contact_id": 2, "company_id": 2, "stage_id": 5,
         "amount": 187500, "probability_override": 100, "expected_close": "2026-02-28",
         "status": "won", "closed_on": "2026-02-27", "close_reason": "",
         "source_campaign_id": None, "next_step": "", "next_step_date": None,
         "notes": "Anzahlung 30 %", "stage_entered_at": "2026-02-27 12:00:00"},
        {"id": 3, "created_at": _CREATED, "updated_at": _CREATED, "title": "Brot-Abo Kantine",
         "contact_id": None, "company_id": 1, "stage_id": 6, "amount": 96000,
         "probability_override": None, "expected_close": None, "status": "lost",
         "closed_on": "2026-01-31", "close_reason": "Price", "source_campaign_id": None,
         "next_step": "", "next_step_date": None, "notes": "",
         "stage_entered_at": "2026-01-31 17:30:00"},
    ],
    "deal_line": [
        {"id": 1, "deal_id": 1, "product_id": 1, "description": "Sauerteigbrot 1 kg",
         "quantity": "40", "unit_price": 450, "discount_pct": "0"},
        {"id": 2, "deal_id": 1, "product_id": 2, "description": "Catering-Paket «Deluxe»",
         "quantity": "1.5", "unit_price": 125000, "discount_pct": "10"},
        {"id": 3, "deal_id": 2, "product_id": None, "description": "Anfahrt & Aufbau",
         "quantity": "1", "unit_price": 8000, "discount_pct": "0"},
    ],
    "deal_stage_change": [
        {"id": 1, "deal_id": 1, "from_stage_id": None, "to_stage_id": 1,
         "changed_at": "2026-01-10 09:00:00"},
        {"id": 2, "deal_id": 1, "from_stage_id": 1, "to_stage_id": 7,
         "changed_at": "2026-02-01 09:00:00"},
        {"id": 3, "deal_id": 1, "from_stage_id": 7, "to_stage_id": 3,
         "changed_at": "2026-02-25 15:00:00"},
        {"id": 4, "deal_id": 2, "from_stage_id": None, "to_stage_id": 5,
         "changed_at": "2026-02-27 12:00:00"},
        {"id": 5, "deal_id": 3, "from_stage_id": 1, "to_stage_id": 6,
         "changed_at": "2026-01-31 17:30:00"},
    ],
    "deliverable_series": [
        {"id": 1, "campaign_id": 1, "title": "Newsletter «Frühling»",
         "deliverable_kind": "newsletter", "owner": "agency",
         "rrule": "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", "dtstart": "2026-03-03",
         "notes": "", "created_at": "2026-02-20 10:00:00"},
    ],
    "activity": [
        _activity(1, "call", "Rückruf wegen Angebot", contact_id=1, company_id=1, deal_id=1,
                  due_date="2026-03-18", due_at="2026-03-18 09:30:00", duration_minutes=15,
                  reminder_minutes=10, remind_at="2026-03-18 09:20:00"),
        _activity(2, "email", "Mail an François", contact_id=2, done=1,
                  done_at="2026-01-21 08:05:00", due_date="2026-01-21"),
        _activity(3, "meeting", 'Termin "Verkostung"', contact_id=1, company_id=1, deal_id=1,
                  due_date="2026-02-24", due_at="2026-02-24 13:00:00", duration_minutes=90,
                  done=1, done_at="2026-02-24 14:40:00"),
        _activity(4, "task", "Preisliste aktualisieren", role="marketing"),
        _activity(5, "deadline", "Druckdaten Messe", campaign_id=2, role="marketing",
                  due_date="2026-08-15"),
        _activity(6, "deliverable", "Newsletter #1", campaign_id=1, role="marketing",
                  due_date="2026-03-03", done=1, done_at="2026-03-03 07:00:00",
                  stage="done", owner="agency", deliverable_kind="newsletter", series_id=1),
        _activity(7, "deliverable", "Instagram-Post Ostern", campaign_id=1, role="marketing",
                  due_date="2026-04-02", stage="scheduled", owner="me",
                  deliverable_kind="post"),
    ],
    "goal": [
        {"id": 1, "period": "month", "period_start": "2026-03-01", "metric": "won_revenue",
         "target": 5000000},
        {"id": 2, "period": "month", "period_start": "2026-03-01", "metric": "deals_won",
         "target": 4},
        {"id": 3, "period": "quarter", "period_start": "2026-01-01", "metric": "new_leads",
         "target": 60},
        {"id": 4, "period": "month", "period_start": "2026-03-01", "metric": "activities_done",
         "target": 80},
    ],
    "setting": [
        {"key": "business_name", "value": '"Bäckerei Müller & Söhne"'},
        {"key": "currency", "value": '"EUR"'},
        {"key": "week_start", "value": "0"},
        {"key": "auto_lifecycle", "value": "true"},
    ],
}

# What the search index must find after the upgrade: (typed text, kind, id).
SEARCHES: tuple[tuple[str, str, int], ...] = (
    ("Ärmel", "contact", 1),
    ("Lefèvre", "contact", 2),
    ("Atelier Céline", "company", 2),
    ("Webshop", "deal", 1),
    ("Frühjahrs", "campaign", 1),
)

Snapshot = dict[str, dict[tuple[Any, ...], Row]]


def data_tables(database: SqliteDatabase) -> list[str]:
    """The workspace's own tables: not SQLite's, not the FTS tables nor their shadow tables."""
    rows = database.execute_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' "
        "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name").fetchall()
    virtual = [name for name, sql in rows if sql.upper().startswith("CREATE VIRTUAL TABLE")]
    return [name for name, _ in rows
            if not any(name == v or name.startswith(f"{v}_") for v in virtual)]


def columns_of(database: SqliteDatabase, table: str) -> list[str]:
    return [row[1] for row in database.execute_sql(f'PRAGMA table_info("{table}")')]


def primary_key_of(database: SqliteDatabase, table: str) -> list[str]:
    info = database.execute_sql(f'PRAGMA table_info("{table}")').fetchall()
    return [row[1] for row in sorted((row for row in info if row[5]), key=lambda row: row[5])]


def fill(database: SqliteDatabase) -> None:
    """Write :data:`ROWS` into every table the file has, in the columns it has."""
    present = data_tables(database)
    uncovered = set(present) - ROWS.keys()
    assert not uncovered, f"migration_fixtures.ROWS has no rows for the tables {uncovered}"
    for table, rows in ROWS.items():
        if table not in present:
            continue  # added by a later migration
        columns = columns_of(database, table)
        for row in rows:
            missing = set(columns) - row.keys()
            assert not missing, f"migration_fixtures.ROWS[{table!r}] lacks {missing}"
            names = ", ".join(f'"{column}"' for column in columns)
            marks = ", ".join("?" for _ in columns)
            database.execute_sql(f'INSERT INTO "{table}" ({names}) VALUES ({marks})',
                                 [row[column] for column in columns])


def snapshot(database: SqliteDatabase) -> Snapshot:
    """Every row of every data table, keyed by table and primary key."""
    result: Snapshot = {}
    for table in data_tables(database):
        columns = columns_of(database, table)
        key = primary_key_of(database, table)
        cursor = database.execute_sql(f'SELECT * FROM "{table}"')
        names = [description[0] for description in cursor.description]
        assert names == columns
        result[table] = {}
        for values in cursor.fetchall():
            row = dict(zip(names, values, strict=True))
            result[table][tuple(row[column] for column in key)] = row
    return result


def differences(before: Snapshot, after: Snapshot) -> list[str]:
    """Rows of ``before`` that ``after`` lost or changed, in the columns ``before`` had."""
    found = []
    for table, rows in before.items():
        if table not in after:
            found.append(f"{table}: table gone")
            continue
        for key, row in rows.items():
            now = after[table].get(key)
            if now is None:
                found.append(f"{table} {key}: row gone")
                continue
            found += [f"{table} {key}.{column}: {value!r} became {now.get(column, '<no column>')!r}"
                      for column, value in row.items() if now.get(column, object()) != value]
    return found


def expected(database: SqliteDatabase) -> Snapshot:
    """:data:`ROWS` as :func:`snapshot` would read them back from this file's schema."""
    result: Snapshot = {}
    present = data_tables(database)
    for table, rows in ROWS.items():
        if table in present:
            columns = columns_of(database, table)
            key = primary_key_of(database, table)
            result[table] = {tuple(row[column] for column in key):
                             {column: row[column] for column in columns} for row in rows}
    return result
