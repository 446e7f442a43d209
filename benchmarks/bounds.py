"""Benchmark: how long and how much memory refusing absurd input takes: numbers in a firm file, and
hostile Word templates (each refusal timed once, from a cold start of the template cache).

Usage: python benchmarks/bounds.py   (each firm-file value is decoded from JSON text and parsed 200 times)
"""

from __future__ import annotations

import json
import time
import tracemalloc

from desktop.catalog import bundled_catalog
from desktop.errors import InputError
from desktop.firm import decode_json, parse_firm

VALUES = {
    "1e400": "1e400",
    "10^30": "1" + "0" * 30,
    "1.5e-999999999": "1.5e-999999999",
    "5000-digit integer": "9" * 5000,
    '"10^30" (text)': '"10^30"',
    "one 分 above 1万亿": "1000000000000.01",
}
BASE = {
    "schema_version": 1,
    "firm": {"name": "基准", "credit_code": "91510100MA6CDRM0TN", "city": "chengdu"},
    "year": 2025,
    "facts": {"cbec_transaction": "@"},
}


def main() -> None:
    catalog = bundled_catalog()
    for label, literal in VALUES.items():
        text = json.dumps(BASE).replace('"@"', literal)
        tracemalloc.start()
        start = time.perf_counter()
        for _ in range(200):
            try:
                parse_firm(decode_json(text), catalog)
            except InputError as error:
                message = error.problems[0].message
        elapsed = (time.perf_counter() - start) / 200
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"{label:22} refused in {elapsed * 1e3:6.2f} ms, peak {peak / 1024:7.1f} KiB: {message}")


def workbook_cases() -> None:
    """Time and peak memory of refusing hostile batch workbooks, each read in a fresh child process under a
    1.5 GB address-space limit (peak resident memory as the system counts it: lxml's memory is not Python's)."""
    import sys
    import tempfile
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.batch.hostile import ods_repeated_rows, read_limited, shared_strings_bomb, styles_bomb

    print("\nHostile batch workbooks (read_batch in a child process; growth beyond the loaded program):")
    with tempfile.TemporaryDirectory() as folder:
        cases = {
            "3,000,000 shared strings (.xlsx)": shared_strings_bomb(Path(folder) / "strings.xlsx"),
            "1,000,000 cell formats (.xlsx)": styles_bomb(Path(folder) / "styles.xlsx"),
            "a row repeated 1,048,000 times (.ods)": ods_repeated_rows(Path(folder) / "rows.ods"),
        }
        for label, path in cases.items():
            result = read_limited(path, memory_mb=1536, seconds=120)
            size = path.stat().st_size / 2**20
            print(
                f"{label:38} {size:5.1f} MB file, refused in {float(result['seconds']):5.2f} s, "
                f"peak {int(result['peak_kib']) / 1024:6.1f} MiB (+{int(result['grown_kib']) / 1024:5.1f} MiB): "
                f"{str(result['message']).split(': ', 1)[-1][:70]}"
            )


def template_cases() -> None:
    """Time and peak memory of each hostile-template refusal: loading the template and rendering the
    sample firm's packet with it, as ``packet --forms`` does (nothing is written)."""
    import sys
    import tempfile
    from datetime import date
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from desktop.engine import evaluate_firm
    from desktop.errors import GrantDeskError
    from desktop.firm import load_firm
    from desktop.packet import templates
    from desktop.packet.writer import render_files
    from tests.hostile_templates import EXHAUSTION, INERT_CASES, SAMPLE, forms_with, paragraph, tags

    catalog = bundled_catalog()
    firm = load_firm(Path(SAMPLE), catalog)
    result = evaluate_firm(firm, catalog)
    cases = {label: edit for label, (edit, _) in INERT_CASES.items()}
    cases.update(
        {label: paragraph(f"<w:p><w:r><w:t>{tag}</w:t></w:r></w:p>") for label, tag in EXHAUSTION.items()}
    )
    cases["150,000 {{ year }} tags (16 KB zipped)"] = tags(150_000)
    cases["1,001 tags"] = tags(1_001)
    cases["a 1.2 MB part"] = paragraph("<w:p><w:r><w:t>" + "申报" * 200_000 + "</w:t></w:r></w:p>")
    print(
        "\nHostile templates (申报书.docx of a copy of the bundled forms), load + render of the sample firm:"
    )
    with tempfile.TemporaryDirectory() as folder:
        for number, (label, edit) in enumerate(cases.items()):
            forms = forms_with(Path(folder) / str(number), edit)
            templates._compiled.cache_clear()
            tracemalloc.start()
            start = time.perf_counter()
            try:
                render_files(firm, result, catalog, date(2026, 3, 1), forms)
                message = "NOT REFUSED"
            except GrantDeskError as error:
                message = str(error.problems[0])
            elapsed = time.perf_counter() - start
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            print(f"{label:38} {elapsed:6.2f} s, peak {peak / 2**20:7.1f} MiB: {message[:90]}")


if __name__ == "__main__":
    main()
    workbook_cases()
    template_cases()
