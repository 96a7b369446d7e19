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

# The fields a user chooses between, with their labels, in the order shown.
MERGE_FIELDS = (
    ("first_name", "First name"), ("last_name", "Last name"), ("email", "Email"),
    ("phone", "Phone"), ("mobile", "Mobile"), ("job_title", "Job title"),
    ("lifecycle_stage", "Stage"), ("source_channel", "Source"), ("address", "Address"),
    ("city", "City"), ("postcode", "Postcode"), ("region", "Region"), ("country", "Country"),
    ("notes", "Notes"),
)


@dataclass(frozen=True)
class MergeChoice:
    survivor_id: int
    other_ids: tuple[int, ...]
    chosen: dict[str, Any]


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
            shown = [_shown(field, self.values[cid].get(field)) for cid in self.contact_ids]
            if len(set(shown)) <= 1:
                continue  # all the same: nothing to choose
            title = QLabel(self.tr(label))
            grid.addWidget(title, row, 0)
            group = QButtonGroup(self)
            for column, contact_id in enumerate(self.contact_ids, 1):
                button = QRadioButton(_button_text(shown[column - 1]) or self.tr("(empty)"))
                group.addButton(button, contact_id)
                grid.addWidget(button, row, column)
            # Default: the first non-empty value, so nothing is lost by accident.
            first_filled = next((cid for cid, text in zip(self.contact_ids, shown, strict=True)
                                 if text), self.contact_ids[0])
            group.button(first_filled).setChecked(True)
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
        chosen = {field: self.values[group.checkedId()][field]
                  for field, group in self.field_groups.items()}
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
