"""Chart colours and the drawing helpers every report chart shares (matplotlib, never pyplot).

A chart function may run many times on the same Axes (the period changed): :func:`begin`
keeps the artists when the picture has the same shape and clears the Axes when it has not,
:func:`bars` and :func:`line` update the artists they drew last time, and the value labels
made by :func:`note` are removed and made again.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.container import BarContainer
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.text import Annotation
from matplotlib.ticker import Formatter, FuncFormatter, Locator, MaxNLocator, NullLocator

from smeplanner.ui.charts.labels import escape_math, money_text, number, text_extent

NO_DATA = "No data in this period"
TITLE_SIZE = 10
LABEL_SIZE = 8
TICK_SIZE = 8
NOTE_SIZE = 7
# Space left between two tick labels, in points.
_TICK_GAP = 5
# At most this many steps along a value axis: more is clutter, not information.
_MAX_BINS = 6


@dataclass(frozen=True)
class ChartStyle:
    """The colours (matplotlib colour strings) and currency the charts are drawn with."""

    text: str
    muted: str
    background: str
    grid: str
    accent: str
    won: str
    weighted: str
    best_case: str
    goal: str
    prior: str
    sales: str
    marketing: str
    negative: str
    kind_colors: tuple[str, ...]
    currency: str = "EUR"


LIGHT_STYLE = ChartStyle(
    text="#222222", muted="#666666", background="#ffffff", grid="#e2e2e2", accent="#2f6fb3",
    won="#2e8b57", weighted="#9cc2e6", best_case="#5a6f86", goal="#c0392b", prior="#8a8a8a",
    sales="#2f6fb3", marketing="#e08a1e", negative="#c94c4c",
    kind_colors=("#2f6fb3", "#e08a1e", "#2e8b57", "#8e5bb5", "#c94c4c", "#3a9ea5"))

DARK_STYLE = ChartStyle(
    text="#e8e8e8", muted="#a8a8a8", background="#2b2b2b", grid="#444444", accent="#5b9bd9",
    won="#5cc58a", weighted="#36618f", best_case="#b8c7d9", goal="#ff7b6b", prior="#b0b0b0",
    sales="#5b9bd9", marketing="#f0a040", negative="#ef7070",
    kind_colors=("#5b9bd9", "#f0a040", "#5cc58a", "#b58ee0", "#ef7070", "#5fc8cf"))


# --- artist bookkeeping ------------------------------------------------------------------------

@dataclass
class _AxesState:
    """What a chart drew on one Axes, so that the next draw can update it."""

    shape: object = None
    bars: dict[str, BarContainer] = field(default_factory=dict)
    lines: dict[str, Line2D] = field(default_factory=dict)
    labels: list[Artist] = field(default_factory=list)
    twin: Axes | None = None


_STATE = "_smeplanner_chart"


def _state(ax: Axes) -> _AxesState:
    state = getattr(ax, _STATE, None)
    if state is None:
        state = _AxesState()
        setattr(ax, _STATE, state)
    return state


def _reset(ax: Axes) -> _AxesState:
    old = _state(ax)
    if old.twin is not None:
        old.twin.remove()
    ax.cla()
    state = _AxesState()
    setattr(ax, _STATE, state)
    return state


def begin(ax: Axes, shape: object) -> bool:
    """Start drawing a picture of ``shape`` (anything comparable, e.g. the chart key and its
    bar count): remove the last value labels, and clear ``ax`` unless it already shows a
    picture of that shape. True when the Axes were cleared."""
    state = _state(ax)
    for artist in state.labels:
        artist.remove()
    state.labels.clear()
    if state.shape == shape:
        return False
    _reset(ax).shape = shape
    return True


def twin(ax: Axes, style: ChartStyle, share: str = "x") -> Axes:
    """The second value axis of ``ax`` (``twinx`` when ``share`` is "x", else ``twiny``),
    made once and removed with the rest when the picture changes shape."""
    state = _state(ax)
    if state.twin is None:
        state.twin = ax.twinx() if share == "x" else ax.twiny()
    other = state.twin
    _style_ticks(other, style)
    for name, spine in other.spines.items():
        spine.set_visible(name == ("right" if share == "x" else "top"))
        spine.set_color(style.muted)
    return other


# --- axes ---------------------------------------------------------------------------------------

def _style_ticks(ax: Axes, style: ChartStyle) -> None:
    ax.tick_params(axis="both", which="both", colors=style.muted, labelcolor=style.text,
                   labelsize=TICK_SIZE)
    ax.xaxis.label.set_color(style.text)
    ax.yaxis.label.set_color(style.text)


def prepare(ax: Axes, style: ChartStyle, title: str, xlabel: str, ylabel: str, *,
            value_axis: str = "y") -> None:
    """Title, axis labels, colours, and a light grid along ``value_axis``, whose ticks count
    whole things until :func:`money_axis` or :func:`percent_axis` says otherwise."""
    ax.set_facecolor(style.background)
    ax.set_title(title, loc="left", color=style.text, fontsize=TITLE_SIZE, fontweight="bold")
    ax.set_xlabel(xlabel, fontsize=LABEL_SIZE)
    ax.set_ylabel(ylabel, fontsize=LABEL_SIZE)
    _style_ticks(ax, style)
    for name, spine in ax.spines.items():
        spine.set_visible(name in ("left", "bottom"))
        spine.set_color(style.muted)
    ax.grid(False)
    ax.grid(True, axis=value_axis, color=style.grid, linewidth=0.8)
    ax.set_axisbelow(True)
    count_axis(ax, value_axis)


def _axis(ax: Axes, axis: str) -> Axis:
    return ax.xaxis if axis == "x" else ax.yaxis


class _FittingLocator(MaxNLocator):
    """Round ticks, no more along a horizontal axis than their labels have room for."""

    def __call__(self) -> Sequence[float]:
        axis = self.axis
        if axis is not None and axis.axis_name == "x":
            vmin, vmax = axis.get_view_interval()
            formatter = axis.get_major_formatter()
            widest = max(text_extent(formatter(value), TICK_SIZE)[0]
                         for value in (vmin, vmax, (vmin + vmax) / 2))
            points = axis.axes.bbox.width * 72 / axis.axes.figure.dpi
            self.set_params(nbins=max(1, min(_MAX_BINS, int(points // (widest + _TICK_GAP)))))
        return super().__call__()


def count_axis(ax: Axes, axis: str = "y") -> None:
    """Whole-number ticks with thousands separators."""
    target = _axis(ax, axis)
    target.set_major_locator(_FittingLocator(nbins="auto", integer=True))
    target.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v + 0.0:,.0f}"))


def money_axis(ax: Axes, style: ChartStyle, axis: str = "y") -> None:
    """Compact money ticks in ``style.currency``, e.g. "€0", "€500", "€1.5k"."""
    currency = style.currency

    def tick(value: float, _pos: int | None = None) -> str:
        text = money_text(value, currency)
        return text[:-3] if text.endswith(".00") else text

    target = _axis(ax, axis)
    target.set_major_locator(_FittingLocator(nbins="auto"))
    target.set_major_formatter(FuncFormatter(tick))


def percent_axis(ax: Axes, axis: str = "y") -> None:
    """Ticks in percent ("50 %") for figures already in percent."""
    target = _axis(ax, axis)
    target.set_major_locator(_FittingLocator(nbins="auto", steps=[1, 2, 2.5, 5, 10]))
    target.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v + 0.0:.0f} %"))


class _CategoryLocator(Locator):
    """A tick on every n-th category, n as small as lets the labels sit side by side."""

    def __init__(self, labels: Sequence[str]) -> None:
        self.labels = tuple(labels)

    def __call__(self) -> Sequence[float]:
        count = len(self.labels)
        if not count or self.axis is None:
            return []
        axes = self.axis.axes
        vmin, vmax = sorted(self.axis.get_view_interval())
        extents = [text_extent(label, TICK_SIZE) for label in self.labels]
        if self.axis.axis_name == "x":
            length, sizes = axes.bbox.width, [width for width, _ in extents]
        else:
            length, sizes = axes.bbox.height, [height for _, height in extents]
        # Points of axis per category; two neighbouring labels need half of each one's size.
        per_category = length * 72 / axes.figure.dpi / max(vmax - vmin, 1e-9)
        for step in range(1, count + 1):
            shown = range(0, count, step)
            if all((sizes[a] + sizes[b]) / 2 + _TICK_GAP <= step * per_category
                   for a, b in pairwise(shown)):
                break
        return [i for i in range(0, count, step) if vmin <= i <= vmax]

    def tick_values(self, vmin: float, vmax: float) -> Sequence[float]:
        return list(range(len(self.labels)))


class _CategoryFormatter(Formatter):
    def __init__(self, labels: Sequence[str]) -> None:
        self.labels = tuple(escape_math(label) for label in labels)

    def __call__(self, x: float, pos: int | None = None) -> str:
        index = round(x)
        if abs(x - index) > 1e-6 or not 0 <= index < len(self.labels):
            return ""
        return self.labels[index]


def category_axis(ax: Axes, labels: Sequence[str], axis: str = "x", *,
                  extra: float = 0.0) -> None:
    """Categories 0…n-1 along ``axis`` named by ``labels`` (every n-th when they would
    overlap); a vertical category axis runs top down. ``extra`` leaves room after the last
    category (for a legend)."""
    count = len(labels)
    target = _axis(ax, axis)
    target.set_major_locator(_CategoryLocator(labels))
    target.set_major_formatter(_CategoryFormatter(labels))
    target.set_minor_locator(NullLocator())
    ax.tick_params(axis=axis, length=0)
    if axis == "x":
        ax.set_xlim(-0.5, count - 0.5 + extra)
    else:
        ax.set_ylim(count - 0.5 + extra, -0.5)


def legend_room(count: int) -> float:
    """Empty category slots to leave under ``count`` horizontal bars for a legend."""
    return max(1.0, count / 3)


def value_limits(ax: Axes, values: Sequence[float], axis: str = "y", *,
                 fill: float = 0.9) -> None:
    """Value axis from 0 (or the lowest negative value) so that the largest value takes
    ``fill`` of it, leaving the rest for labels and legends."""
    finite = [v for v in values if not math.isnan(v)]
    high = max([0.0, *finite])
    low = min([0.0, *finite])
    top = high / fill if high > 0 else 1.0
    bottom = low * 1.1 if low < 0 else 0.0
    (ax.set_xlim if axis == "x" else ax.set_ylim)(bottom, top)


def room_for_notes(ax: Axes, ends: Sequence[float], notes: Sequence[str],
                   categories: Sequence[str], *, least: float = 0.55) -> None:
    """Horizontal bars with a value label after each: an x limit that leaves each label
    room inside the axes (the longest label of a long bar ran past the card's edge). The
    axes' width is estimated before the layout runs: the figure's, less its category labels.
    The largest bar takes at most ``least`` of the axis."""
    widest = max((text_extent(text, TICK_SIZE)[0] for text in categories), default=0.0)
    figure = ax.figure  # a Figure, or a SubFigure of the PDF report's page
    axes_width = figure.bbox.width / figure.dpi * 72 - widest - 30  # less the title, pads
    finite = [end for end in ends if not math.isnan(end)]
    top = max([0.0, *finite]) / least
    for end, text in zip(ends, notes, strict=True):
        if math.isnan(end) or end <= 0:
            continue
        free = 1 - (text_extent(text, NOTE_SIZE)[0] + 6) / max(axes_width, 1.0)
        top = max(top, end / max(free, 0.15))
    ax.set_xlim(0, top if top > 0 else 1.0)


def no_data(ax: Axes, style: ChartStyle, message: str = NO_DATA, *, title: str = "") -> None:
    """Clear ``ax`` down to ``title`` and ``message`` in its middle."""
    _reset(ax).shape = ("no data", message)
    ax.set_facecolor(style.background)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    if title:
        ax.set_title(title, loc="left", color=style.text, fontsize=TITLE_SIZE,
                     fontweight="bold")
    ax.text(0.5, 0.5, message, transform=ax.transAxes, ha="center", va="center",
            color=style.muted, fontsize=LABEL_SIZE + 1, parse_math=False)


# --- artists --------------------------------------------------------------------------------

def bars(ax: Axes, positions: Sequence[float], heights: Sequence[Decimal | float | int | None],
         *, key: str, color: str | Sequence[str], horizontal: bool = False,
         width: float = 0.8, offset: float = 0.0,
         base: Sequence[Decimal | float | int | None] | None = None,
         gids: Sequence[str] | None = None, label: str | None = None,
         **props: object) -> BarContainer:
    """Bars ``key`` at ``positions`` (+ ``offset``) with ``heights`` from ``base`` (stacked
    bars), horizontal bars with ``horizontal``. The bars of the last draw with this key are
    updated in place when there are as many; ``gids`` make them pickable."""
    state = _state(ax)
    centres = [float(p) + offset for p in positions]
    values = [0.0 if math.isnan(v) else v for v in map(number, heights)]
    starts = [0.0] * len(values) if base is None else [
        0.0 if math.isnan(v) else v for v in map(number, base)]
    colors = [color] * len(values) if isinstance(color, str) else list(color)
    container = state.bars.get(key)
    if container is not None and len(container.patches) == len(values):
        for rect, centre, value, start, colour in zip(
                container.patches, centres, values, starts, colors, strict=True):
            if horizontal:
                rect.set_y(centre - width / 2)
                rect.set_height(width)
                rect.set_x(start)
                rect.set_width(value)
            else:
                rect.set_x(centre - width / 2)
                rect.set_width(width)
                rect.set_y(start)
                rect.set_height(value)
            rect.set_facecolor(colour)
            rect.update(props)
        container.datavalues = values
        container.set_label(label)
    else:
        if container is not None:
            container.remove()
        if horizontal:
            container = ax.barh(centres, values, height=width, left=starts, color=colors,
                                label=label, **props)
        else:
            container = ax.bar(centres, values, width=width, bottom=starts, color=colors,
                               label=label, **props)
        state.bars[key] = container
    if gids is not None:
        for rect, gid in zip(container.patches, gids, strict=True):
            rect.set_gid(gid)
            rect.set_picker(True)
    return container


def line(ax: Axes, key: str, x: Sequence[float], y: Sequence[Decimal | float | int | None],
         **props: object) -> Line2D:
    """The line ``key`` through ``x``/``y`` (None leaves a gap), updated when drawn before."""
    state = _state(ax)
    xs = [number(v) for v in x]
    ys = [number(v) for v in y]
    artist = state.lines.get(key)
    if artist is None:
        artist = ax.plot(xs, ys, **props)[0]
        state.lines[key] = artist
    else:
        artist.set_data(xs, ys)
        artist.update(props)
    return artist


def note(ax: Axes, style: ChartStyle, text: str, xy: tuple[float, float], *,
         offset: tuple[float, float] = (0, 2), ha: str = "center", va: str = "bottom",
         **props: object) -> Annotation:
    """A value label at ``xy`` (data coordinates unless ``xycoords`` says otherwise), shifted
    by ``offset`` points; removed by the next :func:`begin`."""
    props.setdefault("color", style.text)
    props.setdefault("fontsize", NOTE_SIZE)
    artist = ax.annotate(text, xy, xytext=offset, textcoords="offset points", ha=ha, va=va,
                         parse_math=False, **props)
    _state(ax).labels.append(artist)
    return artist


def legend(ax: Axes, style: ChartStyle, handles: Sequence[Artist], labels: Sequence[str], *,
           loc: str = "upper left", ncols: int | None = None) -> Legend:
    """A small legend in the style's colours (replacing the last one)."""
    return ax.legend(list(handles), list(labels), loc=loc, ncols=ncols or len(handles),
                     fontsize=NOTE_SIZE, facecolor=style.background, edgecolor=style.grid,
                     labelcolor=style.text, framealpha=0.9, borderaxespad=0.3,
                     handlelength=1.4, columnspacing=1.0)
