"""Draw the application icon (resources/icons/grant-desk.png); run once after changing the design."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QPainterPath

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    app = QGuiApplication(sys.argv[:1])
    size = 256
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    path = QPainterPath()
    path.addRoundedRect(QRectF(8, 8, size - 16, size - 16), 44, 44)
    painter.fillPath(path, QColor("#1e6f5c"))
    painter.setPen(QColor("#ffffff"))
    font = QFont("Noto Sans CJK SC")
    font.setPixelSize(150)
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(QRectF(0, -6, size, size), Qt.AlignmentFlag.AlignCenter, "申")
    painter.end()
    target = ROOT / "resources" / "icons" / "grant-desk.png"
    image.save(str(target))
    print(target)
    app.quit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
