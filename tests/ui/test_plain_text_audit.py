"""Plain-text audit: every place that shows user or imported text shows it literally.

A workspace whose names, titles, notes, tags, stages, reasons and business name are all one
nasty string is opened page by page, editor by editor; each test then checks one way text
reaches the screen: labels, item views, tooltips, buttons and menus, message boxes, the
window title, reminders and charts. Qt reads text as HTML when it "looks like" markup (a
QLabel in AutoText, a tooltip), and "&" in a button or menu text marks a shortcut; so
``<b>x</b>`` would show bold, a link would be clickable, an image would be loaded and
"A & B" would lose its ampersand.
"""

from __future__ import annotations

import html
import inspect
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from matplotlib import cbook
from matplotlib.text import Text
from PySide6 import QtGui
from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QEvent, QModelIndex, QPoint, Qt
from PySide6.QtGui import QHelpEvent, QIcon, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QToolTip,
    QWidget,
)

from smeplanner.core import quick_add as quick_add_rules
from smeplanner.core import reminders, settings
from smeplanner.core.models import (
    CampaignExpense,
    ContactTag,
    DealLine,
    LostReason,
    PipelineStage,
    Product,
    Tag,
)
from smeplanner.core.timeutil import today, utcnow
from smeplanner.ui.charts.report_pdf import group_page
from smeplanner.ui.charts.style import LIGHT_STYLE
from smeplanner.ui.dialogs.campaign_editor import CampaignEditor
from smeplanner.ui.dialogs.close_deal import CloseDealDialog
from smeplanner.ui.dialogs.contact_editor import ContactEditorDialog, ask_about_duplicate
from smeplanner.ui.dialogs.deal_editor import DealEditor
from smeplanner.ui.dialogs.deliverable_editor import DeliverableDialog, ask_delete
from smeplanner.ui.dialogs.merge_contacts import MergeContactsDialog
from smeplanner.ui.dialogs.missed_reminders import MissedRemindersDialog
from smeplanner.ui.dialogs.product_editor import ProductEditor
from smeplanner.ui.dialogs.quick_add import QuickAddDialog
from smeplanner.ui.reminders import TrayNotifier
from tests.ui.factories import add_activity, add_campaign, add_company, add_contact, add_deal

NASTY = ("<b>x</b>", '<a href="https://example.com">x</a>', "A & B",
         '<img src="file:///etc/hosts">')
NASTY_IDS = ("bold", "link", "ampersand", "image")
# Matplotlib reads the text between two "$" as mathematics.
DOLLARS = "$5 off $10"


@pytest.fixture(params=NASTY, ids=NASTY_IDS)
def text(request: pytest.FixtureRequest) -> str:
    return request.param


# --- the workspace ---------------------------------------------------------------------------

