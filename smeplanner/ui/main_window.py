"""The main window: a thin shell of sidebar, page stack, global search, menus and status bar."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QKeySequence,
    QPalette,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from smeplanner import APP_NAME
from smeplanner.ui import state
from smeplanner.ui.icons import icon
from smeplanner.ui.pages import PAGES, PageSpec
from smeplanner.ui.widgets.global_search import GlobalSearchBox

if TYPE_CHECKING:  # the shell is shown before the database layer is imported
    from smeplanner.ui.file_actions import FileActions
    from smeplanner.ui.reminders import InstalledReminders
    from smeplanner.ui.session import Session

SIDEBAR_WIDTH = 208
# Page code is imported in idle time after start-up: late enough not to delay the first
# page's paint, in small steps so that the window keeps answering.
PRELOAD_DELAY_MS = 300
PRELOAD_STEP_MS = 20
DEFAULT_SIZE = QSize(1200, 780)
_SIDEBAR_STYLE = """
QListWidget#sidebar { background: transparent; border: none; outline: 0; }
QListWidget#sidebar::item { padding: 7px 10px; margin: 1px 10px; border-radius: 6px; }
QListWidget#sidebar::item:hover:!selected { background: rgba(0, 0, 0, 0.06); }
QListWidget#sidebar::item:selected { background: palette(highlight);
                                     color: palette(highlighted-text); }
