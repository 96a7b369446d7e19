"""A titled, filterable, sortable read-only table over one core listing."""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from smeplanner.ui import state
from smeplanner.ui.formatting import format_count
from smeplanner.ui.models.paged_table_model import PagedTableModel
from smeplanner.ui.session import Session
from smeplanner.ui.widgets.page_header import PageHeader

PAGE_MARGINS = (24, 18, 24, 12)
_MAX_INITIAL_WIDTH = 320
_MIN_INITIAL_WIDTH = 72


class _PagedTableView(QTableView):
    """A table over a paged model whose Select All (Ctrl+A) selects every row of the
    result, not only the pages loaded so far: a bulk action then reaches them all."""

    def selectAll(self) -> None:
        model = self.model()
        if isinstance(model, PagedTableModel) and model.canFetchMore(QModelIndex()):
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                model.ensure_loaded(model.total_count())  # one query (~1 s for 100,000)
            finally:
                QGuiApplication.restoreOverrideCursor()
        super().selectAll()


class TablePage(QWidget):
    """Filter field, row count and a table of one core listing, loaded page by page.

    The column layout (widths, order, sort) is kept in the UI state under ``state_key``.
    When records change elsewhere the table re-reads on its next show.

    Signals:
        refreshed(): the rows were read again and the selection restored (while that runs,
            ``refreshing`` is set and the selection passes through empty).
    """

    refreshed = Signal()

    def __init__(self, session: Session, listing_key: str, *, title: str | None = None,
                 state_key: str | None = None, multi_select: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._state_key = f"tables/{state_key or listing_key}"
        self._stale = False
        self.refreshing = False
        self._fit_columns_on_show = False
        self.model = PagedTableModel(listing_key, currency=session.currency, parent=self)

        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("Filter…"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setMinimumWidth(260)
        self.count_label = QLabel()
        self.count_label.setObjectName("rowCount")
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)

        self.view = _PagedTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection
                                   if multi_select
                                   else QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setShowGrid(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(
            self.view.fontMetrics().height() + 12)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        header.setSectionsMovable(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # Fitting widths to every loaded row costs ~50 ms at start-up; a screenful tells enough.
        header.setResizeContentsPrecision(40)
        if not state.restore_header(header, self._state_key, self.model.column_keys):
            self._set_default_layout()
        self.view.setSortingEnabled(True)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.filter_edit)
        top.addStretch(1)
        top.addWidget(self.count_label)
        self.top_bar = top

        layout = QVBoxLayout(self)
        layout.setContentsMargins(*PAGE_MARGINS)
        layout.setSpacing(10)
        if title:
            self.header = PageHeader(title)
            layout.addWidget(self.header)
        else:
            layout.setContentsMargins(0, 10, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)

        self.filter_edit.textChanged.connect(self._on_filter_text_changed)
        self.model.total_changed.connect(self._on_model_total_changed)
        session.preferences_changed.connect(self._on_session_preferences_changed)
        session.records_changed.connect(self._on_session_records_changed)
        self._on_model_total_changed(self.model.total_count())

    def _set_default_layout(self) -> None:
        """No saved layout: the listing's natural order; widths are fitted when first shown."""
        self.view.horizontalHeader().setSortIndicator(self.model.sort_column(),
                                                      Qt.SortOrder.AscendingOrder)
        self._fit_columns_on_show = True

    def fit_columns(self) -> None:
        """Widths from the loaded rows; if they do not all fit, the widest are narrowed to a
        common cap (the first column, which names the record, to one and a half times it)."""
        header = self.view.horizontalHeader()
        self.view.resizeColumnsToContents()
        count = header.count()
        wanted = [min(max(header.sectionSize(i) + 16, _MIN_INITIAL_WIDTH), _MAX_INITIAL_WIDTH)
                  for i in range(count)]
        floor = [max(header.sectionSizeHint(i), _MIN_INITIAL_WIDTH) for i in range(count)]
        weight = [1.5] + [1.0] * (count - 1)
        available = self.view.viewport().width() - 2

        def widths(cap: int) -> list[int]:
            return [max(min(wanted[i], int(cap * weight[i])), floor[i]) for i in range(count)]

        cap = max(wanted, default=0)
        while cap > _MIN_INITIAL_WIDTH and sum(widths(cap)) > available:
            cap -= 4
        for section, width in enumerate(widths(cap)):
            header.resizeSection(section, width)

    # --- what the main window asks of a page ---------------------------------------------

    def show_record(self, record_id: int, kind: str | None = None) -> bool:
        """Select and scroll to ``record_id``, clearing the filter if it hides the record."""
        row = self.model.row_of_id(record_id)
        if row < 0 and self.filter_edit.text():
            self.filter_edit.clear()
            row = self.model.row_of_id(record_id)
        if row < 0:
            return False
        index = self.model.index(row, 0)
        self.view.setCurrentIndex(index)
        self.view.selectRow(row)
        self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def selected_id(self) -> int | None:
        index = self.view.currentIndex()
        if not index.isValid() or not self.view.selectionModel().isRowSelected(
                index.row(), QModelIndex()):
            return None
        return self.model.data(index, PagedTableModel.ObjectRole)

    def selected_ids(self) -> list[int]:
        """The records of every selected row, in view order."""
        rows = sorted(index.row() for index in self.view.selectionModel().selectedRows())
        return [self.model.record_id(row) for row in rows]

    def add_row(self, widget: QWidget) -> None:
        """A full-width row (filters, actions) between the search field and the table."""
        layout = self.layout()
        layout.insertWidget(layout.indexOf(self.view), widget)

    def add_to_top_bar(self, widget: QWidget) -> None:
        """Put ``widget`` (filters, actions) in the row above the table, after the search."""
        self.top_bar.insertWidget(self.top_bar.count() - 2, widget)

    def refresh(self) -> None:
        """Re-read the rows, keeping the selected records selected where they still are
        (a bulk action applies to the same selection again)."""
        self._stale = False
        selected = self.selected_ids()
        current = self.view.currentIndex()
        current_id = self.model.record_id(current.row()) if current.isValid() else None
        loaded = self.model.rowCount()
        self.refreshing = True  # the selection empties and comes back: not a user's choice
        try:
            self._reload_keeping(selected, current_id, loaded)
        finally:
            self.refreshing = False
        self.refreshed.emit()

    def _reload_keeping(self, selected: list[int], current_id: int | None, loaded: int
                        ) -> None:
        self.model.refresh()
        if not selected:
            return
        # As many rows as were loaded, in one query, then a lookup: a selection of 10,000
        # contacts must not cost a query per contact after each bulk action.
        self.model.ensure_loaded(loaded)
        rows = self.model.loaded_rows_of([*selected, *([current_id] if current_id else [])])
        selection = QItemSelection()
        last_column = self.model.columnCount() - 1
        for record_id in selected:
            if record_id in rows:
                row = rows[record_id]
                selection.select(self.model.index(row, 0), self.model.index(row, last_column))
        flags = QItemSelectionModel.SelectionFlag
        if current_id in rows:
            self.view.selectionModel().setCurrentIndex(self.model.index(rows[current_id], 0),
                                                       flags.NoUpdate)
        self.view.selectionModel().select(selection, flags.ClearAndSelect | flags.Rows)

    def save_state(self) -> None:
        state.save_header(self.view.horizontalHeader(), self._state_key, self.model.column_keys)

    # --- slots ------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()
        if self._fit_columns_on_show:
            self._fit_columns_on_show = False
            # After the first rows are painted and the layouts have settled (a page in a tab
            # is still narrow at its first show): measuring the columns then delays nothing.
            self.view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view.viewport() and event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.fit_columns)
        return False

    def _on_filter_text_changed(self, text: str) -> None:
        self.model.set_search_text(text)

    def _on_model_total_changed(self, total: int) -> None:
        number = format_count(total)
        self.count_label.setText(self.tr("1 row") if total == 1
                                 else self.tr("{count} rows").format(count=number))

    def _on_session_preferences_changed(self) -> None:
        self.model.set_currency(self._session.currency)

    def _on_session_records_changed(self, _kind: str) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True
