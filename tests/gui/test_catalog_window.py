"""The 政策目录 window: bundled and added documents and guides, import with a preview of the changes, removal."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QPlainTextEdit

from desktop.catalog import bundled_catalog
from desktop.catalog.install import current_user
from desktop.gui.main_window import MainWindow
from desktop.gui.settings import Settings
from desktop.paths import user_catalog_dir
from tests.conftest import PROJECT_ROOT

FILES = PROJECT_ROOT / "tests" / "catalog_files"
GUIDE = FILES / "lianyungang_2025_guide.yaml"
YES = QMessageBox.StandardButton.Yes


def _rows(window: MainWindow) -> list[list[str]]:
    table = window.catalog_window.files.table
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def test_window_lists_bundled_documents_and_imports_a_guide_after_showing_its_changes(
    window: MainWindow, answers, qtbot
) -> None:
    window.document.new("lianyungang")
    window.document.set_fact("exhibition_costs", "100000")
    assert window.document.result.get("LYG-05").up_to
    window.show_catalog()
    panel = window.catalog_window.files
    rows = _rows(window)
    assert len(rows) == len(bundled_catalog().files)
    assert [
        "政策文件",
        "连云港市推进跨境电商高质量发展实施意见",
        "连云港市",
        "2024-11-20 至 2027-12-31",
        "",
        "内置",
        "",
    ] in rows
    panel.table.selectRow(0)
    assert not panel.remove_button.isEnabled()  # a bundled document cannot be removed

    answers.queue.append(YES)
    assert panel.import_file(GUIDE)
    preview = answers[-1]
    assert "连云港市2025年度跨境电商发展专项资金申报指南(示例)" in preview
    assert "LYG-05 参展开拓国际市场：2025 年 最高 70%" in preview and "→ 50%" in preview
    assert "LYG-01 首次开展跨境电商业务：2025 年 最高 5万元" in preview and "→ 3万元" in preview
    assert (
        "当前企业的金额变化：\n· (未填写企业名称)(2025 业绩年度)：LYG-04 需补充数据 → 不符合；"
        "LYG-05 最高 70,000 元 → 50,000 元；合计 0 → 50,000 元，最高额 70,000 → 0 元" in preview
    )
    assert (
        "标 ! 的变化改变已有年度或内置文件措施的规则" in preview and "\n! LYG-05 参展开拓国际市场" in preview
    )
    assert (user_catalog_dir() / GUIDE.stem / GUIDE.name).is_file()
    added = [row for row in _rows(window) if row[5] == "用户添加"]
    assert added[0][:6] == [
        "年度指南", "连云港市2025年度跨境电商发展专项资金申报指南(示例)", "连云港市", "2025 业绩年度",
        "2026-03-01 至 2026-03-31", "用户添加",
    ]  # fmt: skip
    assert f"{current_user()} 于 20" in added[0][6] and added[0][6].endswith(" 添加")
    result = window.document.result.get("LYG-05")
    assert not result.up_to and result.award == 50000 and str(result.deadline) == "2026-03-31"

    panel.table.selectRow(len(_rows(window)) - 1)
    assert panel.remove_button.isEnabled()
    answers.queue.append(YES)
    assert panel.remove_selected()
    assert len(_rows(window)) == len(bundled_catalog().files)
    assert window.document.result.get("LYG-05").up_to
    assert not (user_catalog_dir() / GUIDE.stem).exists()


def test_import_cancelled_or_broken_installs_nothing(window: MainWindow, answers, tmp_path: Path) -> None:
    window.show_catalog()
    panel = window.catalog_window.files
    assert not panel.import_file(GUIDE)  # the preview answered Cancel
    broken = tmp_path / "broken.yaml"
    broken.write_text(GUIDE.read_text(encoding="utf-8").replace("rate: 50%", "rat: 90%"), encoding="utf-8")
    assert not panel.import_file(broken)
    assert "措施 LYG-05 字段 rat: 未知字段 rat；是否想写 rate？" in answers[-1]
    assert not user_catalog_dir().exists() or not any(user_catalog_dir().iterdir())
    assert len(_rows(window)) == len(bundled_catalog().files)


def test_corrupt_added_file_is_reported_at_start_and_skipped(qtbot, tmp_path: Path) -> None:
    user_catalog_dir().mkdir(parents=True)
    (user_catalog_dir() / "损坏.yaml").write_text("document: [\n", encoding="utf-8")
    main = MainWindow(settings=Settings(tmp_path / "settings.ini"))
    qtbot.addWidget(main)
    main.load()
    notice = main.skipped_notice
    assert not notice.isHidden() and "已跳过 1 个文件" in notice.text()
    assert any("损坏.yaml" in line for line in notice.lines())
    main.show_catalog()
    skipped = main.catalog_window.files.skipped
    assert not skipped.isHidden() and "损坏.yaml" in skipped.text() and "YAML" in skipped.text()


def test_a_normal_start_keeps_every_skipped_file_in_view(qtbot, tmp_path: Path) -> None:
    """Reopening the last firm says so in the status bar; the skipped files stay listed beside it."""
    import shutil

    from desktop.paths import samples_dir

    user_catalog_dir().mkdir(parents=True)
    (user_catalog_dir() / "损坏.yaml").write_text("document: [\n", encoding="utf-8")
    (user_catalog_dir() / "半份.yaml").write_text(
        "guide: 半份指南\njurisdiction: lianyungang\n", encoding="utf-8"
    )
    firm = tmp_path / "firm.json"
    shutil.copy(samples_dir() / "chengdu-trader.json", firm)
    settings = Settings(tmp_path / "settings.ini")
    settings.mark_started()
    settings.add_recent(firm)
    main = MainWindow(settings=settings)
    qtbot.addWidget(main)
    main.load()
    main.show()
    main.start()
    assert "已打开上次的企业文件" in main.statusBar().currentMessage()
    notice = main.skipped_notice
    assert notice.isVisible() and "已跳过 2 个文件" in notice.text()
    dialog = notice.show_details()
    text = dialog.findChild(QPlainTextEdit).toPlainText()
    assert "损坏.yaml" in text and "半份.yaml" in text and "缺少必填字段" in text
    dialog.close()
