"""Open the main window with each sample and save a screenshot of every step (offscreen).

Usage: python tools/screenshots.py [OUT_DIR] [--all]   (default docs/screenshots, the Chengdu sample only)
Chinese renders only with a CJK font installed (fonts-noto-cjk or fonts-wqy-microhei).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_home = tempfile.mkdtemp(prefix="grant-desk-shots-")
os.environ["XDG_CONFIG_HOME"] = os.environ["XDG_DATA_HOME"] = _home  # keep the user's settings untouched

from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.catalog import bundled_catalog  # noqa: E402
from desktop.gui.main_window import MainWindow  # noqa: E402
from desktop.gui.settings import Settings  # noqa: E402
from desktop.paths import samples_dir  # noqa: E402

STEPS = ["1-firm", "2-screening", "3-data", "4-results", "5-generate", "6-batch"]


def shoot(window: MainWindow, out: Path, prefix: str) -> list[Path]:
    """Save one PNG per step of the window."""
    written = []
    for row, name in enumerate(STEPS):
        window.steps.setCurrentRow(row)
        QApplication.processEvents()
        path = out / f"{prefix}-{name}.png"
        window.grab().save(str(path))
        written.append(path)
    return written


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    out = Path(args[0]) if args else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    catalog = bundled_catalog()
    samples = (
        sorted(samples_dir().glob("*.json"))
        if "--all" in sys.argv
        else [samples_dir() / "chengdu-trader.json"]
    )
    for sample in samples:
        window = MainWindow(catalog, Settings(Path(_home) / "settings.ini"))
        window.resize(1180, 760)
        window.show()
        window.open_path(sample, ask=False)
        if sample.name == "chengdu-trader.json":
            window.results_page.select("CD-2A")
        for path in shoot(window, out, sample.stem):
            print(path)
        window.document.dirty = False
        window.close()
    app.quit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
