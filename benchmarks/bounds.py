"""Benchmark: how long and how much memory refusing absurd numbers in a firm file takes.

Usage: python benchmarks/bounds.py   (each value is decoded from JSON text and parsed 200 times)
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


if __name__ == "__main__":
    main()
