"""Find duplicates: groups of contacts that look like one person, and a way to merge them."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from smeplanner.core import contact_forms, duplicates
from smeplanner.core.errors import ValidationError
from smeplanner.ui.commands import MergeContactsCommand, push_command
from smeplanner.ui.dialogs import messages
from smeplanner.ui.dialogs.merge_contacts import MergeContactsDialog
from smeplanner.ui.session import Session
from smeplanner.ui.worker import run_in_background

GROUP_ROLE = Qt.ItemDataRole.UserRole + 1  # the group's contact ids, on the group row
ID_ROLE = Qt.ItemDataRole.UserRole + 2  # the contact id, on a member row


class DuplicatesView(QWidget):
    """A "Find duplicates" button, the groups it found, and Merge / Open for the selection.

    The search runs on a worker thread (seconds at 100,000 contacts); the window answers
    meanwhile. Merging goes through the session's undo stack.

    Signals:
        open_contact(int): the user wants to see this contact in the list.
    """

    open_contact = Signal(int)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._relay = None
        self.find_button = QPushButton(self.tr("Find duplicates"))
        self.merge_button = QPushButton(self.tr("Merge…"))
        self.open_button = QPushButton(self.tr("Open"))
        self.status_label = QLabel(self.tr("Looks for contacts with the same email, the same "
                                           "phone, or a very similar name at one company."))
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)  # it names contacts
        self.status_label.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("Contact"), self.tr("Company"), self.tr("Email")])
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.find_button)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.merge_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 10, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.status_label)
        layout.addWidget(self.tree, 1)
        self.find_button.clicked.connect(self.find)
        self.merge_button.clicked.connect(self._on_merge_button_clicked)
        self.open_button.clicked.connect(self._on_open_button_clicked)
        self.tree.itemSelectionChanged.connect(self._sync_buttons)
        self.tree.itemActivated.connect(self._on_tree_item_activated)
        self._sync_buttons()

    # --- finding -------------------------------------------------------------------------

    def find(self) -> None:
        """Start looking (in the background); the tree fills when done."""
        self.find_button.setEnabled(False)
        self.status_label.setText(self.tr("Looking for duplicates…"))
        self._relay = run_in_background(self._search, self._on_found, self._on_failed, self)

    @staticmethod
    def _search() -> tuple[list[duplicates.DuplicateGroup], dict[int, tuple[str, str, str]]]:
        groups = duplicates.find_duplicate_groups()
        names = contact_forms.describe_contacts(cid for g in groups for cid in g.contact_ids)
        return groups, names

    def _on_found(self, found: tuple) -> None:
        groups, names = found
        self.show_groups(groups, names)

    def _on_failed(self, error: Exception) -> None:
        self.find_button.setEnabled(True)
        self.status_label.setText(self.tr("The search failed: {error}").format(error=error))

    def show_groups(self, groups: list[duplicates.DuplicateGroup],
                    names: dict[int, tuple[str, str, str]]) -> None:
        self.tree.clear()
        for group in groups:
            members = [names.get(cid, ("?", "", "")) for cid in group.contact_ids]
            title = " · ".join(dict.fromkeys(name for name, _, _ in members))
            item = QTreeWidgetItem([f"{title}  ({', '.join(group.reasons)})"])
            item.setData(0, GROUP_ROLE, list(group.contact_ids))
            for contact_id, (name, company, email) in zip(group.contact_ids, members,
                                                          strict=True):
                child = QTreeWidgetItem([name, company, email])
                child.setData(0, ID_ROLE, contact_id)
                item.addChild(child)
            self.tree.addTopLevelItem(item)
            item.setFirstColumnSpanned(True)
            item.setExpanded(True)
        for column in range(3):
            self.tree.resizeColumnToContents(column)
        self.find_button.setEnabled(True)
        if not groups:
            text = self.tr("No duplicates found.")
        elif len(groups) == 1:
            text = self.tr("One group of possible duplicates.")
        else:
            text = self.tr("{count} groups of possible duplicates.").format(count=len(groups))
        self.status_label.setText(text)
        self._sync_buttons()

    # --- acting --------------------------------------------------------------------------

    def _selected_group(self) -> QTreeWidgetItem | None:
        items = self.tree.selectedItems()
        if not items:
            return None
        item = items[0]
        return item if item.parent() is None else item.parent()

    def _sync_buttons(self) -> None:
        self.merge_button.setEnabled(self._selected_group() is not None)
        items = self.tree.selectedItems()
        self.open_button.setEnabled(bool(items) and items[0].parent() is not None)

    def merge_group(self, group_item: QTreeWidgetItem) -> bool:
        # Contacts deleted or merged since the search are left out (the list is as it was
        # when it was found); a group with one contact left has nothing to merge.
        found = group_item.data(0, GROUP_ROLE)
        still_there = contact_forms.describe_contacts(found)
        ids = [contact_id for contact_id in found if contact_id in still_there]
        if len(ids) < 2:
            self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(group_item))
            self.status_label.setText(self.tr("Those contacts have changed since the search: "
                                              "nothing left to merge there."))
            return False
        choice = MergeContactsDialog.ask(ids, self)
        if choice is None:
            return False
        name = contact_forms.describe_contacts([choice.survivor_id])[choice.survivor_id][0]
        command = MergeContactsCommand(choice.survivor_id, choice.other_ids, choice.chosen,
                                       name=name,
                                       on_changed=self._session.on_command_changed)
        try:
            push_command(self._session.undo_stack, command)
        except ValidationError as error:
            messages.show_error(self, self.tr("Not merged"), str(error))
            return False
        index = self.tree.indexOfTopLevelItem(group_item)
        self.tree.takeTopLevelItem(index)
        self.status_label.setText(self.tr("Merged into {name}. Undo with Ctrl+Z.").format(
            name=name))
        return True

    def _on_merge_button_clicked(self) -> None:
        group = self._selected_group()
        if group is not None:
            self.merge_group(group)

    def _on_open_button_clicked(self) -> None:
        items = self.tree.selectedItems()
        if items and items[0].parent() is not None:
            self.open_contact.emit(items[0].data(0, ID_ROLE))

    def _on_tree_item_activated(self, item: QTreeWidgetItem) -> None:
        if item.parent() is not None:
            self.open_contact.emit(item.data(0, ID_ROLE))