def nasty_business(text: str) -> dict[str, int]:
    """A small business whose every name and note is ``text``; returns ids by a short name."""
    day = today()
    settings.set_value("business_name", text)
    PipelineStage.update(name=text).where(PipelineStage.name == "Proposal").execute()
    LostReason.create(name=text, position=99)
    ids = {"company": add_company(text, industry=text, city=text, notes=text)}
    ids["campaign"] = add_campaign(text, start=day - timedelta(days=5), days=30,
                                   budget="1000", channel="email", notes=text)
    CampaignExpense.create(campaign=ids["campaign"], spent_on=day, amount=Decimal("250"),
                           vendor=text, note=text)
    ids["contact"] = add_contact(text, text, company=ids["company"], email="one@example.com",
                                 job_title=text, notes=text, source_channel="email",
                                 source_campaign=ids["campaign"])
    ids["twin"] = add_contact(text, text, company=ids["company"], email="one@example.com",
                              phone="+49 30 1234567")
    ContactTag.create(contact=ids["contact"], tag=Tag.create(name=text))
    ids["product"] = Product.create(name=text, sku=text, price=Decimal("100"),
                                    unit_cost=Decimal("40")).id
    deal = {"company": ids["company"], "contact": ids["contact"],
            "source_campaign": ids["campaign"], "notes": text}
    ids["deal"] = add_deal(text, "5000", stage=text, expected_close=day + timedelta(days=10),
                           **deal)
    ids["stepped"] = add_deal(text, "700", stage=text, next_step=text,
                              expected_close=day + timedelta(days=12), **deal)
    ids["won"] = add_deal(text, "3000", stage="Won", status="won", closed_on=day,
                          close_reason=text, **deal)
    ids["lost"] = add_deal(text, "900", stage="Lost", status="lost", closed_on=day,
                           close_reason=text, **deal)
    for deal_id in (ids["deal"], ids["won"]):
        DealLine.create(deal=deal_id, product=ids["product"], description=text,
                        quantity=Decimal("2"), unit_price=Decimal("100"))
    ids["task"] = add_activity(text, due=day, kind="task", notes=text, contact=ids["contact"],
                               deal=ids["deal"])
    ids["overdue"] = add_activity(text, due=day - timedelta(days=1), kind="call",
                                  contact=ids["contact"])
    ids["done"] = add_activity(text, due=day - timedelta(days=2), kind="meeting", done=True,
                               done_at=utcnow(), contact=ids["contact"])
    ids["reminder"] = add_activity(text, due=day, kind="call", contact=ids["contact"],
                                   campaign=ids["campaign"],
                                   due_at=utcnow() + timedelta(minutes=10),
                                   reminder_minutes=15, remind_at=utcnow() - timedelta(minutes=5))
    ids["deliverable"] = add_activity(text, due=day, kind="deliverable", role="marketing",
                                      campaign=ids["campaign"], notes=text, stage="idea",
                                      owner="me", deliverable_kind="email")
    return ids


@pytest.fixture
def ids(workspace, text) -> dict[str, int]:
    return nasty_business(text)


@pytest.fixture
def window(make_window, workspace, ids):
    return make_window(workspace)


# --- how Qt shows text -----------------------------------------------------------------------

def as_html(text: str) -> str:
    """What a rich-text widget shows for ``text`` (an image becomes U+FFFC)."""
    document = QTextDocument()
    document.setHtml(text)
    return document.toPlainText()


def tooltip_shows(tip: str) -> str:
    """What a tooltip shows: Qt reads it as HTML when it looks like markup."""
    return as_html(tip) if QtGui.Qt.mightBeRichText(tip) else tip


def mnemonic_shows(label: str) -> str:
    """What a button or menu entry shows: "&x" underlines x, "&&" is one "&"."""
    return re.sub(r"&(.)", r"\1", label)


def involves(text: str, *shown: str) -> bool:
    return any(text in candidate for candidate in shown)


def name_of(widget: QWidget) -> str:
    """"QLabel(brand) in MainWindow": a widget, for a failure message."""
    where = type(widget.window()).__name__
    return f"{type(widget).__name__}({widget.objectName() or '?'}) in {where}"


def widgets(root: QWidget) -> list[QWidget]:
    return [root, *root.findChildren(QWidget)]


def model_indexes(model: QAbstractItemModel, parent: QModelIndex = QModelIndex(),  # noqa: B008
                  depth: int = 0) -> Iterator[QModelIndex]:
    """Every cell of ``model`` down to two levels (the first 200 rows of each)."""
    # A list model's columnCount() is private in Qt: it has one column.
    columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(parent)
    for row in range(min(model.rowCount(parent), 200)):
        for column in range(columns):
            index = model.index(row, column, parent)
            yield index
            if column == 0 and depth < 2 and columns > 1 and model.rowCount(index):
                yield from model_indexes(model, index, depth + 1)


def cell_texts(root: QWidget, role: Qt.ItemDataRole, *,
               visible: bool = False) -> Iterator[tuple[str, str]]:
    """(view, text) of the cells of every item view under ``root`` (``visible``: shown ones)."""
    for view in root.findChildren(QAbstractItemView):
        model = view.model()
        if model is None or isinstance(view, QHeaderView) or (visible and not view.isVisible()):
            continue
        for index in model_indexes(model):
            value = index.data(role)
            if isinstance(value, str) and value:
                yield name_of(view), value


# --- what each area checks -------------------------------------------------------------------

def label_problems(root: QWidget, text: str) -> list[str]:
    """Labels showing ``text`` in a format that may read it as HTML."""
    return [f"{name_of(label)}: {label.text()!r} ({label.textFormat().name})"
            for label in root.findChildren(QLabel)
            if text in label.text() and label.textFormat() != Qt.TextFormat.PlainText]


