"""Benchmark: the time of one packet, without and with its PDFs (the built-in writer), beside the floor
of opening and saving the same templates (and writing an empty workbook, as the 测算表 has no template);
and the first packet with PDFs in a fresh process (fonts found and loaded, working fonts from the cache).

Usage: python benchmarks/packet.py [REPEATS]   (default 20)
"""

from __future__ import annotations

import io
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import xlsxwriter
from docx import Document

from desktop.catalog import bundled_catalog
from desktop.engine import evaluate_firm
from desktop.firm import load_firm
from desktop.packet.writer import APPLICATION, CHECKLIST, COMMITMENT, MEASURE_FORM, write_packet
from desktop.paths import forms_dir, samples_dir


def _median_ms(action, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    catalog = bundled_catalog()
    firm = load_firm(samples_dir() / "chengdu-trader.json", catalog)
    result = evaluate_firm(firm, catalog)
    forms_in_packet = 1 + len([m for m in result.measures if m.counted])
    docx_files = [APPLICATION, COMMITMENT, CHECKLIST] + [MEASURE_FORM] * (forms_in_packet - 1)

    def floor() -> None:
        for name in docx_files:
            Document(str(forms_dir() / name)).save(io.BytesIO())
        xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True}).close()

    with tempfile.TemporaryDirectory() as out:

        def packet(pdf: bool = False) -> None:
            write_packet(firm, result, catalog, Path(out), date(2026, 3, 1), "0" * 64, pdf=pdf)

        packet()  # templates are parsed once per process: the first packet pays for it
        packet_ms = _median_ms(packet, repeats)
        packet(pdf=True)  # and fonts are found and loaded once
        pdf_ms = _median_ms(lambda: packet(pdf=True), repeats)
    floor_ms = _median_ms(floor, repeats)
    print(
        f"one packet ({len(docx_files)} Word files + 测算表, written to disk): {packet_ms:.1f} ms median of {repeats}; "
        f"floor (open and save the same templates unchanged): {floor_ms:.1f} ms; ratio {packet_ms / floor_ms:.2f}"
    )
    print(f"one packet with its {len(docx_files) + 2} PDFs: {pdf_ms:.1f} ms median of {repeats}")
    with tempfile.TemporaryDirectory() as out:
        command = [sys.executable, "-m", "desktop", "packet", str(samples_dir() / "chengdu-trader.json")]
        command += ["--out", out, "--date", "2026-03-01"]
        plain = _median_ms(lambda: subprocess.run(command, check=True, capture_output=True), 3)
        cold = _median_ms(lambda: subprocess.run([*command, "--pdf"], check=True, capture_output=True), 3)
    print(f"a fresh `packet` process: {plain:.0f} ms, with --pdf {cold:.0f} ms (median of 3)")


if __name__ == "__main__":
    main()
