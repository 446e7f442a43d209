"""The upload set (上传/) and the print set (打印/申报材料.pdf) of a packet with PDFs, read back from the
written files: items in the call's order under their names, the print set's cover, 目录 and 报送说明,
continuous page numbers the 目录 points at, size limits, byte-identical runs, custom forms (their
LibreOffice pages merged under the set's numbers) and batches."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from desktop.batch.runner import run_batch
from desktop.catalog import Catalog
from desktop.catalog.added import extend, read_added
from desktop.cli import main
from desktop.engine import evaluate_firm
from desktop.firm import load_firm, parse_firm
from desktop.packet.files import sha256_file
from desktop.packet.pdfs import builtin_writer
from desktop.packet.sets import PAGE, Cover, Piece, build_sets, cover_pages, plan
from desktop.packet.writer import Packet, write_packet
from desktop.paths import samples_dir
from desktop.pdf.layout import PageBreak, Paragraph
from desktop.pdf.writer import Document
from tests.packet.conftest import DAY, custom_forms_folder, requires_soffice
from tests.packet.sheet_reading import FOOTER, squeeze, squeezed_pages
from tests.packet.test_call_packet import DAY as CALL_DAY
from tests.packet.test_call_packet import GUIDE_2023, _warehouse

FUNDS = [{"measure": "CD-2A", "source": "四川省外经贸发展专项资金", "amount": "100000"}]
# engine words that must never reach the bureau: measure ids, fact keys, status names
FORBIDDEN = re.compile(r"\b(?:[A-Z]{2,3}-[0-9A-Z]{1,3}|[a-z]+_[a-z_]+|eligible|needs_input|None)\b")


def footer(page: str) -> tuple[int, int] | None:
    found = FOOTER.findall(page)
    return (int(found[-1][0]), int(found[-1][1])) if found else None


def body(page: str) -> str:
    """Return a page's text without its footer."""
    return page[: page.rfind("第")] if footer(page) else page


@pytest.fixture(scope="module")
def called(tmp_path_factory: pytest.TempPathFactory, catalog: Catalog) -> Packet:
    """A 高新区 warehouse firm of 2023 under the 2023-style guide (upload list, 50 MB, 4 copies, seals,
    three signatures, windows), with other support for CD-2A and support without an amount applied for."""
    guided = extend(catalog, [read_added(GUIDE_2023, catalog)])
    firm = parse_firm({**_warehouse(apply_for=["CD-P1"]), "other_support": FUNDS}, guided)
    out = tmp_path_factory.mktemp("sets")
    return write_packet(firm, evaluate_firm(firm, guided), guided, out, CALL_DAY, "0" * 64, pdf=True)


def test_upload_set_follows_the_guides_list_and_repeats_each_documents_pdf(called: Packet) -> None:
    folder = called.folder
    upload = sorted(p.name for p in (folder / "上传").iterdir())
    forms = sorted(p.name for p in folder.glob("02_*_申请表_*.pdf"))
    reports = sorted(p.name for p in folder.glob("06_*_项目申请报告_*.pdf"))
    assert len(forms) >= 2 and len(reports) >= 1
    expected = [
        "01_申报书.pdf",
        *(f"{n:02d}_{name[6:]}" for n, name in enumerate(forms, start=2)),
        f"{len(forms) + 2:02d}_信用承诺书.pdf",
        f"{len(forms) + 3:02d}_测算表.pdf",
        f"{len(forms) + 4:02d}_附件_营业执照（副本）复印件.pdf",
        *(f"{n:02d}_{name[6:]}" for n, name in enumerate(reports, start=len(forms) + 5)),
    ]
    assert upload == expected
    sources = ["01_申报书.pdf", *forms, "03_信用承诺书.pdf", "04_测算表.pdf", None, *reports]
    for name, source in zip(upload, sources, strict=True):
        data = (folder / "上传" / name).read_bytes()
        assert data.startswith(b"%PDF-") and len(data) < 50_000_000, name
        if source is not None:
            assert data == (folder / source).read_bytes(), name
    scan = squeezed_pages(folder / "上传" / expected[len(forms) + 3])
    assert scan == ["附件：营业执照（副本）复印件（请扫描后替换本页）第1页共1页"]
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["files"]
    for name in [*(f"上传/{n}" for n in upload), "打印/申报材料.pdf"]:
        assert manifest[name] == sha256_file(folder / name), name
    assert called.warnings == []


