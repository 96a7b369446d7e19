"""Merge duplicate contacts: pick the contact to keep and, field by field, the value to keep."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from smeplanner.core import contact_forms
from smeplanner.core.vocabulary import LIFECYCLE_LABELS, SOURCE_LABELS

# The fields a user chooses between, with their labels, in the order shown. The address
# is one choice (its parts move together, never street from one and city from another);
# notes can also be joined.
MERGE_FIELDS = (
    ("first_name", "First name"), ("last_name", "Last name"), ("email", "Email"),
    ("phone", "Phone"), ("mobile", "Mobile"), ("job_title", "Job title"),
    ("lifecycle_stage", "Stage"), ("source_channel", "Source"), ("address", "Address"),
    ("notes", "Notes"),
)
ADDRESS_PARTS = ("address", "city", "postcode", "region", "country")
JOINED = -2  # the notes row's "both, joined" button


@dataclass(frozen=True)
class MergeChoice:
    survivor_id: int
    other_ids: tuple[int, ...]
    chosen: dict[str, Any]


def _address_text(values: dict[str, Any]) -> str:
    """A contact's whole address on one line: "Hauptstr. 1, 50667 Köln, NRW, DE"."""
    place = " ".join(part for part in (values["postcode"], values["city"]) if part)
    parts = (values["address"], place, values["region"], values["country"])
    return ", ".join(" ".join(str(part).split()) for part in parts if part)


def _shown(field: str, value: Any) -> str:
    if field == "lifecycle_stage":
        return LIFECYCLE_LABELS.get(value, value or "")
    if field == "source_channel":
        return SOURCE_LABELS.get(value, value or "")
    text = "" if value is None else str(value)
    return " ".join(text.split())[:80]


def _button_text(text: str) -> str:
    """Contact data as a radio button's text: a button reads a single "&" as a shortcut."""
    return text.replace("&", "&&")


class MergeContactsDialog(QDialog):
    """A grid: one column per contact, one row per field with differing values; a radio
    button picks the value. The first row picks the contact that survives."""

    def __init__(self, contact_ids: list[int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Merge contacts"))
        self.setMinimumWidth(720)
        self.contact_ids = list(contact_ids)
        self.values = {cid: contact_forms.load_contact(cid) for cid in self.contact_ids}
        self.survivor_group = QButtonGroup(self)
        self.field_groups: dict[str, QButtonGroup] = {}
        self.result_value: MergeChoice | None = None

        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("Keep")), 0, 0)
        for column, contact_id in enumerate(self.contact_ids, 1):
            values = self.values[contact_id]
            name = " ".join(p for p in (values["first_name"], values["last_name"]) if p)
            button = QRadioButton(_button_text(name or values["email"]))
            button.setToolTip(self.tr("Keep this contact; merge the others into it"))
            self.survivor_group.addButton(button, contact_id)
            grid.addWidget(button, 0, column)
        self.survivor_group.buttons()[0].setChecked(True)
        row = 1
        for field, label in MERGE_FIELDS:
            if field == "address":
                full = [_address_text(self.values[cid]) for cid in self.contact_ids]
                shown = [text[:120] for text in full]
            else:
                full = shown = [_shown(field, self.values[cid].get(field))
                                for cid in self.contact_ids]
            if len(set(full)) <= 1:
                continue  # all the same: nothing to choose
            title = QLabel(self.tr(label))
            grid.addWidget(title, row, 0)
            group = QButtonGroup(self)
            for column, contact_id in enumerate(self.contact_ids, 1):
                button = QRadioButton(_button_text(shown[column - 1]) or self.tr("(empty)"))
                group.addButton(button, contact_id)
                grid.addWidget(button, row, column)
            # Default: the first non-empty value, so nothing is lost by accident.
            first_filled = next((cid for cid, text in zip(self.contact_ids, full, strict=True)
                                 if text), self.contact_ids[0])
            group.button(first_filled).setChecked(True)
            if field == "notes" and sum(1 for text in full if text) > 1:
                # Two people's notes are rarely either-or: keep both unless told otherwise.
                joined = QRadioButton(self.tr("Both, joined"))
                group.addButton(joined, JOINED)
                grid.addWidget(joined, row, len(self.contact_ids) + 1)
                joined.setChecked(True)
            self.field_groups[field] = group
            row += 1
        if not self.field_groups:
            same = QLabel(self.tr("Their details are the same; only their history is joined."))
            same.setWordWrap(True)
            grid.addWidget(same, row, 0, 1, len(self.contact_ids) + 1)

        inner = QWidget()
        inner.setLayout(grid)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        note = QLabel(self.tr("Activities, deals, tags and campaign links of every contact "
                              "move to the one you keep. You can undo the merge."))
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = buttons.addButton(self.tr("Merge"),
                                              QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)

    def choice(self) -> MergeChoice:
        survivor = self.survivor_group.checkedId()
        chosen: dict[str, Any] = {}
        for field, group in self.field_groups.items():
            picked = group.checkedId()
            if picked == JOINED:
                continue  # the merge joins the notes by itself
            parts = ADDRESS_PARTS if field == "address" else (field,)
            chosen.update({part: self.values[picked][part] for part in parts})
        others = tuple(cid for cid in self.contact_ids if cid != survivor)
        return MergeChoice(survivor, others, chosen)

    @classmethod
    def ask(cls, contact_ids: list[int], parent: QWidget | None = None) -> MergeChoice | None:
        dialog = cls(contact_ids, parent)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.exec()
        return dialog.result_value

    def _on_buttons_accepted(self) -> None:
        self.result_value = self.choice()
        self.accept()
