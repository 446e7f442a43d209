"""The command line: exit codes, the --json shape, bad-input messages, nothing written on error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from desktop.cli import main
from desktop.paths import samples_dir

BAD_DIR = Path(__file__).parent / "bad_inputs"
BAD_FIRMS = yaml.safe_load((BAD_DIR / "firms.yaml").read_text(encoding="utf-8"))


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_calc_text_for_the_readme_sample(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "calc", str(samples_dir() / "chengdu-trader.json"))
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "成都蓉贸跨境科技有限公司 · 2025 业绩年度 · 成都市 + 四川省(征求意见稿)"
    row = next(line for line in lines if line.startswith("CD-2A"))
    assert "可申报" in row and row.endswith("2,000,000 元")
    assert "       ✓ 年度跨境电商交易额 超过 2亿元(不含本数)：320,000,000 元" in lines
    assert "       ✓ 跨境电商交易额同比增长 20%以上(含本数)：28.00%" in lines
    assert any("下一档" in line and "还差 180,000,001 元" in line for line in lines)
    cd9 = next(line for line in lines if line.startswith("CD-9"))
    assert "可申报(最高)" in cd9 and cd9.endswith("≤ 600,000 元")
    assert lines[-1] == "合计 3,590,000 元，另有最高额 600,000 元待年度指南确定"


def test_calc_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "calc", str(samples_dir() / "chengdu-trader.json"), "--json")
    assert code == 0
    data: dict[str, Any] = json.loads(out)
    assert {"year", "city", "measures", "total", "total_up_to"} <= set(data)
    assert data["year"] == 2025 and data["city"] == "chengdu"
    assert data["total"] == "3590000" and data["total_up_to"] == "600000"
    by_id = {m["id"]: m for m in data["measures"]}
    assert by_id["CD-2A"]["status"] == "eligible" and by_id["CD-2A"]["award"] == "2000000"
    assert by_id["CD-9"]["up_to"] is True and by_id["CD-9"]["award"] == "600000"
    assert by_id["CD-2B"]["award"] == "0" and by_id["CD-2B"]["status"] == "ineligible"
    assert by_id["SC-03"]["draft"] is True
    for measure in data["measures"]:
        assert measure["status"] in {"eligible", "ineligible", "not_in_force", "needs_input", "unquantified"}
        assert isinstance(measure["reasons"], list)
        assert isinstance(measure["award"], str) and measure["award"].isdigit()


@pytest.mark.parametrize("name", sorted(BAD_FIRMS))
def test_bad_firm_file_exits_2_with_one_clear_line(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = BAD_DIR / "firms" / name
    before = sorted(os.listdir(tmp_path))
    code, out, err = _run(capsys, "calc", str(path), "--json")
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(str(path))
    for word in BAD_FIRMS[name]:
        assert word in lines[0], lines[0]
    assert sorted(os.listdir(tmp_path)) == before


def test_catalog_lists_every_measure(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "catalog")
    assert code == 0
    assert "CD-2A" in out and "LYG-16" in out and "SZ-17" in out
    assert "2024-11-20 至 2027-12-31" in out
    code, out, _ = _run(capsys, "catalog", "--json")
    data = json.loads(out)
    assert (
        len(data["measures"]) == 78
    )  # 52 + the completeness lists of the rulings of 2026-11 (15) and 2026-12 (11)
    cd9 = next(m for m in data["measures"] if m["id"] == "CD-9")
    assert cd9["award_kind"] == "up_to" and cd9["valid_to"] == "2025-12-31"
    assert "50%" in cd9["award_rule"] and "100万元" in cd9["award_rule"]


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "--version")
    assert code == 0 and "政策目录" in out


def test_python_m_desktop_and_console_script_agree(tmp_path: Path) -> None:
    sample = str(samples_dir() / "lianyungang-brand.json")
    module = subprocess.run(
        [sys.executable, "-m", "desktop", "calc", sample, "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert module.returncode == 0, module.stderr
    script = Path(sys.executable).parent / "grant-desk"
    if not script.exists():
        pytest.skip("the grant-desk console script is not installed in this environment")
    console = subprocess.run(
        [str(script), "calc", sample, "--json"], capture_output=True, text=True, check=False
    )
    assert console.returncode == 0 and console.stdout == module.stdout


def _firm_file(tmp_path: Path, **changes: Any) -> Path:
    data = json.loads((samples_dir() / "chengdu-trader.json").read_text(encoding="utf-8"))
    data["facts"].update(changes.pop("facts", {}))
    data.update(changes)
    path = tmp_path / "firm.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_calc_refuses_a_part_above_its_whole_naming_both_fields(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ruling 14 of 2026-12: an input error (exit 2), never an award."""
    path = _firm_file(tmp_path, facts={"sichuan_made_export_programme": "50000000"})
    code, out, err = _run(capsys, "calc", str(path))
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 2
    for line in lines:
        assert line.startswith(str(path))
        assert "sichuan_made_export_programme" in line and "sichuan_made_export" in line
        assert "50,000,000 元" in line and "45,000,000 元" in line


def test_calc_text_and_json_carry_the_rulings_notes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Rulings 17, 18 and 20 of 2026-12 in calc: the eligible period, the other-funds note, the
    warning for another city's measure."""
    support = [
        {"measure": "CD-2A", "source": "四川省外经贸发展专项资金", "amount": "100000"},
        {"measure": "LYG-07", "source": "江苏省知识产权专项资金", "amount": "5000"},
    ]
    path = _firm_file(tmp_path, year=2023, other_support=support)
    code, out, _ = _run(capsys, "calc", str(path))
    assert code == 0
    assert "注：业绩计算期间 2023-02-14 至 2023-12-31" in out
    assert "申报通知均要求如实申报同一事项" in out
    assert out.splitlines()[-1].startswith("⚠ 已获其他支持“江苏省知识产权专项资金”") and "LYG-07" in out
    code, out, _ = _run(capsys, "calc", str(path), "--json")
    data = json.loads(out)
    assert any("LYG-07" in warning and "连云港市" in warning for warning in data["warnings"])
    measures = {m["id"]: m for m in data["measures"]}
    assert measures["CD-2A"]["eligible_period"] == {"from": "2023-02-14", "to": "2023-12-31"}
    assert measures["CD-2A"]["other_support"] == [{"source": "四川省外经贸发展专项资金", "amount": "100000"}]
    assert measures["CD-2A"]["counted_award"] == "1900000"
