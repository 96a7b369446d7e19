"""The product list: price, cost and margin of everything the business sells, with its editor."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from smeplanner.core.errors import NotFoundError, ValidationError
from smeplanner.core.products import ProductInfo, list_products, products
from smeplanner.ui.dialogs import messages
from smeplanner.ui.dialogs.product_editor import ProductEditor, format_margin_pct
from smeplanner.ui.formatting import format_amount

Index = QModelIndex | QPersistentModelIndex

_CONTEXT = "ProductTableModel"
_NEGATIVE = QColor(0xB0, 0x1C, 0x1C)


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


class ProductTableModel(QAbstractTableModel):
    """Every product, read-only, in name order; the view sorts through a proxy on SortRole."""

    NAME, SKU, PRICE, COST, MARGIN, MARGIN_PCT, ACTIVE = range(7)
    HEADERS = (QT_TRANSLATE_NOOP(_CONTEXT, "Name"), QT_TRANSLATE_NOOP(_CONTEXT, "SKU"),
               QT_TRANSLATE_NOOP(_CONTEXT, "Price"), QT_TRANSLATE_NOOP(_CONTEXT, "Unit cost"),
               QT_TRANSLATE_NOOP(_CONTEXT, "Margin"), QT_TRANSLATE_NOOP(_CONTEXT, "Margin %"),
               QT_TRANSLATE_NOOP(_CONTEXT, "Active"))
    NUMERIC = frozenset({PRICE, COST, MARGIN, MARGIN_PCT})
    SortRole = Qt.ItemDataRole.UserRole + 1
    ObjectRole = Qt.ItemDataRole.UserRole + 2  # the ProductInfo of the row

    def __init__(self, currency: str, parent: Any = None) -> None:
        super().__init__(parent)
        self._currency = currency
        self._products: list[ProductInfo] = list_products()

    def reload(self) -> None:
        self.beginResetModel()
        self._products = list_products()
        self.endResetModel()

    def set_currency(self, currency: str) -> None:
        if currency == self._currency:
            return
        self._currency = currency
        if self._products:
            self.dataChanged.emit(self.index(0, self.PRICE),
                                  self.index(len(self._products) - 1, self.MARGIN),
                                  [Qt.ItemDataRole.DisplayRole])

    def product(self, row: int) -> ProductInfo:
        return self._products[row]

    def row_of_id(self, product_id: int) -> int:
        return next((row for row, p in enumerate(self._products) if p.id == product_id), -1)

    # --- Qt overrides -----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._products)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.HEADERS):
            if role == Qt.ItemDataRole.DisplayRole:
                return _tr(self.HEADERS[section])
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return self._alignment(section)
            return None
        return super().headerData(section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._products):
            return None
        product = self._products[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(product, column)
        if role == self.SortRole:
            return (product.name.casefold(), product.sku.casefold(), product.price,
                    product.unit_cost, product.margin, product.margin_pct, product.active)[column]
        if role == self.ObjectRole:
            return product
        if role == Qt.ItemDataRole.ForegroundRole:
            if not product.active:
                return QGuiApplication.palette().color(QPalette.ColorGroup.Disabled,
                                                       QPalette.ColorRole.Text)
            if column in (self.MARGIN, self.MARGIN_PCT) and product.margin < 0:
                return _NEGATIVE
            return None
        if role == Qt.ItemDataRole.ToolTipRole and not product.active:
            return _tr("Inactive: kept for old deals, not offered on new ones")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._alignment(column)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemNeverHasChildren)

    # --- helpers ------------------------------------------------------------------------------

    def _display(self, product: ProductInfo, column: int) -> str:
        if column == self.NAME:
            return product.name
        if column == self.SKU:
            return product.sku
        if column == self.MARGIN_PCT:
            return format_margin_pct(product.margin_pct)
        if column == self.ACTIVE:
            return _tr("Yes") if product.active else _tr("No")
        amount = {self.PRICE: product.price, self.COST: product.unit_cost,
                  self.MARGIN: product.margin}[column]
        return format_amount(amount, self._currency)

    def _alignment(self, column: int) -> Qt.AlignmentFlag:
        if column in self.NUMERIC:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if column == self.ACTIVE:
            return Qt.AlignmentFlag.AlignCenter
        return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


class _SortProxy(QSortFilterProxyModel):
    """Sorts on the model's native values; a missing margin % (price 0) sorts first."""

    def lessThan(self, left: Index, right: Index) -> bool:
        a = left.data(ProductTableModel.SortRole)
        b = right.data(ProductTableModel.SortRole)
        if a is None or b is None:
            return a is None and b is not None
        if a == b:
            # Equal keys fall back to the name so the order never depends on the last sort.
            name = ProductTableModel.SortRole
            return (left.siblingAtColumn(ProductTableModel.NAME).data(name)
                    < right.siblingAtColumn(ProductTableModel.NAME).data(name))
        return a < b


