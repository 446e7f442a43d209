"""Documents over time and annual guides added by users: the engine's choice per year, `catalog add`,
`catalog remove`, the listing, refused files and a corrupt file in the user folder."""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from desktop.catalog.added import catalog_in_use, read_added, with_added
from desktop.catalog.install import add_file
from desktop.catalog.loader import bundled_catalog
from desktop.cli import main
from desktop.engine import evaluate_firm
from desktop.errors import CatalogError
from desktop.firm import parse_firm
from desktop.paths import user_catalog_dir
from tests.conftest import PROJECT_ROOT, firm_data

FILES = Path(__file__).resolve().parent.parent / "catalog_files"
SUCCESSOR = FILES / "chengdu_2026.yaml"
GUIDE = FILES / "lianyungang_2025_guide.yaml"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _calc(capsys: pytest.CaptureFixture[str], tmp_path: Path, data: dict[str, Any]) -> dict[str, Any]:
    path = tmp_path / f"firm_{data['firm']['city']}_{data['year']}.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, out, err = _run(capsys, "calc", "--json", str(path))
    assert code == 0, err
    return {m["id"]: m for m in json.loads(out)["measures"]}


def _chengdu(year: int) -> dict[str, Any]:
    return firm_data("chengdu", year=year, facts={"sichuan_made_export": "10000000"})


def _lianyungang(year: int) -> dict[str, Any]:
    facts = {
        "exhibition_costs": "100000",
        "lyg_first_cbec_scale_met": True,
        "benchmark_list_first_entry": True,
    }
    return firm_data("lianyungang", year=year, facts=facts)