"""


class MainWindow(QMainWindow):
    """Hosts the pages listed in ``pages`` and builds each the first time it is shown.

    It knows a page only through its :class:`PageSpec` and the small page interface
    (``show_record``, ``save_state``); the features live in ``ui/pages``.

    The window is built and shown before the workspace is open, so it appears at once;
    :meth:`attach` then hands it the session and it shows the last page. What only matters
    once there is a workspace (the File menu's import, export and backups, plain-text
    labels for its names) is added by :meth:`attach` too, so the first paint waits for
    none of it (nor for Qt's ``Qt`` namespace, which this module imports where it is used).

    Signals:
        ready(): the workspace is attached and the first page is showing its records.
    """

    ready = Signal()

    def __init__(self, pages: tuple[PageSpec, ...] = PAGES,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self._session: Session | None = None
        self._specs = tuple(pages)
        self._built: dict[int, QWidget] = {}
        self.reminders: InstalledReminders | None = None
        self._reminders_started = False
        self.file_actions: FileActions | None = None  # set by attach()
        self._build_ui()
        self._build_menus()
        self._connect_signals()
        self._set_attached(False)
        self._restore_geometry()

    def attach(self, session: Session) -> None:
        """Show the open workspace: its name, its search, and the page last used."""
        self._session = session
        self._build_workspace_ui()
        session.preferences_changed.connect(self._update_title)
        self.search_box.set_search(session.search)
        self._attach_undo(session)
        self._attach_reminders(session)
        self.path_label.setText(str(session.path))
        self._set_attached(True)
        self._update_title()
        last = state.load_text("window/page", self._specs[0].key)
        self.show_page(last if last in self.page_keys else self._specs[0].key)
        self.ready.emit()
        # Import the other pages' code while the user reads this one, one module per turn
        # of the event loop, so that opening a page later only builds it.
        self._to_preload = [spec for spec in self._specs if spec.key != last]
        QTimer.singleShot(PRELOAD_DELAY_MS, self._preload_next_page)

    def _preload_next_page(self) -> None:
        if self._to_preload:
            self._to_preload.pop(0).preload()
            QTimer.singleShot(PRELOAD_STEP_MS, self._preload_next_page)

    def _attach_undo(self, session: Session) -> None:
        # The stack's own actions follow its state and say what they undo ("Undo Add tag…").
        for old in (self.undo_action, self.redo_action):
            self.edit_menu.removeAction(old)
            old.deleteLater()
        self.undo_action = session.undo_stack.createUndoAction(self, self.tr("&Undo"))
        self.undo_action.setShortcuts(QKeySequence.StandardKey.Undo)
        self.redo_action = session.undo_stack.createRedoAction(self, self.tr("&Redo"))
        redo_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
        shift_z = QKeySequence("Ctrl+Shift+Z")
        self.redo_action.setShortcuts([*redo_keys, *([] if shift_z in redo_keys else [shift_z])])
        self.edit_menu.addAction(self.undo_action)
        self.edit_menu.addAction(self.redo_action)
        # Also on the window itself, so the keys work while no menu has been shown yet.
        self.addAction(self.undo_action)
        self.addAction(self.redo_action)

    def _attach_reminders(self, session: Session) -> None:
        from smeplanner.ui.reminders import install_reminders

        self.reminders = install_reminders(self, self._right_layout,
                                           open_activity=self.open_activity)
        self.reminders.scheduler.changed.connect(
            lambda _ids: session.notify_records_changed("activity"))
        # A reminder ticked off or moved elsewhere leaves the banner at once.
        session.records_changed.connect(self._on_session_records_changed)

    def start_reminders(self) -> None:
        """List missed reminders, then watch for due ones (the app calls it after start-up;
        tests that want reminders call it themselves)."""
        if self.reminders is not None:
            self._reminders_started = True
            self.reminders.start()

    def _on_session_records_changed(self, kind: str) -> None:
        if kind == "activity" and self.reminders is not None and self._reminders_started:
            self.reminders.scheduler.check_now()

    @property
    def session(self) -> Session | None:
        return self._session

    def _set_attached(self, attached: bool) -> None:
        # Before the workspace is open, nothing that needs it may be used.
        for widget in (self.sidebar, self.search_box, self.stack):
            widget.setEnabled(attached)
        for action in (*self.go_actions, self.search_action, self.quick_add_action):
            action.setEnabled(attached)
        if not attached:
            self.undo_action.setEnabled(False)
            self.redo_action.setEnabled(False)
        if not attached:
            self.setWindowTitle(APP_NAME)
            self.path_label.setText(self.tr("Opening the workspace…"))

    # --- construction -----------------------------------------------------------------------

    def _build_ui(self) -> None:
        self.brand_label = QLabel()  # plain text once it shows a name: _build_workspace_ui
        self.brand_label.setObjectName("brand")
        font = self.brand_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.brand_label.setFont(font)
        self.brand_label.setWordWrap(True)
        self.brand_label.setContentsMargins(20, 18, 12, 12)

        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setStyleSheet(_SIDEBAR_STYLE)
        self.sidebar.setIconSize(QSize(20, 20))
        self.sidebar.setFrameShape(QFrame.Shape.NoFrame)
        sidebar_font = self.sidebar.font()
        sidebar_font.setPointSizeF(sidebar_font.pointSizeF() * 1.05)
        self.sidebar.setFont(sidebar_font)
        self.stack = QStackedWidget()
        for number, spec in enumerate(self._specs, 1):
            item = QListWidgetItem(icon(spec.key), spec.label)
            item.setToolTip(self.tr("{page} (Ctrl+{number})").format(page=spec.label,
                                                                      number=number))
            self.sidebar.addItem(item)
            self.stack.addWidget(QWidget())  # replaced by the page when first shown

        panel = QWidget()
        panel.setObjectName("sidebarPanel")
        panel.setFixedWidth(SIDEBAR_WIDTH)
        panel.setAutoFillBackground(True)
        palette = panel.palette()
        palette.setColor(QPalette.ColorRole.Window,
                         palette.color(QPalette.ColorRole.Window).darker(106))
        panel.setPalette(palette)
        panel_layout = QVBoxLayout(panel)
        panel_layout.setContentsMargins(0, 0, 0, 8)
        panel_layout.setSpacing(0)
        panel_layout.addWidget(self.brand_label)
        panel_layout.addWidget(self.sidebar, 1)

        self.search_box = GlobalSearchBox(None, self)
        self.search_box.setMaximumWidth(560)
        self.search_box.setMinimumWidth(320)
        top_bar = QHBoxLayout()
        top_bar.setContentsMargins(24, 14, 24, 0)
        top_bar.addWidget(self.search_box, 1)
        top_bar.addStretch(0)

        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(0)
        self._right_layout = right  # the reminder banner goes on top
        right.addLayout(top_bar)
        right.addWidget(self.stack, 1)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(panel)
        layout.addLayout(right, 1)
        self.setCentralWidget(central)
        self.setTabOrder(self.sidebar, self.search_box)

        self.path_label = QLabel()
        self.path_label.setToolTip(self.tr("The workspace file"))
        self.path_label.setContentsMargins(12, 0, 0, 0)
        self.statusBar().addWidget(self.path_label, 1)

    def _build_menus(self) -> None:
        # setShortcuts([...]) rather than setShortcut(...): the latter's overloads load Qt's
        # namespace before the first paint.
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.quick_add_action = QAction(self.tr("&Quick add…"), self)
        self.quick_add_action.setShortcuts([QKeySequence("Ctrl+N")])
        self.quick_add_action.setToolTip(self.tr("Add a call, meeting or task to the week"))
        file_menu.addAction(self.quick_add_action)
        self._file_menu = file_menu
        self._file_actions_end = file_menu.addSeparator()  # import and export go above
        self.quit_action = QAction(self.tr("&Quit"), self)
        self.quit_action.setShortcuts(QKeySequence.StandardKey.Quit)
        if not self.quit_action.shortcuts():  # Windows defines no standard Quit key
            self.quit_action.setShortcuts([QKeySequence("Ctrl+Q")])
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        file_menu.addAction(self.quit_action)

        self.edit_menu = self.menuBar().addMenu(self.tr("&Edit"))
        self.undo_action = QAction(self.tr("&Undo"), self)
        self.redo_action = QAction(self.tr("&Redo"), self)
        self.edit_menu.addAction(self.undo_action)
        self.edit_menu.addAction(self.redo_action)

        go_menu = self.menuBar().addMenu(self.tr("&Go"))
        self.go_group = QActionGroup(self)
        self.go_actions: list[QAction] = []
        for number, spec in enumerate(self._specs, 1):
            action = QAction(icon(spec.key), spec.label, self)
            action.setShortcuts([QKeySequence(f"Ctrl+{number}")])
            action.setCheckable(True)
            action.setData(number - 1)
            self.go_group.addAction(action)
            go_menu.addAction(action)
            self.go_actions.append(action)
        go_menu.addSeparator()
        self.search_action = QAction(icon("search"), self.tr("&Search…"), self)
        self.search_action.setShortcuts([QKeySequence("Ctrl+K")])
        go_menu.addAction(self.search_action)

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self.about_action = QAction(self.tr("&About {app}").format(app=APP_NAME), self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        help_menu.addAction(self.about_action)

    def _build_workspace_ui(self) -> None:
        """The parts only a workspace uses, added when the first one is attached (after the
        window's first paint): import, export and backups in the File menu; labels that
        show the business name and the file path read as plain text, never markup."""
        if self.file_actions is not None:
            return
        from PySide6.QtCore import Qt

        from smeplanner.ui.file_actions import FileActions

        for label in (self.brand_label, self.path_label):
            label.setTextFormat(Qt.TextFormat.PlainText)
        self.sidebar.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.file_actions = FileActions(self, self._file_menu, lambda: self._session,
                                        self._selected_campaign,
                                        before=self._file_actions_end)

    def _connect_signals(self) -> None:
        self.sidebar.currentRowChanged.connect(self._on_sidebar_current_row_changed)
        self.go_group.triggered.connect(self._on_go_group_triggered)
        self.search_action.triggered.connect(self._on_search_action_triggered)
        self.search_box.record_chosen.connect(self._on_search_box_record_chosen)
        self.quit_action.triggered.connect(self.close)
        self.quick_add_action.triggered.connect(self.quick_add)
        self.about_action.triggered.connect(self._on_about_action_triggered)

    # --- pages ------------------------------------------------------------------------------

    @property
    def page_keys(self) -> tuple[str, ...]:
        return tuple(spec.key for spec in self._specs)

    def current_page_key(self) -> str:
        return self._specs[self.stack.currentIndex()].key

    def page(self, key: str) -> QWidget:
        """The page called ``key``, built now if it has not been shown yet."""
        index = self.page_keys.index(key)
        if index not in self._built:
            if self._session is None:
                raise RuntimeError("No workspace is attached to the window yet")
            page = self._specs[index].create(self._session)
            requests = getattr(page, "open_record_requested", None)
            if requests is not None:  # a page asks to show a record of another page
                requests.connect(self.open_record)
            placeholder = self.stack.widget(index)
            self.stack.insertWidget(index, page)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self._built[index] = page
        return self._built[index]

    def is_built(self, key: str) -> bool:
        return self.page_keys.index(key) in self._built

    def show_page(self, key: str) -> QWidget:
        index = self.page_keys.index(key)
        page = self.page(key)
        self.stack.setCurrentIndex(index)
        if self.sidebar.currentRow() != index:
            self.sidebar.setCurrentRow(index)
        self.go_actions[index].setChecked(True)
        return page

    def open_record(self, kind: str, record_id: int) -> bool:
        """Go to the page that shows ``kind`` records and select ``record_id`` there."""
        if kind == "activity":
            return self.open_activity(record_id)
        spec = next((spec for spec in self._specs if kind in spec.kinds), None)
        if spec is None:
            return False
        page = self.show_page(spec.key)
        show_record = getattr(page, "show_record", None)
        found = bool(show_record(record_id, kind)) if show_record is not None else False
        if not found:
            self.statusBar().showMessage(self.tr("That record is no longer there."), 5000)
        return found

    def open_activity(self, activity_id: int) -> bool:
        """Show an activity: the record it belongs to, else its day on the Week page."""
        from smeplanner.core import week

        links = week.activity_links(activity_id)
        if links is None:
            self.statusBar().showMessage(self.tr("That record is no longer there."), 5000)
            return False
        if links.records:
            return self.open_record(*links.records[0])
        page = self.show_page("week")
        if links.day is not None:
            page.show_week(links.day)
            page.select(("activity", activity_id, links.kind))
        return True

    def _selected_campaign(self) -> int | None:
        """The campaign selected on the Campaigns page (whose audience File ▸ Export
        writes), if that page is open with one selected."""
        if self._session is None or not self.is_built("campaigns"):
            return None
        current = getattr(self.page("campaigns"), "current_record", None)
        record = current() if current is not None else None
        return record[1] if record is not None and record[0] == "campaign" else None

    def current_record(self) -> tuple[str, int] | None:
        """The record open on the current page (what a quick add links to), if any."""
        if self._session is None or not self.is_built(self.current_page_key()):
            return None
        current = getattr(self.page(self.current_page_key()), "current_record", None)
        return current() if current is not None else None

    def quick_add(self) -> int | None:
        """Ctrl+N: a new call, meeting or task, linked to the record open now."""
        if self._session is None:
            return None
        from smeplanner.ui.dialogs.quick_add import quick_add

        links: dict[str, int] = {}
        record = self.current_record()
        if record is not None and record[0] in ("contact", "deal", "campaign"):
            links[f"{record[0]}_id"] = record[1]
        return quick_add(self, self._session, **links)

    # --- state ------------------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        geometry = state.load_bytes("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(DEFAULT_SIZE)
        window_state = state.load_bytes("window/state")
        if window_state is not None:
            self.restoreState(window_state)

    def save_state(self) -> None:
        state.save_value("window/geometry", self.saveGeometry())
        state.save_value("window/state", self.saveState())
        if self._session is not None:
            state.save_value("window/page", self.current_page_key())
        for page in self._built.values():
            save = getattr(page, "save_state", None)
            if save is not None:
                save()

    def closeEvent(self, event: QCloseEvent) -> None:
        for page in self._built.values():
            settle = getattr(page, "settle_edits", None)
            if settle is not None and not settle():
                event.ignore()  # the user chose to go back to their edits
                return
        self.save_state()
        super().closeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.search_box.place_popup()

    # --- slots ------------------------------------------------------------------------------

    def _update_title(self) -> None:
        if self._session is None:
            return
        name = self._session.business_name
        self.setWindowTitle(f"{name} — {APP_NAME}")
        self.brand_label.setText(name)

    def _on_sidebar_current_row_changed(self, row: int) -> None:
        if 0 <= row < len(self._specs):
            self.show_page(self._specs[row].key)

    def _on_go_group_triggered(self, action: QAction) -> None:
        self.show_page(self._specs[int(action.data())].key)

    def _on_search_action_triggered(self) -> None:
        from PySide6.QtCore import Qt

        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def _on_search_box_record_chosen(self, kind: str, record_id: int) -> None:
        self.open_record(kind, record_id)

    def _on_about_action_triggered(self) -> None:
        from smeplanner.ui.dialogs.about import AboutDialog  # not needed to start

        AboutDialog.ask(self)
