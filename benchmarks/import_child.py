"""Run in a fresh process: import a Google Contacts CSV into an empty workspace; prints one
JSON line. ``python import_child.py MODE CSV WORKSPACE``:

- ``app``: what ``smeplanner import FILE`` does — read the file (encoding and delimiter
  sniffed, format detected, columns mapped), plan (match, validate, dry run) and import in
  one transaction with companies, funnel history, tags, the batch tag and the search index.
- ``floor``: the same file parsed with the ``csv`` module and the same rows written with raw
  ``sqlite3`` ``executemany`` into the same tables (same indexes and search triggers) in one
  transaction: companies, contacts, their funnel rows, tags and tag links.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import sys
import time
from pathlib import Path


def app(csv_path: Path, workspace: Path) -> dict[str, float | int]:
    from smeplanner.core.contact_io.files import read_contact_file
    from smeplanner.core.contact_io.importer import plan_import, run_import
    from smeplanner.core.db import open_workspace

    with open_workspace(workspace):
        started = time.perf_counter()
        found = read_contact_file(csv_path)
        read = time.perf_counter()
        plan = plan_import(found.contacts)
        planned = time.perf_counter()
        run_import(plan, batch_label=csv_path.name)
        done = time.perf_counter()
    return {"seconds": done - started, "read_s": read - started, "plan_s": planned - read,
            "write_s": done - planned, "created": plan.created}


def floor(csv_path: Path, workspace: Path) -> dict[str, float | int]:
    connection = sqlite3.connect(workspace, isolation_level=None)
    connection.execute("PRAGMA foreign_keys = ON")
    now = "2026-11-23 12:00:00"
    started = time.perf_counter()
    with open(csv_path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(io.StringIO(handle.read())))
    header, rows = rows[0], rows[1:]
    col = {name: n for n, name in enumerate(header)}
    first, last, company = col["First Name"], col["Last Name"], col["Organization Name"]
    title, email, phone = col["Organization Title"], col["E-mail 1 - Value"], col["Phone 1 - Value"]
    city, notes, labels = col["Address 1 - City"], col["Notes"], col["Labels"]
    companies = sorted({row[company] for row in rows if row[company]})
    tags = sorted({label for row in rows for label in row[labels].split(" ::: ")
                   if label and not label.startswith("* ")})
    cursor = connection.cursor()
    cursor.execute("BEGIN")
    cursor.executemany(
        "INSERT INTO company (name, industry, size_band, website, phone, email, address, city, "
        "postcode, region, country, notes, created_at, updated_at) "
        "VALUES (?, '', '', '', '', '', '', '', '', '', '', '', ?, ?)",
        [(name, now, now) for name in companies])
    company_ids = dict(cursor.execute("SELECT name, id FROM company"))
    cursor.executemany(
        "INSERT INTO contact (first_name, last_name, email, phone, mobile, job_title, company_id, "
        "lifecycle_stage, stage_changed_at, source_channel, marketing_opt_in, opt_in_source, "
        "do_not_contact, address, city, postcode, region, country, notes, sort_name, "
        "created_at, updated_at) VALUES (?, ?, ?, ?, '', ?, ?, 'lead', ?, 'import', 0, '', 0, "
        "'', ?, '', '', '', ?, ?, ?, ?)",
        [(row[first], row[last], row[email].lower(), row[phone], row[title],
          company_ids.get(row[company]), now, row[city], row[notes],
          f"{row[first]} {row[last]}".lower(), now, now) for row in rows])
    contact_ids = [row_id for (row_id,) in cursor.execute("SELECT id FROM contact ORDER BY id")]
    cursor.executemany("INSERT INTO lifecycle_change (contact_id, from_stage, to_stage, "
                       "changed_at) VALUES (?, NULL, 'lead', ?)",
                       [(contact_id, now) for contact_id in contact_ids])
    cursor.executemany("INSERT INTO tag (name) VALUES (?)",
                       [(name,) for name in [*tags, "Import batch"]])
    tag_ids = dict(cursor.execute("SELECT name, id FROM tag"))
    batch = tag_ids["Import batch"]
    cursor.executemany("INSERT OR IGNORE INTO contact_tag (contact_id, tag_id) VALUES (?, ?)",
                       [(contact_id, tag_ids[label])
                        for contact_id, row in zip(contact_ids, rows, strict=True)
                        for label in row[labels].split(" ::: ") if label in tag_ids]
                       + [(contact_id, batch) for contact_id in contact_ids])
    cursor.execute("COMMIT")
    seconds = time.perf_counter() - started
    connection.close()
    return {"seconds": seconds, "created": len(contact_ids)}


def main() -> int:
    mode, csv_path, workspace = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    result = app(csv_path, workspace) if mode == "app" else floor(csv_path, workspace)
    print(json.dumps({"mode": mode, **result}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
