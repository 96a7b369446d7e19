"""A row of filter widgets built from a core listing's filter specs (stage, tag, consent…)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from smeplanner.core import listing

NO_TOUCH_DAYS = (14, 30, 60, 90, 180, 365)


def _label(text: str) -> str:
    return QCoreApplication.translate("listing", text)


class _ChoiceCombo(QComboBox):
    """A filter's combo box that reads its choices when first opened (2,000 campaigns
    would otherwise be read and added each time the page is built)."""

    def __init__(self, load: Callable[[QComboBox], None]) -> None:
        super().__init__()
        self._load = load
        self.loaded = False

    def showPopup(self) -> None:
        if not self.loaded:
            self._load(self)
        super().showPopup()


class FilterBar(QWidget):
    """One widget per filter a listing offers; choices are re-read when the data changes.

    Signals:
        filter_changed(str, object): the user set filter ``key`` to a value (None: off).
    """

    filter_changed = Signal(str, object)

    def __init__(self, listing_key: str, *, keys: tuple[str, ...] | None = None,
                 per_row: int = 8, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._listing_key = listing_key
        self.widgets: dict[str, QWidget] = {}
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        for spec in listing.filter_specs(listing_key):
            if keys is not None and spec.key not in keys:
                continue
            widget = self._widget_for(spec)
            if widget is not None:
                widget.setToolTip(_label(spec.label))
                if isinstance(widget, QComboBox):  # a wide check box would click in empty space
                    widget.setSizePolicy(QSizePolicy.Policy.Expanding,
                                         QSizePolicy.Policy.Fixed)
                self.widgets[spec.key] = widget
        self.clear_button = QToolButton()
        self.clear_button.setText(self.tr("Clear filters"))
        self.clear_button.clicked.connect(self.clear)
        for place, widget in enumerate([*self.widgets.values(), self.clear_button]):
            layout.addWidget(widget, place // per_row, place % per_row)

    def _widget_for(self, spec: listing.FilterSpec) -> QWidget | None:
        key = spec.key
        if spec.kind == "flag":
            check = QCheckBox(_label(spec.label))
            check.toggled.connect(lambda on, k=key: self.filter_changed.emit(k, on or None))
            return check
        if spec.kind == "days":
            combo = QComboBox()
            combo.addItem(self.tr("Any last touch"), None)
            for days in NO_TOUCH_DAYS:
                combo.addItem(self.tr("No touch in {days} days").format(days=days), days)
            combo.activated.connect(lambda _i, k=key, c=combo: self.filter_changed.emit(
                k, c.currentData()))
            return combo
        if spec.kind == "money":
            edit = QLineEdit()
            edit.setPlaceholderText(_label(spec.label))
            edit.setClearButtonEnabled(True)
            edit.setMaximumWidth(140)
            edit.editingFinished.connect(lambda k=key, e=edit: self._money_finished(k, e))
            return edit
        if spec.choices is None:
            return None  # free-valued (a company id): set from elsewhere, not from this bar
        combo = _ChoiceCombo(self._fill)
        combo.addItem(self.tr("All: {label}").format(label=_label(spec.label)), None)
        combo.setMinimumContentsLength(6)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.activated.connect(lambda _i, k=key, c=combo: self.filter_changed.emit(
            k, c.currentData()))
        return combo

    def _money_finished(self, key: str, edit: QLineEdit) -> None:
        text = edit.text().strip() or None
        if edit.property("emitted") != text:  # editingFinished also fires on focus loss
            edit.setProperty("emitted", text)
            self.filter_changed.emit(key, text)

    def reload_choices(self) -> None:
        """Read the choices again (new tags or campaigns) where they were read already,
        keeping what is chosen; the others are read when first opened."""
        for widget in self.widgets.values():
            if isinstance(widget, _ChoiceCombo) and widget.loaded:
                self._fill(widget)

    def _fill(self, combo: QComboBox) -> None:
        key = next(k for k, w in self.widgets.items() if w is combo)
        spec = next(s for s in listing.filter_specs(self._listing_key) if s.key == key)
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("All: {label}").format(label=_label(spec.label)), None)
        for value, text in listing.filter_choices(self._listing_key, key):
            combo.addItem(_label(text), value)
        index = combo.findData(current)
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)
        combo.loaded = True  # type: ignore[attr-defined]
        if current is not None and index < 0:
            # The chosen value is gone (an undo took the tag away): the list must not go
            # on filtering by it while the combo says "All".
            self.filter_changed.emit(key, None)

    def value(self, key: str) -> Any:
        widget = self.widgets[key]
        if isinstance(widget, QCheckBox):
            return widget.isChecked() or None
        if isinstance(widget, QLineEdit):
            return widget.text().strip() or None
        return widget.currentData()  # type: ignore[attr-defined]

    def set_value(self, key: str, value: Any) -> None:
        """Set a filter as the user would (emits filter_changed)."""
        widget = self.widgets[key]
        if isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        elif isinstance(widget, QLineEdit):
            widget.setText("" if value is None else str(value))
            self._money_finished(key, widget)
        elif isinstance(widget, QComboBox):
            if isinstance(widget, _ChoiceCombo) and not widget.loaded and value is not None:
                self._fill(widget)
            widget.setCurrentIndex(max(widget.findData(value), 0))
            widget.activated.emit(widget.currentIndex())

    def clear(self) -> None:
        for key in self.widgets:
            if self.value(key) is not None:
                self.set_value(key, None)