def test_successor_document_changes_cd3b_for_2026_while_2025_keeps_the_old_rate(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    before_2025 = _calc(capsys, tmp_path, _chengdu(2025))["CD-3B"]
    assert before_2025["award"] == "300000"
    assert _calc(capsys, tmp_path, _chengdu(2026))["CD-3B"]["status"] == "not_in_force"

    assert _run(capsys, "catalog", "add", "--yes", str(SUCCESSOR))[0] == 0

    old = _calc(capsys, tmp_path, _chengdu(2025))
    assert old["CD-3B"] == before_2025
    assert old["CD-3B"]["document"] == "成都市推动跨境电商高质量发展政策措施"
    new = _calc(capsys, tmp_path, _chengdu(2026))
    assert new["CD-3B"]["status"] == "eligible"
    assert new["CD-3B"]["award"] == "200000"  # 2% of 1000万, the successor's rate
    assert new["CD-3B"]["document"] == "成都市跨境电商高质量发展若干政策措施(2026-2028年)(示例)"
    assert new["CD-1"]["status"] == "not_in_force"  # not continued: out of force with its old document
    assert new["CD-10"]["status"] == "needs_input"  # new in the successor

    path = tmp_path / "cd2026.json"
    path.write_text(json.dumps(_chengdu(2026), ensure_ascii=False), encoding="utf-8")
    _code, out, _ = _run(capsys, "calc", str(path))
    assert (
        "依据《成都市跨境电商高质量发展若干政策措施(2026-2028年)(示例)》二、支持企业运用跨境电商转型发展"
        in out
    )


def test_history_and_one_off_follow_the_id_into_the_successor(tmp_path: Path) -> None:
    add_file(SUCCESSOR)
    catalog = catalog_in_use()
    data = _chengdu(2026)
    data["facts"]["overseas_warehouse_area"] = "6000"
    data["history"] = [
        {"measure": "CD-3B", "year": 2026, "amount": "50000"},
        {"measure": "CD-10", "year": 2025, "amount": "500000"},
    ]
    result = evaluate_firm(parse_firm(data, catalog), catalog)
    assert result.get("CD-3B").award == 150000  # 2% of 1000万 = 20万, less the 5万 already paid this year
    assert result.get("CD-10").status.value == "ineligible"


def test_later_valid_from_wins_when_two_documents_are_in_force(tmp_path: Path) -> None:
    text = SUCCESSOR.read_text(encoding="utf-8").replace("valid_from: 2026-01-01", "valid_from: 2025-07-01")
    (tmp_path / "chengdu_2026.txt").write_bytes((FILES / "chengdu_2026.txt").read_bytes())
    (tmp_path / "chengdu_2026.yaml").write_text(text, encoding="utf-8")
    add_file(tmp_path / "chengdu_2026.yaml")
    catalog = catalog_in_use()
    result = evaluate_firm(parse_firm(_chengdu(2025), catalog), catalog).get("CD-3B")
    assert result.document == "成都市跨境电商高质量发展若干政策措施(2026-2028年)(示例)"
    assert result.award == 200000
    assert any("2025-07-01 起施行" in note for note in result.notes)


def test_lianyungang_guide_fixes_rate_and_amount_for_2025_only(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    before = _calc(capsys, tmp_path, _lianyungang(2025))
    assert before["LYG-05"]["up_to"] and before["LYG-05"]["award"] == "70000"
    assert before["LYG-01"]["up_to"] and before["LYG-01"]["award"] == "50000"

    assert _run(capsys, "catalog", "add", "--yes", str(GUIDE))[0] == 0

    after = _calc(capsys, tmp_path, _lianyungang(2025))
    name = "连云港市2025年度跨境电商发展专项资金申报指南(示例)"
    assert after["LYG-05"]["award"] == "50000" and after["LYG-05"]["up_to"] is False
    assert after["LYG-01"]["award"] == "30000" and after["LYG-01"]["up_to"] is False
    for measure_id in ("LYG-05", "LYG-01", "LYG-04"):
        assert after[measure_id]["guide"] == name
        assert after[measure_id]["deadline"] == "2026-03-31"
    assert after["LYG-04"]["status"] == "ineligible"
    assert any("标杆企业遴选暂停" in reason for reason in after["LYG-04"]["reasons"])
    assert any("当年跨境电商交易额达到200万元" in reason for reason in after["LYG-01"]["reasons"])
    # Not listed: the document's ceiling stands, but the guide is the year's call, so its window holds
    same = ("status", "award", "up_to", "ceiling", "counted")
    assert [after["LYG-03"][k] for k in same] == [before["LYG-03"][k] for k in same]
    assert after["LYG-03"]["guide"] == name and after["LYG-03"]["deadline"] == "2026-03-31"
    assert after["LYG-14"]["guide"] is None  # support without an amount is no part of the money call

    path = tmp_path / "lyg.json"
    path.write_text(json.dumps(_lianyungang(2025), ensure_ascii=False), encoding="utf-8")
    out = _run(capsys, "calc", str(path))[1]
    lyg05 = out[out.index("LYG-05") : out.index("LYG-06")]
    assert "(最高)" not in lyg05.splitlines()[0]
    assert f"年度指南《{name}》" in lyg05 and "截止 2026-03-31" in lyg05

    untouched = _calc(capsys, tmp_path, _lianyungang(2026))
    assert untouched["LYG-05"]["up_to"] and untouched["LYG-05"]["award"] == "70000"
    assert untouched["LYG-01"]["up_to"] and untouched["LYG-01"]["award"] == "50000"
    assert untouched["LYG-04"]["status"] == "eligible"
    assert untouched["LYG-05"]["guide"] is None and untouched["LYG-05"]["deadline"] is None


def test_catalog_lists_bundled_and_added_files_with_validity_and_origin(
    capsys: pytest.CaptureFixture[str],
) -> None:
    add_file(SUCCESSOR)
    add_file(GUIDE)
    code, out, _ = _run(capsys, "catalog")
    assert code == 0
    assert (
        "[内置] 政策文件《成都市推动跨境电商高质量发展政策措施》 成都市 有效期 2023-02-14 至 2025-12-31"
        in out
    )
    assert (
        "[用户添加] 政策文件《成都市跨境电商高质量发展若干政策措施(2026-2028年)(示例)》 成都市 有效期 2026-01-01 至 2028-12-31"
        in out
    )
    assert (
        "[用户添加] 年度指南《连云港市2025年度跨境电商发展专项资金申报指南(示例)》 连云港市 2025 业绩年度 申报时间 2026-03-01 至 2026-03-31"
        in out
    )
    listing = json.loads(_run(capsys, "catalog", "--json")[1])
    origins = {f["name"]: f["origin"] for f in listing["files"]}
    assert origins["连云港市2025年度跨境电商发展专项资金申报指南(示例)"] == "用户添加"
    assert all(len(f["sha256"]) == 64 for f in listing["files"])
    assert sum(1 for m in listing["measures"] if m["id"] == "CD-3B") == 2  # both documents listed


def _broken_cases() -> list[Any]:
    path = PROJECT_ROOT / "tests" / "bad_inputs" / "added_files.yaml"
    return [pytest.param(case, id=case["name"]) for case in yaml.safe_load(path.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("case", _broken_cases())
def test_broken_file_is_refused_with_its_message_and_nothing_installed(
    case: dict[str, Any], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    shutil.copy(FILES / "chengdu_2026.txt", tmp_path)
    text = (FILES / case["file"]).read_text(encoding="utf-8")
    assert case["find"] in text, "the edit no longer matches the file"
    target = tmp_path / case["file"]
    target.write_text(text.replace(case["find"], case["replace"], 1), encoding="utf-8")
    code, _out, err = _run(capsys, "catalog", "add", str(target))
    assert code == 2
    assert str(target) in err
    for word in case["words"]:
        assert word in err, err
    if "lines" in case:  # a whole-file mistake is said once, not once per measure
        assert len(err.strip().splitlines()) == 1 + case["lines"], err
    assert not user_catalog_dir().exists() or not any(user_catalog_dir().iterdir())


def test_every_problem_of_a_file_is_reported_at_once(tmp_path: Path) -> None:
    shutil.copy(FILES / "chengdu_2026.txt", tmp_path)
    text = SUCCESSOR.read_text(encoding="utf-8")
    text = text.replace("  - id: CD-10", "  - id: CD-3B").replace("    one_off: true", "    one_of: true")
    text = text.replace("的2%给予奖励", "的4%给予奖励").replace(
        "fact: sichuan_made_export,", "fact: sichuan_made_exports,"
    )
    (tmp_path / "cd.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        read_added(tmp_path / "cd.yaml", bundled_catalog())
    message = str(caught.value)
    for word in ("同一文件内编号重复", "未知字段 one_of", "引文不在原文中", "未知事实 sichuan_made_exports"):
        assert word in message, message


def test_second_guide_for_the_same_year_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    add_file(GUIDE)
    other = tmp_path / "again.yaml"
    other.write_text(GUIDE.read_text(encoding="utf-8").replace("(示例)", "(修订)"), encoding="utf-8")
    code, _, err = _run(capsys, "catalog", "add", str(other))
    assert code == 2 and "已有指南" in err


def test_corrupt_file_in_the_user_folder_is_reported_and_skipped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    add_file(GUIDE)
    folder = user_catalog_dir()
    (folder / "broken.yaml").write_bytes(b"document: [unclosed\n\xff\xfe")
    (folder / "half.yaml").write_text("guide: 半份指南\njurisdiction: lianyungang\n", encoding="utf-8")
    catalog = catalog_in_use()
    assert {Path(e.source).name for e in catalog.skipped} == {"broken.yaml", "half.yaml"}
    assert ("lianyungang", 2025) in catalog.guides  # the good file still in use

    path = tmp_path / "lyg.json"
    path.write_text(json.dumps(_lianyungang(2025), ensure_ascii=False), encoding="utf-8")
    code, out, err = _run(capsys, "calc", str(path))
    assert code == 0 and "LYG-05" in out
    assert "已跳过用户政策目录中的文件" in err and "broken.yaml" in err and "half.yaml" in err
    listing = _run(capsys, "catalog")[1]
    assert "[已跳过]" in listing and "缺少必填字段" in listing


def test_remove_takes_out_an_added_file_but_never_a_bundled_one_or_a_needed_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    add_file(SUCCESSOR)
    guide = tmp_path / "cd_guide.yaml"
    guide.write_text(
        "guide: 成都市2026年度跨境电商资金申报指南(示例)\njurisdiction: chengdu\nyear: 2026\n"
        "application_window: {from: 2027-04-01, to: 2027-04-30}\nmeasures:\n  CD-3B: {cap: 50万}\n",
        encoding="utf-8",
    )
    assert _run(capsys, "catalog", "add", "--yes", str(guide))[0] == 0
    code, _, err = _run(capsys, "catalog", "remove", "chengdu_2026")
    assert code == 2 and "请先删除该文件" in err and "cd_guide.yaml" in err
    code, _, err = _run(capsys, "catalog", "remove", "成都市推动跨境电商高质量发展政策措施")
    assert code == 2 and "内置文件，不能删除" in err
    assert _run(capsys, "catalog", "remove", "成都市2026年度跨境电商资金申报指南(示例)")[0] == 0
    assert _run(capsys, "catalog", "remove", "chengdu_2026")[0] == 0
    assert sorted(p.name for p in user_catalog_dir().iterdir()) == []  # its source text went with it
    code, _, err = _run(capsys, "catalog", "remove", "chengdu_2026")
    assert code == 2 and "没有名为 chengdu_2026 的添加文件" in err


def test_a_new_city_is_declared_with_the_jurisdictions_it_reaches(tmp_path: Path) -> None:
    text = (
        "jurisdiction: huaian\nname: 淮安市\nname_en: Huai'an\ndocument: 淮安市跨境电商扶持办法(示例)\n"
        "valid_from: 2026-01-01\nvalid_to: 2027-12-31\n"
        "cities:\n  huaian: {name: 淮安市, name_en: Huai'an, reaches: [huaian]}\n"
        "source_text: 对跨境电商出口额超过1000万元的企业给予一次性奖励10万元。\n"
        "measures:\n  - id: HA-1\n    title: 出口奖励\n    title_en: Export award\n    clause: 第一条\n"
        "    quote: 出口额超过1000万元的企业给予一次性奖励10万元\n    matter: ha-1\n"
        "    conditions: [{fact: cbec_transaction, wording: 超过, threshold: 1000万}]\n"
        "    award: {kind: fixed, amount: 10万}\n    one_off: true\n"
    )
    (tmp_path / "huaian.yaml").write_text(text, encoding="utf-8")
    add_file(tmp_path / "huaian.yaml")
    catalog = catalog_in_use()
    data = firm_data("suzhou", year=2026, facts={"cbec_transaction": "20000000"})
    data["firm"]["city"] = "huaian"
    result = evaluate_firm(parse_firm(data, catalog), catalog)
    assert [m.id for m in result.measures] == ["HA-1"]
    assert result.get("HA-1").award == 100000


def test_nothing_is_added_by_default_and_the_examples_are_valid() -> None:
    assert catalog_in_use() is bundled_catalog()
    examples = PROJECT_ROOT / "docs" / "examples"
    files = sorted(examples.glob("*.yaml"))
    assert any("政策文件" in f.name for f in files) and sum("指南" in f.name for f in files) >= 3
    assert all("示例" in f.read_text(encoding="utf-8") for f in files)
    catalog = with_added(bundled_catalog(), examples)
    assert not catalog.skipped, [str(e) for e in catalog.skipped]
    assert {f.path.name for f in catalog.files if f.origin == "用户添加"} == {f.name for f in files}


def test_batch_rerun_after_adding_a_guide_regenerates_only_the_affected_firms(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from desktop.batch.runner import run_batch
    from tests.batch.conftest import fill, firm

    lyg = {"city": "连云港市", "credit_code": "91320700MA1LYGX0KC", "exhibition_costs": 100000}
    source = fill(
        tmp_path / "firms.xlsx",
        [
            firm(),
            firm(name="连云港甲跨境电商有限公司", year=2025, **lyg),
            firm(name="连云港乙跨境电商有限公司", year=2026, **{**lyg, "credit_code": "91320700MA1LYGX1KD"}),
        ],
    )
    out = tmp_path / "out"
    day = date(2026, 3, 15)
    first = run_batch(source, out, day)
    assert [o.state for o in first.outcomes] == ["generated"] * 3
    manifest = json.loads((out / first.outcomes[1].folder / "manifest.json").read_text(encoding="utf-8"))
    assert [f["name"] for f in manifest["catalog_files"]] == ["连云港市推进跨境电商高质量发展实施意见"]
    assert all(len(f["sha256"]) == 64 for f in manifest["catalog_files"])

    assert run_batch(source, out, day).count("skipped") == 3
    add_file(GUIDE)
    again = run_batch(source, out, day, jobs=2)  # workers read the same user folder as this process
    assert [o.state for o in again.outcomes] == ["skipped", "generated", "skipped"]
    manifest = json.loads((out / again.outcomes[1].folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["catalog_files"][1]["name"] == "连云港市2025年度跨境电商发展专项资金申报指南(示例)"
    assert manifest["catalog_files"][1]["sha256"] == hashlib.sha256(GUIDE.read_bytes()).hexdigest()

    rows = list(load_workbook(out / "汇总.xlsx", read_only=True)["申报截止"].iter_rows(values_only=True))
    assert rows[0][:9] == (
        "企业名称",
        "统一社会信用代码",
        "措施",
        "金额(元)",
        "政策文件",
        "年度指南",
        "申报开始",
        "申报截止",
        "提醒",
    )
    guided = [row for row in rows[1:] if row[5]]
    assert guided and rows[1] == guided[0]  # sorted by deadline: the guide's measures first
    assert guided[0][0] == "连云港甲跨境电商有限公司" and guided[0][7].date() == date(2026, 3, 31)
    assert guided[0][8] == "剩余 16 天"
    late = run_batch(source, tmp_path / "late", date(2026, 4, 2))
    rows = list(load_workbook(late.summary, read_only=True)["申报截止"].iter_rows(values_only=True))
    assert rows[1][8] == "已过截止日(2026-04-02)"


def test_packet_manifest_records_the_documents_and_guide_used(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    add_file(GUIDE)
    path = tmp_path / "lyg.json"
    path.write_text(json.dumps(_lianyungang(2025), ensure_ascii=False), encoding="utf-8")
    code, _, err = _run(capsys, "packet", str(path), "--out", str(tmp_path / "out"), "--date", "2026-03-02")
    assert code == 0, err
    folder = next((tmp_path / "out").iterdir())
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["catalog_files"] == [
        {
            "kind": "document",
            "name": "连云港市推进跨境电商高质量发展实施意见",
            "origin": "内置",
            "sha256": hashlib.sha256(
                (PROJECT_ROOT / "resources" / "catalog" / "lianyungang.yaml").read_bytes()
            ).hexdigest(),
        },
        {
            "kind": "guide",
            "name": "连云港市2025年度跨境电商发展专项资金申报指南(示例)",
            "origin": "用户添加",
            "sha256": hashlib.sha256(GUIDE.read_bytes()).hexdigest(),
        },
    ]


def test_packet_forms_name_the_guide_and_its_deadline(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from docx import Document

    add_file(GUIDE)
    path = tmp_path / "lyg.json"
    path.write_text(json.dumps(_lianyungang(2025), ensure_ascii=False), encoding="utf-8")
    code, _, err = _run(capsys, "packet", str(path), "--out", str(tmp_path / "out"), "--date", "2026-03-02")
    assert code == 0, err
    folder = next((tmp_path / "out").iterdir())
    form = next(folder.glob("02_*_申请表_参展开拓国际市场.docx"))
    cells = " ".join(c.text for t in Document(form).tables for r in t.rows for c in r.cells)
    assert "《连云港市推进跨境电商高质量发展实施意见》" in cells
    # the forms print the guide's name with full-width brackets, as the bureau writes them
    assert "年度指南《连云港市2025年度跨境电商发展专项资金申报指南（示例）》，申报截止2026年3月31日" in cells
    application = next(folder.glob("*申报书*.docx"))
    text = "\n".join(p.text for p in Document(application).paragraphs)
    assert "《连云港市2025年度跨境电商发展专项资金申报指南（示例）》" in text
    from openpyxl import load_workbook

    workbook = load_workbook(next(folder.glob("*测算表*.xlsx")), read_only=True)
    cells = " ".join(
        str(v) for ws in workbook.worksheets for row in ws.iter_rows(values_only=True) for v in row if v
    )
    assert "年度指南《连云港市2025年度跨境电商发展专项资金申报指南(示例)》，申报截止 2026-03-31" in cells