def tooltip_problems(root: QWidget, text: str) -> list[str]:
    """Widget and item tooltips that hold ``text`` but do not show it as typed."""
    tips = [(name_of(widget), widget.toolTip()) for widget in widgets(root)]
    tips += list(cell_texts(root, Qt.ItemDataRole.ToolTipRole))
    return [f"{where}: {tip!r}" for where, tip in tips
            if involves(text, tip, tooltip_shows(tip)) and text not in tooltip_shows(tip)]


def mnemonic_problems(root: QWidget, text: str) -> list[str]:
    """Buttons and menu entries whose "&" would turn part of ``text`` into a shortcut."""
    labels = [(name_of(button), button.text()) for button in root.findChildren(QAbstractButton)]
    labels += [(f"menu of {name_of(menu.parentWidget() or menu)}", action.text())
               for menu in root.findChildren(QMenu) for action in menu.actions()]
    return [f"{where}: {label!r}" for where, label in labels
            if involves(text, label, mnemonic_shows(label)) and text not in mnemonic_shows(label)]


def cell_problems(root: QWidget, text: str) -> list[str]:
    """Item view cells that show ``text`` escaped (the data is already plain text)."""
    escaped = html.escape(text)
    return [f"{where}: {value!r}" for where, value in cell_texts(root, Qt.ItemDataRole.DisplayRole)
            if escaped != text and escaped in value]


def shown_cells(root: QWidget, *, visible: bool = False) -> list[str]:
    return [value for _where, value in cell_texts(root, Qt.ItemDataRole.DisplayRole,
                                                  visible=visible)]


# --- visiting every place ---------------------------------------------------------------------

@contextmanager
def shown(qtbot, dialog: QWidget) -> Iterator[QWidget]:
    """``dialog`` on screen (not modal) for the duration of the block, then closed."""
    dialog.show()
    qtbot.waitExposed(dialog)
    try:
        yield dialog
    finally:
        dialog.close()
        dialog.deleteLater()


