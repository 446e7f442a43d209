"""Open the main window with each sample and save a screenshot of every step.

Usage: python tools/screenshots.py [OUT_DIR] [--all] [--screen] [--english]
  default      offscreen, the window's own pixels (resources/help/screenshots: README and 帮助 → 使用说明)
  --english    the English interface (files named SAMPLE-en-STEP.png), to check it fits
  --screen     a real window on $DISPLAY (e.g. Xvfb :18 at 1366x768 with openbox), sized as a user's
               first start would size it, the whole screen captured with ImageMagick's ``import``
Chinese renders only with a CJK font installed (fonts-noto-cjk or fonts-wqy-microhei).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SCREEN = "--screen" in sys.argv
if not SCREEN:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_home = tempfile.mkdtemp(prefix="grant-desk-shots-")
os.environ["XDG_CONFIG_HOME"] = os.environ["XDG_DATA_HOME"] = _home  # keep the user's settings untouched

from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.catalog import bundled_catalog  # noqa: E402
from desktop.gui.i18n import set_language  # noqa: E402
from desktop.gui.main_window import MainWindow  # noqa: E402
from desktop.gui.settings import Settings  # noqa: E402
from desktop.paths import samples_dir  # noqa: E402

STEPS = ["1-firm", "2-screening", "3-data", "4-results", "5-generate", "6-batch"]
DEMO_FIRMS = [  # two firms for the batch page: one good, one whose credit code fails its check
    {"name": "成都甲跨境科技有限公司", "credit_code": "91510100MA6CDRM0TN"},
    {"name": "成都乙跨境科技有限公司", "credit_code": "91510100MA6CDRM0TA"},
]


def run_batch_demo(window: MainWindow, folder: Path) -> None:
    """Run a two-firm batch on the 批量 page, so its screenshot shows the outcome and the failure list."""
    from openpyxl import load_workbook

    from desktop.batch.columns import FIRMS_SHEET, FIRST_DATA_ROW, KEY_ROW
    from desktop.batch.template import build_template

    source = folder / "批量申报.xlsx"
    source.write_bytes(build_template(window.catalog))
    workbook = load_workbook(source)
    sheet = workbook[FIRMS_SHEET]
    keys = [cell.value for cell in sheet[KEY_ROW]]
    common = {"example": "否", "city": "成都市", "year": 2025, "established": "2019-04-16"}
    common |= {"role.trader": "是", "legal_representative": "王甲", "cbec_transaction": 320000000}
    common |= {"cbec_transaction_prior": 250000000, "cbec_over_1m_before": "是"}
    for offset, firm in enumerate(DEMO_FIRMS, start=FIRST_DATA_ROW + 1):
        for key, value in {**common, **firm}.items():
            sheet.cell(row=offset, column=keys.index(key) + 1, value=value)
    workbook.save(source)
    page = window.batch_page
    page.source.setText(str(source))
    page.out.setText(str(folder / "批量结果"))
    page.start()
    deadline = time.monotonic() + 180
    while page.job is not None and time.monotonic() < deadline:
        _settle(0.1)


def write_packet(window: MainWindow, folder: Path) -> None:
    """Write the firm's packet, so the 生成材料 screenshot shows the outcome and what can be printed."""
    page = window.generate_page
    page.folder.setText(str(folder))
    page.start()
    deadline = time.monotonic() + 120
    while page.job is not None and time.monotonic() < deadline:
        _settle(0.1)


def _settle(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.02)


def shoot(window: MainWindow, out: Path, prefix: str) -> list[Path]:
    """Save one PNG per step of the window."""
    written = []
    for row, name in enumerate(STEPS):
        if name == "5-generate":
            write_packet(window, Path(_home) / "申报材料")
        if name == "6-batch":
            run_batch_demo(window, Path(_home))
        window.workspace.go_to_step(row)
        path = out / f"{prefix}-{name}.png"
        if SCREEN:
            _settle(0.6)
            subprocess.run(["import", "-window", "root", str(path)], check=True)
        else:
            QApplication.processEvents()
            window.grab().save(str(path))
        written.append(path)
    return written


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    out = Path(args[0]) if args else ROOT / "resources" / "help" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    english = "--english" in sys.argv
    set_language("en" if english else "zh")
    catalog = bundled_catalog()
    samples = (
        sorted(samples_dir().glob("*.json"))
        if "--all" in sys.argv
        else [samples_dir() / "chengdu-trader.json"]
    )
    for sample in samples:
        window = MainWindow(catalog, Settings(Path(_home) / "settings.ini"))
        if not SCREEN:
            window.resize(1180, 760)
        window.show()
        window.files.open_path(sample, ask=False)
        if sample.name == "chengdu-trader.json":
            edit = window.data_page.fields["sichuan_made_export"].edit
            edit.setText("6000万")  # an edit, so the pages show what it changed
            edit.textEdited.emit(edit.text())
            window.document.commit_edit()  # the field left
            window.results_page.select("CD-3B")
        for path in shoot(window, out, f"{sample.stem}-en" if english else sample.stem):
            print(path)
        window.document.dirty = False
        window.close()
    app.quit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
