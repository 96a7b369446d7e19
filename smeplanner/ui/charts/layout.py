"""How the charts of a group are laid out in rows, on the page and in the PDF alike."""

from __future__ import annotations

from collections.abc import Iterable

from smeplanner.ui.charts.registry import ChartSpec


def is_wide(spec: ChartSpec) -> bool:
    """A chart with several panels takes a whole row."""
    return len(spec.width_ratios) > 1


def chart_rows(specs: Iterable[ChartSpec]) -> list[list[ChartSpec]]:
    """Rows of one wide chart or two narrow ones, in the charts' order except that a narrow
    chart waits for the next narrow one rather than sit beside a gap."""
    rows: list[list[ChartSpec]] = []
    waiting: list[ChartSpec] | None = None
    for spec in specs:
        if is_wide(spec):
            rows.append([spec])
        elif waiting is None:
            waiting = [spec]
            rows.append(waiting)
        else:
            waiting.append(spec)
            waiting = None
    return rows
