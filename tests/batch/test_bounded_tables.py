"""A workbook's shared strings and styles are bounded like its cells: three million strings, a million cell
formats or a million repeated .ods rows are refused quickly in bounded memory (each attack read in a child
process under memory and time limits)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.batch.xlsx import MAX_SHARED_STRINGS, MAX_STYLE_ENTRIES
from tests.batch.hostile import ods_repeated_rows, read_limited, shared_strings_bomb, styles_bomb

pytestmark = pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="resource limits are POSIX")


def test_three_million_shared_strings_are_refused_quickly(tmp_path: Path) -> None:
    path = shared_strings_bomb(tmp_path / "strings.xlsx")
    assert path.stat().st_size < 2_000_000
    result = read_limited(path, memory_mb=1536, seconds=60)
    assert f"超过 {MAX_SHARED_STRINGS} 个共享字符串" in str(result["message"])
    assert float(result["seconds"]) < 10  # 62 s before
    assert int(result["grown_kib"]) < 150_000  # 517 MB before


def test_a_million_cell_formats_are_refused_quickly(tmp_path: Path) -> None:
    result = read_limited(styles_bomb(tmp_path / "styles.xlsx"), memory_mb=1536, seconds=60)
    assert f"超过 {MAX_STYLE_ENTRIES} 个样式(xf)" in str(result["message"])
    assert float(result["seconds"]) < 10 and int(result["grown_kib"]) < 150_000


def test_a_million_repeated_ods_rows_are_refused_quickly(tmp_path: Path) -> None:
    path = ods_repeated_rows(tmp_path / "rows.ods")
    assert path.stat().st_size < 10_000
    result = read_limited(path, memory_mb=1536, seconds=60)
    assert "超出可读取范围" in str(result["message"])
    assert float(result["seconds"]) < 5 and int(result["grown_kib"]) < 50_000
