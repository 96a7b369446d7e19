"""Command line: start the GUI, or run a headless sub-command on a workspace.

Each command imports what it needs when it runs: the window must not wait for the
database layer, nor a sub-command for Qt.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from smeplanner import APP_NAME, __version__
from smeplanner.core.errors import SMEPlannerError, ValidationError, WorkspaceError
from smeplanner.core.paths import ENV_VAR

if TYPE_CHECKING:
    from smeplanner.core.db import Workspace

EXIT_OK = 0
EXIT_USAGE = 1
EXIT_WORKSPACE = 2


def _add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="PATH",
                        help=f"workspace file (default: ${ENV_VAR}, else the user data folder)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="smeplanner",
        description=f"{APP_NAME}: campaigns, contacts and deals in one offline workspace. "
                    "Without a sub-command, opens the window.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--self-test", action="store_true",
                        help="check that this copy of the app works (in a temporary folder, "
                             "without a window on screen when there is no display), then exit")
    _add_db_option(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser("demo", help="fill a new workspace with a demo business")
    _add_db_option(demo)
    demo.add_argument("--scale", type=float, default=1.0,
                      help="1 ≈ 500 contacts; 200 ≈ 100,000 contacts (default 1)")
    demo.add_argument("--seed", type=int, default=1, help="random seed (default 1)")

    info = commands.add_parser("info", help="show where the workspace is and what it holds")
    _add_db_option(info)

    find = commands.add_parser("search", help="search contacts, companies, deals, campaigns")
    _add_db_option(find)
    find.add_argument("text", help="what to look for (3+ letters match anywhere in a word)")
    find.add_argument("--limit", type=int, default=20)

    agenda = commands.add_parser(
        "agenda", help="print a week's plan, or one day's, with addresses and last notes")
    _add_db_option(agenda)
    when = agenda.add_mutually_exclusive_group()
    when.add_argument("--week", metavar="YYYY-Www", type=_iso_week,
                      help="ISO week such as 2026-W48 (default: this week)")
    when.add_argument("--day", metavar="YYYY-MM-DD", type=_iso_day,
                      help="print only this day")

    importing = commands.add_parser(
        "import", help="import contacts from a CSV (Google, Outlook, any) or vCard file")
    _add_db_option(importing)
    importing.add_argument("file", metavar="FILE")
    importing.add_argument("--format", default="auto",
                           choices=("auto", "google-csv", "outlook-csv", "csv", "vcard"),
                           help="the file's format (default: decided from the file)")
    importing.add_argument("--dry-run", action="store_true",
                           help="only show what would be created, updated and skipped")

    exporting = commands.add_parser(
        "export", help="export contacts, companies, deals, campaigns or the calendar")
    _add_db_option(exporting)
    exporting.add_argument("what", choices=("contacts", "companies", "deals", "campaigns",
                                            "calendar"))
    exporting.add_argument("--format", required=True, choices=("csv", "vcard", "ics"))
    exporting.add_argument("-o", "--output", required=True, metavar="FILE")
    exporting.add_argument("--interchange", action="store_true",
                           help="CSV exactly as stored, for re-import (no spreadsheet guard)")

    backup = commands.add_parser("backup", help="back the workspace up (online, consistent)")
    _add_db_option(backup)
    backup.add_argument("-o", "--output", metavar="FILE",
                        help="where to write it (default: the backups folder beside it)")

    restore = commands.add_parser(
        "restore", help="replace the workspace with a backup (the current one is backed up)")
    _add_db_option(restore)
    restore.add_argument("file", metavar="FILE")

    check = commands.add_parser(
        "check", help="check the workspace: SQLite integrity, links, search index")
    _add_db_option(check)
    return parser


def _iso_week(text: str) -> date:
    # Checked while parsing, so a bad week is a usage error (exit 2) before the workspace
    # is opened, like any other malformed argument.
    from smeplanner.core.week import parse_iso_week

    try:
        return parse_iso_week(text)
    except ValidationError as error:
        raise argparse.ArgumentTypeError(error.message) from None


def _iso_day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-23") from None


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    db_path = getattr(args, "db", None)
    if args.self_test:
        from smeplanner.self_test import run_self_test

        return run_self_test()
    if args.command is None:
        gui_argv = list(sys.argv if argv is None else ["smeplanner", *argv])
        if os.environ.get("SMEPLANNER_FIRST_PAINT_SINCE"):  # the bundle start-up benchmark
            from smeplanner.first_paint import launched_at, run_to_first_paint

            launched = launched_at()
            if launched is not None:
                return run_to_first_paint(db_path, gui_argv, launched)
        from smeplanner.ui.app import run_gui  # Qt only when the window is wanted

        return run_gui(db_path, gui_argv)
    # A console that cannot show a name ("Małgorzata" on a cp1252 console) gets "?" rather
    # than a UnicodeEncodeError after the work was done (an import written, then exit 1).
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    try:
        code = _COMMANDS[args.command](args)
        sys.stdout.flush()  # so that a reader gone away is noticed here
        return code
    except BrokenPipeError:
        # The reader went away (`smeplanner search x | head`): stop quietly. Python's own
        # recipe: point stdout at devnull so the flush at exit does not fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_USAGE
    except WorkspaceError as error:
        print(f"smeplanner: {error}", file=sys.stderr)
        return EXIT_WORKSPACE
    except (ValidationError, ValueError) as error:
        print(f"smeplanner: {error}", file=sys.stderr)
        return EXIT_USAGE
    except SMEPlannerError as error:
        print(f"smeplanner: {error}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as error:  # a folder given as --db, a disk that fails
        where = f" ({error.filename})" if error.filename else ""
        print(f"smeplanner: {error.strerror or error}{where}", file=sys.stderr)
        return EXIT_WORKSPACE
    except Exception as error:
        # SQLite's own errors (a full disk), seen as sqlite3 or peewee ones; this module
        # does not import either (a sub-command must not wait for them).
        if type(error).__module__ not in ("sqlite3", "peewee"):
            raise
        print(f"smeplanner: the workspace could not be read or written: {error}",
              file=sys.stderr)
        return EXIT_WORKSPACE


def _demo(args: argparse.Namespace) -> int:
    from smeplanner.core import demo
    from smeplanner.core.db import open_workspace

    if args.scale <= 0:
        raise ValidationError("scale", "must be more than 0")
    started = time.perf_counter()
    with open_workspace(args.db) as workspace:
        counts = demo.build_demo(workspace.database, scale=args.scale, seed=args.seed)
        print(f"{workspace.path}: {demo.main_counts_summary(counts)} "
              f"in {time.perf_counter() - started:.1f} s")
    return EXIT_OK


def _info(args: argparse.Namespace) -> int:
    from smeplanner.core import migrations, settings
    from smeplanner.core.db import open_workspace
    from smeplanner.core.models import Activity, Campaign, Company, Contact, Deal

    with open_workspace(args.db, create=False) as workspace:
        print(f"Workspace:  {workspace.path}")
        print(f"Business:   {settings.get('business_name')} ({settings.get('currency')})")
        print(f"Schema:     {migrations.current_version(workspace.database)}")
        for model, label in ((Contact, "Contacts"), (Company, "Companies"), (Deal, "Deals"),
                             (Campaign, "Campaigns"), (Activity, "Activities")):
            print(f"{label + ':':<12}{model.select().count():,}")
    return EXIT_OK


def _search(args: argparse.Namespace) -> int:
    from smeplanner.core import search
    from smeplanner.core.db import open_workspace

    with open_workspace(args.db, create=False) as workspace:
        hits = search.search(workspace.database, args.text, limit=args.limit)
        for kind, group in search.grouped(hits, per_kind=args.limit).items():
            print(search.KIND_LABELS[kind])
            for hit in group:
                print(f"  #{hit.id:<7} {hit.title}  {hit.detail}".rstrip())
        if not hits:
            print("No matches.")
    return EXIT_OK


def _agenda(args: argparse.Namespace) -> int:
    from smeplanner.core.agenda_sheet import render_text, sheet_for
    from smeplanner.core.db import open_workspace
    from smeplanner.core.timeutil import today
    from smeplanner.core.week import load_week, week_start_day

    with open_workspace(args.db, create=False):
        # An ISO week names its Monday; the week shown starts on the workspace's first day.
        plan = load_week(week_start_day(args.day or args.week or today()))
        sheet = sheet_for(plan, [args.day] if args.day else list(plan.days))
        text = render_text(sheet, width=shutil.get_terminal_size((100, 24)).columns)
    print(text, end="")  # (what the console cannot show comes out as "?": see main)
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    from smeplanner.core.contact_io.files import read_contact_file
    from smeplanner.core.contact_io.importer import SKIP, plan_import, run_import
    from smeplanner.core.contact_io.record import UnreadableFileError
    from smeplanner.core.db import open_workspace

    with open_workspace(args.db):
        try:
            found = read_contact_file(args.file, args.format)
        except UnreadableFileError as error:
            print(f"smeplanner: {error}", file=sys.stderr)
            return EXIT_USAGE
        plan = plan_import(found.contacts)
        if not args.dry_run and (plan.created or plan.updated):
            from smeplanner.core import backups

            backups.back_up_open_workspace("before-import")
            run_import(plan, batch_label=found.path.name)
        verb = "would be" if args.dry_run else "were"
        companies = len(plan.new_companies)
        print(f"{found.path.name} ({found.format_label}): {_counted(len(plan.rows), 'row')}")
        print(f"  contacts {verb} created: {plan.created:,}, updated: {plan.updated:,}, "
              f"skipped: {plan.skipped:,}; companies {verb} created: {companies:,}")
        for row in plan.rows:
            if row.action == SKIP:
                print(f"  row {row.source_row}: skipped: {row.reason} ({row.name})".rstrip())
    return EXIT_OK


def _backup(args: argparse.Namespace) -> int:
    from pathlib import Path

    from smeplanner.core import backups
    from smeplanner.core.db import open_workspace

    with open_workspace(args.db, create=False) as workspace:
        problem = _damage_of_large(workspace)
        if problem is not None:
            # A damaged copy would push good backups out of the rotation.
            print(f"smeplanner: {workspace.path} is damaged ({problem}); not backed up. "
                  "Restore the newest good backup: smeplanner restore FILE", file=sys.stderr)
            return EXIT_WORKSPACE
        target = Path(args.output) if args.output else None
        try:
            written = backups.back_up(workspace.database, workspace.path, "manual", target)
        except OSError as error:
            print(f"smeplanner: {args.output} cannot be written: {error.strerror or error}",
                  file=sys.stderr)
            return EXIT_USAGE
        if target is None:
            backups.rotate(workspace.path)
    print(f"Backed up to {written}")
    return EXIT_OK


def _damage_of_large(workspace: Workspace) -> str | None:
    """SQLite's quick_check of a workspace too large to have been checked when it was
    opened (smaller ones are): what is wrong, or None."""
    from smeplanner.core import db

    if workspace.path.stat().st_size <= db.QUICK_CHECK_MAX_BYTES:
        return None
    check = db.quick_check(workspace.database)
    return None if check == "ok" else check


def _restore(args: argparse.Namespace) -> int:
    from smeplanner.core import backups, migrations
    from smeplanner.core.db import open_workspace
    from smeplanner.core.errors import DamagedWorkspaceError

    source = Path(args.file)
    if not source.is_file():
        print(f"smeplanner: {source} is not a file", file=sys.stderr)
        return EXIT_USAGE
    # The backup is checked before anything else reads it: a CSV or another program's
    # file gets a message, not a traceback. A bad file to restore is bad input (exit 1);
    # exit 2 is for a workspace that cannot be used.
    try:
        backups.check_file(source, migrations.latest_version())
    except WorkspaceError as error:
        print(f"smeplanner: {error}", file=sys.stderr)
        return EXIT_USAGE
    try:
        workspace = open_workspace(args.db)
    except DamagedWorkspaceError as error:
        return _restore_over_damaged(Path(error.path), source)
    with workspace:
        preview = backups.preview_restore(workspace.database, source)
        safety = backups.restore(workspace.database, workspace.path, source,
                                 migrations.latest_version())
        migrations.upgrade(workspace.database, workspace.path)
    for table, label in backups.COUNTED:
        print(f"{label + ':':<12}{preview.current[table]:>9,} → {preview.backup[table]:,}")
    print(f"Restored {source}; the workspace as it was is saved as {safety}")
    return EXIT_OK


def _restore_over_damaged(path: Path, source: Path) -> int:
    """The workspace cannot be opened (damaged): put the backup in its place, as the window
    offers to, keeping the damaged file beside it untouched."""
    from smeplanner.core import backups
    from smeplanner.core.db import open_workspace
    from smeplanner.core.lock import WorkspaceLock

    lock = WorkspaceLock(path)
    lock.acquire()  # refused while the app has it open
    try:
        kept = backups.replace_damaged(path, source)
    finally:
        lock.release()
    with open_workspace(path):  # brings an older backup's schema up to date
        pass
    counts = backups.record_counts(path)
    for table, label in backups.COUNTED:
        print(f"{label + ':':<12}{counts[table]:>9,}")
    print(f"The workspace was damaged and is kept, untouched, as {kept}; "
          f"restored {source} in its place")
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from smeplanner.core import consistency
    from smeplanner.core.db import open_workspace

    with open_workspace(args.db, create=False) as workspace:
        problems = consistency.check_workspace(workspace.database)
    if problems:
        print(f"{workspace.path}: {len(problems)} problem(s) found")
        for problem in problems:
            print(f"  {problem}")
        return EXIT_USAGE
    print(f"{workspace.path}: no problems found (integrity, links, search index)")
    return EXIT_OK


def _counted(count: int, noun: str) -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def _export(args: argparse.Namespace) -> int:
    from smeplanner.core.contact_io.exports import write_export
    from smeplanner.core.db import open_workspace

    with open_workspace(args.db, create=False):
        try:
            count = write_export(args.what, args.format, args.output,
                                 interchange=args.interchange)
        except OSError as error:
            print(f"smeplanner: {args.output} cannot be written: {error.strerror or error}",
                  file=sys.stderr)
            return EXIT_USAGE
    noun = "calendar events" if args.what == "calendar" else args.what
    print(f"Wrote {count:,} {noun} to {args.output}")
    return EXIT_OK


_COMMANDS = {"demo": _demo, "info": _info, "search": _search, "agenda": _agenda,
             "import": _import, "export": _export, "backup": _backup, "restore": _restore,
             "check": _check}


if __name__ == "__main__":
    sys.exit(main())
