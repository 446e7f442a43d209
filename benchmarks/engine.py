"""Benchmark: evaluate many generated firms on one core and print firm evaluations per second.

Usage: python benchmarks/engine.py [N [REPEATS]]   (default 20000 firms, 5 runs)
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from decimal import Decimal

from desktop.catalog import bundled_catalog
from desktop.catalog.model import FactKind
from desktop.engine import evaluate_firm
from desktop.firm import parse_firm

CODES = {
    "chengdu": "91510100MA6CDRM0TN",
    "deyang": "91510600MA6DYMN0P6",
    "mianyang": "91510700MA6MYKJ0QX",
    "lianyungang": "91320700MA1LYGX0KC",
    "suzhou": "91320500MA1HHB00RF",
}


def generated_firms(count: int, seed: int = 7) -> list:
    """Return ``count`` random valid firms across every city, with random subsets of facts."""
    catalog = bundled_catalog()
    rng = random.Random(seed)
    enterable = {k: f for k, f in catalog.facts.items() if not f.derived}
    firms = []
    for index in range(count):
        city = rng.choice(list(CODES))
        facts: dict[str, object] = {}
        for key, definition in enterable.items():
            if rng.random() < 0.3:
                continue
            if definition.kind is FactKind.BOOL:
                facts[key] = rng.random() < 0.5
            elif definition.kind is FactKind.ENUM:
                facts[key] = rng.choice(list(definition.choices))
            else:
                facts[key] = str(Decimal(rng.randrange(0, 800_000_000)))
        data = {
            "schema_version": 1,
            "firm": {
                "name": f"基准测试企业{index}",
                "credit_code": CODES[city],
                "city": city,
                "established": "2024-03-01",
                "roles": rng.sample(list(catalog.roles), rng.randint(0, 2)),
            },
            "year": rng.choice([2024, 2025, 2026]),
            "facts": facts,
            "history": [{"measure": "CD-6", "year": 2025, "amount": "300000"}] if rng.random() < 0.2 else [],
        }
        firms.append(parse_firm(data, catalog))
    return firms


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    catalog = bundled_catalog()
    firms = generated_firms(count)
    rates = []
    for _ in range(repeats):
        start = time.perf_counter()
        for firm in firms:
            evaluate_firm(firm, catalog)
        rates.append(count / (time.perf_counter() - start))
    rates.sort()
    print(
        f"{count} generated firms x {repeats} runs on one core: "
        f"best {rates[-1]:,.0f}, median {statistics.median(rates):,.0f}, worst {rates[0]:,.0f} "
        "firm evaluations per second"
    )


if __name__ == "__main__":
    main()
