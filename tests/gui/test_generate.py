"""Writing the packet from the window: in the background, with progress, and cancellable."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from desktop.gui.main_window import MainWindow
from desktop.packet.writer import Packet
from desktop.paths import samples_dir


def test_generate_in_the_background(window: MainWindow, qtbot, tmp_path: Path) -> None:
    window.files.open_path(samples_dir() / "chengdu-trader.json", ask=False)
    page = window.generate_page
    page.folder.setText(str(tmp_path / "out"))
    steps: list[int] = []
    page.start()
    assert page.job is not None and not page.generate.isEnabled() and page.cancel.isEnabled()
    page.job.progress.connect(lambda done, total, name: steps.append(done))
    with qtbot.waitSignal(page.job.succeeded, timeout=20000):
        pass
    folder = tmp_path / "out" / "成都蓉贸跨境科技有限公司_2025"
    assert (folder / "manifest.json").is_file()
    assert (folder / "04_测算表.xlsx").is_file()
    qtbot.waitUntil(lambda: page.open_folder.isEnabled(), timeout=5000)
    assert "已生成" in page.message.text()
    assert page.progress.value() == page.progress.maximum()
    assert page.generate.isEnabled() and not page.cancel.isEnabled()


def test_cancel_mid_way_leaves_nothing(window: MainWindow, qtbot, tmp_path: Path) -> None:
    window.files.open_path(samples_dir() / "lianyungang-brand.json", ask=False)
    page = window.generate_page
    out = tmp_path / "out"
    page.folder.setText(str(out))
    page.start()
    job = page.job
    assert job is not None
    # Cancel from inside the worker after its third file, so the stop is truly mid-way.
    job.progress.connect(
        lambda done, total, name: job.cancel() if done == 3 else None, Qt.ConnectionType.DirectConnection
    )
    with qtbot.waitSignal(job.cancelled, timeout=20000):
        pass
    qtbot.waitUntil(lambda: page.generate.isEnabled(), timeout=5000)
    assert "已取消" in page.message.text()
    assert not out.exists() or list(out.iterdir()) == []


def test_invalid_firm_is_not_generated(window: MainWindow, tmp_path: Path) -> None:
    window.firm_page.edits["credit_code"].setText("123")
    window.firm_page.edits["credit_code"].textEdited.emit("123")
    page = window.generate_page
    page.folder.setText(str(tmp_path / "out"))
    page.start()
    assert page.job is None
    assert "统一社会信用代码应为 18 位" in page.message.text() and "企业名称：" in page.message.text()
    assert "firm." not in page.message.text()  # the clerk sees field names, never keys
    assert not (tmp_path / "out").exists()


def _write_packet(window: MainWindow, qtbot, out: Path) -> None:
    page = window.generate_page
    page.folder.setText(str(out))
    page.start()
    qtbot.waitUntil(lambda: page.job is None, timeout=30000)


def test_a_new_firm_shows_no_packet_of_the_last_one(window: MainWindow, qtbot, tmp_path: Path) -> None:
    window.files.open_path(samples_dir() / "chengdu-trader.json", ask=False)
    page = window.generate_page
    _write_packet(window, qtbot, tmp_path / "out")
    assert "成都蓉贸跨境科技有限公司_2025" in page.message.text() and page.open_folder.isEnabled()
    assert window.workspace.steps.item(4).text().endswith("✓")
    window.files.new_file()
    # was: "已生成 10 个文件：…/成都锦川跨境供应链有限公司_2025" under 未命名企业, with a full bar
    assert page.message.text() == "" and page.progress.value() == 0
    assert not page.open_folder.isEnabled() and page.last_folder is None
    assert not window.workspace.steps.item(4).text().endswith("✓")
    window.files.open_path(samples_dir() / "chengdu-trader.json", ask=False)
    assert page.message.text() == "" and not page.open_folder.isEnabled()


def test_a_packet_finished_after_another_firm_was_opened_stays_off_its_page(
    window: MainWindow, qtbot, tmp_path: Path
) -> None:
    window.files.open_path(samples_dir() / "chengdu-trader.json", ask=False)
    page = window.generate_page
    page.folder.setText(str(tmp_path / "out"))
    page.start()
    window.files.open_path(samples_dir() / "lianyungang-brand.json", ask=False)
    assert "上一企业" in page.message.text()
    qtbot.waitUntil(lambda: page.job is None, timeout=30000)
    assert page.message.text() == "" and not page.open_folder.isEnabled()
    assert not window.workspace.steps.item(4).text().endswith("✓")
    assert "“成都蓉贸跨境科技有限公司”的申报材料已生成" in window.statusBar().currentMessage()
    assert (tmp_path / "out" / "成都蓉贸跨境科技有限公司_2025" / "manifest.json").is_file()


def test_cancel_stops_a_template_stuck_in_a_loop_at_once(
    window: MainWindow, qtbot, tmp_path: Path, monkeypatch
) -> None:
    """A shared template that loops for ever is stopped by 取消 at once, not by the render's time limit
    (the loop allocates nothing; the sandbox's own time limit bounds the test if cancelling failed).
    The limit is raised for the test: on a loaded machine loading and the first forms took most of the
    10 s, and the limit, not 取消, ended the render."""
    import time

    from desktop.packet import sandbox

    monkeypatch.setattr(sandbox, "RENDER_SECONDS", 60)
    from desktop.packet.templates import user_forms_dir
    from tests.packet.test_template_attacks import hostile_forms

    loop = "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}"
    hostile_forms(user_forms_dir(), loop)
    window.files.open_path(samples_dir() / "chengdu-trader.json", ask=False)
    page = window.generate_page
    out = tmp_path / "out"
    page.folder.setText(str(out))
    page.start()
    job = page.job
    assert job is not None
    started: list[float] = []
    job.progress.connect(lambda *_: started.append(time.monotonic()), Qt.ConnectionType.DirectConnection)
    qtbot.waitUntil(lambda: bool(started), timeout=20000)  # the first form is written; 申报书 loops now
    qtbot.wait(300)
    with qtbot.waitSignal(job.cancelled, timeout=6000):  # the time limit would end it as failed
        asked = time.monotonic()
        page.stop()
    assert time.monotonic() - asked < 5  # about 0.05 s on an idle machine
    qtbot.waitUntil(lambda: page.generate.isEnabled(), timeout=5000)
    assert "已取消" in page.message.text()
    assert not out.exists() or list(out.iterdir()) == []


def test_pdfs_without_libreoffice(window: MainWindow, qtbot, tmp_path: Path, monkeypatch) -> None:
    """生成材料 with PDF on a machine with no office program: the program writes every PDF itself."""
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    window.files.open_path(samples_dir() / "chengdu-trader.json", ask=False)
    page = window.generate_page
    assert page.pdf.isEnabled() and "LibreOffice" not in page.pdf.text()
    page.pdf.setChecked(True)
    page.folder.setText(str(tmp_path / "out"))
    names: list[str] = []
    page.start()
    assert page.job is not None
    page.job.progress.connect(lambda done, total, name: names.append(name))
    with qtbot.waitSignal(page.job.succeeded, timeout=30000):
        pass
    folder = tmp_path / "out" / "成都蓉贸跨境科技有限公司_2025"
    documents = sorted(p.stem for p in folder.iterdir() if p.suffix in (".docx", ".xlsx"))
    assert sorted(p.stem for p in folder.glob("*.pdf")) == documents
    assert [name for name in names if name.endswith(".pdf")] != []
    qtbot.waitUntil(lambda: page.open_folder.isEnabled(), timeout=5000)
    assert page.progress.value() == page.progress.maximum()


def test_with_pdfs_the_window_writes_both_sets(window: MainWindow, qtbot, tmp_path: Path) -> None:
    window.files.open_path(samples_dir() / "chengdu-trader.json", ask=False)
    page = window.generate_page
    page.folder.setText(str(tmp_path / "out"))
    page.pdf.setChecked(True)
    page.start()
    assert page.job is not None
    with qtbot.waitSignal(page.job.succeeded, timeout=60000):
        pass
    folder = tmp_path / "out" / "成都蓉贸跨境科技有限公司_2025"
    assert (folder / "打印" / "申报材料.pdf").read_bytes().startswith(b"%PDF-")
    assert (folder / "上传" / "01_申报书.pdf").read_bytes() == (folder / "01_申报书.pdf").read_bytes()


def test_a_packets_warnings_are_shown(window: MainWindow, tmp_path: Path) -> None:
    page = window.generate_page
    warning = "上传/07_测算表.pdf 有 0.1MB，超过申报平台每个文件0.01MB 的限制；请压缩或拆分后再上传"
    page._succeeded(Packet(tmp_path, ["01_申报书.docx"], [], [warning]))
    assert "已生成 1 个文件" in page.message.text() and warning in page.message.text()
