"""Undoable user actions on contacts: one QUndoCommand each, done and reversed by core.bulk.

Each command's ``redo`` runs a named core operation (QUndoStack.push runs the first one)
and keeps its :class:`~smeplanner.core.bulk.BulkResult`; ``undo`` hands the result's undo
value to :func:`smeplanner.core.bulk.revert`, which puts every row back exactly. A later
redo runs the operation again. Both report what changed through ``on_changed(kind, ids)``
("contact", "tag", "deal", "activity", "lifecycle_change"), so pages refresh only what they
show.

Failures. A Python exception raised in ``redo``/``undo`` does not stop QUndoStack: the
command stays on the stack as if it had worked (PySide 6 re-raises it to the caller only
after the stack has moved). So commands never raise out of ``redo``/``undo``. On failure
they mark themselves obsolete, which makes QUndoStack drop them (``push`` does not add
them, ``undo``/``redo`` remove them), and keep the error in ``error``:

* the first run, inside ``push``: push with :func:`push_command`, which re-raises the
  error (a ValidationError names the field, and nothing was written), so a caller handles
  it exactly as it would a direct service call;
* a later undo or redo (the data changed meanwhile, say a deleted contact's id was reused):
  ``on_error(error)`` if given, else the error is re-raised after the stack is consistent.

A command whose first run changes nothing (every contact already had the tag) is dropped
the same way, without an error, so Ctrl+Z never "undoes" nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand, QUndoStack

from smeplanner.core import bulk, contact_forms, merge
from smeplanner.core.bulk import BulkResult
from smeplanner.core.vocabulary import LIFECYCLE_LABELS

OnChanged = Callable[[str, list[int]], None]
OnError = Callable[[Exception], None]

_CONTEXT = "ContactCommands"
# Called by this name so that pyside6-lupdate finds the literal strings.
translate = QCoreApplication.translate


def _counted(count: int, one: str, many: str) -> str:
    """The singular sentence for one contact, else the numerus form (``%n`` already filled
    in by translate(), whose translations carry every plural form a language needs)."""
    return one if count == 1 else many


class ContactCommand(QUndoCommand):
    """Base of the commands: runs ``perform()`` on redo, reverts its result on undo.

    ``result``: the last run's BulkResult (None while undone); ``error``: why the command
    failed, if it did (it is then obsolete and off the stack).
    """

    def __init__(self, text: str, *, on_changed: OnChanged | None = None,
                 on_error: OnError | None = None, parent: QUndoCommand | None = None) -> None:
        super().__init__(parent)
        self._describe(text)
        self._on_changed = on_changed
        self._on_error = on_error
        self._has_run = False
        self.result: BulkResult | None = None
        self.error: Exception | None = None

    def perform(self) -> BulkResult:
        """Do the action through core (validation, one transaction); subclasses implement."""
        raise NotImplementedError

    def redo(self) -> None:
        first = not self._has_run
        self._has_run = True
        try:
            result = self.perform()
        except Exception as error:  # any failure: never raise (module docstring)
            self._failed(error, first=first)
            return
        self.result = result
        changes = result.changes
        if first and not changes:
            self.setObsolete(True)  # nothing happened: nothing to undo
            return
        self._notify(changes)

    def undo(self) -> None:
        if self.result is None:
            return
        try:
            changes = bulk.revert(self.result.undo)
        except Exception as error:  # any failure: never raise (module docstring)
            self._failed(error, first=False)
            return
        self.result = None
        self._notify(changes)

    def _failed(self, error: Exception, *, first: bool) -> None:
        # Obsolete: QUndoStack removes the command, so it never lists an action whose effect
        # is not in the database. The operation's transaction has already rolled back.
        self.setObsolete(True)
        self.error = error
        if first:
            return  # push_command raises it to whoever pushed
        if self._on_error is not None:
            self._on_error(error)
        else:
            raise error

    def _notify(self, changes: Mapping[str, tuple[int, ...]]) -> None:
        if self._on_changed is None:
            return
        for kind, ids in changes.items():
            self._on_changed(kind, list(ids))

    def _describe(self, text: str) -> None:
        # The undo/redo menu actions read actionText(), where "&" marks a shortcut letter:
        # a tag called "R&D" would lose its "&". The part after "\n" is the action text.
        if "&" in text:
            text = f"{text}\n{text.replace('&', '&&')}"
        self.setText(text)


class RowsChangeCommand(ContactCommand):
    """A change made by ``work`` (which may return a new record's id), kept as the exact
    rows before and after: ``change(work)`` runs it in one transaction and returns the
    result, ``replay(result)`` puts the after-rows back on redo (so a record re-created by
    redo keeps its id). ``created_id``: the id ``work`` returned."""

    def __init__(self, text: str, work: Callable[[], int | None],
                 change: Callable[[Callable[[], int | None]], BulkResult],
                 replay: Callable[[BulkResult], object], **options: Any) -> None:
        self._work = work
        self._change = change
        self._replay = replay
        self._done: BulkResult | None = None
        self.created_id: int | None = None
        super().__init__(text, **options)

    def perform(self) -> BulkResult:
        if self._done is None:
            def work() -> int | None:
                self.created_id = self._work()
                return self.created_id
            self._done = self._change(work)
            return self._done
        self._replay(self._done)
        return self._done


def push_command(stack: QUndoStack, command: ContactCommand) -> BulkResult | None:
    """Push ``command`` (which performs it) and return its result.

    Raises the command's error if it failed, the stack unchanged and nothing written; the
    command is then discarded. Returns the result even when nothing changed (the command
    is then not kept: there is nothing to undo).
    """
    stack.push(command)
    # QUndoStack deleted an obsolete command's C++ side; its Python attributes remain.
    if command.error is not None:
        raise command.error
    return command.result


def _unique(contact_ids: Iterable[int]) -> tuple[int, ...]:
    return tuple(dict.fromkeys(contact_ids))


class AddTagCommand(ContactCommand):
    """Tag a selection of contacts (the tag is created if it is new)."""

    def __init__(self, contact_ids: Iterable[int], tag_name: str, **options: Any) -> None:
        self.contact_ids = _unique(contact_ids)
        self.tag_name = tag_name
        count = len(self.contact_ids)
        text = _counted(count, translate(_CONTEXT, "Add tag “{tag}” to 1 contact"),
                        translate(_CONTEXT, "Add tag “{tag}” to %n contacts", None, count))
        super().__init__(text.format(tag=tag_name.strip()), **options)

    def perform(self) -> BulkResult:
        return bulk.add_tag(self.contact_ids, self.tag_name)


class RemoveTagCommand(ContactCommand):
    """Take a tag off a selection of contacts."""

    def __init__(self, contact_ids: Iterable[int], tag_name: str, **options: Any) -> None:
        self.contact_ids = _unique(contact_ids)
        self.tag_name = tag_name
        count = len(self.contact_ids)
        text = _counted(count, translate(_CONTEXT, "Remove tag “{tag}” from 1 contact"),
                        translate(_CONTEXT, "Remove tag “{tag}” from %n contacts", None, count))
        super().__init__(text.format(tag=tag_name.strip()), **options)

    def perform(self) -> BulkResult:
        return bulk.remove_tag(self.contact_ids, self.tag_name)


def stage_label(stage: str) -> str:
    """A funnel stage as the user reads it."""
    # The vocabulary's English labels, looked up in a context of their own for translators.
    return translate("LifecycleStage", LIFECYCLE_LABELS.get(stage, stage))


class SetStageCommand(ContactCommand):
    """Move a selection of contacts to one funnel stage (each move goes in the history)."""

    def __init__(self, contact_ids: Iterable[int], stage: str, **options: Any) -> None:
        self.contact_ids = _unique(contact_ids)
        self.stage = stage
        count = len(self.contact_ids)
        text = _counted(count, translate(_CONTEXT, "Move 1 contact to {stage}"),
                        translate(_CONTEXT, "Move %n contacts to {stage}", None, count))
        super().__init__(text.format(stage=stage_label(stage)), **options)

    def perform(self) -> BulkResult:
        return bulk.set_stage(self.contact_ids, self.stage)


class SetConsentCommand(ContactCommand):
    """Set marketing consent and/or do-not-contact on a selection (None: leave as is)."""

    def __init__(self, contact_ids: Iterable[int], *, marketing_opt_in: bool | None = None,
                 do_not_contact: bool | None = None, **options: Any) -> None:
        self.contact_ids = _unique(contact_ids)
        self.marketing_opt_in = marketing_opt_in
        self.do_not_contact = do_not_contact
        super().__init__(self._text(len(self.contact_ids)), **options)

    def _text(self, n: int) -> str:
        if self.do_not_contact is None and self.marketing_opt_in is True:
            return _counted(n, translate(_CONTEXT, "Opt in 1 contact to marketing"),
                            translate(_CONTEXT, "Opt in %n contacts to marketing", None, n))
        if self.do_not_contact is None and self.marketing_opt_in is False:
            return _counted(n, translate(_CONTEXT, "Opt out 1 contact from marketing"),
                            translate(_CONTEXT, "Opt out %n contacts from marketing", None, n))
        if self.marketing_opt_in is None and self.do_not_contact is True:
            return _counted(n, translate(_CONTEXT, "Mark 1 contact do-not-contact"),
                            translate(_CONTEXT, "Mark %n contacts do-not-contact", None, n))
        if self.marketing_opt_in is None and self.do_not_contact is False:
            return _counted(n, translate(_CONTEXT, "Clear do-not-contact on 1 contact"),
                            translate(_CONTEXT, "Clear do-not-contact on %n contacts", None, n))
        return _counted(n, translate(_CONTEXT, "Change consent of 1 contact"),
                        translate(_CONTEXT, "Change consent of %n contacts", None, n))

    def perform(self) -> BulkResult:
        return bulk.set_consent(self.contact_ids, marketing_opt_in=self.marketing_opt_in,
                                do_not_contact=self.do_not_contact)


class DeleteContactsCommand(ContactCommand):
    """Delete a selection of contacts with their tags, history and activities; undo brings
    all of it back, deal links included. The page asks for confirmation before pushing."""

    def __init__(self, contact_ids: Iterable[int], **options: Any) -> None:
        self.contact_ids = _unique(contact_ids)
        count = len(self.contact_ids)
        text = _counted(count, translate(_CONTEXT, "Delete 1 contact"),
                        translate(_CONTEXT, "Delete %n contacts", None, count))
        super().__init__(text, **options)

    def perform(self) -> BulkResult:
        return bulk.delete_contacts(self.contact_ids)


class EditContactCommand(ContactCommand):
    """Change fields of one contact through ``contacts.update`` (its rules and history).

    Undo restores the row exactly as it was and removes the funnel move the edit recorded,
    rather than updating back (which would record a second move). ``name``: the contact's
    display name for the menu text, if the caller has it at hand.
    """

    def __init__(self, contact_id: int, changes: Mapping[str, Any], *, name: str = "",
                 **options: Any) -> None:
        self.contact_id = contact_id
        self.changes = dict(changes)
        text = (translate(_CONTEXT, "Edit {name}").format(name=name) if name
                else translate(_CONTEXT, "Edit contact"))
        super().__init__(text, **options)

    def perform(self) -> BulkResult:
        return bulk.edit_contact(self.contact_id, **self.changes)


class SaveContactCommand(ContactCommand):
    """Save the contact editor (fields, company by name, tags) — new or existing contact.

    The first redo saves; undo puts back the exact rows from before; a later redo puts back
    the exact rows the save produced (same ids), rather than saving again.
    """

    def __init__(self, contact_id: int | None, values: Mapping[str, Any], *,
                 company_name: str = "", tags: Iterable[str] = (), name: str = "",
                 **options: Any) -> None:
        self.contact_id = contact_id
        self.values = dict(values)
        self.company_name = company_name
        self.tags = list(tags)
        self._saved: BulkResult | None = None
        if contact_id is None:
            text = translate(_CONTEXT, "Add {name}").format(name=name) if name \
                else translate(_CONTEXT, "Add contact")
        else:
            text = translate(_CONTEXT, "Edit {name}").format(name=name) if name \
                else translate(_CONTEXT, "Edit contact")
        super().__init__(text, **options)

    def perform(self) -> BulkResult:
        if self._saved is None:
            self._saved = contact_forms.save_contact_undoable(
                self.contact_id, self.values, company_name=self.company_name, tags=self.tags)
            self.contact_id = self._saved.undo.contact_id
            return self._saved
        contact_forms.replay(self._saved)
        return self._saved


class MergeContactsCommand(ContactCommand):
    """Merge ``other_ids`` into ``survivor_id`` with the chosen field values; undo unmerges
    exactly (same ids, rows and links), redo merges again."""

    def __init__(self, survivor_id: int, other_ids: Iterable[int],
                 chosen: Mapping[str, Any] | None = None, *, name: str = "",
                 **options: Any) -> None:
        self.survivor_id = survivor_id
        self.other_ids = _unique(other_ids)
        self.chosen = dict(chosen or {})
        count = len(self.other_ids) + 1
        text = translate(_CONTEXT, "Merge %n contacts into {name}", "", count).format(
            name=name) if name else translate(_CONTEXT, "Merge %n contacts", "", count)
        super().__init__(text, **options)

    def perform(self) -> BulkResult:
        return merge.merge(self.survivor_id, self.other_ids, self.chosen)


class ChangeContactCommand(ContactCommand):
    """A change to one contact made by ``work`` (log a call, add a follow-up): the first
    redo runs it; undo and later redo put the contact's exact rows back."""

    def __init__(self, contact_id: int, text: str, work: Callable[[], object],
                 **options: Any) -> None:
        self.contact_id = contact_id
        self._work = work
        self._done: BulkResult | None = None
        super().__init__(text, **options)

    def perform(self) -> BulkResult:
        if self._done is None:
            self._done = contact_forms.change_contact(self.contact_id, self._work)
            return self._done
        contact_forms.replay(self._done)
        return self._done
