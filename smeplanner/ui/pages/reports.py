"""The Reports page: the whole funnel in charts for a period, from campaign spend to won
revenue. The figures are computed off the GUI thread; a click on a bar lists its records.

matplotlib is imported when the page is first built, not with the module (the page's code is
preloaded in idle time after start-up, and matplotlib costs ~450 ms).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QDate, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from smeplanner.core.errors import ValidationError
from smeplanner.core.reports import Report, ReportPeriod, build_report
from smeplanner.core.reports.drill import DrillList, drill
from smeplanner.core.reports.period import (
    PRESET_LABELS,
    PRESETS,
    custom_period,
    preset_period,
)
from smeplanner.core.reports.tables import write_chart_csv
from smeplanner.ui import state
from smeplanner.ui.dialogs import messages
from smeplanner.ui.session import Session
from smeplanner.ui.widgets.page_header import PageHeader
from smeplanner.ui.widgets.table_page import PAGE_MARGINS
from smeplanner.ui.worker import run_in_background

if TYPE_CHECKING:
    from smeplanner.ui.dialogs.report_records import ReportRecordsDialog
    from smeplanner.ui.widgets.reports.chart_card import ChartCard

_PERIOD_KEY = "pages/reports/period"
_FIRST_KEY = "pages/reports/custom_first"
_LAST_KEY = "pages/reports/custom_last"
# Figures change with any record; a burst of edits is counted once.
_REFRESH_DELAY_MS = 300
_FILTERS = {"png": "PNG picture (*.png)", "svg": "SVG drawing (*.svg)",
            "pdf": "PDF document (*.pdf)", "csv": "CSV file (*.csv)"}


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class ReportsPage(QWidget):
    """A period selector, the charts in groups (marketing, sales, products and customers,
    activity), and exports.

    Signals:
        open_record_requested(str, int): open a record on another page.
        report_shown(): a computed report was handed to every chart.
    """

    open_record_requested = Signal(str, int)
    report_shown = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.report: Report | None = None
        self.period: ReportPeriod | None = None
        self.cards: dict[str, ChartCard] = {}
        self.records_dialog: ReportRecordsDialog | None = None
        self._generation = 0
        self._computing = False
        self._stale = True

        self.header = PageHeader(QCoreApplication.translate("ReportsPage", "Reports"))
        self.period_combo = QComboBox()
        self.period_combo.setAccessibleName(self.tr("Period"))
        for preset in PRESETS:
            self.period_combo.addItem(self.tr(PRESET_LABELS[preset]), preset)
        self.first_edit = self._date_edit(self.tr("From"))
        self.last_edit = self._date_edit(self.tr("To"))
        self.status_label = QLabel()
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.pdf_button = QPushButton(self.tr("Export report (PDF)…"))
        self.pdf_button.setEnabled(False)
        for widget in (self.status_label, self.period_combo, self.first_edit, self.last_edit,
                       self.pdf_button):
            self.header.add_widget(widget)

        self.body = QWidget()
        self.body.setObjectName("reportsBody")
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(0, 0, 8, 0)
        self.body_layout.setSpacing(6)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setWidget(self.body)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(*PAGE_MARGINS)
        layout.setSpacing(10)
        layout.addWidget(self.header)
        layout.addWidget(self.scroll, 1)

        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(_REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self.refresh)
        self._restore_period()
        self.period_combo.currentIndexChanged.connect(self._period_chosen)
        self.first_edit.dateChanged.connect(self._custom_dates_changed)
        self.last_edit.dateChanged.connect(self._custom_dates_changed)
        self.pdf_button.clicked.connect(self._ask_export_pdf)
        session.records_changed.connect(self._on_records_changed)
        session.preferences_changed.connect(self._on_records_changed)
        # The page is built to be shown: start the figures now, so the worker reads the
        # database while matplotlib loads and the charts are built.
        self.refresh()
        self._build_charts()

    def _date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setAccessibleName(name)
        edit.setToolTip(name)
        edit.setVisible(False)
        return edit

    def _build_charts(self) -> None:
        # Here, not at module level: this is the first time matplotlib is needed.
        from smeplanner.ui.charts.layout import chart_rows
        from smeplanner.ui.charts.registry import CHARTS, GROUPS
        from smeplanner.ui.widgets.reports.chart_card import ChartCard

        for group, group_title in GROUPS:
            heading = QLabel(self.tr(group_title))
            heading.setTextFormat(Qt.TextFormat.PlainText)
            heading.setObjectName(f"group_{group}")
            font = heading.font()
            font.setPointSizeF(font.pointSizeF() * 1.2)
            font.setBold(True)
            heading.setFont(font)
            self.body_layout.addWidget(heading)
            grid = QGridLayout()
            grid.setSpacing(8)
            for row, specs in enumerate(chart_rows(spec for spec in CHARTS
                                                   if spec.group == group)):
                for column, spec in enumerate(specs):
                    card = ChartCard(spec)
                    card.drill_requested.connect(self.show_records)
                    card.export_requested.connect(self._ask_export_chart)
                    grid.addWidget(card, row, column, 1, 2 if len(specs) == 1 else 1)
                    self.cards[spec.key] = card
            grid.setColumnStretch(0, 1)
            grid.setColumnStretch(1, 1)
            self.body_layout.addLayout(grid)
        self.body_layout.addStretch(1)

    # --- the period ---------------------------------------------------------------------------

    def _restore_period(self) -> None:
        today = date.today()
        preset = state.load_text(_PERIOD_KEY, "last_12_months")
        index = self.period_combo.findData(preset if preset in PRESETS else "last_12_months")
        self.period_combo.setCurrentIndex(index)
        default = preset_period("last_12_months", today)
        for edit, key, fallback in ((self.first_edit, _FIRST_KEY, default.first),
                                    (self.last_edit, _LAST_KEY, default.last)):
            try:
                stored = date.fromisoformat(state.load_text(key, fallback.isoformat()))
            except ValueError:
                stored = fallback
            edit.setDate(_qdate(stored))
        self._show_custom(preset == "custom")

    def _show_custom(self, visible: bool) -> None:
        self.first_edit.setVisible(visible)
        self.last_edit.setVisible(visible)

    def selected_period(self) -> ReportPeriod:
        """The period the controls name; ValidationError naming "from" or "to" if bad."""
        preset = self.period_combo.currentData()
        if preset == "custom":
            return custom_period(_pydate(self.first_edit.date()), _pydate(self.last_edit.date()))
        return preset_period(preset)

    def set_preset(self, preset: str) -> None:
        self.period_combo.setCurrentIndex(self.period_combo.findData(preset))

    def set_custom_period(self, first: date, last: date) -> None:
        self.first_edit.blockSignals(True)
        self.first_edit.setDate(_qdate(first))
        self.first_edit.blockSignals(False)
        self.last_edit.setDate(_qdate(last))
        self.set_preset("custom")
        self._custom_dates_changed()

    def _period_chosen(self) -> None:
        preset = self.period_combo.currentData()
        state.save_value(_PERIOD_KEY, preset)
        self._show_custom(preset == "custom")
        self.refresh()

    def _custom_dates_changed(self) -> None:
        if self.period_combo.currentData() != "custom":
            return
        state.save_value(_FIRST_KEY, _pydate(self.first_edit.date()).isoformat())
        state.save_value(_LAST_KEY, _pydate(self.last_edit.date()).isoformat())
        self._refresh_timer.start()

    # --- computing ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Compute the figures for the selected period in the background; the charts keep
        the previous period's until they arrive (or show the error that stopped them)."""
        self._refresh_timer.stop()
        try:
            period = self.selected_period()
        except ValidationError as error:
            self.status_label.setText(self.tr("{field}: {message}").format(
                field=self.tr(error.field.capitalize()), message=error.message))
            return
        self._generation += 1
        generation = self._generation
        self._computing = True
        self._stale = False
        self.status_label.setText(self.tr("Computing {period}…").format(period=period.label))
        run_in_background(lambda: build_report(period),
                          lambda report: self._report_ready(generation, period, report),
                          lambda error: self._report_failed(generation, error), self)

    @property
    def computing(self) -> bool:
        return self._computing

    def _report_ready(self, generation: int, period: ReportPeriod, report: Report) -> None:
        if generation != self._generation:  # the user picked another period meanwhile
            return
        from smeplanner.ui.widgets.reports.chart_card import style_for_palette

        self._computing = False
        self.period, self.report = period, report
        style = style_for_palette(self.palette(), report.currency)
        for card in self.cards.values():
            card.show_report(report, style)
        self.status_label.setText(period.label)
        self.pdf_button.setEnabled(True)
        self.report_shown.emit()

    def _report_failed(self, generation: int, error: Exception) -> None:
        if generation != self._generation:
            return
        self._computing = False
        self.status_label.setText(self.tr("The report could not be computed."))
        messages.show_error(self, self.tr("Reports"),
                            self.tr("The report could not be computed."), str(error))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def _on_records_changed(self, *_args: Any) -> None:
        if self.isVisible():
            self._refresh_timer.start()
        else:
            self._stale = True

    # --- records behind a bar -----------------------------------------------------------------

    def show_records(self, chart: str, gid: str) -> None:
        """List the records behind bar ``gid`` of ``chart`` in a window beside the page (read
        in the background: the top of the funnel can be most of the contacts)."""
        if self.period is None:
            return
        period = self.period
        self.status_label.setText(self.tr("Listing records…"))
        run_in_background(lambda: drill(chart, gid, period), self._records_ready,
                          self._records_failed, self)

    def _records_ready(self, records: DrillList) -> None:
        from smeplanner.ui.dialogs.report_records import ReportRecordsDialog

        self.status_label.setText(self.period.label if self.period else "")
        if self.records_dialog is not None:
            self.records_dialog.close()
            self.records_dialog.deleteLater()
        self.records_dialog = ReportRecordsDialog(records, self)
        self.records_dialog.open_requested.connect(self.open_record_requested)
        self.records_dialog.show()

    def _records_failed(self, error: Exception) -> None:
        self.status_label.setText(self.period.label if self.period else "")
        messages.show_error(self, self.tr("Reports"), self.tr("The records could not be listed."),
                            str(error))

    # --- exports ------------------------------------------------------------------------------

    def _ask_path(self, title: str, suggested: str, kind: str) -> Path | None:
        start = str(Path(state.load_text("pages/reports/export_dir", str(Path.home())))
                    / suggested)
        chosen, _filter = QFileDialog.getSaveFileName(self, title, start, self.tr(_FILTERS[kind]))
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != f".{kind}":
            path = path.with_name(f"{path.name}.{kind}")
        state.save_value("pages/reports/export_dir", str(path.parent))
        return path

    def _file_stem(self, what: str) -> str:
        label = self.period.label if self.period else ""
        return f"{what} {label}".strip().replace("/", "-").replace(" – ", " to ")

    def _ask_export_chart(self, chart: str, kind: str) -> None:
        card = self.cards[chart]
        path = self._ask_path(self.tr("Export chart"), f"{self._file_stem(card.spec.title)}.{kind}",
                              kind)
        if path is not None:
            self.export_chart(chart, kind, path)

    def export_chart(self, chart: str, kind: str, path: Path) -> bool:
        """Save ``chart`` as a picture (png, svg, pdf) or its figures as CSV; False (and a
        message) if the file cannot be written."""
        if self.report is None:
            return False
        card = self.cards[chart]
        try:
            if kind == "csv":
                write_chart_csv(self.report, chart, path)
            else:
                card.figure.savefig(path, format=kind, dpi=150,
                                    facecolor=card.figure.get_facecolor())
        except OSError as error:
            messages.show_error(self, self.tr("Export chart"),
                                self.tr("The file could not be written."), str(error))
            return False
        self.status_label.setText(self.tr("Saved {file}").format(file=path.name))
        return True

    def _ask_export_pdf(self) -> None:
        path = self._ask_path(self.tr("Export report"), f"{self._file_stem('Report')}.pdf", "pdf")
        if path is not None:
            self.export_pdf(path)

    def export_pdf(self, path: Path) -> None:
        """Write the whole report, one page per chart group, in the background; the status
        line says when it is saved."""
        from smeplanner.ui.charts.report_pdf import write_report_pdf

        if self.report is None:
            return
        report = self.report
        self.pdf_button.setEnabled(False)
        self.status_label.setText(self.tr("Writing {file}…").format(file=path.name))
        run_in_background(lambda: write_report_pdf(report, path), self._pdf_written,
                          self._pdf_failed, self)
        self._pdf_path = path

    def _pdf_written(self, _result: object) -> None:
        self.pdf_button.setEnabled(True)
        self.status_label.setText(self.tr("Saved {file}").format(file=self._pdf_path.name))

    def _pdf_failed(self, error: Exception) -> None:
        self.pdf_button.setEnabled(True)
        self.status_label.setText(self.period.label if self.period else "")
        messages.show_error(self, self.tr("Export report"),
                            self.tr("The report could not be written."), str(error))
