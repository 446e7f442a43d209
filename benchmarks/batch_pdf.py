"""Benchmark: ``batch --pdf`` against ``batch`` without PDFs on the same N synthetic firms, in one run.

Usage: python benchmarks/batch_pdf.py [N ...] [--jobs J] [--rounds R]   (default 40 firms, one job per
core, 3 rounds)

Each round runs the batch without PDFs, then with --pdf (the built-in writer; no office program is
used), each in a fresh process into a fresh folder; it prints the wall seconds of each, the ratio of
the medians, and the PDFs written. Do not run it beside other heavy work: it measures wall time.
"""

from __future__ import annotations

import argparse
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


def _batch(source: Path, out: Path, jobs: int, pdf: bool) -> float:
    command = [sys.executable, "-m", "desktop", "batch", str(source), "--out", str(out)]
    command += ["--jobs", str(jobs), "--date", "2026-03-01"] + (["--pdf"] if pdf else [])
    started = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if completed.returncode != 0:
        raise SystemExit(f"batch failed ({completed.returncode}): {completed.stderr[-2000:]}")
    return wall


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("counts", type=int, nargs="*", default=[40])
    parser.add_argument("--jobs", type=int, default=default_jobs())
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print(f"jobs {args.jobs}")
    for count in args.counts:
        with tempfile.TemporaryDirectory(prefix="bench-pdf-") as folder:
            work = Path(folder)
            source = work / "firms.xlsx"
            synthetic_workbook(source, count)
            plain, with_pdf = [], []
            for round_number in range(args.rounds):
                plain.append(_batch(source, work / f"plain{round_number}", args.jobs, pdf=False))
                with_pdf.append(_batch(source, work / f"pdf{round_number}", args.jobs, pdf=True))
            pdfs = len(list((work / "pdf0").glob("*/*.pdf")))
            a, b = statistics.median(plain), statistics.median(with_pdf)
            print(
                f"{count} firms: batch {a:.2f} s ({a / count:.3f} s/firm), batch --pdf {b:.2f} s "
                f"({b / count:.3f} s/firm, {pdfs} PDFs); ratio {b / a:.2f} (medians of {args.rounds}; "
                f"rounds {', '.join(f'{x:.1f}/{y:.1f}' for x, y in zip(plain, with_pdf, strict=True))})"
            )


if __name__ == "__main__":
    main()