def test_print_set_is_cover_contents_delivery_and_every_item_numbered_on(called: Packet) -> None:
    folder = called.folder
    pages = squeezed_pages(folder / "打印" / "申报材料.pdf")
    upload = sorted((folder / "上传").iterdir())
    cover, contents_page, delivery = pages[0], pages[1], pages[2]

    assert footer(cover) is None  # the cover takes no number; every page after it does, on and on
    assert [footer(page) for page in pages[1:]] == [(n, len(pages) - 1) for n in range(1, len(pages))]
    for text in (
        "跨境电商政策资金申报材料",
        "2023年度",
        "成都高新区国际合作商务局",
        "2023年2月14日至12月31日",
    ):
        assert text in cover, text
    assert "申报日期：2024年3月7日" in cover and "申报单位（盖章）" in cover
    assert "李晓蓉028-85561234" in cover

    assert contents_page.startswith("目录序号材料名称页码")
    assert delivery.startswith("报送说明")
    for text in (
        "线上申报2024年3月6日至3月15日；修改补充2024年3月16日至3月20日",
        "成都市商务局专项资金综合管理信息化平台",
        "每个文件不超过50MB",
        "一式四份，封面盖章、骑缝章，报送成都高新区国际合作商务局",
        "法定代表人、财务负责人、项目负责人",
        "028-61880000",
        "按程序拨付",
    ):
        assert text in delivery, text

    # the parts: 报送说明, then each upload item; page counts add up to the whole set
    lengths = [1] + [len(squeezed_pages(path)) for path in upload]
    assert len(pages) == 1 + 1 + sum(lengths)
    first = 2
    for number, (path, length) in enumerate(zip([None, *upload], lengths, strict=True), start=1):
        span = str(first) if length == 1 else f"{first}—{first + length - 1}"
        name = "报送说明" if path is None else path.stem.split("_", 1)[1].replace("_", "：", 1)
        assert f"{number}{name}{span}" in contents_page, (number, name, span)
        if path is not None:
            printed = [body(page) for page in pages[first : first + length]]
            if "附件" in name:
                assert printed == [f"{name}（复印件附于本页之后）"]
            else:
                assert printed == [body(page) for page in squeezed_pages(path)], name
        first += length
    assert first == len(pages)
    assert not FORBIDDEN.search("".join(pages)), FORBIDDEN.search("".join(pages))


def test_other_funds_and_the_report_reach_both_sets(called: Packet) -> None:
    printed = "".join(squeezed_pages(called.folder / "打印" / "申报材料.pdf"))
    assert "四川省外经贸发展专项资金" in printed
    assert "项目申请报告：" in printed


def test_without_a_guide_the_default_order_and_no_delivery_page(tmp_path: Path) -> None:
    sample = samples_dir() / "lianyungang-brand.json"
    assert main(["packet", str(sample), "--out", str(tmp_path), "--date", "2026-03-01", "--pdf"]) == 0
    folder = next(tmp_path.iterdir())
    upload = sorted(p.name for p in (folder / "上传").iterdir())
    kinds = [re.sub(r"^\d+_", "", name).split("_")[0].removesuffix(".pdf") for name in upload]
    head = [kind for kind in kinds if kind != "附件"]
    assert head[0] == "申报书" and head[-2:] == ["信用承诺书", "测算表"]
    assert set(head[1:-2]) == {"申请表"}
    assert kinds[len(head) :] == ["附件"] * (len(kinds) - len(head)) and len(kinds) > len(head)
    assert "附件_营业执照（副本）复印件.pdf" in " ".join(upload)
    assert not any("申报书（本套材料）" in name or "附件_信用承诺书" in name for name in upload)
    pages = squeezed_pages(folder / "打印" / "申报材料.pdf")
    assert not any(page.startswith("报送说明") for page in pages)
    contents = [page for page in pages if page.startswith(("目录", "序号材料名称页码"))]
    assert re.search(rf"1申报书{len(contents) + 1}[—\d]", contents[0])