def tour(qtbot, monkeypatch, window, ids: dict[str, int]) -> Iterator[str]:
    """Open every page, panel, editor and pop-up that shows the records, one after another;
    yields the name of each stop while it is on screen (dialogs are children of the window)."""

    def unexpected(box: QMessageBox) -> int:
        raise AssertionError(f"a message box came up: {box.text()} {box.informativeText()}")

    monkeypatch.setattr(QMessageBox, "exec", unexpected)
    week = window.show_page("week")
    qtbot.waitUntil(lambda: week.plan is not None and bool(week.attention.buttons))
    yield "week grid and review"
    week.show_view(1)
    yield "week agenda"
    week.show_view(0)

    contacts = window.show_page("contacts")
    assert contacts.show_record(ids["contact"], "contact")
    qtbot.waitUntil(lambda: contacts.contacts.detail.contact_id == ids["contact"])
    yield "contact list and detail"
    contacts.contacts.detail.tabs.setCurrentIndex(1)
    yield "contact detail form"
    contacts.show_record(ids["company"], "company")
    yield "companies"
    contacts.show_company_contacts(ids["company"])
    yield "contacts of a company"
    duplicates = contacts.duplicates
    contacts.tabs.setCurrentWidget(duplicates)
    duplicates.find()
    qtbot.waitUntil(lambda: duplicates.tree.topLevelItemCount() > 0)
    yield "duplicates"
    with shown(qtbot, MergeContactsDialog([ids["contact"], ids["twin"]], window)):
        yield "merge dialog"
    with shown(qtbot, ContactEditorDialog(ids["contact"], parent=window)):
        yield "contact editor"

    text = window.session.business_name
    deals = window.show_page("deals")
    deals.show_board()
    assert deals.show_record(ids["deal"], "deal")
    board = deals.board
    column = board.column_for_stage(PipelineStage.get(PipelineStage.name == text).id)
    menus = [board.card_menu(ids["deal"], column.stage.id), board.column_menu(column)]
    yield "deal board and its menus"
    for menu in menus:
        menu.deleteLater()
    deals.show_list()
    yield "deal list"
    with shown(qtbot, DealEditor(window.session.currency, ids["deal"], save=lambda *_: 0,
                                 parent=window)):
        yield "deal editor"
    with shown(qtbot, CloseDealDialog("lost", text, Decimal("900"), "EUR", [text], window)):
        yield "close deal dialog"

    campaigns = window.show_page("campaigns")
    assert campaigns.show_record(ids["campaign"], "campaign")
    more = campaigns.calendar.current_view.more_menu(today())  # "+N more": all of a day
    yield "campaign calendar and panel"
    more.deleteLater()
    campaigns.show_list()
    yield "campaign list"
    campaigns.show_calendar()
    with shown(qtbot, CampaignEditor(window.session.currency, ids["campaign"],
                                     save=lambda *_: 0, parent=window)):
        yield "campaign editor"
    panel = campaigns.panel.deliverables
    deliverable = panel.model.item(panel.model.row_of(ids["deliverable"]))
    with shown(qtbot, DeliverableDialog(save=lambda _values: None, day=today(),
                                        initial=deliverable, parent=window)):
        yield "deliverable editor"

    reports = window.show_page("reports")
    qtbot.waitUntil(lambda: reports.report is not None and not reports.computing,
                    timeout=20_000)
    yield "reports"
    reports.show_records("campaigns", str(ids["campaign"]))
    qtbot.waitUntil(lambda: reports.records_dialog is not None
                    and reports.records_dialog.isVisible(), timeout=20_000)
    yield "records behind a chart bar"
    reports.records_dialog.close()

    settings_page = window.show_page("settings")
    for index in range(settings_page.tabs.count()):
        settings_page.tabs.setCurrentIndex(index)
        yield f"settings tab {index}"
    with shown(qtbot, ProductEditor(ids["product"], parent=window)):
        yield "product editor"

    quick = QuickAddDialog(window)
    quick.load(quick_add_rules.stored(ids["task"]))
    with shown(qtbot, quick):
        yield "activity editor"
    due = reminders.due_reminders(utcnow())
    with shown(qtbot, MissedRemindersDialog(due, window)):
        yield "missed reminders"
    window.reminders.scheduler.check_now()
    yield "reminder banner"

    window.show_page("week")
    window.search_box.setFocus()
    # Its words: the search index drops punctuation ("A & B" as typed finds nothing).
    qtbot.keyClicks(window.search_box, " ".join(re.findall(r"\w+", text)))
    qtbot.waitUntil(window.search_box.popup.isVisible)
    yield "search results"
    window.search_box.clear()

    window.show_page("contacts")
    contacts.tabs.setCurrentWidget(duplicates)
    monkeypatch.setattr(MergeContactsDialog, "ask", classmethod(
        lambda cls, contact_ids, parent=None: cls(contact_ids, parent).choice()))
    assert duplicates.merge_group(duplicates.tree.topLevelItem(0))
    yield "duplicates merged"


def audit(qtbot, monkeypatch, window, ids: dict[str, int], check,
          ) -> tuple[list[str], set[str]]:
    """Take the tour, calling ``check(window)`` at each stop: the problems it found (each
    once, with the first stop it was seen at) and the stops where it found the text shown
    (``check`` returns a (problems, shows the text) pair)."""
    problems: dict[str, str] = {}
    showing: set[str] = set()
    for stop in tour(qtbot, monkeypatch, window, ids):
        found, seen = check(window)
        for problem in found:
            problems.setdefault(problem, stop)
        if seen:
            showing.add(stop)
    return [f"{stop}: {problem}" for problem, stop in problems.items()], showing


# --- the tests ----------------------------------------------------------------------------------

def test_labels_show_user_text_as_plain_text(qtbot, monkeypatch, window, ids, text):
    def check(root: QWidget) -> tuple[list[str], bool]:
        return label_problems(root, text), any(text in label.text() and label.isVisible()
                                               for label in root.findChildren(QLabel))

    problems, showing = audit(qtbot, monkeypatch, window, ids, check)
    assert not problems, "\n".join(problems)
    assert {"contact list and detail", "campaign calendar and panel", "week grid and review",
            "records behind a chart bar", "reminder banner", "merge dialog",
            "duplicates merged"} <= showing


