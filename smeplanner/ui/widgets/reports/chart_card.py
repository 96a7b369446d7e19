"""One chart of the Reports page: a matplotlib canvas that draws a chart spec, lists the
records behind a clicked bar, and exports the picture or its data."""

from __future__ import annotations

import warnings
from dataclasses import replace

from matplotlib.backend_bases import MouseButton, PickEvent
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QPalette, QResizeEvent
from PySide6.QtWidgets import QFrame, QMenu, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from smeplanner.core.reports.data import Report
from smeplanner.ui.charts.registry import ChartSpec
from smeplanner.ui.charts.style import DARK_STYLE, LIGHT_STYLE, ChartStyle

# A card drawn while the page is still being laid out (a moment, at a few pixels) makes
# matplotlib say it gave up on the layout; the next paint, at the card's size, lays it out.
warnings.filterwarnings("ignore", message="constrained_layout not applied",
                        category=UserWarning)

CHART_HEIGHT = 340
WIDE_CHART_HEIGHT = 360
# Below these widths the labels no longer fit (matplotlib gives up on the layout); a narrow
# window scrolls sideways instead.
CHART_MIN_WIDTH = 400
WIDE_CHART_MIN_WIDTH = 820
EXPORT_FORMATS = ("png", "svg", "pdf", "csv")


def style_for_palette(palette: QPalette, currency: str) -> ChartStyle:
    """The chart colours for the system palette: the dark set when the window is dark, with
    the palette's own text and window colours, so charts sit on the page like the rest."""
    window = palette.color(QPalette.ColorRole.Window)
    base = DARK_STYLE if window.lightness() < 128 else LIGHT_STYLE
    text = palette.color(QPalette.ColorRole.WindowText)
    return replace(base, text=text.name(), background=window.name(), currency=currency)


class ChartCard(QFrame):
    """A chart drawn from a :class:`Report`; redraws update its artists.

    Signals:
        drill_requested(str, str): the chart key and the gid of the clicked bar.
        export_requested(str, str): the chart key and a format (png, svg, pdf or csv).
    """

    drill_requested = Signal(str, str)
    export_requested = Signal(str, str)

    def __init__(self, spec: ChartSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.setObjectName(f"chart_{spec.key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.figure = Figure(figsize=(5.6, 3.4), dpi=100, layout="constrained")
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setParent(self)
        height = WIDE_CHART_HEIGHT if self.wide else CHART_HEIGHT
        self.canvas.setMinimumHeight(height)
        self.canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.canvas.setFixedHeight(height)
        self.canvas.setMinimumWidth(WIDE_CHART_MIN_WIDTH if self.wide else CHART_MIN_WIDTH)
        self.canvas.setToolTip(self.tr("Click a bar to list its records"))
        self.canvas.mpl_connect("pick_event", self._picked)
        self._last_click: object = None
        self.axes: list = []
        self.report: Report | None = None

        self.export_button = QToolButton(self)
        self.export_button.setText(self.tr("Export ▾"))
        self.export_button.setAccessibleName(self.tr("Export {chart}").format(chart=spec.title))
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.export_button.setAutoRaise(True)
        # The ▾ is in the text; Qt's own indicator is squeezed onto the last letter.
        self.export_button.setStyleSheet("QToolButton::menu-indicator { image: none; }")
        menu = QMenu(self.export_button)
        labels = {"png": self.tr("Picture (PNG)…"), "svg": self.tr("Drawing (SVG)…"),
                  "pdf": self.tr("PDF…"), "csv": self.tr("Data (CSV)…")}
        self.export_actions: dict[str, QAction] = {}
        for kind in EXPORT_FORMATS:
            action = menu.addAction(labels[kind])
            action.triggered.connect(lambda _=False, kind=kind:
                                     self.export_requested.emit(spec.key, kind))
            self.export_actions[kind] = action
        self.export_button.setMenu(menu)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.canvas)

    @property
    def wide(self) -> bool:
        return len(self.spec.width_ratios) > 1

    def show_report(self, report: Report, style: ChartStyle) -> None:
        """Draw ``report``; the next paint renders it (charts scrolled out of view wait)."""
        self.report = report
        self.figure.set_facecolor(style.background)
        if not self.axes:
            self.axes = self.spec.make_axes(self.figure)
        self.spec.plot(self.axes, report, style)
        self.canvas.draw_idle()

    def draw_now(self) -> None:
        self.canvas.draw()

    def _picked(self, event: PickEvent) -> None:
        gid = event.artist.get_gid()
        # One click picks every artist under it (stacked bars, a label): act on the first.
        if not gid or event.mouseevent is self._last_click:
            return
        if event.mouseevent.button not in (MouseButton.LEFT, None):
            return
        self._last_click = event.mouseevent
        self.drill_requested.emit(self.spec.key, str(gid))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        hint = self.export_button.sizeHint()
        self.export_button.setGeometry(self.width() - hint.width() - 8, 8, hint.width(),
                                       hint.height())
        self.export_button.raise_()

