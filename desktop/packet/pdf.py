"""Word and Excel → PDF through LibreOffice: one call per packet, or a long-lived instance fed many packets."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from desktop.errors import OutputError, Problem

TIMEOUT_SECONDS = 300
START_SECONDS = 90
SOURCES = (".docx", ".xlsx")
KEEP_OPEN = "keep-open.txt"
PID_FILE = "server.pid"


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


def pdf_name(name: str) -> str:
    """Return the PDF file name of a document: ``01_申报书.docx`` → ``01_申报书.pdf``."""
    return name.rsplit(".", 1)[0] + ".pdf"


def convertible(names: list[str]) -> list[str]:
    """Return the names of the Word and Excel files among ``names``, in order."""
    return [name for name in names if name.endswith(SOURCES)]


def _command(soffice: str, profile: Path, *arguments: str) -> list[str]:
    return [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", *arguments]


def _check_produced(folder: Path, documents: list[str], detail: str) -> list[str]:
    produced = [pdf_name(name) for name in documents]
    missing = [name for name in produced if not _is_pdf(folder / name)]
    if missing:
        reason = "文件无法打开或转换" if detail == "无输出" else detail
        raise OutputError("PDF", [Problem("", f"LibreOffice 未能生成 {'、'.join(missing)}：{reason}")])
    return produced


def _is_pdf(path: Path) -> bool:
    try:
        with path.open("rb") as stream:
            return stream.read(5) == b"%PDF-"
    except OSError:
        return False


def _last_line(text: str | bytes | None) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    lines = [line for line in (text or "").splitlines() if line.strip() and "javaldx" not in line]
    return lines[-1] if lines else "无输出"


def convert_to_pdf(folder: Path, names: list[str], soffice: str) -> list[str]:
    """Convert the named .docx and .xlsx files in ``folder`` to PDF beside them, in one LibreOffice call
    with a profile of its own; return the PDF file names."""
    documents = convertible(names)
    if not documents:
        return []
    with tempfile.TemporaryDirectory(prefix="grant-desk-lo-") as profile:
        command = _command(soffice, Path(profile), "--convert-to", "pdf", "--outdir", str(folder), *documents)
        completed = subprocess.run(
            command, cwd=folder, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
        )
    return _check_produced(folder, documents, _last_line(completed.stderr or completed.stdout))


class Converter:
    """A headless LibreOffice kept running with its own profile folder, fed documents packet by packet.

    LibreOffice hands a ``--convert-to`` call made with the same profile to the instance already
    running (its single-instance pipe), so each packet costs a short-lived client (~0.2 s) instead of
    a full start (~1.2 s). The instance keeps a small text document open: with no document open it
    would quit after the first forwarded conversion. No UNO bridge is needed, so this works from any
    Python, the packaged program included.
    """

    def __init__(self, soffice: str, profile: Path, recycle_after: int = 400) -> None:
        self.soffice = soffice
        self.profile = profile
        self.recycle_after = recycle_after
        self.process: subprocess.Popen[bytes] | None = None
        self.converted = 0

    def __enter__(self) -> Converter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def running(self) -> bool:
        """Return True while the LibreOffice instance is up."""
        return self.process is not None and self.process.poll() is None

    def start(self) -> None:
        """Start the instance and wait until it has its document open (and so its pipe listening)."""
        self.close()
        self.profile.mkdir(parents=True, exist_ok=True)
        keep = self.profile / KEEP_OPEN
        keep.write_text("grant desk\n", encoding="utf-8")
        lock = self.profile / f".~lock.{KEEP_OPEN}#"
        lock.unlink(missing_ok=True)
        options: dict[str, object] = {}
        if sys.platform == "win32":
            options["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP
        else:
            options["start_new_session"] = True  # one process group: the launcher and soffice.bin
        self.process = subprocess.Popen(
            _command(self.soffice, self.profile, "--invisible", "--nologo", "--nolockcheck", str(keep)),
            cwd=self.profile,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            **options,  # type: ignore[arg-type]
        )
        (self.profile / PID_FILE).write_text(str(self.process.pid), encoding="ascii")
        deadline = time.monotonic() + START_SECONDS
        while not lock.exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.close()
                raise OutputError(str(self.profile), [Problem("", "LibreOffice 无法启动，未能生成 PDF")])
            time.sleep(0.05)
        self.converted = 0

    def convert(self, folder: Path, names: list[str], timeout: float = TIMEOUT_SECONDS) -> list[str]:
        """Convert the named .docx/.xlsx files of ``folder`` to PDF beside them; return the PDF names.

        Raises OutputError naming the files when LibreOffice does not produce them; the instance is
        restarted (once) when it died or hung, so one bad document does not stop later packets.
        """
        documents = convertible(names)
        if not documents:
            return []
        for name in documents:
            (folder / pdf_name(name)).unlink(missing_ok=True)
        detail = ""
        for attempt in range(2):
            if not self.running or self.converted >= self.recycle_after:
                self.start()
            command = _command(self.soffice, self.profile, "--convert-to", "pdf", "--outdir", str(folder))
            try:
                completed = subprocess.run(
                    [*command, *documents],
                    cwd=folder,
                    capture_output=True,
                    timeout=timeout,
                    check=False,
                    stdin=subprocess.DEVNULL,
                )
                detail = _last_line(completed.stderr)
            except subprocess.TimeoutExpired:
                detail = f"超过 {timeout:.0f} 秒未完成"
                self.close()
            self.converted += len(documents)
            if all(_is_pdf(folder / pdf_name(name)) for name in documents):
                break
            if attempt == 0 and self.running:
                break  # the instance is fine: the document itself cannot be converted
            self.close()
        return _check_produced(folder, documents, detail)

    def close(self) -> None:
        """Stop the instance (its whole process group) if it runs."""
        process, self.process = self.process, None
        if process is not None:
            stop_process_group(process.pid)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                stop_process_group(process.pid, force=True)
                process.wait(timeout=10)
        (self.profile / PID_FILE).unlink(missing_ok=True)


def stop_process_group(pid: int, force: bool = False) -> None:
    """Stop the process group led by ``pid`` (a converter's LibreOffice), ignoring one already gone."""
    try:
        if sys.platform == "win32":
            subprocess.run(
                ["taskkill", "/T", "/F", "/PID", str(pid)], capture_output=True, check=False, timeout=30
            )
        else:
            os.killpg(pid, signal.SIGKILL if force else signal.SIGTERM)
    except (ProcessLookupError, PermissionError, OSError):
        pass


def stop_leftover_converters(root: Path) -> None:
    """Stop the LibreOffice instances whose profile folders are under ``root`` and still record a pid
    (a worker that died could not stop its own)."""
    for pid_file in root.glob(f"*/{PID_FILE}"):
        try:
            pid = int(pid_file.read_text(encoding="ascii"))
        except (OSError, ValueError):
            continue
        stop_process_group(pid, force=True)
