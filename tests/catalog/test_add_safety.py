"""`catalog add` from others: nothing changes money without the user seeing and agreeing, figures agree
with their quotes, reading is bounded, installs are atomic and an interrupted one is recoverable,
whole-file mistakes are one line, and each added file says who added it and when."""

from __future__ import annotations

import json
import os
import shutil
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from desktop.catalog.added import catalog_in_use
from desktop.catalog.figures import chinese_number, disagreements, figures_in
from desktop.catalog.loader import bundled_catalog
from desktop.cli import main
from desktop.paths import catalog_dir, user_catalog_dir
from tests.limited import grant_desk, run_limited

FILES = Path(__file__).resolve().parent.parent / "catalog_files"
SUCCESSOR = FILES / "chengdu_2026.yaml"
GUIDE = FILES / "lianyungang_2025_guide.yaml"
CD3B_QUOTE = (
    "支持企业运用跨境电商赋能产业出海,按照“四川造”跨境电商出口交易额的3%给予奖励,单个企业不超过100万元。"
)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _installed() -> list[str]:
    folder = user_catalog_dir()
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def _notice(folder: Path, rate: str, quote_rate: str, cap: str = "100万") -> Path:
    """A 补充通知 for chengdu from 2023-02-15 (after the bundled document's 2023-02-14) changing CD-3B,
    as the attack wrote it."""
    quote = CD3B_QUOTE.replace("3%", quote_rate).replace("100万元", cap + "元")
    text = (
        "jurisdiction: chengdu\nname: 成都市\nname_en: Chengdu\n"
        "document: 关于调整“四川造”出口奖励的补充通知\nvalid_from: 2023-02-15\nmeasures:\n"
        "  - id: CD-3B\n    title: “四川造”跨境电商出口\n    title_en: Sichuan-made CBEC exports\n"
        f"    clause: 一、\n    quote: {quote}\n    matter: cd-3b-sichuan-made\n"
        "    conditions: [{fact: sichuan_made_export, wording: 超过, threshold: 0}]\n"
        f"    award: {{kind: rate, rate: {rate}, base: sichuan_made_export, cap: {cap},\n"
        "            exclude_base_of: [CD-3C], exclude_fact: sichuan_made_export_programme}\n"
    )
    path = folder / "补充通知.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# Figures and quotes


def test_every_bundled_award_states_only_figures_its_quote_holds() -> None:
    catalog = bundled_catalog()
    assert [str(p) for m in catalog.measures.values() for p in disagreements(m)] == []


@pytest.mark.parametrize(
    ("text", "rates", "amounts"),
    [
        ("按交易额的3%给予奖励,单个企业不超过100万元", {"0.03"}, {"1000000"}),
        ("给予一次性奖励三百万元，按费用的百分之五十", {"0.5"}, {"3000000"}),
        ("分别给予50万元、200万元、2亿元；1.5%", {"0.015"}, {"500000", "2000000", "200000000"}),
        ("ＧＭＶ超过１００亿美元，补贴１０％", {"0.1"}, {"10000000000"}),
        ("面积达到3000平方米、1210模式、2023年", set(), set()),
        ("奖励1,000万元，千分之五", {"0.005"}, {"10000000"}),
    ],
)
def test_figures_a_quote_states(text: str, rates: set[str], amounts: set[str]) -> None:
    found = figures_in(text)
    assert found.rates == {Decimal(rate) for rate in rates}
    assert found.amounts == {Decimal(amount) for amount in amounts}


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("十", 10),
        ("三百", 300),
        ("一千五百万", 15_000_000),
        ("两亿", 200_000_000),
        ("一亿零五百万", 105_000_000),
    ],
)
def test_chinese_numerals(numeral: str, value: int) -> None:
    assert chinese_number(numeral) == value


