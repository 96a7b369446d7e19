"""Run slow core work off the GUI thread and hand the result back to it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from smeplanner.core.db import in_own_connection


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
    ``on_error`` runs on the GUI thread. Keep the returned relay alive until then (it is
    parented to ``parent``)."""
    relay = _Relay(parent)
    relay.finished.connect(on_done)
    relay.failed.connect(on_error)
    relay.finished.connect(relay.deleteLater)
    relay.failed.connect(relay.deleteLater)
    QThreadPool.globalInstance().start(_Job(work, relay))
    return relay
