"""The undo step of a contact import."""

from __future__ import annotations

from typing import Any

from smeplanner.core.bulk import BulkResult
from smeplanner.core.contact_io.importer import ImportPlan, run_import
from smeplanner.ui.commands import ContactCommand


class ImportContactsCommand(ContactCommand):
    """An import already written by the wizard's worker: its first redo hands that result
    over; undo takes the whole import back; a later redo imports the same plan again."""

    def __init__(self, plan: ImportPlan, result: BulkResult, label: str,
                 **options: Any) -> None:
        self._plan = plan
        self._label = label
        self._written: BulkResult | None = result
        count = plan.created + plan.updated
        super().__init__(f"Import {count:,} contacts from {label}", **options)

    def perform(self) -> BulkResult:
        if self._written is not None:
            result, self._written = self._written, None
            return result
        return run_import(self._plan, batch_label=self._label)
