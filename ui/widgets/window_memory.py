"""Windows that fit the screen and come back as they were left (issue 16).

- :func:`fit_to_screen`: a window's size, at most what the screen it opens on has room for
  (a 1366×768 laptop, less its task bar), so no window is taller than the screen.
- :func:`remember_size`: the window opens at the size it had when last closed (fitted to
  the screen), or at its default size the first time.
- :func:`remember_columns` and :func:`remember_splitter`: a table's column widths (for
  each text size) and a splitter's positions, restored when the view is made again.

They are kept in ``window-layout.ini`` in Hearth's configuration folder, under names fixed
in the code ("caseload", "documentPreview"...): sizes and widths only, nothing about a
family or a person.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, QRect, QSettings, QSize, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHeaderView, QSplitter, QWidget

from app.store.paths import config_folder

SETTINGS_FILE = "window-layout.ini"
# Room left around a window for its title bar and frame, which resize() does not count.
FRAME_ROOM = QSize(16, 40)
SETTLE_MS = 400
HEADING_ROOM = 8  # pixels a heading needs beside its text to be read whole


def layout_settings() -> QSettings:
    return QSettings(str(config_folder() / SETTINGS_FILE), QSettings.Format.IniFormat)


def available_area(widget: QWidget) -> QRect:
    """The part of the screen ``widget`` opens on that windows may use (no task bar)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fitted(widget: QWidget, size: QSize) -> QSize:
    """``size``, made no larger than the screen has room for (frame included)."""
    room = available_area(widget).size() - FRAME_ROOM
    return size.boundedTo(room).expandedTo(QSize(200, 150))


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize ``widget`` to ``width`` × ``height``, or less when the screen is smaller."""
    widget.resize(fitted(widget, QSize(width, height)))


def keep_on_screen(window: QWidget) -> None:
    """Make ``window`` as large as its layout needs and no larger than its screen has
    room for, if its layout lets it be (a form that scrolls does). A dialog sized to its
    contents at a large text size otherwise grows past a laptop's screen, its Save
    button out of sight, or stays narrower than its fields and captions need."""
    room = available_area(window).size() - FRAME_ROOM
    layout = window.layout()
    least = layout.totalMinimumSize() if layout is not None else window.minimumSizeHint()
    size = window.size()
    wanted = size.expandedTo(least).boundedTo(room).expandedTo(window.minimumSizeHint())
    if wanted != size:
        window.resize(wanted)


class _SizeKeeper(QObject):
    """Writes the window's size when it is hidden or closed."""

    def __init__(self, window: QWidget, key: str) -> None:
        super().__init__(window)
        self.key = key

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() in (QEvent.Type.Hide, QEvent.Type.Close) and isinstance(
            watched, QWidget
        ):
            layout_settings().setValue(f"{self.key}/size", watched.size())
        return False


def remember_size(window: QWidget, key: str, width: int, height: int) -> None:
    """Open ``window`` at its size of last time (or ``width`` × ``height``), fitted to the
    screen, and keep its size under ``key`` when it is closed."""
    saved = layout_settings().value(f"{key}/size")
    size = saved if isinstance(saved, QSize) and saved.isValid() else QSize(width, height)
    window.resize(fitted(window, size))
    window.installEventFilter(_SizeKeeper(window, key))


def remember_columns(header: QHeaderView, key: str) -> None:
    """Restore ``header``'s column widths kept under ``key``; keep them as they change.
    Call once the view has its model (the state names columns by position).

    Widths are kept for each text size (the height of a line of the header's text): widths
    chosen for 10 pt text cut 16 pt text short (headers and dates clipped), so a worker who
    changes the text size gets widths made for it, and their own again when they go back.
    Widths kept by an earlier release (for no size in particular) are taken up only where
    every heading still fits them."""
    settings = layout_settings()
    name = f"{key}/columns-{header.fontMetrics().height()}px"
    state = settings.value(name)
    if isinstance(state, QByteArray) and not state.isEmpty():
        header.restoreState(state)
    else:
        _take_up_unsized(header, settings.value(f"{key}/columns"))

    # Written once the widths settle (a table sizing itself resizes many times at once).
    timer = QTimer(header)
    timer.setSingleShot(True)
    timer.setInterval(SETTLE_MS)
    timer.timeout.connect(lambda: layout_settings().setValue(name, header.saveState()))
    header.sectionResized.connect(lambda *_args: timer.start())


def _take_up_unsized(header: QHeaderView, state: object) -> None:
    """Restore widths kept before they were kept per text size, unless a heading no longer
    fits its column (they were chosen at another size): then keep the defaults."""
    if not isinstance(state, QByteArray) or state.isEmpty():
        return
    defaults = header.saveState()
    header.restoreState(state)
    if not all(_heading_fits(header, column) for column in range(header.count())
               if header.sectionResizeMode(column) != QHeaderView.ResizeMode.Stretch):
        header.restoreState(defaults)


def _heading_fits(header: QHeaderView, column: int) -> bool:
    """Whether the column's heading is whole in its width (with room either side)."""
    label = header.model().headerData(column, header.orientation()) if header.model() else ""
    width = header.fontMetrics().horizontalAdvance(str(label or ""))
    return width + HEADING_ROOM <= header.sectionSize(column)


def remember_splitter(splitter: QSplitter, key: str) -> None:
    """Restore ``splitter``'s positions kept under ``key``; keep them as they move."""
    state = layout_settings().value(f"{key}/splitter")
    if isinstance(state, QByteArray) and not state.isEmpty():
        splitter.restoreState(state)
    splitter.splitterMoved.connect(
        lambda *_args: layout_settings().setValue(f"{key}/splitter", splitter.saveState())
    )
