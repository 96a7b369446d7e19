"""Add or edit a contact: the form, validation that names the field, a duplicate warning."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from smeplanner.core import contact_forms
from smeplanner.core.errors import ValidationError
from smeplanner.ui.forms.contact_form import ContactForm

# Saves (contact id or None for new, values, company name, tags) and returns the contact id;
# raises ValidationError with nothing written. The page passes one that records undo.
Saver = Callable[[int | None, dict[str, Any], str, list[str]], int]


def save_directly(contact_id: int | None, values: dict[str, Any], company_name: str,
                  tags: list[str]) -> int:
    return contact_forms.save_contact(contact_id, values, company_name=company_name,
                                      tags=tags).id


@dataclass(frozen=True)
class EditorResult:
    """``saved``: the contact was saved; ``open``: the user chose an existing duplicate."""

    action: Literal["saved", "open"]
    contact_id: int


def ask_about_duplicate(parent: QWidget, matches: list[Any]) -> str:
    """Tell the user who this may be; "open" that contact, "save" anyway, or "cancel"."""
    first = matches[0]
    box = QMessageBox(QMessageBox.Icon.Question, parent.tr("Possible duplicate"),
                      parent.tr("{name} may be the same person ({reasons}).").format(
                          name=first.display_name, reasons=", ".join(first.reasons)),
                      QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if len(matches) > 1:
        others = ", ".join(match.display_name for match in matches[1:4])
        box.setInformativeText(parent.tr("Also similar: {names}").format(names=others))
    # "&&": a button reads a single "&" as a shortcut ("A & B" would lose it).
    open_button = box.addButton(parent.tr("Open {name}").format(
                                    name=first.display_name.replace("&", "&&")),
                                QMessageBox.ButtonRole.AcceptRole)
    save_button = box.addButton(parent.tr("Save anyway"), QMessageBox.ButtonRole.ApplyRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(open_button)
    box.exec()
    clicked = box.clickedButton()
    if clicked is open_button:
        return "open"
    return "save" if clicked is save_button else "cancel"


class ContactEditorDialog(QDialog):
    """The contact form with Save and Cancel; refuses bad input without closing."""

    def __init__(self, contact_id: int | None = None, *, prefill: dict[str, Any] | None = None,
                 saver: Saver = save_directly, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.contact_id = contact_id
        self.result_value: EditorResult | None = None
        self._saver = saver
        self.setWindowTitle(self.tr("New contact") if contact_id is None
                            else self.tr("Edit contact"))
        self.setMinimumWidth(900)
        self.form = ContactForm(self)
        if contact_id is not None:
            self._original = contact_forms.load_contact(contact_id)
            self.form.set_values(self._original)
        else:
            self._original = {}
            self.form.set_values({"lifecycle_stage": "lead", **(prefill or {})})
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.buttons)
        self.form.edits["first_name"].setFocus()

    @classmethod
    def ask(cls, parent: QWidget | None = None, contact_id: int | None = None, *,
            prefill: dict[str, Any] | None = None,
            saver: Saver = save_directly) -> EditorResult | None:
        dialog = cls(contact_id, prefill=prefill, saver=saver, parent=parent)
        dialog.exec()
        return dialog.result_value

    # --- saving --------------------------------------------------------------------------

    def save(self) -> bool:
        """Check for duplicates, then save; True when the dialog may close."""
        values = self.form.values()
        duplicate = self._duplicate_choice(values)
        if duplicate == "cancel":
            return False
        if isinstance(duplicate, int):
            self.result_value = EditorResult("open", duplicate)
            return True
        try:
            saved_id = self._saver(self.contact_id, values, self.form.company_name(),
                                   self.form.tags())
        except ValidationError as error:
            self.form.show_error(error.field, self._message(error))
            return False
        self.result_value = EditorResult("saved", saved_id)
        return True

    def _message(self, error: ValidationError) -> str:
        label = error.field.replace("_", " ").capitalize()
        return self.tr("{field}: {message}").format(field=label, message=error.message)

    def _duplicate_choice(self, values: dict[str, Any]) -> int | str | None:
        """None to go on saving, "cancel" to stay, or the id of the contact to open."""
        if not self._identity_changed(values):
            return None
        from smeplanner.core import duplicates

        company = contact_forms.find_company(self.form.company_name())
        matches = duplicates.similar_contacts(
            first_name=values["first_name"], last_name=values["last_name"],
            email=values["email"], phone=values["phone"], mobile=values["mobile"],
            company_id=company.id if company else None, exclude_id=self.contact_id)
        if not matches:
            return None
        answer = ask_about_duplicate(self, matches)
        if answer == "open":
            return matches[0].contact_id
        return None if answer == "save" else "cancel"

    def _identity_changed(self, values: dict[str, Any]) -> bool:
        """Only a new contact, or a changed name, email, phone or company, can be a
        new duplicate."""
        if self.contact_id is None:
            return True
        def stored_form(key: str) -> str:
            text = values[key].strip()
            return text.lower() if key == "email" else text

        keys = ("first_name", "last_name", "email", "phone", "mobile")
        changed = any((self._original.get(key) or "") != stored_form(key) for key in keys)
        return changed or self._original.get("company_name", "") != self.form.company_name()

    def _on_buttons_accepted(self) -> None:
        if self.save():
            self.accept()
