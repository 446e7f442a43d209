"""The command line of profile.md: ``calc`` and ``catalog``; bad input exits 2 with one line per problem."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from desktop import __version__
from desktop.catalog.loader import Catalog, bundled_catalog
from desktop.engine import evaluate_firm
from desktop.errors import CatalogError, InputError
from desktop.firm import load_firm
from desktop.report import catalog_json, render_catalog_text, render_text, result_json

EXIT_OK = 0
EXIT_BAD_INPUT = 2
EXIT_CATALOG = 4


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="grant-desk",
        description="跨境电商政策申报助手 CBEC Grant Desk：判断适用政策、测算奖励金额。",
    )
    parser.add_argument("--version", action="store_true", help="显示程序和政策目录版本")
    commands = parser.add_subparsers(dest="command", metavar="命令")
    calc = commands.add_parser("calc", help="测算企业文件适用的全部措施和金额")
    calc.add_argument("firm", type=Path, help="企业文件 (JSON)")
    calc.add_argument("--json", action="store_true", help="输出 JSON")
    catalog = commands.add_parser("catalog", help="列出政策目录中的全部措施")
    catalog.add_argument("--json", action="store_true", help="输出 JSON")
    return parser


def _print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _calc(args: argparse.Namespace, catalog: Catalog) -> int:
    firm = load_firm(args.firm, catalog)
    result = evaluate_firm(firm, catalog)
    if result.problems:
        raise InputError(str(args.firm), result.problems)
    if args.json:
        _print_json(result_json(firm, result, catalog))
    else:
        sys.stdout.write(render_text(firm, result, catalog))
    return EXIT_OK


def _catalog(args: argparse.Namespace, catalog: Catalog) -> int:
    if args.json:
        _print_json(catalog_json(catalog))
    else:
        sys.stdout.write(render_catalog_text(catalog))
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        catalog = bundled_catalog()
        if args.version:
            sys.stdout.write(f"CBEC Grant Desk {__version__} · 政策目录 {catalog.version}\n")
            return EXIT_OK
        if args.command == "calc":
            return _calc(args, catalog)
        if args.command == "catalog":
            return _catalog(args, catalog)
    except InputError as exc:
        sys.stderr.write("\n".join(exc.lines()) + "\n")
        return EXIT_BAD_INPUT
    except CatalogError as exc:
        sys.stderr.write("政策目录有误，无法继续：\n" + "\n".join(exc.lines()) + "\n")
        return EXIT_CATALOG
    parser.print_help()
    return EXIT_OK
