"""One board column's cards as a Qt list model (the view paints them with a delegate)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

if TYPE_CHECKING:
    from smeplanner.core.board import Card

CARD_ROLE = Qt.ItemDataRole.UserRole + 1
DEAL_ID_ROLE = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex


class CardListModel(QAbstractListModel):
    """The cards of one stage, in board order."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._cards: list[Card] = []

    @property
    def cards(self) -> list[Card]:
        return self._cards

    def set_cards(self, cards: list[Card]) -> None:
        self.beginResetModel()
        self._cards = list(cards)
        self.endResetModel()

    def remove_card(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._cards[row]
        self.endRemoveRows()

    def insert_card(self, row: int, card: Card) -> None:
        self.beginInsertRows(QModelIndex(), row, row)
        self._cards.insert(row, card)
        self.endInsertRows()

    def replace_card(self, row: int, card: Card) -> None:
        self._cards[row] = card
        index = self.index(row)
        self.dataChanged.emit(index, index)

    def row_of(self, deal_id: int) -> int | None:
        return next((row for row, card in enumerate(self._cards) if card.id == deal_id), None)

    def card(self, row: int) -> Card:
        return self._cards[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self._cards)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._cards):
            return None
        card = self._cards[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return card.title
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return ", ".join(part for part in (card.title, card.company, card.contact) if part)
        if role == CARD_ROLE:
            return card
        if role == DEAL_ID_ROLE:
            return card.id
        return None
