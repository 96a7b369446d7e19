"""Crash safety under SIGKILL: ``make stress`` (100 kills), and a small run in ``make test``.

``python scripts/stress.py [--kills N] [--rows R] [--seed S] [--workdir DIR]``

Prepares a workspace (a first import of R contacts that the edits work on, then one timed
import that is not killed, to measure how long an import takes), then N times starts a real
child process that works on the workspace the way the app does, kills it with SIGKILL at a
random moment, reopens the workspace in this process and checks it. The children alternate:

- ``import``: imports a Google Contacts CSV of R rows whose rows all carry the batch's mark
  (every email ``p<n>@b<K>.stress.test``, the tag ``stress-batch-K``, some new companies
  ``Stress batch K firm <n>``) with ``plan_import`` + ``run_import`` and prints ``COMMITTED``
  when ``run_import`` has returned; it is killed between 0 and 1.5 times the measured
  duration, so before, during and after the commit.
- ``edits``: a burst of single-row writes through the ``contacts`` service (create, update a
  field, move the stage, set tags, delete); before each it prints ``TRY`` and, once the write
  has returned (committed), ``ACK`` with the record id and value, flushed.

After each kill: the app's own checks before opening accept the file and it opens (the dead
child's lock is no obstacle); ``PRAGMA integrity_check`` is "ok", ``PRAGMA
foreign_key_check`` is empty and both FTS5 tables pass their own integrity check; the import
batch is wholly present (R contacts, R funnel rows, R links to each of its two tags, its
companies) or wholly absent (an acknowledged import must be present); every acknowledged
edit is there with its value (the one write in flight at the kill may or may not be; what
is found is taken as the new state); and the search index holds exactly the rows the
records make (one per contact, company, deal, campaign, with their current text). A batch
found present is then deleted again, so the workspace stays the same size from kill to
kill.

Prints a line per kill and a summary; exits 1 if any count of failures is not 0. Linux and
macOS only (SIGKILL); on Windows it says so and exits 0.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SCRIPT = Path(__file__).resolve()
EDIT_DOMAIN = "edits.stress.test"
EDIT_FIELDS = ("city", "job_title", "notes")
TAG_POOL = ("alpha", "beta", "gamma", "delta", "epsilon")
FIRM_EVERY = 50  # every 50th row of a batch names a company of its own
LINGER_S = 120.0  # a child waits this long to be killed, at most


# --- the batch file ---------------------------------------------------------------------------

def batch_domain(batch: int) -> str:
    return f"b{batch}.stress.test"


def batch_firms(rows: int) -> int:
    return len(range(0, rows, FIRM_EVERY))


def write_batch_csv(path: Path, rows: int, batch: int) -> None:
    """A Google Contacts export of ``rows`` people, every row marked with ``batch``."""
    from benchmarks.bench_import import CITIES, FIRST, HEADER, LAST

    rnd = random.Random(batch)
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for n in range(rows):
            first, last = rnd.choice(FIRST), rnd.choice(LAST)
            company = (f"Stress batch {batch} firm {n}" if n % FIRM_EVERY == 0 else
                       f"{LAST[n % len(LAST)]} {('GmbH', 'AG', 'KG')[n % 3]} {n % 2000}")
            labels = " ::: ".join(["* myContacts", f"stress-batch-{batch}",
                                   rnd.choice(("Customers", "Newsletter", "VIP"))])
            row = {"First Name": first, "Last Name": last, "Organization Name": company,
                   "Organization Title": rnd.choice(("Owner", "Manager", "Buyer", "")),
                   "Notes": "Met at the fair\nWants a quote" if n % 7 == 0 else "",
                   "Labels": labels, "E-mail 1 - Label": "* Work",
                   "E-mail 1 - Value": f"p{n}@{batch_domain(batch)}",
                   "Phone 1 - Label": "Mobile", "Phone 1 - Value": f"+49 171 {n:07d}",
                   "Address 1 - Label": "Work", "Address 1 - Street": f"Hauptstraße {n % 200}",
                   "Address 1 - City": rnd.choice(CITIES),
                   "Address 1 - Postal Code": f"{10000 + n % 89999}",
                   "Address 1 - Country": "Germany"}
            writer.writerow([row.get(name, "") for name in HEADER])


# --- the children -----------------------------------------------------------------------------

def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def child_import(workspace: Path, csv_path: Path, batch: int, linger: float) -> int:
    from smeplanner.core.contact_io.files import read_contact_file
    from smeplanner.core.contact_io.importer import plan_import, run_import
    from smeplanner.core.db import open_workspace

    ws = open_workspace(workspace)
    say("READY")
    found = read_contact_file(csv_path)
    plan = plan_import(found.contacts)
    say(f"PLANNED {plan.created} {plan.updated} {plan.skipped}")
    run_import(plan, batch_label=f"stress-{batch}.csv")
    say("COMMITTED")
    ws.close()
    say("CLOSED")
    time.sleep(linger)
    return 0


def child_edits(workspace: Path, round_no: int, seed: int, linger: float) -> int:
    from smeplanner.core.contacts import contacts
    from smeplanner.core.db import open_workspace
    from smeplanner.core.models import LIFECYCLE_STAGES, db

    ws = open_workspace(workspace)
    rnd = random.Random(seed)
    all_ids = [row_id for (row_id,) in db.execute_sql("SELECT id FROM contact ORDER BY id")]
    own_ids = [row_id for (row_id,) in db.execute_sql(
        "SELECT id FROM contact WHERE email LIKE ? ORDER BY id", (f"%@{EDIT_DOMAIN}",))]
    say("READY")
    deadline = time.monotonic() + linger
    seq = 0
    while time.monotonic() < deadline:
        seq += 1
        value = f"r{round_no}-{seq}"
        pick = rnd.random()
        if pick < 0.25 or not all_ids:
            op: dict[str, Any] = {"op": "create", "email": f"e{value}@{EDIT_DOMAIN}",
                                  "first_name": "Edit", "last_name": value, "city": value}
            say("TRY " + json.dumps(op))
            record = contacts.create(first_name="Edit", last_name=value, email=op["email"],
                                     city=value)
            op["id"] = record.id
            all_ids.append(record.id)
            own_ids.append(record.id)
        elif pick < 0.65:
            op = {"op": "update", "id": rnd.choice(all_ids), "field": rnd.choice(EDIT_FIELDS),
                  "value": value}
            say("TRY " + json.dumps(op))
            contacts.update(op["id"], **{op["field"]: value})
        elif pick < 0.8:
            contact_id = rnd.choice(all_ids)
            current = contacts.get(contact_id).lifecycle_stage
            stage = rnd.choice([s for s in LIFECYCLE_STAGES if s != current])
            op = {"op": "stage", "id": contact_id, "value": stage}
            say("TRY " + json.dumps(op))
            contacts.set_stage(contact_id, stage)
        elif pick < 0.9 and own_ids:
            op = {"op": "tags", "id": rnd.choice(own_ids),
                  "value": sorted(rnd.sample(TAG_POOL, rnd.randint(0, 3)))}
            say("TRY " + json.dumps(op))
            contacts.set_tags(op["id"], op["value"])
        elif own_ids:
            contact_id = own_ids.pop(rnd.randrange(len(own_ids)))
            all_ids.remove(contact_id)
            op = {"op": "delete", "id": contact_id}
            say("TRY " + json.dumps(op))
            contacts.delete(contact_id)
        else:
            continue
        say("ACK " + json.dumps(op))
    ws.close()
    say("CLOSED")
    return 0


# --- the parent: one run of a child -----------------------------------------------------------

@dataclass
class ChildRun:
    lines: list[tuple[float, str]] = field(default_factory=list)
    exit_code: int | None = None
    killed_at: float | None = None  # seconds after launch
    stderr: str = ""

    def saw(self, word: str) -> float | None:
        for at, line in self.lines:
            if line.split(" ", 1)[0] == word:
                return at
        return None


def run_child(args: list[str], kill_after: float | None, stderr_path: Path) -> ChildRun:
    """Start ``scripts/stress.py --child ...``; SIGKILL it after ``kill_after`` seconds (None:
    let it finish). Its stdout is read line by line, each line timed from the launch."""
    import signal

    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])}
    run = ChildRun()
    with open(stderr_path, "w", encoding="utf-8") as err:
        started = time.monotonic()
        proc = subprocess.Popen([sys.executable, str(SCRIPT), "--child", *args],
                                stdout=subprocess.PIPE, stderr=err, text=True, bufsize=1,
                                env=env)

        def read() -> None:
            assert proc.stdout is not None
            for line in proc.stdout:
                run.lines.append((time.monotonic() - started, line.rstrip("\n")))

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        if kill_after is None:
            proc.wait(timeout=900)
        else:
            try:
                proc.wait(timeout=kill_after)
            except subprocess.TimeoutExpired:
                run.killed_at = time.monotonic() - started
                proc.send_signal(signal.SIGKILL)
                proc.wait()
        reader.join(timeout=30)
        run.exit_code = proc.returncode
    run.stderr = stderr_path.read_text(encoding="utf-8", errors="replace")
    return run


# --- the parent: what the workspace must hold --------------------------------------------------

@dataclass
class Expected:
    """Every acknowledged edit, as the workspace must show it: contact id → field → value."""

    contacts: dict[int, dict[str, Any]] = field(default_factory=dict)
    deleted: set[int] = field(default_factory=set)
    acked: int = 0

    def apply(self, op: dict[str, Any]) -> None:
        kind, contact_id = op["op"], op["id"]
        if kind == "create":
            self.deleted.discard(contact_id)  # SQLite reuses the id of a deleted last row
            self.contacts[contact_id] = {name: op[name] for name in
                                         ("email", "first_name", "last_name", "city")}
        elif kind == "update":
            self.contacts.setdefault(contact_id, {})[op["field"]] = op["value"]
        elif kind == "stage":
            self.contacts.setdefault(contact_id, {})["lifecycle_stage"] = op["value"]
        elif kind == "tags":
            self.contacts.setdefault(contact_id, {})["tags"] = sorted(op["value"],
                                                                      key=str.casefold)
        elif kind == "delete":
            self.contacts.pop(contact_id, None)
            self.deleted.add(contact_id)


COLUMNS = ("first_name", "last_name", "email", "city", "job_title", "notes", "lifecycle_stage")


def stored_contacts(db: Any) -> dict[int, dict[str, Any]]:
    rows = db.execute_sql(f"SELECT id, {', '.join(COLUMNS)} FROM contact").fetchall()
    stored = {row[0]: dict(zip(COLUMNS, row[1:], strict=True)) for row in rows}
    for contact_id, name in db.execute_sql(
            "SELECT ct.contact_id, t.name FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id "
            "JOIN contact c ON c.id = ct.contact_id WHERE c.email LIKE ?",
            (f"%@{EDIT_DOMAIN}",)):
        stored[contact_id].setdefault("tags", []).append(name)
    for values in stored.values():
        values["tags"] = sorted(values.get("tags", []), key=str.casefold)
    # The funnel history must end where the contact stands.
    for contact_id, stage in db.execute_sql(
            "SELECT contact_id, to_stage FROM lifecycle_change WHERE id IN "
            "(SELECT max(id) FROM lifecycle_change GROUP BY contact_id)"):
        if contact_id in stored:
            stored[contact_id]["last_change"] = stage
    return stored


def in_flight_applied(op: dict[str, Any], stored: dict[int, dict[str, Any]]) -> bool:
    """Whether the write the child was making when killed is in the workspace."""
    kind = op["op"]
    if kind == "create":
        found = [cid for cid, values in stored.items() if values["email"] == op["email"]]
        if found:
            op["id"] = found[0]
        return bool(found)
    current = stored.get(op["id"])
    if kind == "delete":
        return current is None
    if current is None:
        return False
    if kind == "update":
        return current[op["field"]] == op["value"]
    if kind == "stage":
        return current["lifecycle_stage"] == op["value"]
    return current["tags"] == sorted(op["value"], key=str.casefold)


def lost_edits(expected: Expected, stored: dict[int, dict[str, Any]]) -> list[str]:
    """Acknowledged edits the workspace does not show (each one forgotten afterwards, so
    that it is counted once)."""
    lost = []
    for contact_id, fields in expected.contacts.items():
        current = stored.get(contact_id)
        for name, value in list(fields.items()):
            if current is None or current[name] != value or (
                    name == "lifecycle_stage" and current.get("last_change") != value):
                lost.append(f"contact {contact_id} {name}={value!r} (found "
                            f"{'nothing' if current is None else repr(current.get(name))})")
                del fields[name]
    for contact_id in sorted(expected.deleted & stored.keys()):
        lost.append(f"contact {contact_id} deleted but present")
        expected.deleted.discard(contact_id)
    return lost


def batch_counts(db: Any, batch: int) -> dict[str, int]:
    """How much of import ``batch`` the workspace holds, part by part."""
    like = f"%@{batch_domain(batch)}"
    ids = [row_id for (row_id,) in db.execute_sql(
        "SELECT id FROM contact WHERE email LIKE ?", (like,))]

    def count(sql: str, *params: Any) -> int:
        return db.execute_sql(sql, params).fetchone()[0]

    in_batch = "SELECT id FROM contact WHERE email LIKE ?"
    return {
        "contacts": len(ids),
        "funnel rows": count(f"SELECT count(*) FROM lifecycle_change WHERE from_stage IS NULL "
                             f"AND contact_id IN ({in_batch})", like),
        "label tag links": count("SELECT count(*) FROM contact_tag ct JOIN tag t ON "
                                 "t.id = ct.tag_id WHERE t.name = ?", f"stress-batch-{batch}"),
        "batch tag links": count("SELECT count(*) FROM contact_tag ct JOIN tag t ON "
                                 "t.id = ct.tag_id WHERE t.name LIKE ?",
                                 f"Import % stress-{batch}.csv"),
        "companies": count("SELECT count(*) FROM company WHERE name LIKE ?",
                           f"Stress batch {batch} firm %"),
        "index rows": count("SELECT count(*) FROM search_words WHERE rowid IN "
                            "(SELECT id * 8 + 1 FROM contact WHERE email LIKE ?)", like),
    }


def full_batch(rows: int) -> dict[str, int]:
    return {"contacts": rows, "funnel rows": rows, "label tag links": rows,
            "batch tag links": rows, "companies": batch_firms(rows), "index rows": rows}


def remove_batch(db: Any, batch: int) -> None:
    """Take a present batch out again, index included, so the workspace keeps its size."""
    from smeplanner.core import search

    with db.atomic():
        contact_ids = [row_id for (row_id,) in db.execute_sql(
            "SELECT id FROM contact WHERE email LIKE ?", (f"%@{batch_domain(batch)}",))]
        company_ids = [row_id for (row_id,) in db.execute_sql(
            "SELECT id FROM company WHERE name LIKE ?", (f"Stress batch {batch} firm %",))]
        with search.suspended(db, "contact", "company") as pending:
            for table, ids in (("contact", contact_ids), ("company", company_ids)):
                for start in range(0, len(ids), 500):
                    part = ids[start:start + 500]
                    db.execute_sql(f"DELETE FROM {table} WHERE id IN "
                                   f"({', '.join('?' * len(part))})", part)
            pending.add("contact", contact_ids)
            pending.add("company", company_ids)
        db.execute_sql("DELETE FROM tag WHERE name = ? OR name LIKE ?",
                       (f"stress-batch-{batch}", f"Import % stress-{batch}.csv"))


def integrity_problems(db: Any) -> list[str]:
    problems = []
    result = [row[0] for row in db.execute_sql("PRAGMA integrity_check").fetchall()]
    if result != ["ok"]:
        problems.append("integrity_check: " + "; ".join(map(str, result[:5])))
    fk = db.execute_sql("PRAGMA foreign_key_check").fetchall()
    if fk:
        problems.append(f"foreign_key_check: {len(fk)} rows, first {fk[0]}")
    for fts in ("search_trigram", "search_words"):
        try:
            db.execute_sql(f"INSERT INTO {fts}({fts}) VALUES ('integrity-check')")
        except Exception as error:  # any failure is the finding
            problems.append(f"{fts} integrity-check: {error}")
    return problems


def index_problems(db: Any) -> list[str]:
    """Differences between the FTS tables and the rows the records make now."""
    from smeplanner.core import search

    problems = []
    (contacts,) = db.execute_sql("SELECT count(*) FROM contact").fetchone()
    for fts in search.FTS_TABLES:
        (indexed,) = db.execute_sql(
            f"SELECT count(*) FROM {fts} WHERE kind = 'contact'").fetchone()
        if indexed != contacts:
            problems.append(f"{fts}: {indexed} contact rows for {contacts} contacts")
        for kind in search.KIND_ORDER:
            made = search._select_rows(kind)
            held = f"SELECT rowid, kind, ref_id, title, detail FROM {fts} WHERE kind = '{kind}'"
            (missing,) = db.execute_sql(
                f"SELECT count(*) FROM ({made} EXCEPT {held})").fetchone()
            (stale,) = db.execute_sql(
                f"SELECT count(*) FROM ({held} EXCEPT {made})").fetchone()
            if missing or stale:
                problems.append(f"{fts} {kind}: {missing} rows missing or out of date, "
                                f"{stale} stale")
    return problems


# --- the parent: the run ----------------------------------------------------------------------

@dataclass
class Figures:
    kills: int = 0
    integrity_failures: int = 0
    half_imports: int = 0
    lost_acknowledged: int = 0
    index_out_of_step: int = 0
    stale_locks: int = 0
    refused_reopens: int = 0
    child_errors: int = 0
    import_phases: dict[str, int] = field(default_factory=lambda: {
        "starting": 0, "reading/planning": 0, "writing": 0, "checkpointing": 0, "closed": 0})
    imports_present: int = 0
    imports_absent: int = 0
    acked_edits: int = 0
    in_flight_found: int = 0
    in_flight_not_found: int = 0
    checks_s: list[float] = field(default_factory=list)
    reopen_s: list[float] = field(default_factory=list)
    wal_bytes: list[int] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.integrity_failures or self.half_imports or self.lost_acknowledged
                    or self.index_out_of_step or self.stale_locks or self.refused_reopens
                    or self.child_errors)


def reset_workspace(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def parent(args: argparse.Namespace) -> int:
    if sys.platform == "win32":
        print("scripts/stress.py: unsupported on Windows (it kills with SIGKILL); nothing run.")
        return 0
    from smeplanner.core.db import open_workspace
    from smeplanner.core.errors import WorkspaceError, WorkspaceLockedError

    began = time.monotonic()
    own_workdir = args.workdir is None
    workdir = Path(tempfile.mkdtemp(prefix="smeplanner-stress-")) if own_workdir \
        else Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    workspace = workdir / "stress.smeplanner"
    reset_workspace(workspace)
    rows, rnd = args.rows, random.Random(args.seed)
    csv_path = workdir / "batch.csv"
    stderr_path = workdir / "child-stderr.txt"
    figures, expected = Figures(), Expected()

    def import_child(batch: int, kill_after: float | None) -> ChildRun:
        write_batch_csv(csv_path, rows, batch)
        return run_child(["import", str(workspace), "--csv", str(csv_path), "--batch",
                          str(batch), "--linger", str(0 if kill_after is None else LINGER_S)],
                         kill_after, stderr_path)

    # The base the edits work on (into the empty workspace: the index is rebuilt whole), then
    # one import into a workspace that has contacts, timed: the kills are spread over it.
    with open_workspace(workspace):
        pass
    prepared = []
    for batch in (0, 1):
        run = import_child(batch, None)
        committed = run.saw("COMMITTED")
        if run.exit_code != 0 or committed is None:
            print(f"preparing failed: import of batch {batch} exited {run.exit_code}\n"
                  f"{run.stderr[-3000:]}", file=sys.stderr)
            return 2
        prepared.append((committed, run.saw("READY") or 0.0))
        with open_workspace(workspace) as ws:
            counts = batch_counts(ws.database, batch)
            if counts != full_batch(rows):
                print(f"preparing failed: batch {batch} holds {counts}", file=sys.stderr)
                return 2
            if batch == 1:
                remove_batch(ws.database, batch)
    import_s, ready_s = prepared[1]
    print(f"workspace {workspace}; {rows:,} contacts; an import takes {import_s:.2f} s "
          f"from launch ({ready_s:.2f} s to open the workspace); killing {args.kills} times")

    for n in range(args.kills):
        mode = "import" if n % 2 == 0 else "edits"
        batch = n + 2
        if mode == "import":
            delay = rnd.uniform(0.0, 1.5 * import_s)
            run = import_child(batch, delay)
        else:
            delay = rnd.uniform(0.0, ready_s + 1.5)
            run = run_child(["edits", str(workspace), "--round", str(n), "--seed",
                             str(rnd.randrange(2**31)), "--linger", str(LINGER_S)],
                            delay, stderr_path)
        figures.kills += run.killed_at is not None
        notes: list[str] = []
        if run.killed_at is None:
            figures.child_errors += 1
            notes.append(f"child exited {run.exit_code} before the kill: "
                         f"{run.stderr.strip().splitlines()[-1:] or ''}")
        wal = Path(str(workspace) + "-wal")
        figures.wal_bytes.append(wal.stat().st_size if wal.exists() else 0)

        # What the child said: its acknowledged edits and the one in flight, if any.
        in_flight = None
        for _at, line in run.lines:
            word, _, rest = line.partition(" ")
            if word == "TRY":
                in_flight = json.loads(rest)
            elif word == "ACK":
                expected.apply(json.loads(rest))
                expected.acked += 1
                figures.acked_edits += 1
                in_flight = None

        check_started = time.monotonic()
        try:
            ws = open_workspace(workspace)
        except WorkspaceLockedError as error:
            figures.stale_locks += 1
            print(f"[{n + 1:>3}/{args.kills}] {mode}: the dead child's lock is stale: {error}")
            return 1
        except WorkspaceError as error:
            # The app refuses the file. Count it, then let SQLite itself recover it (replay
            # the WAL, checkpoint) and carry on, so that the rest of the figures still come.
            figures.refused_reopens += 1
            notes.append(f"the app refused to reopen it: {error}")
            connection = sqlite3.connect(workspace)
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            connection.close()
            ws = open_workspace(workspace)
        figures.reopen_s.append(time.monotonic() - check_started)
        try:
            db = ws.database
            problems = integrity_problems(db)
            if problems:
                figures.integrity_failures += 1
                notes += problems
            stored = stored_contacts(db)
            if in_flight is not None:
                if in_flight_applied(in_flight, stored):
                    expected.apply(in_flight)
                    figures.in_flight_found += 1
                    notes.append(f"in flight {in_flight['op']}: committed")
                else:
                    figures.in_flight_not_found += 1
                    notes.append(f"in flight {in_flight['op']}: not committed")
            lost = lost_edits(expected, stored)
            if mode == "import":
                phase = ("closed" if run.saw("CLOSED") is not None else
                         "checkpointing" if run.saw("COMMITTED") is not None else
                         "writing" if run.saw("PLANNED") is not None else
                         "reading/planning" if run.saw("READY") is not None else "starting")
                figures.import_phases[phase] += 1
                counts = batch_counts(db, batch)
                if counts == full_batch(rows):
                    state = "present"
                    figures.imports_present += 1
                    remove_batch(db, batch)
                elif not any(counts.values()):
                    state = "absent"
                    figures.imports_absent += 1
                    if phase in ("checkpointing", "closed"):
                        lost.append(f"acknowledged import of batch {batch} absent")
                else:
                    state = "HALF"
                    figures.half_imports += 1
                    notes.append(f"half import: {counts}")
                what = f"import b{batch:<3} killed {phase:<16} -> {state}"
            else:
                acks = sum(1 for _at, line in run.lines if line.startswith("ACK "))
                what = f"edits  {acks:>5} acknowledged"
            if lost:
                figures.lost_acknowledged += len(lost)
                notes.append(f"{len(lost)} lost: " + "; ".join(lost[:3]))
            index = index_problems(db)
            if index:
                figures.index_out_of_step += 1
                notes += index
        finally:
            ws.close()
        figures.checks_s.append(time.monotonic() - check_started)
        verdict = "ok" if not notes or all(note.startswith("in flight") for note in notes) \
            else "FAILED"
        print(f"[{n + 1:>3}/{args.kills}] {what}; kill at {delay:5.2f} s; "
              f"check {figures.checks_s[-1]:.2f} s; {verdict}"
              + (f" ({'; '.join(notes)})" if notes else ""), flush=True)

    total = time.monotonic() - began
    phases = ", ".join(f"{count} {name}" for name, count in figures.import_phases.items())
    print()
    print(f"kills: {figures.kills}, integrity failures: {figures.integrity_failures}, "
          f"half imports: {figures.half_imports}, lost acknowledged edits: "
          f"{figures.lost_acknowledged}, index out of step: {figures.index_out_of_step}")
    print(f"imports killed: {sum(figures.import_phases.values())} ({phases}); "
          f"afterwards {figures.imports_present} wholly present, "
          f"{figures.imports_absent} wholly absent")
    print(f"edits: {figures.acked_edits:,} acknowledged, all checked after every later kill; "
          f"in flight at the kill: {figures.in_flight_found} committed, "
          f"{figures.in_flight_not_found} not")
    print(f"stale locks: {figures.stale_locks}, refused reopens: {figures.refused_reopens}, "
          f"children that died before the kill: {figures.child_errors}")
    if figures.checks_s:
        print(f"durations: import of {rows:,} rows {import_s:.2f} s; reopen after a kill "
              f"median {statistics.median(figures.reopen_s):.3f} s, max "
              f"{max(figures.reopen_s):.3f} s; reopen + checks median "
              f"{statistics.median(figures.checks_s):.2f} s, max {max(figures.checks_s):.2f} s; "
              f"WAL left at a kill up to {max(figures.wal_bytes) / 1e6:.1f} MB; "
              f"total {total:.0f} s")
    if figures.failed:
        print(f"FAILED; the workspace is kept in {workdir}")
        return 1
    if own_workdir:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", help="where the workspace goes (default: a temporary "
                                          "folder, removed after a clean run)")
    parser.add_argument("--child", choices=("import", "edits"), help=argparse.SUPPRESS)
    parser.add_argument("workspace", nargs="?", help=argparse.SUPPRESS)
    parser.add_argument("--csv", help=argparse.SUPPRESS)
    parser.add_argument("--batch", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--round", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--linger", type=float, default=0.0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child == "import":
        return child_import(Path(args.workspace), Path(args.csv), args.batch, args.linger)
    if args.child == "edits":
        return child_edits(Path(args.workspace), args.round, args.seed, args.linger)
    if args.kills < 1 or args.rows < 1:
        parser.error("--kills and --rows must be at least 1")
    return parent(args)


if __name__ == "__main__":
    sys.exit(main())
