"""The PDF writer's layout: Chinese line breaking, justification, keep chains, rows and groups that never
split, repeated table headers, page numbers across documents, and the message when no font is found."""

from __future__ import annotations

import re
import subprocess
import zlib
from datetime import date
from pathlib import Path

import pytest

from desktop.errors import OutputError
from desktop.pdf import fonts as font_module
from desktop.pdf.fonts import system_fonts
from desktop.pdf.layout import (
    Cell,
    GlyphRun,
    Group,
    MissingCharacter,
    Page,
    PageFormat,
    Paragraph,
    Row,
    Table,
    TextStyle,
    Typesetter,
)
from desktop.pdf.writer import Document, Numbering, PdfWriter

PAGE = PageFormat()
SMALL = PageFormat(height=300)  # 300 pt of paper, 158 pt of it for text: chains outgrow it quickly


@pytest.fixture(scope="module")
def typesetter() -> Typesetter:
    return Typesetter(system_fonts())


def lines_of(typesetter: Typesetter, paragraph: Paragraph, width: float) -> list[str]:
    return ["".join(run.text for run in line.runs) for line in typesetter.paragraph_lines(paragraph, width)]


def page_texts(pages: list[Page]) -> list[str]:
    return ["".join(op.text for _, _, op in page.ops if isinstance(op, GlyphRun)) for page in pages]


def test_no_line_starts_with_closing_or_ends_with_opening_punctuation(typesetter: Typesetter) -> None:
    text = (
        "本单位承诺：所填报的各项数据（含附件）和所附材料真实、准确、完整；同一事项不重复申报，已获得其他财政资金支持的事项已如实说明。"
        * 3
    )
    for width in range(120, 300, 7):
        lines = lines_of(typesetter, Paragraph(text), width)
        assert "".join(lines) == text
        assert not any(line[0] in "，。、；：）”" for line in lines[1:]), (width, lines)
        assert not any(line[-1] in "（“" for line in lines[:-1]), (width, lines)


def test_a_code_or_number_breaks_only_when_longer_than_the_line(typesetter: Typesetter) -> None:
    text = "统一社会信用代码91510100MA6CDRM0TN，金额1,234,567元"
    lines = lines_of(typesetter, Paragraph(text), 12 * 14)
    assert any("91510100MA6CDRM0TN" in line for line in lines)
    assert any("1,234,567" in line for line in lines)
    narrow = lines_of(typesetter, Paragraph("91510100MA6CDRM0TN"), 40)
    assert len(narrow) > 1 and "".join(narrow) == "91510100MA6CDRM0TN"


def test_justified_lines_fill_the_width_but_are_never_stretched(typesetter: Typesetter) -> None:
    width = 300.0
    paragraph = Paragraph(
        "郑重承诺如下：所提交的申报材料及数据真实、准确、完整、有效，不存在虚报、瞒报、伪造、篡改等行为。",
        align="justify",
    )
    lines = typesetter.paragraph_lines(paragraph, width)
    first = lines[0].runs[-1]
    right = (
        first.x + sum(typesetter._glyph(ch, 0)[2] * 12 + first.spacing for ch in first.text) - first.spacing
    )
    assert abs(right - width) < 0.5
    assert lines[-1].runs[0].spacing == 0  # the last line is not spread
    stretched = Paragraph(
        "本单位成都蓉贸跨境科技有限公司（统一社会信用代码：91510100MA6CDRM0TN）申报", align="justify"
    )
    for line in typesetter.paragraph_lines(stretched, 320):
        assert all(run.spacing <= 0.25 * 12 for run in line.runs)


def test_a_chain_kept_with_the_next_moves_whole_and_a_longer_one_breaks_late(typesetter: Typesetter) -> None:
    filler = [Paragraph(f"第{n}段") for n in range(6)]
    chain = [Paragraph(f"链{n}", keep_with_next=True) for n in range(4)] + [Paragraph("签字")]
    pages = typesetter.layout([*filler, *chain], SMALL)
    texts = page_texts(pages)
    assert len(pages) == 2 and texts[1] == "链0链1链2链3签字", texts
    longer = [Paragraph(f"长链{n}", keep_with_next=True) for n in range(20)] + [Paragraph("完")]
    texts = page_texts(typesetter.layout([*filler, *longer], SMALL))
    assert "".join(texts) == "".join(p.text for p in [*filler, *longer])
    assert texts[-1].endswith("完") and len(texts[-1]) > 2