class ProductsView(QWidget):
    """The product table with Add…, Edit… and Delete…; double-click a row to edit it.

    Signals:
        products_changed(): a product was added, changed or deleted.
    """

    products_changed = Signal()

    def __init__(self, currency: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._currency = currency
        self.editor: ProductEditor | None = None
        self.model = ProductTableModel(currency, self)
        self.proxy = _SortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(ProductTableModel.SortRole)

        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setShowGrid(False)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(ProductTableModel.NAME, Qt.SortOrder.AscendingOrder)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 14)
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ProductTableModel.NAME, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(self.fontMetrics().horizontalAdvance("Margin %") + 28)

        self.add_button = QPushButton(self.tr("Add…"))
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.delete_button = QPushButton(self.tr("Delete…"))
        buttons = QVBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for button in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        self.view.doubleClicked.connect(self._on_view_double_clicked)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self._update_buttons()

    # --- public ---------------------------------------------------------------------------

    def reload(self) -> None:
        """Re-read the products, keeping the selected one selected."""
        selected = self.current_product_id()
        self.model.reload()
        if selected is not None:
            self.select_product(selected)

    def set_currency(self, currency: str) -> None:
        self._currency = currency
        self.model.set_currency(currency)

    def current_product_id(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        return rows[0].data(ProductTableModel.ObjectRole).id

    def select_product(self, product_id: int) -> None:
        row = self.model.row_of_id(product_id)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.view.selectRow(index.row())
        self.view.scrollTo(index)

    def view_row(self, product_id: int) -> int:
        """The row the table shows the product on (after sorting), or -1."""
        row = self.model.row_of_id(product_id)
        return self.proxy.mapFromSource(self.model.index(row, 0)).row() if row >= 0 else -1

    def open_editor(self, product_id: int | None = None) -> ProductEditor | None:
        """Open the editor for a product (None: a new one) without blocking; it saves
        through the core and the table follows."""
        try:
            editor = ProductEditor(product_id, currency=self._currency, parent=self)
        except NotFoundError:
            self.reload()
            return None
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.saved.connect(self._on_editor_saved)
        editor.finished.connect(self._on_editor_finished)
        self.editor = editor
        editor.open()
        return editor

    # --- slots ----------------------------------------------------------------------------

    def _update_buttons(self) -> None:
        selected = self.current_product_id() is not None
        self.edit_button.setEnabled(selected)
        self.delete_button.setEnabled(selected)

    def _on_add_button_clicked(self) -> None:
        self.open_editor(None)

    def _on_edit_button_clicked(self) -> None:
        product_id = self.current_product_id()
        if product_id is not None:
            self.open_editor(product_id)

    def _on_view_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_editor(index.data(ProductTableModel.ObjectRole).id)

    def _on_editor_saved(self, product_id: int) -> None:
        self.model.reload()
        self.select_product(product_id)
        self.products_changed.emit()

    def _on_editor_finished(self) -> None:
        self.editor = None

    def _on_delete_button_clicked(self) -> None:
        product_id = self.current_product_id()
        if product_id is None:
            return
        name = self.model.product(self.model.row_of_id(product_id)).name
        if not messages.confirm(self, self.tr("Delete product"),
                                self.tr("Delete the product “{name}”?").format(name=name),
                                self.tr("Delete")):
            return
        try:
            products.delete(product_id)
        except ValidationError as error:
            messages.show_error(self, self.tr("Delete product"), error.message)
            return
        except NotFoundError:
            pass  # already gone (deleted elsewhere): the reload shows that
        row = self.view.selectionModel().selectedRows()[0].row()
        self.model.reload()
        self.view.selectRow(min(row, self.proxy.rowCount() - 1))
        self.products_changed.emit()
