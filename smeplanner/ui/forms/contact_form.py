"""Every editable field of a contact, as one widget: the editor dialog and the detail panel
both show it. It reads and writes plain values; saving is the caller's business.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from smeplanner.core import contact_forms
from smeplanner.core.vocabulary import (
    LIFECYCLE_LABELS,
    LIFECYCLE_STAGES,
    SOURCE_CHANNELS,
    SOURCE_LABELS,
)
from smeplanner.ui.forms.editor_parts import ErrorBanner, date_edit, set_date

# The form's widgets by the service's field names, for errors that name a field.
_ERROR_FOCUS = {"name": "first_name", "tags": "tags", "company": "company"}


class _CampaignCombo(QComboBox):
    def __init__(self, form: ContactForm) -> None:
        super().__init__()
        self._form = form
        self.loaded = False
        self.addItem(form.tr("(none)"), None)

    def showPopup(self) -> None:
        if not self.loaded:
            self._form.set_campaigns(contact_forms.campaign_choices())
        super().showPopup()


class ContactForm(QWidget):
    """The fields of one contact.

    Signals:
        changed(): the user edited something (for Save/Revert buttons).
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, compact: bool = False) -> None:
        super().__init__(parent)
        self.edits: dict[str, QLineEdit] = {}
        for key, placeholder in (
                ("first_name", self.tr("First name")), ("last_name", self.tr("Last name")),
                ("email", self.tr("name@example.com")), ("phone", self.tr("Phone")),
                ("mobile", self.tr("Mobile")), ("job_title", self.tr("Job title")),
                ("company", self.tr("Company (new names are created)")),
                ("tags", self.tr("Tags, separated by commas")), ("city", self.tr("City")),
                ("postcode", self.tr("Postcode")), ("region", self.tr("Region")),
                ("country", self.tr("Country"))):
            edit = QLineEdit()
            edit.setMinimumWidth(110)
            edit.setPlaceholderText(placeholder)
            edit.setObjectName(key)
            edit.textEdited.connect(self.changed)
            self.edits[key] = edit
        self._company_names = QStringListModel(self)
        completer = QCompleter(self._company_names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.edits["company"].setCompleter(completer)
        self.edits["company"].textEdited.connect(self._on_company_text_edited)

        self.stage_combo = QComboBox()
        for stage in LIFECYCLE_STAGES:
            self.stage_combo.addItem(self.tr(LIFECYCLE_LABELS[stage]), stage)
        self.source_combo = QComboBox()
        self.source_combo.addItem(self.tr("(unknown)"), "")
        for source in SOURCE_CHANNELS:
            self.source_combo.addItem(self.tr(SOURCE_LABELS.get(source, source)), source)
        # Thousands of campaigns: read when the list is first opened, not for every contact.
        self.campaign_combo = _CampaignCombo(self)
        self.opt_in_check = QCheckBox(self.tr("Agreed to marketing on"))
        self.opt_in_date = date_edit()
        self.opt_in_source_edit = QLineEdit()
        self.opt_in_source_edit.setPlaceholderText(self.tr("How: web form, trade fair, call…"))
        self.opt_in_source_edit.textEdited.connect(self.changed)
        self.do_not_contact_check = QCheckBox(self.tr("Do not contact"))
        self.follow_up_check = QCheckBox(self.tr("Follow up on"))
        self.follow_up_date = date_edit()
        self.address_edit = QPlainTextEdit()
        self.address_edit.setPlaceholderText(self.tr("Street and number"))
        self.address_edit.setTabChangesFocus(True)
        self.address_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setPlaceholderText(self.tr("Notes"))
        self.notes_edit.setTabChangesFocus(True)
        for combo in (self.stage_combo, self.source_combo, self.campaign_combo):
            combo.activated.connect(self.changed)
        for check in (self.opt_in_check, self.do_not_contact_check, self.follow_up_check):
            check.toggled.connect(self._on_check_toggled)
        for edit in (self.opt_in_date, self.follow_up_date):
            edit.dateChanged.connect(self.changed)
        for text in (self.address_edit, self.notes_edit):
            text.textChanged.connect(self.changed)

        self.error_label = ErrorBanner()
        self._build_layout(compact)
        self._sync_enabled()

    def _build_layout(self, compact: bool) -> None:
        names = QHBoxLayout()
        names.addWidget(self.edits["first_name"])
        names.addWidget(self.edits["last_name"])
        person = QFormLayout()
        person.addRow(self.tr("Name"), names)
        person.addRow(self.tr("Email"), self.edits["email"])
        phones = QHBoxLayout()
        phones.addWidget(self.edits["phone"])
        phones.addWidget(self.edits["mobile"])
        person.addRow(self.tr("Phone"), phones)
        person.addRow(self.tr("Company"), self.edits["company"])
        person.addRow(self.tr("Job title"), self.edits["job_title"])
        person.addRow(self.tr("Tags"), self.edits["tags"])

        funnel = QFormLayout()
        funnel.addRow(self.tr("Stage"), self.stage_combo)
        funnel.addRow(self.tr("Source"), self.source_combo)
        funnel.addRow(self.tr("Campaign"), self.campaign_combo)
        opt_in = QHBoxLayout()
        opt_in.addWidget(self.opt_in_check)
        opt_in.addWidget(self.opt_in_date, 1)
        funnel.addRow(self.tr("Consent"), opt_in)
        funnel.addRow("", self.opt_in_source_edit)
        funnel.addRow("", self.do_not_contact_check)
        follow_up = QHBoxLayout()
        follow_up.addWidget(self.follow_up_check)
        follow_up.addWidget(self.follow_up_date, 1)
        funnel.addRow(self.tr("Next step"), follow_up)

        place = QGridLayout()
        place.addWidget(self.address_edit, 0, 0, 1, 2)
        place.addWidget(self.edits["postcode"], 1, 0)
        place.addWidget(self.edits["city"], 1, 1)
        place.addWidget(self.edits["region"], 2, 0)
        place.addWidget(self.edits["country"], 2, 1)

        person_box = QGroupBox(self.tr("Person"))
        person_box.setLayout(person)
        funnel_box = QGroupBox(self.tr("Funnel and consent"))
        funnel_box.setLayout(funnel)
        place_box = QGroupBox(self.tr("Address"))
        place_box.setLayout(place)
        notes_box = QGroupBox(self.tr("Notes"))
        notes_layout = QVBoxLayout(notes_box)
        notes_layout.addWidget(self.notes_edit)

        grid = QGridLayout()
        if compact:  # one column, for the side panel
            for row, box in enumerate((person_box, funnel_box, place_box, notes_box)):
                grid.addWidget(box, row, 0)
        else:
            grid.setColumnStretch(0, 1)
            grid.setColumnStretch(1, 1)
            grid.addWidget(person_box, 0, 0)
            grid.addWidget(funnel_box, 0, 1)
            grid.addWidget(place_box, 1, 0)
            grid.addWidget(notes_box, 1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.error_label)
        layout.addLayout(grid)

    # --- values --------------------------------------------------------------------------

    def set_campaigns(self, campaigns: list[tuple[int, str]]) -> None:
        """The campaigns a contact can come from, newest first: (id, name)."""
        current = self.campaign_combo.currentData()
        self.campaign_combo.clear()
        self.campaign_combo.addItem(self.tr("(none)"), None)
        for campaign_id, name in campaigns:
            self.campaign_combo.addItem(name, campaign_id)
        self._select(self.campaign_combo, current)
        self.campaign_combo.loaded = True

    def set_values(self, values: dict[str, Any]) -> None:
        """Show a contact: the service's field names, plus ``company_name`` and ``tags``."""
        for key, edit in self.edits.items():
            if key == "company":
                edit.setText(values.get("company_name", ""))
            elif key == "tags":
                edit.setText(", ".join(values.get("tags", [])))
            else:
                edit.setText(values.get(key) or "")
        self._select(self.stage_combo, values.get("lifecycle_stage", "lead"))
        self._select(self.source_combo, values.get("source_channel", ""))
        campaign = values.get("source_campaign")
        if not self.campaign_combo.loaded:
            # Not read yet: show just this contact's campaign until the list is opened.
            self.campaign_combo.clear()
            self.campaign_combo.addItem(self.tr("(none)"), None)
            if campaign is not None:
                self.campaign_combo.addItem(values.get("source_campaign_name") or "?",
                                            campaign)
        self._select(self.campaign_combo, campaign)
        self.opt_in_check.setChecked(bool(values.get("marketing_opt_in")))
        set_date(self.opt_in_date, values.get("opt_in_date"))
        self.opt_in_source_edit.setText(values.get("opt_in_source") or "")
        self.do_not_contact_check.setChecked(bool(values.get("do_not_contact")))
        follow_up = values.get("next_follow_up")
        self.follow_up_check.setChecked(follow_up is not None)
        set_date(self.follow_up_date, follow_up)
        self.address_edit.setPlainText(values.get("address") or "")
        self.notes_edit.setPlainText(values.get("notes") or "")
        self.clear_error()
        self._sync_enabled()

    def values(self) -> dict[str, Any]:
        """The service's fields (without company and tags: see company_name(), tags())."""
        values: dict[str, Any] = {key: edit.text() for key, edit in self.edits.items()
                                  if key not in ("company", "tags")}
        values.update(
            lifecycle_stage=self.stage_combo.currentData(),
            source_channel=self.source_combo.currentData(),
            source_campaign=self.campaign_combo.currentData(),
            marketing_opt_in=self.opt_in_check.isChecked(),
            opt_in_date=self.opt_in_date.date().toPython() if self.opt_in_check.isChecked()
            else None,
            opt_in_source=self.opt_in_source_edit.text(),
            do_not_contact=self.do_not_contact_check.isChecked(),
            next_follow_up=self.follow_up_date.date().toPython()
            if self.follow_up_check.isChecked() else None,
            address=self.address_edit.toPlainText(),
            notes=self.notes_edit.toPlainText(),
        )
        return values

    def company_name(self) -> str:
        return self.edits["company"].text().strip()

    def tags(self) -> list[str]:
        return contact_forms.split_tags(self.edits["tags"].text())

    # --- errors --------------------------------------------------------------------------

    def show_error(self, field: str, message: str) -> None:
        """Say what is wrong and put the cursor in the field it names."""
        self.error_label.show_message(message)
        widget = self.field_widget(field)
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def clear_error(self) -> None:
        self.error_label.dismiss()

    def field_widget(self, field: str) -> QWidget | None:
        key = _ERROR_FOCUS.get(field, field)
        others = {"lifecycle_stage": self.stage_combo, "source_channel": self.source_combo,
                  "source_campaign": self.campaign_combo, "opt_in_date": self.opt_in_date,
                  "next_follow_up": self.follow_up_date, "address": self.address_edit,
                  "opt_in_source": self.opt_in_source_edit,
                  "notes": self.notes_edit}
        return self.edits.get(key) or others.get(key)

    # --- helpers -------------------------------------------------------------------------

    @staticmethod
    def _select(combo: QComboBox, data: Any) -> None:
        index = combo.findData(data)
        combo.setCurrentIndex(max(index, 0))

    def _sync_enabled(self) -> None:
        self.opt_in_date.setEnabled(self.opt_in_check.isChecked())
        self.opt_in_source_edit.setEnabled(self.opt_in_check.isChecked())
        self.follow_up_date.setEnabled(self.follow_up_check.isChecked())
        if self.do_not_contact_check.isChecked():
            # Do-not-contact overrides consent, as the core does on save.
            self.opt_in_check.setChecked(False)
        self.opt_in_check.setEnabled(not self.do_not_contact_check.isChecked())

    def _on_check_toggled(self) -> None:
        self._sync_enabled()
        self.changed.emit()

    def _on_company_text_edited(self, text: str) -> None:
        self._company_names.setStringList(contact_forms.company_names_starting(text))
