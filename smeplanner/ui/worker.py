"""Run slow core work off the GUI thread and hand the result back to it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from smeplanner.core.db import in_own_connection

# Relays whose work has not reported yet. They have no Qt parent: the widget that asked may
# be closed and deleted before the work ends, and the worker must never emit on a deleted
# object.
_PENDING: set[_Relay] = set()


class _Relay(QObject):
    """Carries the result across threads (a queued signal to the receiver's thread)."""

    finished = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._work = work
        self._relay = relay

    def run(self) -> None:
        try:
            result = in_own_connection(self._work)
        except Exception as error:
            self._relay.failed.emit(error)
        else:
            self._relay.finished.emit(result)


def run_in_background(work: Callable[[], Any], on_done: Callable[[Any], None],
                      on_error: Callable[[Exception], None], parent: QObject) -> _Relay:
    """Start ``work`` on a pool thread with its own database connection; ``on_done`` or
    ``on_error`` runs on the GUI thread, unless ``parent`` has been deleted by then (the
    result is dropped: nobody is left to show it)."""
    relay = _Relay()
    _PENDING.add(relay)

    def deliver(callback: Callable[[Any], None], value: Any) -> None:
        _PENDING.discard(relay)
        relay.deleteLater()
        if shiboken6.isValid(parent):
            callback(value)

    relay.finished.connect(lambda result: deliver(on_done, result))
    relay.failed.connect(lambda error: deliver(on_error, error))
    QThreadPool.globalInstance().start(_Job(work, relay))
    return relay