def test_the_same_firm_file_and_date_give_the_same_bytes(tmp_path: Path) -> None:
    sample = str(samples_dir() / "chengdu-trader.json")
    for out in ("a", "b"):
        assert main(["packet", sample, "--out", str(tmp_path / out), "--date", "2026-03-01", "--pdf"]) == 0
    first, second = (next((tmp_path / out).iterdir()) for out in ("a", "b"))
    names = sorted(str(p.relative_to(first)) for p in first.rglob("*.pdf") if p.parent != first)
    assert "打印/申报材料.pdf" in names and len(names) > 10
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def _cover(**changes: object) -> Cover:
    cover = Cover(
        "某公司", "91510100MA6CDRM0TN", 2025, "", "所在区（市）县商务主管部门", "", [], "", "2026年3月1日"
    )
    return replace(cover, **changes)


def test_a_long_contents_takes_two_pages_and_still_points_right(tmp_path: Path) -> None:
    writer = builtin_writer()
    blank = writer.typesetter.layout([Paragraph("正文")], PAGE)
    pieces = [Piece("申请表", f"申请表：第{n}项", f"申请表_{n}", blank, f"{n}.pdf") for n in range(1, 31)]
    attachments = [f"证明材料{n}（" + "说明" * 25 + "）" for n in range(1, 21)]
    made = build_sets(writer.typesetter, plan(pieces, attachments, []), _cover(), date(2026, 3, 1))
    (data,) = writer.write([made.printed])
    (tmp_path / "set.pdf").write_bytes(data)
    pages = squeezed_pages(tmp_path / "set.pdf")
    contents = [page for page in pages[1:] if page.startswith(("目录", "序号材料名称页码"))]
    assert len(contents) >= 2 and pages[1].startswith("目录")  # the header row repeats on each page
    assert len(pages) == 1 + len(contents) + 30 + 20
    assert made.contents[0] == ("申请表：第1项", len(contents) + 1, len(contents) + 1)
    for index, (name, first, last) in enumerate(made.contents, start=1):
        assert first == last
        assert footer(pages[first]) == (first, len(pages) - 1)
        assert body(pages[first]) == (
            "正文" if name.startswith("申请表") else f"{name}（复印件附于本页之后）"
        )
        row = rf"{index}{re.escape(squeeze(name))}{first}(?:{index + 1}|第)"
        assert re.search(row, "".join(contents)), name


def test_an_attachments_placeholder_is_the_same_file_whatever_else_the_packet_holds(tmp_path: Path) -> None:
    """Each placeholder is written alone (its fonts cut to its own characters), so the same attachment
    and date give the same bytes in every packet, and a batch writes it once a process."""
    writer = builtin_writer()
    day = date(2026, 3, 1)
    files = []
    for others in (["营业执照（副本）复印件"], ["法定代表人身份证复印件", "银行开户许可证"]):
        made = build_sets(writer.typesetter, plan([], ["展会证明", *others], []), _cover(), day)
        written = made.write_placeholders(writer, day)
        assert list(written) == [file.path for file in made.upload]
        files.append(written)
    shared = "上传/01_附件_展会证明.pdf"
    assert files[0][shared] == files[1][shared]
    (tmp_path / "placeholder.pdf").write_bytes(files[0][shared])
    assert squeezed_pages(tmp_path / "placeholder.pdf") == ["附件：展会证明（请扫描后替换本页）第1页共1页"]
    assert len(files[0][shared]) < 20_000  # its own few characters, not the packet's fonts


