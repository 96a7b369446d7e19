"""The Reports page's charts: pure functions that draw a :class:`Report` on matplotlib Axes.

No Qt here: :mod:`smeplanner.ui.widgets.reports` puts the figures on a canvas. Each chart is
listed in :mod:`smeplanner.ui.charts.registry`; its bars carry a gid for the drill-down.
"""
