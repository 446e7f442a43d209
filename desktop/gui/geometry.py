"""Window sizes that fit the screen: the first window sized to the available area, never larger."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

PREFERRED = QSize(1180, 780)
# Every page is laid out to work down to this size (a 1280×720 screen less taskbar and frame).
MINIMUM = QSize(960, 560)
FRAME_ALLOWANCE = QSize(16, 40)  # window-manager borders and title bar, outside the widget's size


def available_geometry(widget: QWidget | None = None) -> QRect:
    """Return the usable area (without taskbar) of the widget's screen, or of the primary screen."""
    screen = (widget.screen() if widget is not None else None) or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 728)


def fitted_size(available: QRect, preferred: QSize = PREFERRED) -> QSize:
    """Return the preferred size shrunk to what fits in ``available`` with the window frame."""
    room = available.size() - FRAME_ALLOWANCE
    return QSize(max(1, min(preferred.width(), room.width())), max(1, min(preferred.height(), room.height())))


def fits(rect: QRect, available: QRect) -> bool:
    """Return True when a window frame at ``rect`` lies wholly inside the available area."""
    return available.contains(rect)


def place(window: QWidget, available: QRect, saved: QByteArray | None = None) -> None:
    """Restore the remembered geometry if it fits the screen now; else size and centre the window."""
    window.setMinimumSize(MINIMUM.boundedTo(available.size() - FRAME_ALLOWANCE).expandedTo(QSize(320, 240)))
    if saved is not None and not saved.isEmpty() and window.restoreGeometry(saved):
        frame = QRect(window.pos(), window.size() + FRAME_ALLOWANCE)
        if window.isMaximized() or fits(frame, available):
            return
    size = fitted_size(available)
    window.resize(size)
    left = available.left() + max(0, (available.width() - size.width() - FRAME_ALLOWANCE.width()) // 2)
    top = available.top() + max(0, (available.height() - size.height() - FRAME_ALLOWANCE.height()) // 2)
    window.move(left, top)