def test_rows_never_split_and_header_rows_repeat(typesetter: Typesetter) -> None:
    header = Row([Cell([Paragraph("数据项")]), Cell([Paragraph("取值")])], header=True)
    rows = [
        Row([Cell([Paragraph(f"第{n}行" + "说明文字" * 6)]), Cell([Paragraph(str(n))])]) for n in range(12)
    ]
    pages = typesetter.layout([Table([60.0, 60.0], [header, *rows])], SMALL)
    texts = page_texts(pages)
    assert len(pages) > 2 and all(text.startswith("数据项取值") for text in texts), texts
    for n in range(12):
        assert sum(f"第{n}行" in text for text in texts) == 1
        owner = next(text for text in texts if f"第{n}行" in text)
        assert f"第{n}行" + "说明文字" * 6 in owner  # the whole row on one page


def test_a_group_is_never_split(typesetter: Typesetter) -> None:
    filler = [Paragraph(f"第{n}段") for n in range(8)]  # 8 lines of 15.6 pt: 33 pt left of 158
    group = Group([Paragraph("四、需提交的材料"), Paragraph("1．营业执照"), Paragraph("法定代表人（签字）")])
    texts = page_texts(typesetter.layout([*filler, group], SMALL))
    assert texts[-1] == "四、需提交的材料1．营业执照法定代表人（签字）", texts


def _pdf_text(data: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True)
    return [re.sub(r"\s+", "", page) for page in text.stdout.split("\f")[:-1]]


def test_page_numbers_can_run_on_across_documents(typesetter: Typesetter, tmp_path: Path) -> None:
    """What a print set needs: an unnumbered cover, then documents numbered on from a given page."""
    writer = PdfWriter(typesetter.fonts, typesetter)
    cover = typesetter.layout([Paragraph("封面")])
    cover[0].numbered = False
    body = typesetter.layout([Paragraph("正文")])
    (data,) = writer.write(
        [Document(cover + body, "申报材料", date(2026, 3, 1), Numbering(first=5, total=20))]
    )
    pages = _pdf_text(data, tmp_path)
    assert pages == ["封面", "正文第5页共20页"]
    (alone,) = writer.write([Document(body * 2, "正文", date(2026, 3, 1))])
    assert _pdf_text(alone, tmp_path) == ["正文第1页共2页", "正文第2页共2页"]


