"""The command line of profile.md: ``calc``, ``catalog``, ``packet``, ``forms check``; bad input exits 2."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from desktop import __version__
from desktop.errors import CatalogError, InputError, OutputError, Problem, TemplateError

if TYPE_CHECKING:
    from desktop.catalog.loader import Catalog

# Each command imports what it needs when it runs: the window must not wait for the packet
# libraries, nor `--version` for the GUI.

EXIT_OK = 0
EXIT_BAD_INPUT = 2
EXIT_NOT_CONFIRMED = 3
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
    catalog = commands.add_parser(
        "catalog", help="列出政策目录：内置和添加的政策文件、年度指南及全部措施；添加或删除文件"
    )
    catalog.add_argument("--json", action="store_true", help="输出 JSON")
    catalog_commands = catalog.add_subparsers(dest="catalog_command", metavar="子命令")
    catalog_add = catalog_commands.add_parser(
        "add", help="检查并添加一份政策文件或年度指南 (YAML)；有任何问题则不安装"
    )
    catalog_add.add_argument("file", type=Path, help="政策文件或年度指南 (.yaml)")
    catalog_add.add_argument(
        "--yes", action="store_true", help="确认安装：文件改变已有年度或内置文件措施的金额时需要"
    )
    catalog_remove = catalog_commands.add_parser("remove", help="删除一份添加的政策文件或年度指南")
    catalog_remove.add_argument("name", help="文件名称(document 或 guide)或文件名")
    packet = commands.add_parser("packet", help="生成申报材料(申报书、申请表、承诺书、测算表、材料清单)")
    packet.add_argument("firm", type=Path, help="企业文件 (JSON)")
    packet.add_argument("--out", type=Path, required=True, help="输出文件夹")
    packet.add_argument("--date", type=_date, default=None, help="落款日期 YYYY-MM-DD(默认今天)")
    packet.add_argument(
        "--pdf",
        action="store_true",
        help="同时生成 PDF（自带表单由程序直接生成，自定义表单需要 LibreOffice）",
    )
    packet.add_argument(
        "--forms", type=Path, default=None, help="模板文件夹(默认：用户模板文件夹，其次内置模板)"
    )
    template = commands.add_parser("template", help="生成空白的批量申报工作簿(或由今年的工作簿生成明年的)")
    template.add_argument("--out", type=Path, required=True, help="工作簿文件 (.xlsx)")
    template.add_argument("--force", action="store_true", help="覆盖已存在的同名文件")
    template.add_argument(
        "--next-year",
        type=Path,
        default=None,
        metavar="今年的工作簿或输出文件夹",
        help="由今年的批量工作簿(或其输出文件夹)生成明年的：年度加 1，今年的数据作为上年数据，今年的奖励计入历史获奖",
    )
    batch = commands.add_parser(
        "batch",
        help="按工作簿(或企业文件夹)为每家企业生成申报材料、汇总和错误报告；"
        "batch check 工作簿 只检查不生成；batch export 工作簿 --row N 导出一行为企业文件",
    )
    batch.add_argument(
        "source", help="批量工作簿 (.xlsx/.ods/.csv) 或企业文件 (*.json) 所在文件夹；或 check、export"
    )
    batch.add_argument("file", nargs="?", type=Path, default=None, help="check/export 时：批量工作簿")
    batch.add_argument(
        "--out", type=Path, default=None, help="输出文件夹(check 时可选：写入错误报告；export 时：企业文件)"
    )
    batch.add_argument("--row", type=int, default=None, help="export 时：工作簿中的行号(同错误报告的“序号”)")
    batch.add_argument("--force", action="store_true", help="export 时覆盖已存在的企业文件")
    batch.add_argument("--jobs", type=int, default=None, help="并行进程数(默认：CPU 核数)")
    batch.add_argument("--date", type=_date, default=None, help="落款日期 YYYY-MM-DD(默认今天)")
    batch.add_argument("--compare-to", type=Path, default=None, help="上次的 汇总.xlsx：在汇总中列出金额变化")
    batch.add_argument("--forms", type=Path, default=None, help="模板文件夹")
    batch.add_argument(
        "--pdf",
        action="store_true",
        help="同时生成每家企业的申报材料和测算表的 PDF（自定义表单需要 LibreOffice）",
    )
    batch.add_argument(
        "--carry-awards",
        action="store_true",
        help="同一企业有多个业绩年度时，把较早年度的奖励(有核定金额用核定金额)计入较晚年度的历史获奖",
    )
    gui = commands.add_parser("gui", help="打开桌面程序(不带命令时也会打开)")
    gui.add_argument("firm", type=Path, nargs="?", default=None, help="要打开的企业文件")
    gui.add_argument("--self-test", action="store_true", help="显示主窗口、测算一次后退出(用于检查安装)")
    forms = commands.add_parser("forms", help="模板工具")
    forms_commands = forms.add_subparsers(dest="forms_command", metavar="子命令", required=True)
    check = forms_commands.add_parser(
        "check", help="检查模板：列出标签，查找拼写错误和被拆分的标签，并试填示例企业"
    )
    check.add_argument("folder", type=Path, nargs="?", default=None, help="模板文件夹(默认：正在使用的模板)")
    return parser


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"日期格式应为 YYYY-MM-DD：{text}") from exc


def _print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _calc(args: argparse.Namespace, catalog: Catalog) -> int:
    from desktop.engine import evaluate_firm
    from desktop.firm import load_firm
    from desktop.report import render_text, result_json

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
    from desktop.catalog.install import remove_file
    from desktop.report import catalog_json, render_catalog_text

    if args.catalog_command == "add":
        return _catalog_add(args, catalog)
    if args.catalog_command == "remove":
        sys.stdout.write(remove_file(args.name) + "\n")
        return EXIT_OK
    if args.json:
        _print_json(catalog_json(catalog))
    else:
        sys.stdout.write(render_catalog_text(catalog))
    return EXIT_OK


def _confirmed_at_terminal() -> bool:
    """Ask on the terminal whether to install; False when nobody is there to answer."""
    if not sys.stdin.isatty():
        return False
    sys.stderr.write("确认安装？输入 y 确认，其他任意键取消：")
    sys.stderr.flush()
    try:
        return sys.stdin.readline().strip().lower() in ("y", "yes", "是")
    except (OSError, KeyboardInterrupt):
        return False


def _catalog_add(args: argparse.Namespace, catalog: Catalog) -> int:
    """Check the file, show what it changes (rules, and the sample firms' awards), then install it;
    a change to a year already covered or to a bundled document's measure needs --yes."""
    from desktop.catalog.added import check_file
    from desktop.catalog.changes import preview
    from desktop.catalog.install import install
    from desktop.paths import samples_dir

    checked = check_file(args.file, catalog)
    item = checked.item
    shown = preview(item, catalog, sorted(samples_dir().glob("*.json")))
    out = sys.stdout
    out.write(f"{item.kind_label}《{item.name}》将带来以下变化：\n")
    out.write("".join(f"  {'!' if line in shown.to_confirm else '·'} {line}\n" for line in shown.lines))
    if shown.firms:
        out.write("示例企业的金额变化：\n" + "".join(f"  · {line}\n" for line in shown.firms))
    else:
        out.write("示例企业的金额：不变\n")
    if shown.needs_confirmation and not args.yes:
        out.write("标 ! 的变化改变已有年度或内置文件措施的规则，需要确认。\n")
        out.flush()
        if not _confirmed_at_terminal():
            sys.stderr.write(
                f"未安装：{args.file} 改变已有的奖励规则；核对以上变化无误后，加 --yes 重新运行：\n"
                f"  grant-desk catalog add --yes {args.file}\n"
            )
            return EXIT_NOT_CONFIRMED
    added = install(checked)
    out.write(f"已添加{added.kind_label}《{added.name}》：{added.path}\n")
    return EXIT_OK


def _packet(args: argparse.Namespace, catalog: Catalog) -> int:
    from desktop.engine import evaluate_firm
    from desktop.firm import load_firm
    from desktop.packet.files import sha256_file
    from desktop.packet.pdf import office_converter
    from desktop.packet.writer import write_packet

    firm = load_firm(args.firm, catalog)
    result = evaluate_firm(firm, catalog)
    if result.problems:
        raise InputError(str(args.firm), result.problems)
    day = args.date or date.today()
    written = write_packet(
        firm,
        result,
        catalog,
        args.out,
        day,
        sha256_file(args.firm),
        forms=args.forms,
        pdf=args.pdf,
        office=office_converter() if args.pdf else None,
    )
    sys.stdout.write(f"已生成 {written.folder}\n")
    for name in written.files:
        sys.stdout.write(f"  {name}\n")
    for name in written.kept:
        sys.stdout.write(f"  {name}  (您放入的文件，已保留)\n")
    for warning in written.warnings:
        sys.stderr.write(f"注意：{warning}\n")
    return EXIT_OK


def _template(args: argparse.Namespace, catalog: Catalog) -> int:
    from desktop.batch.template import write_template
    from desktop.os_errors import output_error

    firms = None
    if args.next_year is not None:
        from desktop.batch.consultant import next_year

        firms, left_out = next_year(args.next_year, catalog)
        for outcome in left_out:
            sys.stderr.write(f"⚠ 未转入明年的工作簿(本年数据有问题)：{outcome.label} {outcome.name}\n")
            sys.stderr.write("".join(f"    {p.where}：{p.message}\n" for p in outcome.problems))
    try:
        write_template(catalog, args.out, replace=args.force, firms=firms)
    except FileExistsError as exc:
        if args.out.is_dir():
            raise output_error(exc, args.out) from exc
        message = "文件已存在，未覆盖(其中可能已填好企业数据)；换一个文件名，或加 --force 覆盖"
        raise OutputError(str(args.out), [Problem("", message)]) from exc
    except OSError as exc:
        raise output_error(exc, args.out) from exc
    if firms is None:
        sys.stdout.write(f"已生成批量申报工作簿 {args.out}\n")
        return EXIT_OK
    years = sorted({data["year"] for data in firms})
    sys.stdout.write(
        f"已生成明年的批量申报工作簿 {args.out}：{len(firms)} 家企业，业绩年度 {'、'.join(map(str, years))}；"
        "请填写本年度的数据后再运行\n"
    )
    return EXIT_BAD_INPUT if left_out else EXIT_OK


def _batch_usage(message: str) -> int:
    sys.stderr.write(f"grant-desk batch: {message}\n")
    return EXIT_BAD_INPUT


def _batch_check(args: argparse.Namespace, catalog: Catalog) -> int:
    from desktop.batch.columns import field_label
    from desktop.batch.consultant import check_batch
    from desktop.batch.outcome import FAILED
    from desktop.batch.runner import EXIT_SOME_FAILED, write_check_report

    batch, outcomes = check_batch(args.file, catalog)
    for outcome in outcomes:
        for problem in outcome.problems:
            label = field_label(problem.field, catalog)
            sys.stdout.write(
                f"{problem.where}  {outcome.name or outcome.label}  {label + '：' if label else ''}{problem.message}\n"
            )
    for problem in batch.problems:
        sys.stdout.write(f"{problem.where}  {problem.message}\n")
    failed = sum(1 for outcome in outcomes if outcome.state == FAILED)
    sys.stdout.write(
        f"共 {len(outcomes)} 家：检查通过 {len(outcomes) - failed}，有问题 {failed}(未生成任何材料)\n"
    )
    if args.out is not None:
        path, notes = write_check_report(args.out, batch, outcomes, catalog)
        sys.stdout.write(f"错误报告：{path}\n" + "".join(f"注意：{note}\n" for note in notes))
    return EXIT_SOME_FAILED if failed or batch.problems else EXIT_OK


def _batch_export(args: argparse.Namespace, catalog: Catalog) -> int:
    from desktop.batch.consultant import export_row
    from desktop.firm import dumps_firm
    from desktop.os_errors import output_error
    from desktop.packet.files import safe_name, write_bytes_atomic

    if args.row is None:
        return _batch_usage("export 需要 --row N(工作簿中的行号)")
    firm = export_row(args.file, args.row, catalog)
    target = args.out or Path(f"{safe_name(firm.firm.name)}_{firm.year}.json")
    try:
        write_bytes_atomic(target, dumps_firm(firm).encode("utf-8"), replace=args.force)
    except FileExistsError as exc:
        message = "文件已存在，未覆盖；换一个文件名，或加 --force 覆盖"
        raise OutputError(str(target), [Problem("", message)]) from exc
    except OSError as exc:
        raise output_error(exc, target) from exc
    sys.stdout.write(f"已导出第 {args.row} 行的企业：{target}(可在程序中打开)\n")
    return EXIT_OK


def _batch(args: argparse.Namespace, catalog: Catalog) -> int:
    from desktop.batch.outcome import FAILED, GENERATED, NOT_RUN, SKIPPED
    from desktop.batch.progress import TerminalProgress
    from desktop.batch.runner import default_jobs, run_batch
    from desktop.batch.termination import BatchTerminated

    if args.source in ("check", "export") and args.file is not None:
        return _batch_check(args, catalog) if args.source == "check" else _batch_export(args, catalog)
    if args.file is not None:
        return _batch_usage(f"多余的参数 {args.file}(子命令只有 check 和 export)")
    if args.out is None:
        return _batch_usage("需要 --out 输出文件夹")
    try:
        report = run_batch(
            Path(args.source),
            args.out,
            args.date or date.today(),
            jobs=args.jobs or default_jobs(),
            compare_to=args.compare_to,
            progress=TerminalProgress(),
            forms=args.forms,
            pdf=args.pdf,
            carry_awards=args.carry_awards,
        )
    except BatchTerminated as stop:
        sys.stderr.write(
            f"\n批量处理已被终止（{stop.signal_name}）：已生成的企业材料保留；汇总和错误报告未写出"
            "(上次的汇总已换成“未完成”说明)；再次运行同一命令会跳过已完成的企业，继续其余企业。\n"
        )
        return stop.exit_status
    counts = {state: report.count(state) for state in (GENERATED, SKIPPED, FAILED, NOT_RUN)}
    sys.stdout.write(
        f"共 {len(report.outcomes)} 家：生成 {counts[GENERATED]}，未变化跳过 {counts[SKIPPED]}，失败 {counts[FAILED]}"
        f"，用时 {report.seconds:.1f} 秒\n汇总：{report.summary}\n错误报告：{report.error_report}\n"
    )
    services = sum(1 for outcome in report.outcomes if outcome.services_only)
    if services:
        sys.stdout.write(
            f"其中 {services} 家没有可申报金额的措施，材料是一页政策服务清单(汇总的“材料”一列)\n"
        )
    for note in report.notes:
        sys.stdout.write(f"注意：{note}\n")
    return report.exit_status


def _forms_check(args: argparse.Namespace, catalog: Catalog) -> int:
    from desktop.packet.check import check_forms

    reports = check_forms(catalog, args.folder)
    for report in reports:
        mark = "✗" if report.problems else "✓"
        where = report.path or ("(由程序生成，不使用模板)" if report.name.endswith(".xlsx") else "(未找到)")
        sys.stdout.write(f"{mark} {report.name}  {where}\n")
        if report.tags:
            sys.stdout.write(f"    标签({len(report.tags)})：{'  '.join(report.tags)}\n")
        for problem in report.problems:
            sys.stdout.write(f"    ✗ {problem}\n")
        for warning in report.warnings:
            sys.stdout.write(f"    ⚠ {warning}\n")
    return EXIT_BAD_INPUT if any(report.problems for report in reports) else EXIT_OK


def _warn_skipped(catalog: Catalog) -> None:
    """Say on stderr which added files were skipped, so a broken one never goes unnoticed."""
    for error in catalog.skipped:
        sys.stderr.write(f"⚠ 已跳过用户政策目录中的文件 {error.source}：\n")
        sys.stderr.write("".join(f"    {problem}\n" for problem in error.problems))


def parse(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Return the parsed command line (argparse exits 2 with a usage message on a bad one)."""
    return _parser().parse_args(argv)


def wants_window(args: argparse.Namespace) -> bool:
    """Return True when the command line asks for the desktop program (no command, or ``gui``)."""
    return args.command in (None, "gui") and not args.version


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command of the command line; return the process exit status.

    The desktop program is started by ``desktop.app``, which owns the choice between the two.
    """
    return run_command(parse(argv))


def run_command(args: argparse.Namespace) -> int:
    """Run a parsed command other than the window; return the process exit status."""
    if wants_window(args):
        _parser().print_help()
        return EXIT_OK
    try:
        from desktop.catalog.added import catalog_in_use

        catalog = catalog_in_use()
        _warn_skipped(catalog)
        if args.version:
            sys.stdout.write(f"CBEC Grant Desk {__version__} · 政策目录 {catalog.version}\n")
            return EXIT_OK
        if args.command == "calc":
            return _calc(args, catalog)
        if args.command == "catalog":
            try:
                return _catalog(args, catalog)
            except CatalogError as exc:
                sys.stderr.write("政策文件未安装/未删除，原因：\n" + "\n".join(exc.lines()) + "\n")
                return EXIT_BAD_INPUT
        if args.command == "packet":
            return _packet(args, catalog)
        if args.command == "template":
            return _template(args, catalog)
        if args.command == "batch":
            return _batch(args, catalog)
        if args.command == "forms":
            return _forms_check(args, catalog)
    except (InputError, TemplateError, OutputError) as exc:
        sys.stderr.write("\n".join(exc.lines()) + "\n")
        return EXIT_BAD_INPUT
    except CatalogError as exc:
        sys.stderr.write("政策目录有误，无法继续：\n" + "\n".join(exc.lines()) + "\n")
        return EXIT_CATALOG
    return EXIT_OK