def test_item_views_show_user_text_raw(qtbot, monkeypatch, window, ids, text):
    def check(root: QWidget) -> tuple[list[str], bool]:
        return cell_problems(root, text), text in shown_cells(root, visible=True)

    problems, showing = audit(qtbot, monkeypatch, window, ids, check)
    assert not problems, "\n".join(problems)
    # A whole cell is the name as typed: neither escaped nor cut.
    assert {"week agenda", "contact list and detail", "companies", "deal list", "campaign list",
            "campaign calendar and panel", "records behind a chart bar", "settings tab 1",
            "settings tab 2", "search results", "duplicates", "missed reminders"} <= showing


def test_painted_items_never_read_text_as_html():
    """The deal cards, the week items, the calendar, the search results and a contact's
    timeline are painted with QPainter.drawText, which never reads markup (no
    QTextDocument, no mnemonic)."""
    from smeplanner.ui.widgets import deal_card_delegate, search_popup, timeline_delegate
    from smeplanner.ui.widgets.calendar import painting as calendar_painting
    from smeplanner.ui.widgets.week import painting as week_painting

    for module in (deal_card_delegate, search_popup, timeline_delegate, calendar_painting,
                   week_painting):
        source = inspect.getsource(module)
        assert "QTextDocument" not in source and "setHtml" not in source, module.__name__
        assert "TextShowMnemonic" not in source, module.__name__


def test_tooltips_show_user_text_as_typed(qtbot, monkeypatch, window, ids, text):
    shown_tips: list[str] = []
    monkeypatch.setattr(QToolTip, "showText",
                        lambda _pos, tip, *_args: shown_tips.append(tip))

    def help_event(widget: QWidget, point: QPoint) -> QHelpEvent:
        return QHelpEvent(QEvent.Type.ToolTip, point, widget.mapToGlobal(point))

    def check(root: QWidget) -> tuple[list[str], bool]:
        problems = list(tooltip_problems(root, text))
        week = window.page("week")
        for column in week.grid.columns:  # the week grid paints its items and their tips
            for item in column.items:
                point = week.grid.rect_of(item.key).center()
                week.grid.viewportEvent(help_event(week.grid.viewport(), point))
        if window.is_built("campaigns"):
            view = window.page("campaigns").calendar.current_view
            chip = view.chip_rect(ids["deliverable"])
            for rect in [*view.bar_rects(ids["campaign"]), *([chip] if chip else [])]:
                view.event(help_event(view, rect.center()))
        problems += [f"painted tooltip: {tip!r}" for tip in shown_tips
                     if involves(text, tip, tooltip_shows(tip)) and text not in tooltip_shows(tip)]
        seen = any(text in tooltip_shows(tip) for tip in shown_tips)
        shown_tips.clear()
        return problems, seen

    problems, showing = audit(qtbot, monkeypatch, window, ids, check)
    assert not problems, "\n".join(problems)
    assert "week grid and review" in showing


def test_deal_line_product_tooltip_is_escaped(qtbot, window, ids, text):
    with shown(qtbot, DealEditor(window.session.currency, ids["deal"], save=lambda *_: 0,
                                 parent=window)) as editor:
        assert tooltip_problems(editor, text) == []


def test_buttons_and_menus_keep_ampersands(qtbot, monkeypatch, window, ids, text):
    def check(root: QWidget) -> tuple[list[str], bool]:
        return mnemonic_problems(root, text), False

    problems, _showing = audit(qtbot, monkeypatch, window, ids, check)
    assert not problems, "\n".join(problems)