def test_a_page_in_two_documents_is_compressed_once_and_numbered_in_each(
    typesetter: Typesetter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The print set repeats the forms' pages: their text is set and compressed once per write, the
    footer of each document (its own numbers) a stream of its own."""
    writer = PdfWriter(typesetter.fonts, typesetter)
    form = typesetter.layout([Paragraph("申请表正文")])
    cover = typesetter.layout([Paragraph("封面")])
    cover[0].numbered = False
    compressed: list[bytes] = []
    real = zlib.compress

    def counting(data: bytes, level: int = -1) -> bytes:
        compressed.append(data)
        return real(data, level)

    monkeypatch.setattr("desktop.pdf.writer.zlib.compress", counting)
    alone, printed = writer.write(
        [
            Document(form, "申请表", date(2026, 3, 1)),
            Document(cover + form, "申报材料", date(2026, 3, 1), Numbering(first=7, total=9)),
        ]
    )
    page_texts = [data for data in compressed if b" Tj" in data]
    assert len(page_texts) == 2, page_texts  # 申请表正文 once, 封面 once; fonts are the rest
    assert _pdf_text(alone, tmp_path) == ["申请表正文第1页共1页"]
    assert _pdf_text(printed, tmp_path) == ["封面", "申请表正文第7页共9页"]


def test_no_chinese_font_names_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "fonts").mkdir()
    (tmp_path / "fonts" / "DejaVuSans.ttf").write_bytes(b"not a Chinese font")
    monkeypatch.setenv(font_module.FONT_DIRS_VARIABLE, str(tmp_path / "fonts"))
    with pytest.raises(OutputError) as raised:
        system_fonts()
    message = "\n".join(raised.value.lines())
    assert "未找到中文字体" in message and str(tmp_path / "fonts") in message
    assert "fonts-noto-cjk" in message  # on Linux: the package to install


def test_a_bold_style_in_a_face_that_is_not_bold_is_stroked(typesetter: Typesetter, tmp_path: Path) -> None:
    writer = PdfWriter(typesetter.fonts, typesetter)
    pages = typesetter.layout([Paragraph("加粗", TextStyle(0, 12, True)), Paragraph("常规")])
    (data,) = writer.write([Document(pages, "粗体", date(2026, 3, 1))])
    streams = [  # the page's text compressed, its footer line not
        zlib.decompress(m.group(2)) if b"FlateDecode" in m.group(1) else m.group(2)
        for m in re.finditer(rb"<<([^\n]*)>>\nstream\n(.*?)\nendstream", data, re.DOTALL)
    ]
    content = next(stream for stream in streams if b" Tj" in stream)
    assert content.index(b"2 Tr") < content.index(b"0 Tr")  # stroked for 加粗, plain again for 常规
    assert _pdf_text(data, tmp_path)[0].startswith("加粗常规")


def test_the_file_is_well_formed_every_offset_and_length_exact(
    typesetter: Typesetter, tmp_path: Path
) -> None:
    """The writer lays out the objects itself: the cross-reference table must point at each object,
    each stream's /Length must count its bytes, and a reader must find nothing to repair."""
    writer = PdfWriter(typesetter.fonts, typesetter)
    table = Table(
        [150, 150], [Row([Cell([Paragraph("项目")]), Cell([Paragraph("金额（元）", TextStyle(1, 12))])])]
    )
    pages = typesetter.layout([Paragraph("申报书", TextStyle(1, 22, True)), table, Paragraph("☐ 是")])
    pages += typesetter.layout([Paragraph("第二页 (A) \\ B")])
    for title, expected in (("申报书 (2026)", "申报书 (2026)"), ("Report (a\\b)", "Report (a\\b)")):
        (data,) = writer.write([Document(pages, title, date(2026, 3, 1))])
        assert data.startswith(b"%PDF-1.7\n")
        start = int(re.search(rb"startxref\n(\d+)\n%%EOF\n$", data).group(1))
        assert data[start:].startswith(b"xref\n0 ")
        count = int(re.match(rb"xref\n0 (\d+)\n", data[start:]).group(1))
        entries = re.findall(rb"(\d{10}) (\d{5}) ([fn]) \n", data[start:])
        assert len(entries) == count
        assert entries[0] == (b"0000000000", b"65535", b"f")
        for number, (offset, _, _) in enumerate(entries[1:], start=1):
            assert data[int(offset) :].startswith(b"%d 0 obj\n" % number), number
        assert f"/Size {count}\n".encode() in data[start:]
        for match in re.finditer(rb"/Length (\d+)>>\nstream\n", data):
            end = match.end() + int(match.group(1))
            assert data[end : end + len(b"\nendstream\nendobj\n")] == b"\nendstream\nendobj\n"
        path = tmp_path / "doc.pdf"
        path.write_bytes(data)
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
        assert info.stderr == ""  # nothing to repair: no "Syntax Error", no rebuilt xref
        assert re.search(r"^Pages:\s+2$", info.stdout, re.MULTILINE)
        assert re.search(rf"^Title:\s+{re.escape(expected)}$", info.stdout, re.MULTILINE)
        assert _pdf_text(data, tmp_path)[1] == "第二页(A)\\B第2页共2页"


@pytest.mark.usefixtures("wenquanyi_only")
def test_a_character_no_font_has_is_refused_not_dropped() -> None:
    """WenQuanYi Micro Hei alone (what a minimal Debian has) lacks 㙟 (CJK Extension A): the layout
    must not print it as nothing (glyph 0) but say which character it cannot print."""
    typesetter = Typesetter(system_fonts())
    assert typesetter.layout([Paragraph("成都堃喆跨境科技有限公司")])  # outside GB 2312, but in the font
    with pytest.raises(MissingCharacter) as caught:
        typesetter.layout([Paragraph("成都㙟跨境科技有限公司")])
    assert (caught.value.character, caught.value.text) == ("㙟", "成都㙟跨境科技有限公司")
