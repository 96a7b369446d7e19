"""Back up now, restore from a backup (with its preview) from the File menu, the backup on
close, and a damaged workspace at start-up opened from a copy of its newest backup."""

from __future__ import annotations

import hashlib

import pytest
from PySide6.QtGui import QUndoCommand

from smeplanner.core import backups
from smeplanner.core.contacts import contacts
from smeplanner.core.db import open_workspace
from smeplanner.core.models import Contact
from smeplanner.ui import app
from smeplanner.ui.dialogs import messages


def test_back_up_now_writes_a_good_copy_where_asked(qtbot, make_window, workspace, tmp_path):
    contacts.create(first_name="Anna", email="anna@example.com")
    window = make_window(workspace)
    target = tmp_path / "usb" / "shop.sqlite"
    target.parent.mkdir()
    window.file_actions.back_up(target)
    qtbot.waitUntil(lambda: "Backed up to" in window.statusBar().currentMessage(),
                    timeout=10_000)
    assert backups.record_counts(target)["contact"] == 1


def test_restore_shows_what_would_change_then_brings_the_backup_back(qtbot, make_window,
                                                                     workspace, monkeypatch):
    anna = contacts.create(first_name="Anna", email="anna@example.com").id
    saved = backups.back_up(workspace.database, workspace.path, "daily")
    contacts.create(first_name="Bob", email="bob@example.com")
    contacts.update(anna, first_name="Annie")
    window = make_window(workspace)
    page = window.show_page("contacts")
    assert page.contacts.table.model.total_count() == 2
    window.session.undo_stack.push(QUndoCommand("an edit"))
    monkeypatch.setattr(messages, "confirm", lambda *args: True)

    window.file_actions.open_restore_dialog()
    dialog = window.file_actions.restore_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.list.topLevelItemCount() == 1
    assert dialog.chosen == saved
    preview = dialog.preview.text()
    assert "Contacts: 2 now → 1  (-1)" in preview
    assert "Contact: Bob" in preview
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: "Restored" in window.statusBar().currentMessage(), timeout=10_000)
    assert [c.first_name for c in Contact.select()] == ["Anna"]
    assert window.session.undo_stack.count() == 0  # the history no longer applies
    qtbot.waitUntil(lambda: page.contacts.table.model.total_count() == 1)
    safety = [b for b in backups.list_backups(workspace.path) if b.reason == "before-restore"]
    assert backups.record_counts(safety[0].path)["contact"] == 2


def test_a_damaged_workspace_opens_a_copy_of_its_newest_backup(qtbot, tmp_path, monkeypatch):
    path = tmp_path / "shop.smeplanner"
    with open_workspace(path) as workspace:
        for n in range(200):
            contacts.create(first_name=f"P{n}", email=f"p{n}@example.com", notes="x" * 400)
        backups.back_up(workspace.database, path, "daily")
    path.write_bytes(path.read_bytes()[:20_000])
    damaged = hashlib.sha256(path.read_bytes()).hexdigest()
    offered = []
    monkeypatch.setattr(app, "offer_backup", lambda error, parent=None: offered.append(
        error) or True)
    startup = app.start(str(path))
    qtbot.addWidget(startup.window)
    qtbot.waitUntil(lambda: startup.workspace is not None, timeout=10_000)
    try:
        assert offered and offered[0].backup is not None
        assert startup.workspace.path == path  # the recovered workspace is where it was
        assert Contact.select().count() == 200
        (kept,) = tmp_path.glob("shop.smeplanner.damaged-*")
        assert not kept.name.endswith(("-wal", "-shm"))
        assert hashlib.sha256(kept.read_bytes()).hexdigest() == damaged
    finally:
        startup.close()
    # The backup on close; the day's older daily backup is rotated away.
    assert [b.reason for b in backups.list_backups(path)] == ["close"]


def test_a_large_file_found_damaged_after_opening_is_never_backed_up(qtbot, tmp_path,
                                                                     monkeypatch):
    from smeplanner.core import db

    path = tmp_path / "shop.smeplanner"
    with open_workspace(path):
        contacts.create(first_name="Anna", email="anna@example.com")
    monkeypatch.setattr(db, "QUICK_CHECK_MAX_BYTES", 0)
    monkeypatch.setattr(db, "quick_check", lambda database: "*** in database main *** "
                                                           "Page 3: btreeInitPage() error")
    shown = []
    monkeypatch.setattr(messages, "show_critical", lambda *args: shown.append(args[3]))
    startup = app.start(str(path))
    qtbot.addWidget(startup.window)
    qtbot.waitUntil(lambda: startup.workspace is not None, timeout=10_000)
    try:
        startup.start_maintenance()
        qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
        assert "btreeInitPage" in shown[0]
        assert startup.damaged
    finally:
        startup.close()
    assert backups.list_backups(path) == []  # neither the daily nor the closing backup


def test_a_large_file_closed_before_its_check_is_not_backed_up_on_close(qtbot, tmp_path,
                                                                      monkeypatch):
    """Its health is not known yet: a damaged copy would push good backups out."""
    from smeplanner.core import db

    path = tmp_path / "shop.smeplanner"
    with open_workspace(path) as workspace:
        contacts.create(first_name="Anna", email="anna@example.com")
        good = backups.back_up(workspace.database, path, "daily")
    monkeypatch.setattr(db, "QUICK_CHECK_MAX_BYTES", 0)
    startup = app.start(str(path))
    qtbot.addWidget(startup.window)
    qtbot.waitUntil(lambda: startup.workspace is not None, timeout=10_000)
    assert not startup.sound
    startup.close()  # before start_maintenance ran
    assert [b.path for b in backups.list_backups(path)] == [good]


@pytest.mark.parametrize("large", [False, True])
def test_start_up_maintenance_backs_up_daily_and_checks_a_large_file(qtbot, tmp_path,
                                                                     monkeypatch, large):
    path = tmp_path / "shop.smeplanner"
    with open_workspace(path):
        contacts.create(first_name="Anna", email="anna@example.com")
    if large:
        from smeplanner.core import db

        monkeypatch.setattr(db, "QUICK_CHECK_MAX_BYTES", 0)
    startup = app.start(str(path))
    qtbot.addWidget(startup.window)
    qtbot.waitUntil(lambda: startup.workspace is not None, timeout=10_000)
    shown = []
    monkeypatch.setattr(messages, "show_critical", lambda *args: shown.append(args))
    try:
        startup.start_maintenance()
        qtbot.waitUntil(lambda: bool(backups.list_backups(path)), timeout=10_000)
        assert backups.list_backups(path)[0].reason == "daily"
        qtbot.wait(100)
        assert shown == []  # the file is sound
    finally:
        startup.close()
