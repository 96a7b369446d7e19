"""The Settings page: workspace preferences, pipeline stages, lost reasons and products."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from smeplanner.core.errors import ValidationError
from smeplanner.core.money import COMMON_CURRENCIES
from smeplanner.core.settings import PREFERENCES
from smeplanner.ui import state
from smeplanner.ui.session import Session
from smeplanner.ui.widgets.lost_reasons_editor import LostReasonsEditor
from smeplanner.ui.widgets.page_header import PageHeader
from smeplanner.ui.widgets.products_view import ProductsView
from smeplanner.ui.widgets.stage_editor import PipelineStageEditor
from smeplanner.ui.widgets.table_page import PAGE_MARGINS

_CONTENT_WIDTH = 720
_TAB_MARGINS = (0, 14, 0, 0)
_TAB_KEY = "pages/settings/tab"


class SettingsPage(QWidget):
    """Workspace settings in tabs: preferences (edited in a form and stored together with
    Save); pipeline stages and lost reasons; products. Stages, reasons and products are stored
    as they are edited, and the other pages are told."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._notifying = False
        self._build_preferences()
        self.stage_editor = PipelineStageEditor()
        stages_box = self._section(
            self.tr("Pipeline stages"), self.stage_editor,
            self.tr("Double-click a name, probability or rotting time to change it. "
                    "Changes are saved at once."))
        self.lost_reasons_editor = LostReasonsEditor()
        reasons_box = self._section(
            self.tr("Lost reasons"), self.lost_reasons_editor,
            self.tr("The choices offered when a deal is lost. Double-click a reason to rename "
                    "it. Deals keep the reason they were lost for, even if it is renamed or "
                    "deleted here."))
        self.products_view = ProductsView(session.currency)
        products_note = self._note(
            self.tr("What you sell, with its price and what one unit costs you. A product "
                    "that is on deals cannot be deleted: untick Active instead, and it is no "
                    "longer offered on new deals."))
        products_tab = QWidget()
        products_layout = QVBoxLayout(products_tab)
        products_layout.setContentsMargins(*_TAB_MARGINS)
        products_layout.setSpacing(10)
        products_layout.addWidget(products_note)
        products_layout.addWidget(self.products_view, 1)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._scrolling(self.preferences_box), self.tr("General"))
        self.tabs.addTab(self._scrolling(stages_box, reasons_box), self.tr("Deals"))
        self.tabs.addTab(products_tab, self.tr("Products"))
        self.tabs.setCurrentIndex(min(max(state.load_int(_TAB_KEY), 0), self.tabs.count() - 1))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(*PAGE_MARGINS)
        layout.setSpacing(10)
        layout.addWidget(PageHeader(self.tr("Settings")))
        layout.addWidget(self.tabs, 1)

        self.stage_editor.stages_changed.connect(self._on_stage_editor_stages_changed)
        self.lost_reasons_editor.reasons_changed.connect(
            self._on_lost_reasons_editor_reasons_changed)
        self.products_view.products_changed.connect(self._on_products_view_products_changed)
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        session.records_changed.connect(self._on_session_records_changed)
        session.preferences_changed.connect(self._on_session_preferences_changed)
        self.load()

    @staticmethod
    def _note(text: str) -> QLabel:
        note = QLabel(text)
        note.setTextFormat(Qt.TextFormat.PlainText)
        note.setWordWrap(True)
        note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        return note

    def _section(self, title: str, editor: QWidget, note: str) -> QGroupBox:
        box = QGroupBox(title)
        box_layout = QVBoxLayout(box)
        box_layout.addWidget(self._note(note))
        box_layout.addWidget(editor)
        return box

    @staticmethod
    def _scrolling(*sections: QWidget) -> QScrollArea:
        """A tab of stacked sections in a column of readable width, scrolling if long."""
        content = QWidget()
        content.setMaximumWidth(_CONTENT_WIDTH)
        column = QVBoxLayout(content)
        column.setContentsMargins(*_TAB_MARGINS)
        column.setSpacing(14)
        for section in sections:
            column.addWidget(section)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        scroll.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return scroll

    def _build_preferences(self) -> None:
        self.business_name_edit = QLineEdit()
        self.currency_combo = QComboBox()
        self.currency_combo.setEditable(True)
        self.currency_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.currency_combo.addItems(list(COMMON_CURRENCIES))
        self.currency_combo.setMaximumWidth(120)
        self.week_start_combo = QComboBox()
        locale = QLocale()
        for weekday in range(7):  # 0 = Monday, as the core counts; Qt counts Monday as 1
            self.week_start_combo.addItem(locale.dayName(weekday + 1), weekday)
        self.sales_share_spin = QSpinBox()
        self.sales_share_spin.setRange(0, 100)
        self.sales_share_spin.setSuffix(" %")
        self.stale_days_spin = QSpinBox()
        self.stale_days_spin.setRange(1, 3650)
        self.stale_days_spin.setSuffix(self.tr(" days"))
        self.auto_lifecycle_check = QCheckBox(self.tr(PREFERENCES["auto_lifecycle"].label))

        self.error_label = QLabel()
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setDefault(True)
        self.revert_button = QPushButton(self.tr("Revert"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.error_label, 1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)

        self.preferences_box = QGroupBox(self.tr("Business"))
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for key, widget in self._fields().items():
            if key != "auto_lifecycle":
                form.addRow(self._label(key) + ":", widget)
        form.addRow("", self.auto_lifecycle_check)
        box_layout = QVBoxLayout(self.preferences_box)
        box_layout.addLayout(form)
        box_layout.addLayout(buttons)

        self.business_name_edit.textEdited.connect(self._on_field_edited)
        self.currency_combo.editTextChanged.connect(self._on_field_edited)
        self.week_start_combo.currentIndexChanged.connect(self._on_field_edited)
        self.sales_share_spin.valueChanged.connect(self._on_field_edited)
        self.stale_days_spin.valueChanged.connect(self._on_field_edited)
        self.auto_lifecycle_check.toggled.connect(self._on_field_edited)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.revert_button.clicked.connect(self._on_revert_button_clicked)

    def _fields(self) -> dict[str, QWidget]:
        return {"business_name": self.business_name_edit, "currency": self.currency_combo,
                "week_start": self.week_start_combo, "sales_share_target": self.sales_share_spin,
                "stale_lead_days": self.stale_days_spin,
                "auto_lifecycle": self.auto_lifecycle_check}

    @staticmethod
    def _label(key: str) -> str:
        preference = PREFERENCES.get(key)
        text = preference.label if preference else key
        return QCoreApplication.translate("SettingsPage", text)

    # --- preferences ------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """What the form holds now, as the core's preference values."""
        return {"business_name": self.business_name_edit.text(),
                "currency": self.currency_combo.currentText().strip(),
                "week_start": self.week_start_combo.currentData(),
                "sales_share_target": self.sales_share_spin.value(),
                "stale_lead_days": self.stale_days_spin.value(),
                "auto_lifecycle": self.auto_lifecycle_check.isChecked()}

    def load(self) -> None:
        """Fill the form from the stored preferences."""
        session = self._session
        widgets = self._fields().values()
        for widget in widgets:
            widget.blockSignals(True)
        self.business_name_edit.setText(session.business_name)
        self.currency_combo.setEditText(session.currency)
        self.week_start_combo.setCurrentIndex(self.week_start_combo.findData(
            session.preference("week_start")))
        self.sales_share_spin.setValue(session.preference("sales_share_target"))
        self.stale_days_spin.setValue(session.preference("stale_lead_days"))
        self.auto_lifecycle_check.setChecked(session.preference("auto_lifecycle"))
        for widget in widgets:
            widget.blockSignals(False)
        self._set_message("")
        self._update_buttons()

    def save(self) -> bool:
        try:
            self._session.save_preferences(self.values())
        except ValidationError as error:
            self._set_message(f"{self._label(error.field)}: {error.message}", error=True)
            widget = self._fields().get(error.field)
            if widget is not None:
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
            return False
        self.load()
        self._set_message(self.tr("Saved."))
        return True

    def is_modified(self) -> bool:
        current = self.values()
        current["currency"] = current["currency"].upper()
        current["business_name"] = current["business_name"].strip()
        return current != {key: self._session.preference(key) for key in current}

    def _set_message(self, text: str, *, error: bool = False) -> None:
        self.error_label.setText(text)
        palette = self.error_label.palette()
        color = self.palette().color(QPalette.ColorRole.WindowText)
        if error:
            color = color.fromRgb(0xB0, 0x1C, 0x1C)
        palette.setColor(QPalette.ColorRole.WindowText, color)
        self.error_label.setPalette(palette)

    def _update_buttons(self) -> None:
        modified = self.is_modified()
        self.save_button.setEnabled(modified)
        self.revert_button.setEnabled(modified)

    def _on_field_edited(self, *_args: object) -> None:
        self._set_message("")
        self._update_buttons()

    def _on_save_button_clicked(self) -> None:
        self.save()

    def _on_revert_button_clicked(self) -> None:
        self.load()

    # --- stages, reasons, products: stored as edited --------------------------------------

    def _notify(self, kind: str) -> None:
        # Our own notice comes back through records_changed: the editor is already up to date,
        # and a reset now could pull the model from under an in-place editor still committing.
        self._notifying = True
        try:
            self._session.notify_records_changed(kind)
        finally:
            self._notifying = False

    def _on_stage_editor_stages_changed(self) -> None:
        self._notify("pipeline_stage")

    def _on_lost_reasons_editor_reasons_changed(self) -> None:
        self._notify("lost_reason")

    def _on_products_view_products_changed(self) -> None:
        self._notify("product")

    def _on_session_records_changed(self, kind: str) -> None:
        if self._notifying:
            return
        if kind == "product":
            self.products_view.reload()
        elif kind == "lost_reason":
            self.lost_reasons_editor.reload()
        elif kind == "pipeline_stage":  # a restore, or an undo elsewhere
            self.stage_editor.model.reload()

    def _on_session_preferences_changed(self) -> None:
        self.products_view.set_currency(self._session.currency)
        # Stored preferences changed under the form (a restore): show them, or a Save would
        # write the old ones back. Edits of its own were saved by then.
        if not self._notifying:
            self.load()

    def _on_tabs_current_changed(self, index: int) -> None:
        state.save_value(_TAB_KEY, index)
