"""One column of the pipeline board: a stage's header above its cards."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QVBoxLayout,
    QWidget,
)

from smeplanner.core.money import format_money, to_minor
from smeplanner.ui.formatting import format_amount, format_count
from smeplanner.ui.models.board_model import CardListModel

if TYPE_CHECKING:
    from decimal import Decimal

    from smeplanner.core.board import BoardColumn
    from smeplanner.core.pipeline import StageInfo
    from smeplanner.ui.widgets.deal_card_delegate import CardDelegate


def compact_amount(amount: Decimal, currency: str) -> str:
    """Money short enough for a column header (€12.3k); the exact sum is in its tooltip."""
    return format_money(to_minor(amount), currency, compact=True)


class BoardColumnView(QFrame):
    """A stage's header (name, count, amount, weighted amount) above its cards."""

    def __init__(self, stage: StageInfo, delegate: CardDelegate,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stage = stage
        self.setObjectName("boardColumn")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumWidth(170 if stage.kind == "open" else 150)
        self.name_label = QLabel()
        self.name_label.setTextFormat(Qt.TextFormat.PlainText)
        font = self.name_label.font()
        font.setBold(True)
        self.name_label.setFont(font)
        self.count_label = QLabel()
        self.count_label.setObjectName("boardCount")
        self.totals_label = QLabel()
        self.totals_label.setTextFormat(Qt.TextFormat.PlainText)
        self.totals_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.model = CardListModel(self)
        self.view = QListView()
        self.view.setObjectName(f"stage-{stage.id}")
        self.view.setModel(self.model)
        self.view.setItemDelegate(delegate)
        self.view.setUniformItemSizes(True)  # one size for all: no measuring 2,000 cards
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setFrameShape(QFrame.Shape.NoFrame)
        self.view.viewport().setAutoFillBackground(False)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.DefaultContextMenu)

        title_row = QHBoxLayout()
        title_row.setSpacing(6)
        title_row.addWidget(self.name_label, 1)
        title_row.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 8, 6, 6)
        layout.setSpacing(2)
        layout.addLayout(title_row)
        layout.addWidget(self.totals_label)
        layout.addSpacing(4)
        layout.addWidget(self.view, 1)
        self.set_highlighted(False)

    def set_column(self, column: BoardColumn, currency: str) -> None:
        self.show_header(column, currency)
        self.model.set_cards(column.cards)

    def show_header(self, column: BoardColumn, currency: str) -> None:
        self.stage = column.stage
        self.name_label.setText(column.stage.name if column.stage.kind == "open" else
                                self.tr("{stage} this month").format(stage=column.stage.name))
        self.count_label.setText(format_count(column.count))
        self.count_label.setToolTip(self.tr("1 deal") if column.count == 1 else self.tr(
            "{count} deals").format(count=format_count(column.count)))
        if column.stage.kind == "open":
            self.totals_label.setText(self.tr("{amount} · {weighted} weighted").format(
                amount=compact_amount(column.amount, currency),
                weighted=compact_amount(column.weighted, currency)))
            self.totals_label.setToolTip(self.tr(
                "Total {amount}; weighted by probability ({percent} % by default) "
                "{weighted}").format(amount=format_amount(column.amount, currency),
                                     percent=column.stage.probability,
                                     weighted=format_amount(column.weighted, currency)))
        else:
            self.totals_label.setText(compact_amount(column.amount, currency))
            self.totals_label.setToolTip(format_amount(column.amount, currency))

    def set_highlighted(self, on: bool) -> None:
        """Light the column up while a card is dragged over it."""
        role = QPalette.ColorRole.AlternateBase if not on else QPalette.ColorRole.Highlight
        color = self.palette().color(role)
        if on:
            color.setAlpha(60)
        self.setStyleSheet(f"#boardColumn {{ background: {color.name(QColor.NameFormat.HexArgb)};"
                           " border-radius: 8px; }")
        self.highlighted = on

    def selected_row(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].row() if rows else None
