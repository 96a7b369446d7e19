"""Lost reasons: the user's own ordered pick-list of why a deal was lost."""

from __future__ import annotations

from dataclasses import dataclass

from peewee import fn

from smeplanner.core import validate
from smeplanner.core.errors import NotFoundError, ValidationError
from smeplanner.core.models import LostReason, db


@dataclass(frozen=True)
class LostReasonInfo:
    id: int
    name: str
    position: int


def list_reasons() -> list[str]:
    """The reason names in the order the user gave them."""
    return [info.name for info in list_records()]


def list_records() -> list[LostReasonInfo]:
    return [LostReasonInfo(r.id, r.name, r.position)
            for r in LostReason.select().order_by(LostReason.position, LostReason.id)]


def _get(reason_id: int) -> LostReason:
    reason = LostReason.get_or_none(LostReason.id == reason_id)
    if reason is None:
        raise NotFoundError("lost reason", reason_id)
    return reason


def _clean_name(name: object, *, exclude_id: int | None = None) -> str:
    cleaned = validate.text("name", name)
    if not cleaned:
        raise ValidationError("name", "A lost reason needs a name")
    # The table's unique index is case-sensitive; "price" next to "Price" would only split
    # the lost-deal reports in two, so the rule here is stricter.
    clash = LostReason.select().where(fn.lower(LostReason.name) == cleaned.lower())
    if exclude_id is not None:
        clash = clash.where(LostReason.id != exclude_id)
    if clash.exists():
        raise ValidationError("name", f"A lost reason called {cleaned!r} already exists")
    return cleaned


def add_reason(name: str) -> int:
    """Add a reason at the end of the list; returns its id."""
    cleaned = _clean_name(name)
    with db.atomic():
        last = LostReason.select(fn.MAX(LostReason.position)).scalar() or 0
        return LostReason.create(name=cleaned, position=last + 1).id


def rename_reason(reason_id: int, name: str) -> None:
    """Rename a reason. Deals closed with the old name keep it: their reason is the text
    chosen when they were lost, not a link to this list."""
    reason = _get(reason_id)
    cleaned = _clean_name(name, exclude_id=reason_id)
    if cleaned != reason.name:
        LostReason.update(name=cleaned).where(LostReason.id == reason_id).execute()


def delete_reason(reason_id: int) -> None:
    """Remove a reason from the list; deals lost for it keep their ``close_reason`` text."""
    reason = _get(reason_id)
    with db.atomic():
        reason.delete_instance()
        _renumber([r.id for r in LostReason.select().order_by(LostReason.position,
                                                               LostReason.id)])


def reorder_reasons(reason_ids: list[int]) -> list[LostReasonInfo]:
    """Set the order of all reasons at once; the ids must be exactly the existing ones."""
    with db.atomic():
        existing = [r.id for r in LostReason.select(LostReason.id)]
        ids_ok = all(isinstance(i, int) and not isinstance(i, bool) for i in reason_ids)
        if not ids_ok or sorted(reason_ids) != sorted(existing):
            raise ValidationError("reasons",
                                  "The new order must list every lost reason exactly once")
        _renumber(reason_ids)
    return list_records()


def _renumber(reason_ids: list[int]) -> None:
    for position, reason_id in enumerate(reason_ids, 1):
        LostReason.update(position=position).where(LostReason.id == reason_id).execute()
