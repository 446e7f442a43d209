"""The core never loads Qt: the engine, catalog and firm file work without a GUI toolkit."""

from __future__ import annotations

import subprocess
import sys

CORE_MODULES = [
    "desktop.engine",
    "desktop.catalog",
    "desktop.firm",
    "desktop.cli",
    "desktop.report",
    "desktop.money",
]


def test_core_imports_no_qt() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {module}\n" for module in CORE_MODULES)
        + "from desktop.catalog import bundled_catalog\nbundled_catalog()\n"
        + "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
