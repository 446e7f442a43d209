"""Word → PDF through LibreOffice: one call for all files, with a profile folder of its own."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from desktop.errors import OutputError, Problem

TIMEOUT_SECONDS = 300


def find_soffice() -> str | None:
    """Return the LibreOffice executable on the PATH, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def require_soffice() -> str:
    """Return the LibreOffice executable; raises OutputError saying what to install when it is missing."""
    found = find_soffice()
    if found is None:
        raise OutputError(
            "--pdf",
            [
                Problem(
                    "", "未找到 LibreOffice(soffice)，无法生成 PDF；请安装 LibreOffice 后重试，或去掉 --pdf"
                )
            ],
        )
    return found


def convert_to_pdf(folder: Path, names: list[str], soffice: str) -> list[str]:
    """Convert the named .docx files in ``folder`` to PDF beside them; return the PDF file names."""
    documents = [name for name in names if name.endswith(".docx")]
    if not documents:
        return []
    with tempfile.TemporaryDirectory(prefix="grant-desk-lo-") as profile:
        command = [
            soffice,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *documents,
        ]
        completed = subprocess.run(
            command, cwd=folder, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
        )
    produced = [name[: -len(".docx")] + ".pdf" for name in documents]
    missing = [name for name in produced if not (folder / name).is_file()]
    if completed.returncode != 0 or missing:
        detail = (completed.stderr or completed.stdout).strip().splitlines()[-1:] or ["无输出"]
        raise OutputError(
            str(folder), [Problem("", f"LibreOffice 未能生成 {'、'.join(missing) or 'PDF'}：{detail[0]}")]
        )
    return produced