def test_notice_raising_cd3b_above_its_quote_is_refused_naming_both(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = _run(capsys, "catalog", "add", "--yes", str(_notice(tmp_path, "100%", "3%")))
    assert code == 2
    assert "措施 CD-3B 字段 award.rate: 100% 不在引文中(quote 写的是：3%)" in err
    assert _installed() == []


# Showing what changes, and confirming it


def test_notice_changing_past_years_shows_the_sample_firms_awards_and_needs_yes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    notice = _notice(tmp_path, "100%", "100%", cap="1000万")
    code, out, err = _run(capsys, "catalog", "add", str(notice))
    assert code == 3 and _installed() == []
    assert (
        "CD-3B “四川造”跨境电商出口：2023–2025 年 3% × “四川造”跨境电商出口交易额，单个企业上限 100万元 → 100%"
        in out
    )
    assert (
        "成都蓉贸跨境科技有限公司(2025 业绩年度)：CD-3B 990,000 元 → 10,000,000 元；合计 3,590,000 → 12,600,000 元"
        in out
    )
    assert "需要确认" in out and "  ! CD-3B “四川造”跨境电商出口：2023–2025 年" in out
    assert "未安装" in err and f"catalog add --yes {notice}" in err

    code, out, _ = _run(capsys, "catalog", "add", "--yes", str(notice))
    assert code == 0 and "已添加政策文件《关于调整“四川造”出口奖励的补充通知》" in out
    assert len(_installed()) == 1


def test_a_guide_needs_confirmation_and_a_terminal_answer_gives_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _run(capsys, "catalog", "add", str(GUIDE))[0] == 3
    assert _installed() == []

    class Terminal:
        def __init__(self, answer: str) -> None:
            self.answer = answer

        def isatty(self) -> bool:
            return True

        def readline(self) -> str:
            return self.answer

    monkeypatch.setattr(sys, "stdin", Terminal("n\n"))
    assert _run(capsys, "catalog", "add", str(GUIDE))[0] == 3
    monkeypatch.setattr(sys, "stdin", Terminal("y\n"))
    code, out, err = _run(capsys, "catalog", "add", str(GUIDE))
    assert code == 0 and "确认安装？" in err
    assert "连云港晶彩跨境电子商务有限公司(2025 业绩年度)：LYG-01 最高 50,000 元 → 30,000 元" in out


def test_a_new_city_changes_nothing_already_relied_on_and_installs_at_once(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = (
        "jurisdiction: huaian\nname: 淮安市\nname_en: Huai'an\ndocument: 淮安市跨境电商扶持办法(示例)\n"
        "valid_from: 2026-01-01\nvalid_to: 2027-12-31\n"
        "cities:\n  huaian: {name: 淮安市, name_en: Huai'an, reaches: [huaian]}\n"
        "measures:\n  - id: HA-1\n    title: 出口奖励\n    title_en: Export award\n    clause: 第一条\n"
        "    quote: 出口额超过1000万元的企业给予一次性奖励10万元\n    matter: ha-1\n"
        "    conditions: [{fact: cbec_transaction, wording: 超过, threshold: 1000万}]\n"
        "    award: {kind: fixed, amount: 10万}\n"
    )
    (tmp_path / "huaian.yaml").write_text(text, encoding="utf-8")
    code, out, _ = _run(capsys, "catalog", "add", str(tmp_path / "huaian.yaml"))
    assert code == 0, out
    assert "新增城市：淮安市" in out and "示例企业的金额：不变" in out and "需要确认" not in out


def test_the_listing_says_who_added_each_file_and_when(capsys: pytest.CaptureFixture[str]) -> None:
    from desktop.catalog.install import current_user

    assert _run(capsys, "catalog", "add", "--yes", str(GUIDE))[0] == 0
    out = _run(capsys, "catalog")[1]
    line = next(line for line in out.splitlines() if "[用户添加]" in line)
    assert f"· {current_user()} 于 20" in line and " 添加 · " in line
    listing = json.loads(_run(capsys, "catalog", "--json")[1])
    added = next(f for f in listing["files"] if f["origin"] == "用户添加")
    assert added["added_by"] == current_user() and added["added_at"][:2] == "20"
    bundled = next(f for f in listing["files"] if f["origin"] == "内置")
    assert "added_by" not in bundled


# Whole-file mistakes


def test_copy_of_the_bundled_chengdu_without_jurisdiction_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = (catalog_dir() / "chengdu.yaml").read_text(encoding="utf-8")
    text = text.replace("valid_from: 2023-02-14", "valid_from: 2026-01-01").replace(
        "valid_to: 2025-12-31", "valid_to: 2028-12-31"
    )
    (tmp_path / "成都2026.yaml").write_text(text, encoding="utf-8")
    code, _, err = _run(capsys, "catalog", "add", str(tmp_path / "成都2026.yaml"))
    problems = err.strip().splitlines()[1:]
    assert code == 2 and len(problems) == 1, err
    assert (
        "缺少字段 jurisdiction" in problems[0]
        and "CD-1、CD-2A、CD-2B 等 16 项 属于辖区 成都市(chengdu)" in problems[0]
    )
    assert "jurisdiction: chengdu" in problems[0]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("", "文件是空的"),
        ("- a\n- b\n", "顶层应为键值表"),
        ('{"schema_version": 1, "firm": {}, "year": 2025, "facts": {}}', "这是企业文件"),
        (
            "name: 成都市\nvalid_from: 2026-01-01\n",
            "缺少字段 document(政策文件的名称)或 guide(年度指南的名称)",
        ),
    ],
)
def test_a_file_that_is_no_document_or_guide_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str, words: str
) -> None:
    (tmp_path / "x.yaml").write_text(content, encoding="utf-8")
    code, _, err = _run(capsys, "catalog", "add", str(tmp_path / "x.yaml"))
    assert code == 2 and len(err.strip().splitlines()) == 2 and words in err, err


