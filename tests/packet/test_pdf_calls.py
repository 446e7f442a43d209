"""How many files one LibreOffice call is given: its launcher passes on about 250 arguments and drops
the rest without a word (exit 0), so a long list must be split."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from desktop.packet.pdf import FILES_PER_CALL, convert_to_pdf

# A stand-in for soffice that behaves like its launcher: arguments past the 250th are lost.
FAKE_SOFFICE = """#!{python}
import sys
from pathlib import Path
arguments = sys.argv[1:250]
out = Path(arguments[arguments.index("--outdir") + 1])
with open({log!r}, "a") as log:
    log.write(str(len(sys.argv) - 1) + "\\n")
for name in arguments:
    if name.endswith((".docx", ".xlsx")):
        (out / (name.rsplit(".", 1)[0] + ".pdf")).write_bytes(b"%PDF-1.7 stand-in")
"""


@pytest.mark.skipif(sys.platform == "win32", reason="the stand-in is a script with a shebang line")
def test_a_long_list_is_converted_whole_in_calls_the_launcher_passes_on(tmp_path: Path) -> None:
    log = tmp_path / "calls.log"
    soffice = tmp_path / "soffice"
    soffice.write_text(FAKE_SOFFICE.format(python=sys.executable, log=str(log)), encoding="utf-8")
    soffice.chmod(0o755)
    folder = tmp_path / "docs"
    folder.mkdir()
    names = [f"{number:03d}_表.docx" for number in range(260)] + ["测算表.xlsx"]
    for name in names:
        (folder / name).write_bytes(b"stand-in")
    produced = convert_to_pdf(folder, names, os.fspath(soffice))
    assert len(produced) == 261
    assert all((folder / name).read_bytes().startswith(b"%PDF-") for name in produced)
    calls = [int(line) for line in log.read_text().split()]
    assert len(calls) == 3 and max(calls) < 250 and FILES_PER_CALL < 240
