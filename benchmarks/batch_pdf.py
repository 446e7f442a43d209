"""Benchmark: ``batch --pdf`` on N synthetic firms, seconds per firm, beside the floor of one started
LibreOffice converting the same documents (no batch work around it).

Usage: python benchmarks/batch_pdf.py [N ...] [--jobs J]   (default 40 and 300 firms, one job per core)

For each N it prints: the batch without PDFs, the batch with --pdf (wall seconds and seconds per
firm), and the floor: every Word form and workbook of the same packets converted by one warm
LibreOffice instance (the batch's own Converter, with its fonts and profile), per firm, on one core. Do not run it beside other heavy work: it measures wall time.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.batch import synthetic_workbook  # noqa: E402
from desktop.batch.runner import default_jobs  # noqa: E402
from desktop.packet.pdf import SOURCES, Converter, find_soffice  # noqa: E402


def _batch(source: Path, out: Path, jobs: int, pdf: bool) -> float:
    command = [sys.executable, "-m", "desktop", "batch", str(source), "--out", str(out)]
    command += ["--jobs", str(jobs), "--date", "2026-03-01"] + (["--pdf"] if pdf else [])
    started = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if completed.returncode != 0:
        raise SystemExit(f"batch failed ({completed.returncode}): {completed.stderr[-2000:]}")
    return wall


def _floor(out: Path, soffice: str, work: Path) -> tuple[float, int]:
    """Return the seconds one started LibreOffice takes to convert every document of the packets, and
    their count (handed over in calls of FILES_PER_CALL: its launcher drops arguments past ~250)."""
    flat = work / "flat"
    flat.mkdir()
    names = []
    for document in sorted(out.glob("*/*")):
        if document.suffix in SOURCES:
            names.append(f"{len(names):06d}{document.suffix}")
            (flat / names[-1]).write_bytes(document.read_bytes())
    with Converter(soffice, work / "profile", recycle_after=len(names) + 1) as converter:
        converter.start()
        converter.convert(flat, names[:1])  # warm: the first document loads Writer
        started = time.perf_counter()
        converter.convert(flat, names)
        seconds = time.perf_counter() - started
    return seconds, len(names)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("counts", type=int, nargs="*", default=[40, 300])
    parser.add_argument("--jobs", type=int, default=default_jobs())
    parser.add_argument("--no-floor", action="store_true", help="skip the floor (quicker)")
    args = parser.parse_args()
    soffice = find_soffice()
    if soffice is None:
        raise SystemExit("LibreOffice (soffice) is not installed")
    print(f"jobs {args.jobs}")
    for count in args.counts:
        with tempfile.TemporaryDirectory(prefix="bench-pdf-") as folder:
            work = Path(folder)
            source = work / "firms.xlsx"
            synthetic_workbook(source, count)
            plain = _batch(source, work / "plain", args.jobs, pdf=False)
            with_pdf = _batch(source, work / "pdf", args.jobs, pdf=True)
            pdfs = len(list((work / "pdf").glob("*/*.pdf")))
            shutil.rmtree(work / "plain")
            if args.no_floor:
                print(
                    f"{count} firms ({pdfs} PDFs): batch --pdf {with_pdf:.1f} s ({with_pdf / count:.2f} s/firm)"
                )
                continue
            floor, documents = _floor(work / "pdf", soffice, work)
            print(
                f"{count} firms ({documents} documents, {pdfs} PDFs): batch {plain:.1f} s "
                f"({plain / count:.2f} s/firm); batch --pdf {with_pdf:.1f} s ({with_pdf / count:.2f} s/firm); "
                f"floor, one LibreOffice on one core: {floor:.1f} s ({floor / count:.2f} s/firm, "
                f"{floor / documents:.3f} s/document)"
            )


if __name__ == "__main__":
    main()
