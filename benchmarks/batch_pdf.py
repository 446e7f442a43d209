"""Benchmark: ``batch --pdf`` against ``batch`` without PDFs on the same N synthetic firms, in one run.

Usage: python benchmarks/batch_pdf.py [N ...] [--jobs J] [--rounds R] [--no-cpu] [--folder DIR]
(default 40 firms, one job per core, 3 rounds, the system's temporary folder)

Each round runs the batch without PDFs, then with --pdf (the built-in writer; no office program is
used), each in a fresh process into a fresh folder; it prints the wall seconds of each, the ratio of
the medians, and the PDFs written. Wall time swings with whatever else the machine runs, so each round
also runs both batches with one job (the firms processed in the batch's own process, so all their CPU
time is counted; workers of a multi-job batch start from a fork server and their CPU time is not
reported back) and prints the CPU seconds and their ratio, which other load disturbs far less.

A packet with PDFs holds about four times the files of one without (the upload set has a file per
attachment), so what creating a file costs in the folder weighs on the ratio: on one machine it cost
0.03 ms in one folder and 0.8 ms in another of the same disk (a temporary folder long in use). The
benchmark measures it first and prints it, and ``--folder`` runs the batches elsewhere.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.batch import synthetic_workbook  # noqa: E402
from desktop.batch.runner import default_jobs  # noqa: E402


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _batch(source: Path, out: Path, jobs: int, pdf: bool) -> tuple[float, float]:
    """Run one batch; return its wall seconds and the CPU seconds of the process (and waited-for children)."""
    command = [sys.executable, "-m", "desktop", "batch", str(source), "--out", str(out)]
    command += ["--jobs", str(jobs), "--date", "2026-03-01"] + (["--pdf"] if pdf else [])
    cpu = _cpu_seconds()
    started = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if completed.returncode != 0:
        raise SystemExit(f"batch failed ({completed.returncode}): {completed.stderr[-2000:]}")
    return wall, _cpu_seconds() - cpu


def file_creation_ms(folder: Path, packets: int = 10, files: int = 30) -> float:
    """Return the milliseconds it takes to create a small file in ``folder``, placed as packets place
    them: ``packets`` new folders, each with a new subfolder of ``files`` files."""
    with tempfile.TemporaryDirectory(prefix="bench-files-", dir=folder) as place:
        started = time.perf_counter()
        for packet in range(packets):
            target = Path(place) / f"packet{packet}" / "上传"
            target.mkdir(parents=True)
            for number in range(files):
                (target / f"{number:02}_附件.pdf").write_bytes(b"%PDF-1.7\n")
        return (time.perf_counter() - started) * 1000 / (packets * files)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("counts", type=int, nargs="*", default=[40])
    parser.add_argument("--jobs", type=int, default=default_jobs())
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-cpu", dest="cpu", action="store_false", help="skip the one-job CPU rounds")
    parser.add_argument(
        "--folder", type=Path, default=None, help="where to run (default: the temporary folder)"
    )
    args = parser.parse_args()
    place = args.folder or Path(tempfile.gettempdir())
    print(
        f"jobs {args.jobs}; load average {' '.join(f'{value:.1f}' for value in os.getloadavg())}; "
        f"in {place}: creating a file {file_creation_ms(place):.2f} ms"
    )
    for count in args.counts:
        with tempfile.TemporaryDirectory(prefix="bench-pdf-", dir=args.folder) as folder:
            work = Path(folder)
            source = work / "firms.xlsx"
            synthetic_workbook(source, count)
            plain, with_pdf, plain_cpu, pdf_cpu = [], [], [], []
            for round_number in range(args.rounds):
                plain.append(_batch(source, work / f"plain{round_number}", args.jobs, pdf=False)[0])
                with_pdf.append(_batch(source, work / f"pdf{round_number}", args.jobs, pdf=True)[0])
                if args.cpu:
                    plain_cpu.append(_batch(source, work / f"plain-cpu{round_number}", 1, pdf=False)[1])
                    pdf_cpu.append(_batch(source, work / f"pdf-cpu{round_number}", 1, pdf=True)[1])
            pdfs = len(list((work / "pdf0").glob("*/*.pdf")))
            a, b = statistics.median(plain), statistics.median(with_pdf)
            print(
                f"{count} firms: batch {a:.2f} s ({a / count:.3f} s/firm), batch --pdf {b:.2f} s "
                f"({b / count:.3f} s/firm, {pdfs} PDFs); ratio {b / a:.2f} (medians of {args.rounds}; "
                f"rounds {', '.join(f'{x:.1f}/{y:.1f}' for x, y in zip(plain, with_pdf, strict=True))})"
            )
            if args.cpu:
                c, d = statistics.median(plain_cpu), statistics.median(pdf_cpu)
                print(
                    f"{count} firms, one job, CPU seconds: batch {c:.2f} s ({c / count * 1000:.0f} ms/firm), "
                    f"batch --pdf {d:.2f} s ({d / count * 1000:.0f} ms/firm); ratio {d / c:.2f} (medians of "
                    f"{args.rounds}; rounds {', '.join(f'{x:.1f}/{y:.1f}' for x, y in zip(plain_cpu, pdf_cpu, strict=True))})"
                )
            print(f"load average {' '.join(f'{value:.1f}' for value in os.getloadavg())}")


if __name__ == "__main__":
    main()
