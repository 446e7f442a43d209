"""Packet generation off the GUI thread, with progress and cancellation; results come back as signals."""

from __future__ import annotations

import hashlib
import threading
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, SignalInstance, Slot

from desktop.catalog.loader import Catalog
from desktop.errors import GrantDeskError
from desktop.firm import FirmFile
from desktop.packet.sandbox import RenderCancelled, cancellable


class Cancelled(Exception):
    """Raised inside the worker when the user cancels; nothing has been written."""


class PacketJob(QObject):
    """Writes one packet; lives on its own thread."""

    progress = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(
        self, firm: FirmFile, catalog: Catalog, out: Path, day: date, firm_json: str, pdf: bool, steps: int
    ) -> None:
        super().__init__()
        self.firm, self.catalog, self.out, self.day, self.pdf = firm, catalog, out, day, pdf
        self.sha256 = hashlib.sha256(firm_json.encode("utf-8")).hexdigest()
        self.steps = steps * 2 if pdf else steps  # a PDF beside every document
        self._cancel = threading.Event()
        self._done = 0

    def cancel(self) -> None:
        """Ask the job to stop (within a twentieth of a second while a template renders, else at the
        next step); a stopped job leaves nothing behind."""
        self._cancel.set()

    def _step(self, name: str) -> None:
        if self._cancel.is_set():
            raise Cancelled
        self._done += 1
        self.progress.emit(self._done, self.steps, name)

    @Slot()
    def run(self) -> None:
        """Render and write the packet, reporting each file."""
        from desktop.engine import evaluate_firm
        from desktop.packet.pdf import office_converter
        from desktop.packet.writer import write_packet  # docx/xlsx libraries load on first use only

        try:
            result = evaluate_firm(self.firm, self.catalog)
            office = None
            converter = office_converter() if self.pdf else None
            if converter is not None:

                def office(folder: Path, names: list[str]) -> list[str]:
                    self._step("PDF")  # custom forms: LibreOffice converts them
                    produced = converter(folder, names)
                    if self._cancel.is_set():
                        raise Cancelled
                    return produced

            with cancellable(self._cancel):  # a cancel stops even a template stuck in a loop
                packet = write_packet(
                    self.firm,
                    result,
                    self.catalog,
                    self.out,
                    self.day,
                    self.sha256,
                    progress=self._step,
                    pdf=self.pdf,
                    office=office,
                )
        except (Cancelled, RenderCancelled):
            self.cancelled.emit()
        except GrantDeskError as exc:
            self.failed.emit("\n".join(exc.lines()))
        except OSError as exc:
            from desktop.os_errors import output_error

            self.failed.emit(str(output_error(exc, self.out)))
        except Exception as exc:  # the GUI must report, not crash, whatever goes wrong in the worker
            self.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            self.succeeded.emit(packet)


def start(job: QObject, parent: QObject, *endings: SignalInstance) -> QThread:
    """Run ``job.run`` on a new thread that quits and cleans up when any of ``endings`` is emitted
    (by default the packet job's succeeded, failed and cancelled)."""
    thread = QThread(parent)
    job.moveToThread(thread)
    thread.started.connect(job.run)
    for signal in endings or (job.succeeded, job.failed, job.cancelled):
        signal.connect(thread.quit)
    thread.finished.connect(job.deleteLater)
    thread.finished.connect(thread.deleteLater)
    thread.start()
    return thread