def test_message_boxes_show_user_text_as_plain_text(qtbot, monkeypatch, window, ids, text):
    boxes: list[QMessageBox] = []

    def answer(box: QMessageBox) -> int:  # instead of waiting for a click: Cancel
        boxes.append(box)
        return int(QMessageBox.StandardButton.Cancel)

    monkeypatch.setattr(QMessageBox, "exec", answer)
    window.show_page("deals").delete_deal(ids["deal"])
    window.show_page("campaigns").delete_campaign(ids["campaign"])
    page = window.show_page("settings")
    page.products_view.select_product(ids["product"])
    page.products_view.delete_button.click()
    stages = page.stage_editor
    stages.select_row(next(row for row in range(stages.model.rowCount())
                           if stages.model.stage(row).name == text))
    stages.delete_button.click()
    reasons = page.lost_reasons_editor
    reasons.select_row(reasons.model.rowCount() - 1)
    reasons.delete_button.click()
    reasons.name_edit.setText(text)  # a second reason of that name: refused, naming it
    reasons.add_button.click()
    qtbot.waitUntil(lambda: len(boxes) == 6)
    ask_delete(window, text, in_series=False)
    ask_delete(window, text, in_series=True)
    same = SimpleNamespace(display_name=text, reasons=["same email"])
    ask_about_duplicate(window, [same, same])

    assert len(boxes) == 9
    for box in boxes:
        assert box.textFormat() == Qt.TextFormat.PlainText, box.text()
        assert text in box.text() + box.informativeText(), box.text()
        assert label_problems(box, text) == []
        assert mnemonic_problems(box, text) == []


def test_window_title_and_brand_show_the_business_name(qtbot, window, text):
    assert window.windowTitle() == f"{text} — SME Planner"
    assert window.brand_label.text() == text
    assert window.brand_label.textFormat() == Qt.TextFormat.PlainText
    page = window.show_page("settings")
    assert page.business_name_edit.text() == text
    renamed = f"{text} 2"
    page.business_name_edit.setText(renamed)
    assert page.save()
    assert window.windowTitle() == f"{renamed} — SME Planner"
    assert window.brand_label.text() == renamed


class FakeTray:
    """Stands in for the system tray icon (none on the offscreen platform)."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, str]] = []

    def showMessage(self, title: str, body: str, *_args: object) -> None:
        self.messages.append((title, body))


def markup_shows(body: str) -> str:
    """What a notification server that reads markup shows: tags dropped, entities read."""
    return html.unescape(re.sub(r"<[^>]*>", "", body))


def test_reminder_banner_and_tray_notices_show_the_subject_as_typed(qtbot, window, ids,
                                                                     text):
    banner = window.reminders.banner
    window.reminders.scheduler.check_now()
    assert banner.isVisible()
    assert text in banner.text_label.text()
    assert label_problems(banner, text) == []
    assert mnemonic_problems(banner, text) == []
    due = reminders.due_reminders(utcnow())
    for reads_markup, shows in ((False, str), (True, markup_shows)):
        tray = TrayNotifier(QIcon(), window)
        tray.tray = FakeTray()
        tray.reads_markup = reads_markup  # Linux desktops that take notices over D-Bus
        tray.notify(due)
        [(_title, body)] = tray.tray.messages
        assert text in shows(body), (reads_markup, body)


@pytest.mark.parametrize("text", (*NASTY, DOLLARS), ids=(*NASTY_IDS, "dollars"))
def test_chart_labels_show_user_text_as_typed(qtbot, window, ids, text):
    """Matplotlib draws no HTML, but reads "$...$" as mathematics: no chart text may."""
    page = window.show_page("reports")
    qtbot.waitUntil(lambda: page.report is not None and not page.computing, timeout=20_000)
    figures = []
    for card in page.cards.values():
        card.draw_now()
        figures.append((card.spec.key, card.figure))
    for group, title in (("marketing", "Marketing"), ("sales", "Sales")):
        figure = group_page(page.report, group, title, LIGHT_STYLE, 1)
        figure.canvas.draw()  # tick labels are made when drawn
        figures.append((f"pdf {group}", figure))
    drawn: dict[str, list[str]] = {}
    problems = []
    for where, figure in figures:
        for artist in figure.findobj(Text):
            raw = artist.get_text()
            if artist.get_parse_math() and cbook.is_math_text(raw):
                problems.append(f"{where}: {raw!r} is drawn as mathematics")
            drawn.setdefault(where, []).append(raw.replace(r"\$", "$"))
    assert not problems, "\n".join(problems)
    short = text[:15]  # long names are cut with "…" on a category axis
    for where in ("campaigns", "lead_sources", "products", "close_rates"):
        assert any(short in label for label in drawn[where]), (where, drawn[where])
    for where in ("pdf marketing", "pdf sales"):  # the page title: the business name
        assert any(text in label for label in drawn[where]), (where, drawn[where])