def test_cover_stays_one_page_with_many_measures() -> None:
    many = _cover(measures=[f"跨境电商措施第{n}项" for n in range(30)])
    assert len(cover_pages(builtin_writer().typesetter, many)) == 1


def test_an_upload_file_over_the_guides_limit_is_named(tmp_path: Path, catalog: Catalog) -> None:
    strict = tmp_path / "strict.yaml"
    strict.write_text(
        GUIDE_2023.read_text(encoding="utf-8").replace("max_upload_mb: 50", "max_upload_mb: 0.01"),
        encoding="utf-8",
    )
    guided = extend(catalog, [read_added(strict, catalog)])
    firm = parse_firm(_warehouse(), guided)
    packet = write_packet(firm, evaluate_firm(firm, guided), guided, tmp_path, CALL_DAY, "0" * 64, pdf=True)
    big = [p for p in (packet.folder / "上传").iterdir() if p.stat().st_size > 10_000]
    assert big
    for path in big:
        assert any(
            warning.startswith(f"上传/{path.name} 有") and "超过申报平台每个文件0.01MB 的限制" in warning
            for warning in packet.warnings
        ), (path.name, packet.warnings)
    assert len(packet.warnings) == len(big)


def _office_stand_in(folder: Path, names: list[str]) -> list[str]:
    """Stand in for LibreOffice: each Word file becomes a two-page PDF saying which form it is, with a
    footer of its own (第 1 页 共 2 页) where the set prints its number."""
    writer = builtin_writer()
    made = []
    for name in names:
        stem = name.rsplit(".", 1)[0]
        pages = writer.typesetter.layout(
            [Paragraph(f"自定义表单{stem}甲"), PageBreak(), Paragraph(f"自定义表单{stem}乙")], PAGE
        )
        (data,) = writer.write([Document(pages, stem, DAY)])
        (folder / f"{stem}.pdf").write_bytes(data)
        made.append(f"{stem}.pdf")
    return made


def test_a_custom_forms_pdf_from_the_office_program_joins_both_sets(tmp_path: Path, catalog: Catalog) -> None:
    forms = custom_forms_folder(tmp_path)  # 申报书.docx edited
    firm = load_firm(samples_dir() / "chengdu-trader.json", catalog)
    result = evaluate_firm(firm, catalog)
    packet = write_packet(
        firm, result, catalog, tmp_path / "out", DAY, "0" * 64, forms=forms, pdf=True, office=_office_stand_in
    )
    folder = packet.folder
    own = (folder / "01_申报书.pdf").read_bytes()
    assert (folder / "上传" / "01_申报书.pdf").read_bytes() == own
    pages = squeezed_pages(folder / "打印" / "申报材料.pdf")
    contents = [n for n, page in enumerate(pages) if page.startswith(("目录", "序号材料名称页码"))]
    start = contents[-1] + 1 + (1 if pages[contents[-1] + 1].startswith("报送说明") else 0)
    assert pages[start].startswith("自定义表单01_申报书甲") and pages[start + 1].startswith(
        "自定义表单01_申报书乙"
    )
    # the form's own number lies under a white band; the set's number is printed over it, last
    assert [footer(page) for page in pages[1:]] == [(n, len(pages) - 1) for n in range(1, len(pages))]
    assert f"{start}" in "".join(pages[n] for n in contents)  # the 目录 points at the form's first page
    assert re.search(rf"申报书{start}—{start + 1}", "".join(pages[n] for n in contents))
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["files"]
    assert manifest["打印/申报材料.pdf"] == sha256_file(folder / "打印" / "申报材料.pdf")
    assert packet.warnings == []


