"""A read-only table over a core listing, fetched from SQL page by page as the view scrolls."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from smeplanner.core import listing
from smeplanner.ui.formatting import NUMERIC_KINDS, display_text

Index = QModelIndex | QPersistentModelIndex


class PagedTableModel(QAbstractTableModel):
    """Rows of one core listing (``listing.LISTINGS[key]``), loaded ``page_size`` at a time.

    Sorting and filtering re-run the query in SQL; nothing is sorted or filtered in Python.
    A refresh makes two queries (count, first page); each ``fetchMore`` one more.

    Signals:
        total_changed(int): the number of records matching the query after a refresh.
    """

    SortRole = Qt.ItemDataRole.UserRole + 1
    ObjectRole = Qt.ItemDataRole.UserRole + 2  # the record id of the row
    IdRole = ObjectRole
    PAGE_SIZE = 200

    total_changed = Signal(int)

    def __init__(self, listing_key: str, *, currency: str = "EUR", page_size: int | None = None,
                 parent: Any = None) -> None:
        super().__init__(parent)
        source = listing.LISTINGS[listing_key]
        self._columns = source.columns
        self._query = listing.Query(listing_key, order_by=source.default_order)
        self._currency = currency
        self._page_size = page_size or self.PAGE_SIZE
        self._ids: list[int] = []
        self._rows: list[tuple[Any, ...]] = []
        self._total = 0
        self.refresh()

    # --- what the model shows -------------------------------------------------------------

    @property
    def query(self) -> listing.Query:
        return self._query

    @property
    def column_keys(self) -> tuple[str, ...]:
        return tuple(column.key for column in self._columns)

    def column_of(self, key: str) -> int:
        return self.column_keys.index(key)

    def sort_column(self) -> int:
        """The column the rows are ordered by."""
        return self.column_of(self._query.order_by) if self._query.order_by else -1

    def total_count(self) -> int:
        """How many records match, loaded or not."""
        return self._total

    def record_id(self, row: int) -> int:
        return self._ids[row]

    def refresh(self) -> None:
        """Re-read the count and the first page (two queries; one when nothing matches)."""
        self.beginResetModel()
        self._total = listing.count(self._query)
        page = listing.fetch_page(self._query, 0, self._page_size) if self._total else []
        self._ids = [record_id for record_id, _values in page]
        self._rows = [values for _record_id, values in page]
        self.endResetModel()
        self.total_changed.emit(self._total)

    def set_search_text(self, text: str) -> None:
        """Show only records matching ``text`` (full-text search in SQL)."""
        self._set_query(replace(self._query, text=text.strip()))

    def set_filter(self, key: str, value: Any) -> None:
        """Show only records matching filter ``key`` (an empty value removes it); SQL does
        the work. Raises ValidationError for an unknown key or a bad value."""
        self._set_query(self._query.with_filter(key, value))

    def clear_filters(self) -> None:
        self._set_query(replace(self._query, filters=()))

    def set_currency(self, currency: str) -> None:
        if currency == self._currency:
            return
        self._currency = currency
        money = [i for i, column in enumerate(self._columns) if column.kind == "money"]
        if self._rows and money:
            self.dataChanged.emit(self.index(0, min(money)),
                                  self.index(len(self._rows) - 1, max(money)),
                                  [Qt.ItemDataRole.DisplayRole])

    def row_of_id(self, record_id: int) -> int:
        """The row showing ``record_id``, loading rows up to it if needed; -1 if it is not in
        the current result. SQL tells the row number, so this costs at most two queries.
        """
        if record_id in self._ids:
            return self._ids.index(record_id)
        row = listing.position(self._query, record_id)
        if row is None:
            return -1
        if row >= len(self._ids):
            # Up to the record and a page beyond, so the view can scroll around it.
            self._append(row + self._page_size - len(self._ids))
        try:
            return self._ids.index(record_id)
        except ValueError:  # the table changed between the two queries
            return -1

    def ensure_loaded(self, count: int) -> None:
        """Load rows until at least ``count`` are there (one query), or all are."""
        missing = min(count, self._total) - len(self._ids)
        if missing > 0:
            self._append(missing)

    def loaded_rows_of(self, record_ids: list[int]) -> dict[int, int]:
        """Row of each record among the rows already loaded (no query)."""
        wanted = set(record_ids)
        return {record_id: row for row, record_id in enumerate(self._ids) if record_id in wanted}

    def _set_query(self, query: listing.Query) -> None:
        if query != self._query:
            self._query = query
            self.refresh()

    # --- Qt overrides -----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._columns)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index) -> None:
        if self.canFetchMore(parent):
            self._append(self._page_size)

    def _append(self, limit: int) -> int:
        """Load up to ``limit`` more rows (one query); returns how many came."""
        start = len(self._rows)
        page = listing.fetch_page(self._query, start, limit)
        if not page:
            # Rows went away since the count: stop asking for more.
            self._total = start
            return 0
        self.beginInsertRows(QModelIndex(), start, start + len(page) - 1)
        self._ids.extend(record_id for record_id, _values in page)
        self._rows.extend(values for _record_id, values in page)
        self.endInsertRows()
        return len(page)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        column = self._columns[index.column()]
        value = self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return None if column.kind == "bool" else display_text(column.kind, value,
                                                                    self._currency)
        if role == Qt.ItemDataRole.CheckStateRole and column.kind == "bool":
            return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.TextAlignmentRole and column.kind in NUMERIC_KINDS:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == self.SortRole:
            return value
        if role == self.ObjectRole:
            return self._ids[index.row()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return super().headerData(section, orientation, role)
        column = self._columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("listing", column.header)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = (Qt.AlignmentFlag.AlignRight if column.kind in NUMERIC_KINDS
                          else Qt.AlignmentFlag.AlignLeft)
            return horizontal | Qt.AlignmentFlag.AlignVCenter
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemNeverHasChildren)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Re-query in the new order (column -1: the listing's natural order)."""
        key = self._columns[column].key if 0 <= column < len(self._columns) else None
        self._set_query(replace(self._query, order_by=key,
                                descending=order == Qt.SortOrder.DescendingOrder))
