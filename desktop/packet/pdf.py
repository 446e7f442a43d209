"""Custom forms → PDF through LibreOffice: one call per packet, or a long-lived instance fed many packets.

The default forms and the 测算表 never come here: the built-in writer prints them (desktop/packet/pdfs.py).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from desktop.errors import OutputError, Problem
from desktop.packet.office_environment import office_environment

TIMEOUT_SECONDS = 300
START_SECONDS = 90
STOP_SECONDS = 5  # for soffice.bin to end after its launcher, before it is killed
SOURCES = (".docx", ".xlsx")
KEEP_OPEN = "keep-open.txt"
# LibreOffice's launcher passes on only about 250 arguments and silently drops the rest (exit 0).
FILES_PER_CALL = 100
PID_FILE = "server.pid"
CALL_PID_FILE = "call.pid"  # the forwarding call in flight: left running, it starts an instance of its own


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


def office_converter() -> Callable[[Path, list[str]], list[str]] | None:
    """Return a function converting a packet folder's named Word files with LibreOffice in one call,
    or None when LibreOffice is not installed."""
    soffice = find_soffice()
    if soffice is None:
        return None
    return lambda folder, names: convert_to_pdf(folder, names, soffice)


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
    detail = ""
    with tempfile.TemporaryDirectory(prefix="grant-desk-lo-") as profile:
        environment = office_environment(Path(profile))
        for part in _parts(documents):
            command = _command(soffice, Path(profile), "--convert-to", "pdf", "--outdir", ".", *part)
            completed = subprocess.run(
                command,
                cwd=folder,
                capture_output=True,
                text=True,
                timeout=TIMEOUT_SECONDS,
                check=False,
                env=environment,
            )
            detail = _last_line(completed.stderr or completed.stdout)
    return _check_produced(folder, documents, detail)


def _parts(documents: list[str]) -> list[list[str]]:
    return [documents[start : start + FILES_PER_CALL] for start in range(0, len(documents), FILES_PER_CALL)]


class Converter:
    """A headless LibreOffice kept running with its own profile folder, fed documents packet by packet.

    LibreOffice hands a ``--convert-to`` call made with the same profile to the instance already
    running (its single-instance pipe), so each packet costs a short-lived client (~0.03 s) instead of
    a start (~0.3 s in our prepared profile, ~1 s in a fresh one). The instance keeps a small text
    document open: with no document open it would quit after the first forwarded conversion. No UNO
    bridge is needed, so this works from any Python, the packaged program included.
    """

    def __init__(self, soffice: str, profile: Path, recycle_after: int = 400) -> None:
        self.soffice = soffice
        self.profile = profile
        self.recycle_after = recycle_after
        self.process: subprocess.Popen[bytes] | None = None
        self.call: subprocess.Popen[bytes] | None = None
        self.environment: dict[str, str] = {}
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
        self.environment = office_environment(self.profile)
        self.process = subprocess.Popen(
            _command(self.soffice, self.profile, "--invisible", "--nologo", "--nolockcheck", str(keep)),
            cwd=self.profile,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=self.environment,
            **_own_process_group(),  # type: ignore[arg-type]
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
            command = _command(self.soffice, self.profile, "--convert-to", "pdf", "--outdir", ".")
            try:
                for part in _parts(documents):
                    detail = _last_line(self._call([*command, *part], folder, timeout))
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

    def _call(self, command: list[str], folder: Path, timeout: float) -> bytes:
        """Run one forwarding call in ``folder`` and return what it wrote on stderr; TimeoutExpired when
        it hangs (the call is stopped). The call runs in a process group of its own, so that ``close``
        can stop it whole: a call left running after its instance is gone starts an instance of its own
        on the same profile."""
        call = subprocess.Popen(
            command,
            cwd=folder,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=self.environment,
            **_own_process_group(),  # type: ignore[arg-type]
        )
        self.call = call
        call_pid = self.profile / CALL_PID_FILE
        call_pid.write_text(str(call.pid), encoding="ascii")
        try:
            _, errors = call.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            stop_process_group(call.pid, force=True)
            call.communicate()
            raise
        except BaseException:  # Ctrl+C: in a group of its own, the call did not get it
            stop_process_group(call.pid, force=True)
            raise
        finally:
            self.call = None
            call_pid.unlink(missing_ok=True)
        return errors

    def close(self) -> None:
        """Stop the instance (its whole process group) if it runs, and a forwarding call in flight
        (``close`` may run in a signal handler that interrupted the call)."""
        call, self.call = self.call, None
        if call is not None:
            stop_process_group(call.pid, force=True)  # not waited for: the interrupted frame owns its wait
        process, self.process = self.process, None
        if process is not None:
            stop_process_group(process.pid)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                stop_process_group(process.pid, force=True)
                process.wait(timeout=10)
            # The launcher may end before soffice.bin, in the same group, has finished shutting down
            # (and writing its profile): the profile folder is removed only after.
            if not wait_for_process_group(process.pid, STOP_SECONDS):
                stop_process_group(process.pid, force=True)
                wait_for_process_group(process.pid, STOP_SECONDS)
        (self.profile / PID_FILE).unlink(missing_ok=True)


def _own_process_group() -> dict[str, object]:
    """Return the Popen options that start a process (the launcher and soffice.bin it starts) in a
    process group of its own, stoppable whole by stop_process_group."""
    if sys.platform == "win32":
        return {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
    return {"start_new_session": True}


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


def wait_for_process_group(pid: int, seconds: float) -> bool:
    """Wait until no process of the group led by ``pid`` is left; return False when one still is after
    ``seconds`` (on Windows, where ``taskkill /T`` ends the tree before it returns, at once True)."""
    if sys.platform == "win32":
        return True
    deadline = time.monotonic() + seconds
    while True:
        try:
            os.killpg(pid, 0)
        except (ProcessLookupError, PermissionError):
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.02)


def stop_leftover_converters(root: Path) -> None:
    """Stop the LibreOffice instances and forwarding calls whose profile folders are under ``root`` and
    still record a pid (a worker that died could not stop its own; one still stopping when the batch
    gives up waiting has not yet), and wait until they are gone: the profile folders are removed next,
    and a LibreOffice still running writes into its profile again."""
    groups = []
    for pid_file in [*root.glob(f"*/{CALL_PID_FILE}"), *root.glob(f"*/{PID_FILE}")]:
        try:
            pid = int(pid_file.read_text(encoding="ascii"))
        except (OSError, ValueError):
            continue
        stop_process_group(pid, force=True)
        groups.append(pid)
    for pid in groups:
        wait_for_process_group(pid, STOP_SECONDS)