@pytest.mark.parametrize(
    ("content", "place", "words"),
    [
        ("document: 成都: 2026 年\n", "第 1 行第 13 列", "冒号后要加空格"),
        ("document: x\nmeasures:\n\t- id: A\n", "第 3 行第 1 列", "Tab 缩进"),
        ("document: '成都\n", "第 2 行第 1 列", "引号或括号没有配对"),
        ("document: x\nmeasures:\n  - id: A\n title: y\n", "第 4 行第 2 列", "缩进不一致"),
    ],
)
def test_a_yaml_mistake_is_told_in_chinese_with_line_and_column(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str, place: str, words: str
) -> None:
    (tmp_path / "政策.yaml").write_text(content, encoding="utf-8")
    code, _, err = _run(capsys, "catalog", "add", str(tmp_path / "政策.yaml"))
    assert code == 2 and "政策.yaml" in err and place in err and words in err, err
    assert "不是有效的 YAML" in err and len(err.strip().splitlines()) == 2, err


# Reading is bounded


def _successor_with_source(folder: Path) -> Path:
    text = SUCCESSOR.read_text(encoding="utf-8")
    (folder / "chengdu_2026.yaml").write_text(text, encoding="utf-8")
    return folder / "chengdu_2026.yaml"


@pytest.mark.parametrize("kind", ["link to /dev/zero", "named pipe", "link to the real text", "too large"])
def test_source_text_must_be_a_small_regular_file(tmp_path: Path, kind: str) -> None:
    path = _successor_with_source(tmp_path)
    source = tmp_path / "chengdu_2026.txt"
    if kind == "link to /dev/zero":
        source.symlink_to("/dev/zero")
    elif kind == "named pipe":
        os.mkfifo(source)
    elif kind == "link to the real text":
        source.symlink_to(FILES / "chengdu_2026.txt")
    else:
        with source.open("wb") as stream:
            stream.truncate(20_000_001)  # sparse: no disk used
    done = grant_desk("catalog", "add", "--yes", str(path), memory=400_000_000, seconds=30)
    assert done.returncode == 2, done.stderr
    assert "字段 source: 原文文件 chengdu_2026.txt" in done.stderr and "Traceback" not in done.stderr
    expected = {"named pipe": "是命名管道", "too large": "超过 20 MB"}.get(kind, "是链接")
    assert expected in done.stderr
    assert _installed() == []


