"""Benchmark: time from process start to the first shown main window, one recalculation after an edit,
and in the same run the floor: a bare ``import PySide6.QtWidgets`` plus an empty window.

Usage: python benchmarks/gui.py [REPEATS]   (default 5; runs offscreen)
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FLOOR = """
import time, sys
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(sys.argv)
w = QWidget(); w.show(); app.processEvents()
print(time.time())
"""

PROGRAM = """
import time, sys
from PySide6.QtWidgets import QApplication
from desktop.gui.app import prepare_window
app = QApplication(sys.argv)
window = prepare_window()
window.show(); app.processEvents()
shown = time.time()
window.load(); app.processEvents()
ready = time.time()
window.document.load_data(__import__('json').loads(open(sys.argv[1], encoding='utf-8').read()), None)
edit = window.data_page.fields['cbec_transaction'].edit
timings = []
for value in ('300000000', '500000001', '320000000', '60000000', '200000001'):
    start = time.perf_counter()
    edit.setText(value); edit.textEdited.emit(value); app.processEvents()
    timings.append(time.perf_counter() - start)
window.workspace.steps.setCurrentRow(2); app.processEvents()
print(shown, sorted(timings)[len(timings) // 2], ready)
"""


def _run(code: str, *args: str) -> tuple[float, list[str]]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    home = tempfile.mkdtemp()
    env["XDG_CONFIG_HOME"] = env["XDG_DATA_HOME"] = home
    start = time.time()
    out = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, check=True
    ).stdout
    fields = out.split()
    return float(fields[0]) - start, fields[1:]


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    sample = str(ROOT / "resources" / "samples" / "chengdu-trader.json")
    floors, firsts, recalcs, readies = [], [], [], []
    for _ in range(repeats):
        floors.append(_run(FLOOR)[0])
        start = time.time()
        first, rest = _run(PROGRAM, sample)
        firsts.append(first)
        recalcs.append(float(rest[0]))
        readies.append(float(rest[1]) - start)
    print(
        f"first window {statistics.median(firsts):.3f} s (floor: bare PySide6 window {statistics.median(floors):.3f} s); "
        f"catalog loaded and steps built {statistics.median(readies):.3f} s; "
        f"recalculation after an edit {1000 * statistics.median(recalcs):.1f} ms; medians of {repeats} warm runs"
    )


if __name__ == "__main__":
    main()
