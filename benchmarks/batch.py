"""Benchmark: N synthetic firms through ``python -m desktop batch`` (parallel), printing firms per second,
wall time and peak memory (the largest resident size of the batch process or any of its workers).

Usage: python benchmarks/batch.py [N] [JOBS] [--all-cities]   (default 1000 firms, one job per core)

With --all-cities the firms are spread over the five cities as a consultant's are (Chengdu, Lianyungang,
Deyang, Mianyang, Suzhou in turn): three in five have no money measure and get a 政策服务清单.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.batch.columns import FIRMS_SHEET, FIRST_DATA_ROW, KEY_ROW  # noqa: E402
from desktop.batch.runner import default_jobs  # noqa: E402
from desktop.batch.template import build_template  # noqa: E402
from desktop.catalog import bundled_catalog  # noqa: E402
from desktop.credit_code import with_check_character  # noqa: E402

ALL_CITIES = ("成都市", "连云港市", "德阳市", "绵阳市", "苏州市")


def synthetic_workbook(path: Path, count: int, seed: int = 7, all_cities: bool = False) -> None:
    """Write a batch workbook of ``count`` generated firms across Chengdu and Lianyungang (or, with
    ``all_cities``, the five cities in turn)."""
    catalog = bundled_catalog()
    path.write_bytes(build_template(catalog))
    workbook = load_workbook(path)
    sheet = workbook[FIRMS_SHEET]
    keys = [cell.value for cell in sheet[KEY_ROW]]
    rng = random.Random(seed)
    for index in range(count):
        city = ALL_CITIES[index % 5] if all_cities else "成都市" if index % 3 else "连云港市"
        row = {
            "example": "否",
            "name": f"基准企业{index:05d}",
            "credit_code": with_check_character(f"915101{index:011d}"),
            "city": city,
            "year": 2025,
            "established": "2019-04-16",
            "role.trader": "是",
            "role.warehouse": rng.choice(["是", "否"]),
            "cbec_transaction": rng.randrange(1_000_000, 800_000_000),
            "cbec_transaction_prior": rng.randrange(1_000_000, 600_000_000),
            "cbec_over_1m_before": "是",
            "sichuan_made_export": (made := rng.randrange(0, 60_000_000)),
            "sichuan_made_export_programme": rng.randrange(0, min(made, 10_000_000) + 1),
            "programme_platform_gmv_usd": 15_000_000_000,
            "bonded_area_rented": rng.randrange(1000, 9000),
            "bonded_export_value": rng.randrange(0, 700_000_000),
            "chengdu_platform_registered": "是",
            "loan_interest_paid": rng.randrange(0, 3_000_000),
            "lyg_first_cbec_scale_met": rng.choice(["是", "否"]),
            "exhibition_costs": rng.randrange(0, 500_000),
            "ip_costs": rng.randrange(0, 200_000),
            "brand_promotion_costs": rng.randrange(0, 900_000),
        }
        for column, key in enumerate(keys, start=1):
            if key in row:
                sheet.cell(row=FIRST_DATA_ROW + 1 + index, column=column, value=row[key])
    workbook.save(path)


def _run(command: list[str]) -> tuple[float, float]:
    """Return the wall time and the peak resident memory (MB) of a command and all its processes."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 3):
        raise SystemExit(f"batch failed: {command}")
    return wall, usage.ru_maxrss / 1024


def main() -> None:
    all_cities = "--all-cities" in sys.argv
    arguments = [a for a in sys.argv[1:] if a != "--all-cities"]
    count = int(arguments[0]) if arguments else 1000
    jobs = int(arguments[1]) if len(arguments) > 1 else default_jobs()
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "firms.xlsx"
        synthetic_workbook(source, count, all_cities=all_cities)
        command = [sys.executable, "-m", "desktop", "batch", str(source), "--out", str(Path(folder) / "out")]
        command += ["--jobs", str(jobs), "--date", "2026-03-01"]
        wall, memory = _run(command)
        rerun_wall, rerun_memory = _run(command)
        packets = sum(1 for p in (Path(folder) / "out").iterdir() if p.is_dir())
    print(
        f"{count} firms{' of five cities' if all_cities else ''}, {jobs} jobs: {wall:.1f} s wall, {count / wall:.1f} firms/s ({packets} packets); "
        f"re-run with nothing changed {rerun_wall:.1f} s; peak memory of any batch process "
        f"{max(memory, rerun_memory):.0f} MB"
    )


if __name__ == "__main__":
    main()