@requires_soffice
def test_a_custom_form_through_libreoffice_in_the_print_set(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    forms = custom_forms_folder(tmp_path)
    sample = str(samples_dir() / "chengdu-trader.json")
    args = [
        "packet",
        sample,
        "--out",
        str(tmp_path / "out"),
        "--date",
        "2026-03-01",
        "--pdf",
        "--forms",
        str(forms),
    ]
    assert main(args) == 0
    folder = next((tmp_path / "out").iterdir())
    assert (folder / "上传" / "01_申报书.pdf").read_bytes() == (folder / "01_申报书.pdf").read_bytes()
    pages = squeezed_pages(folder / "打印" / "申报材料.pdf")
    assert [footer(page) for page in pages[1:]] == [(n, len(pages) - 1) for n in range(1, len(pages))]
    # LibreOffice 26.8 writes a page's own footer before its body: the title begins what is left
    application = [
        n for n, page in enumerate(pages) if FOOTER.sub("", page).startswith("跨境电商政策资金申报书")
    ]
    assert application and "成都蓉贸跨境科技有限公司" in pages[application[0]]
    assert "打印/申报材料.pdf" in capsys.readouterr().out


def test_batch_with_pdfs_writes_both_sets_for_every_firm(tmp_path: Path) -> None:
    source = tmp_path / "firms"
    source.mkdir()
    for name in ("chengdu-trader.json", "lianyungang-brand.json"):
        (source / name).write_bytes((samples_dir() / name).read_bytes())
    report = run_batch(source, tmp_path / "out", DAY, jobs=1, pdf=True)
    assert [o.state for o in report.outcomes] == ["generated", "generated"]
    for outcome in report.outcomes:
        folder = tmp_path / "out" / outcome.folder
        pages = squeezed_pages(folder / "打印" / "申报材料.pdf")
        assert outcome.name in pages[0]
        assert (folder / "上传" / "01_申报书.pdf").read_bytes() == (folder / "01_申报书.pdf").read_bytes()


def test_a_packet_with_nothing_to_submit_has_no_sets(tmp_path: Path, catalog: Catalog) -> None:
    """A firm without a money measure and without support applied for gets its 政策服务清单 as PDF,
    and neither an upload set nor a print set: there is nothing to hand in."""
    firm = load_firm(samples_dir() / "suzhou-brand.json", catalog)
    packet = write_packet(firm, evaluate_firm(firm, catalog), catalog, tmp_path, DAY, "0" * 64, pdf=True)
    names = set(packet.files)
    assert any(name.endswith("政策服务清单.pdf") for name in names), names
    assert not (packet.folder / "上传").exists() and not (packet.folder / "打印").exists()
    assert not any(name.startswith(("上传/", "打印/")) for name in names), names


def test_support_applied_for_without_a_money_measure_still_gets_both_sets(
    tmp_path: Path, catalog: Catalog
) -> None:
    """The same firm applying for support without an amount hands in its commitment and 项目申请报告:
    both sets hold them, and no 测算表 or 申报书 (it asks for no money)."""
    data = json.loads((samples_dir() / "suzhou-brand.json").read_text(encoding="utf-8"))
    support = next(
        m.measure.id
        for m in evaluate_firm(load_firm(samples_dir() / "suzhou-brand.json", catalog), catalog).measures
        if not m.measure.award.is_money and m.status.name != "INELIGIBLE"
    )
    firm = parse_firm({**data, "apply_for": [support]}, catalog)
    packet = write_packet(firm, evaluate_firm(firm, catalog), catalog, tmp_path, DAY, "0" * 64, pdf=True)
    upload = sorted(p.name for p in (packet.folder / "上传").iterdir())
    assert upload and upload[0].endswith("信用承诺书.pdf"), upload
    assert any("项目申请报告" in name for name in upload), upload
    assert not any("申报书" in name or "测算表" in name for name in upload), upload
    assert (packet.folder / "打印" / "申报材料.pdf").is_file()