@pytest.mark.parametrize("kind", ["named pipe", "device"])
def test_the_file_itself_must_be_a_regular_file(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "x.yaml"
    if kind == "named pipe":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    done = grant_desk("catalog", "add", str(path), memory=400_000_000, seconds=30)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert ("是命名管道" if kind == "named pipe" else "是设备") in done.stderr


# Atomic install; an interrupted one recovers

KILLED_WHILE_INSTALLING = """
import os, sys
from pathlib import Path
import desktop.catalog.install as install
calls = []
real = install._write_new
def write_then_die(path, data):
    real(path, data)
    calls.append(path)
    if len(calls) == int(sys.argv[2]):
        os._exit(9)
install._write_new = write_then_die
install.add_file(Path(sys.argv[1]))
"""


@pytest.mark.parametrize("writes", [1, 2, 3])
def test_an_add_killed_midway_installs_nothing_and_catalog_remove_clears_it(
    capsys: pytest.CaptureFixture[str], writes: int
) -> None:
    done = run_limited(KILLED_WHILE_INSTALLING, str(SUCCESSOR), str(writes), seconds=60)
    assert done.returncode == 9, done.stderr
    catalog = catalog_in_use()
    assert all(f.origin == "内置" for f in catalog.files)  # nothing half-installed is in use
    [skipped] = catalog.skipped
    assert "添加《chengdu_2026》时被中断，未安装；用 catalog remove chengdu_2026 清除" in str(skipped)
    assert "添加《chengdu_2026》时被中断" in _run(capsys, "catalog")[1]

    code, out, _ = _run(capsys, "catalog", "remove", "chengdu_2026")
    assert code == 0 and "已清除未完成的添加：chengdu_2026" in out
    assert _installed() == []
    assert _run(capsys, "catalog", "add", "--yes", str(SUCCESSOR))[0] == 0
    assert _installed() == ["chengdu_2026"]


def test_adding_again_after_an_interrupted_add_just_works(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_limited(KILLED_WHILE_INSTALLING, str(SUCCESSOR), "2").returncode == 9
    assert _run(capsys, "catalog", "add", "--yes", str(SUCCESSOR))[0] == 0
    assert _installed() == ["chengdu_2026"] and not catalog_in_use().skipped


def test_a_source_text_left_by_an_older_version_is_removable_and_blocks_nothing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = user_catalog_dir()
    folder.mkdir(parents=True)
    shutil.copy(FILES / "chengdu_2026.txt", folder)  # the older flat layout, killed before the YAML
    assert "chengdu_2026.txt" in str(catalog_in_use().skipped[0])
    assert _run(capsys, "catalog", "add", "--yes", str(SUCCESSOR))[0] == 0
    code, out, _ = _run(capsys, "catalog", "remove", "chengdu_2026.txt")
    assert code == 0 and "已清除未完成的添加：chengdu_2026.txt" in out
    assert _installed() == ["chengdu_2026"]


def test_what_is_installed_is_what_was_checked(tmp_path: Path) -> None:
    from desktop.catalog.added import check_file
    from desktop.catalog.install import install

    path = _successor_with_source(tmp_path)
    shutil.copy(FILES / "chengdu_2026.txt", tmp_path)
    checked = check_file(path, catalog_in_use())
    path.write_text("document: 换过的内容\n", encoding="utf-8")  # changed between check and install
    (tmp_path / "chengdu_2026.txt").write_text("换过的原文", encoding="utf-8")
    item = install(checked)
    assert item.path.read_bytes() == SUCCESSOR.read_bytes()
    assert (item.path.parent / "chengdu_2026.txt").read_bytes() == (FILES / "chengdu_2026.txt").read_bytes()


def test_removing_an_added_file_keeps_what_the_user_put_beside_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(capsys, "catalog", "add", "--yes", str(SUCCESSOR))[0] == 0
    own = user_catalog_dir() / "chengdu_2026"
    (own / "我的笔记.txt").write_text("备注", encoding="utf-8")
    assert _run(capsys, "catalog", "remove", "chengdu_2026")[0] == 0
    assert sorted(p.name for p in own.iterdir()) == ["我的笔记.txt"]
