"""Restore the workspace from a backup: the backups with their dates and record counts, and
for the one selected what restoring it would change, before anything is changed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from smeplanner.core import backups
from smeplanner.ui.dialogs import messages
from smeplanner.ui.formatting import format_count

_KIND_LABELS = dict(backups.COUNTED)


class RestoreDialog(QDialog):
    """Lists the workspace's backups; ``chosen`` is the file to restore once accepted."""

    def __init__(self, workspace_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Restore from a backup"))
        self.workspace_path = workspace_path
        self.chosen: Path | None = None
        intro = QLabel(self.tr("Restoring replaces everything in the workspace with the "
                               "backup. The workspace as it is now is backed up first, so a "
                               "restore can itself be undone by restoring that."))
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        self.list = QTreeWidget()
        self.list.setRootIsDecorated(False)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setHeaderLabels([self.tr("Taken"), self.tr("Why"), self.tr("Contacts"),
                                   self.tr("Deals"), self.tr("Campaigns")])
        self.preview = QLabel()
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.preview.setWordWrap(True)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.list)
        splitter.addWidget(self.preview)
        self.other_button = QPushButton(self.tr("Other file…"))
        self.other_button.clicked.connect(self._choose_other)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.addButton(self.tr("Restore…"),
                                                     QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setEnabled(False)
        self.buttons.addButton(self.other_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.accepted.connect(self._confirm)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)
        self.list.currentItemChanged.connect(lambda item, _old: self._show(item))
        self._fill()
        self.resize(720, 520)

    def _fill(self) -> None:
        for backup in backups.list_backups(self.workspace_path):
            try:
                counts = backups.record_counts(backup.path)
                cells = [format_count(counts["contact"]), format_count(counts["deal"]),
                         format_count(counts["campaign"])]
            except Exception:  # an unreadable file is listed, and refused if chosen
                cells = ["?", "?", "?"]
            item = QTreeWidgetItem([f"{backup.local_time:%Y-%m-%d %H:%M}",
                                    backup.reason.replace("-", " "), *cells])
            item.setData(0, Qt.ItemDataRole.UserRole, str(backup.path))
            self.list.addTopLevelItem(item)
        for column in range(self.list.columnCount()):
            self.list.resizeColumnToContents(column)
        if self.list.topLevelItemCount():
            self.list.setCurrentItem(self.list.topLevelItem(0))
        else:
            self.preview.setText(self.tr("There are no backups in {folder} yet. Use “Other "
                                         "file…” to pick one elsewhere.").format(
                folder=backups.folder_of(self.workspace_path)))

    def _choose_other(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Choose a backup"), str(self.workspace_path.parent),
            self.tr("Backups and workspaces (*.sqlite *.smeplanner);;All files (*)"))
        if chosen:
            item = QTreeWidgetItem([Path(chosen).name, self.tr("chosen file"), "", "", ""])
            item.setData(0, Qt.ItemDataRole.UserRole, chosen)
            self.list.insertTopLevelItem(0, item)
            self.list.setCurrentItem(item)

    def select(self, path: Path) -> None:
        """Select ``path`` (listed, else added as a chosen file)."""
        for row in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(row)
            if item.data(0, Qt.ItemDataRole.UserRole) == str(path):
                self.list.setCurrentItem(item)
                return
        item = QTreeWidgetItem([path.name, self.tr("chosen file"), "", "", ""])
        item.setData(0, Qt.ItemDataRole.UserRole, str(path))
        self.list.insertTopLevelItem(0, item)
        self.list.setCurrentItem(item)

    def _show(self, item: QTreeWidgetItem | None) -> None:
        self.restore_button.setEnabled(False)
        self.chosen = None
        if item is None:
            return
        path = Path(item.data(0, Qt.ItemDataRole.UserRole))
        try:
            preview = backups.preview_open_workspace(path)
        except Exception as error:
            self.preview.setText(self.tr("This file cannot be restored: {error}").format(
                error=error))
            return
        lines = [self.tr("Restoring this backup would change:")]
        for table, label in backups.COUNTED:
            now, then = preview.current[table], preview.backup[table]
            change = "" if now == then else f"  ({then - now:+,})"
            lines.append(f"  {self.tr(label)}: {now:,} now → {then:,}{change}")
        if preview.disappearing:
            lines.append("")
            lines.append(self.tr("Newest records that would disappear:"))
            lines += [f"  {self.tr(_KIND_LABELS[kind]).rstrip('s')}: {name}"
                      for kind, _id, name in preview.disappearing]
        self.preview.setText("\n".join(lines))
        self.chosen = path
        self.restore_button.setEnabled(True)

    def _confirm(self) -> None:
        if self.chosen is None:
            return
        if messages.confirm(self, self.tr("Restore from a backup"),
                            self.tr("Replace the workspace with {file}?").format(
                                file=self.chosen.name),
                            self.tr("Restore")):
            self.accept()
