"""Build the default Word templates in forms/ (files a non-programmer can then restyle; the 测算表 has none).

The committed files in forms/ are the product; this script records how they were first made and
rebuilds them after a deliberate change of layout: python tools/make_forms.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

ROOT = Path(__file__).resolve().parent.parent
FORMS = ROOT / "forms"
BODY_FONT = "仿宋"
TITLE_FONT = "黑体"
LATIN_FONT = "Times New Roman"


def _fonts(element, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Set Latin and East Asian fonts on a run or style's rPr: without w:eastAsia Word falls back
    to a Japanese font for Chinese text."""
    r_pr = element.get_or_add_rPr()
    r_fonts = r_pr.find(qn("w:rFonts"))
    if r_fonts is None:
        r_fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, r_fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        r_fonts.set(qn(attribute), latin)
    r_fonts.set(qn("w:eastAsia"), east_asia)


def _new_document(landscape: bool = False) -> Document:
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_height, section.page_width = section.page_width, section.page_height
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.left_margin = section.right_margin = Cm(2.4)
    styles = document.styles
    normal = styles["Normal"]
    normal.font.size = Pt(12)
    _fonts(normal.element, BODY_FONT)
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.25
    for name in ("Title", "Heading 1", "Heading 2", "Table Grid"):
        _fonts(styles[name].element, TITLE_FONT if name != "Table Grid" else BODY_FONT)
    for name, size in (("Title", 20), ("Heading 1", 15), ("Heading 2", 13)):
        style = styles[name]
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = None
        style.paragraph_format.space_before = Pt(10)
        style.paragraph_format.space_after = Pt(8)
    styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title_borders = styles["Title"].element.pPr.find(qn("w:pBdr"))
    if title_borders is not None:
        styles["Title"].element.pPr.remove(title_borders)
    # docDefaults: the fallback for any run a user adds later in Word.
    defaults = document.styles.element.find(qn("w:docDefaults"))
    r_pr_default = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = r_pr_default.find(qn("w:rFonts"))
    fonts.set(qn("w:eastAsia"), BODY_FONT)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), LATIN_FONT)
    return document


def _paragraph(
    document,
    text: str = "",
    *,
    style: str | None = None,
    align=None,
    bold: bool = False,
    size: int | None = None,
    font: str = BODY_FONT,
):
    paragraph = document.add_paragraph(style=style)
    if text:
        run = paragraph.add_run(text)
        _fonts(run._element, TITLE_FONT if style in ("Title", "Heading 1", "Heading 2") else font)
        run.bold = bold or None
        if size:
            run.font.size = Pt(size)
    if align is not None:
        paragraph.alignment = align
    return paragraph


def _cell(cell, text: str, *, bold: bool = False, align=None) -> None:
    cell.text = ""
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    _fonts(run._element, BODY_FONT)
    run.bold = bold or None
    run.font.size = Pt(11)
    paragraph.paragraph_format.space_after = Pt(0)
    if align is not None:
        paragraph.alignment = align


def _row_flags(row, *, header: bool = False) -> None:
    """Keep a table row on one page; repeat header rows on every page."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))


def _table(document, widths_cm: list[float], header: list[str] | None = None):
    table = document.add_table(rows=0, cols=len(widths_cm))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    if header:
        row = table.add_row()
        _row_flags(row, header=True)
        for cell, text in zip(row.cells, header, strict=True):
            _cell(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)
    return table


def _add_row(
    table, texts: list[str], widths_cm: list[float], right: tuple[int, ...] = (), bold: bool = False
):
    row = table.add_row()
    _row_flags(row)
    for index, (cell, text) in enumerate(zip(row.cells, texts, strict=True)):
        _cell(cell, text, bold=bold, align=WD_ALIGN_PARAGRAPH.RIGHT if index in right else None)
        cell.width = Cm(widths_cm[index])
    return row


def _firm_table(document) -> None:
    widths = [4.2, 12.0]
    table = _table(document, widths)
    for label, tag in (
        ("申报单位名称", "{{ firm.name }}"),
        ("统一社会信用代码", "{{ firm.credit_code }}"),
        ("所在城市", "{{ firm.city_name }}"),
        ("成立日期", "{{ firm.established }}"),
        ("注册地址", "{{ firm.address }}"),
        ("法定代表人", "{{ firm.legal_representative }}"),
        ("联系人及电话", "{{ firm.contact_person }}  {{ firm.contact_phone }}"),
        ("开户银行及账号", "{{ firm.bank_name }}  {{ firm.bank_account }}"),
    ):
        _add_row(table, [label, tag], widths)


def _signature(document, who: str = "申报单位（盖章）") -> None:
    _paragraph(document)
    _paragraph(document, "法定代表人（签字）：________________", align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(document, f"{who}：________________", align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(document, "{{ date_text }}", align=WD_ALIGN_PARAGRAPH.RIGHT)


def make_application() -> Document:
    document = _new_document()
    _paragraph(document, "跨境电商政策资金申报书", style="Title")
    _paragraph(
        document,
        "业绩年度：{{ year }} 年    政策依据：{{ jurisdictions_text }}",
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    _paragraph(document, "一、申报单位基本情况", style="Heading 1")
    _firm_table(document)
    _paragraph(document, "二、申报事项", style="Heading 1")
    widths = [1.2, 1.8, 5.0, 4.6, 3.6]
    table = _table(document, widths, ["序号", "编号", "政策条款", "申报事项", "申报金额（元）"])
    _add_row(table, ["{%tr for m in applied %}", "", "", "", ""], widths)
    _add_row(
        table,
        [
            "{{ loop.index }}",
            "{{ m.id }}",
            "{{ m.document_short }}{{ m.clause }}",
            "{{ m.title }}",
            "{% if m.up_to %}最高 {% endif %}{{ m.amount_text }}",
        ],
        widths,
        right=(4,),
    )
    _add_row(table, ["{%tr endfor %}", "", "", "", ""], widths)
    _add_row(table, ["", "", "", "合计（确定金额）", "{{ total_text }}"], widths, right=(4,), bold=True)
    _paragraph(document)
    _paragraph(document, "申报金额合计：{{ total_capital }}（¥{{ total_text }}）。", bold=True)
    _paragraph(document, "{%p if has_up_to %}")
    _paragraph(
        document,
        "另有“最高额”事项 {{ up_to_count }} 项，最高合计 {{ total_up_to_text }} 元（{{ total_up_to_capital }}），"
        "政策原文只规定了上限，具体金额以年度资金申报指南核定为准，未计入上述合计。",
    )
    _paragraph(document, "{%p endif %}")
    _paragraph(document, "三、申报声明", style="Heading 1")
    _paragraph(
        document,
        "本单位承诺：所填报的各项数据和所附材料真实、准确、完整；同一事项不重复申报，"
        "已获得其他财政资金支持的事项已如实说明；如有不实，愿承担相应责任。",
    )
    _signature(document)
    page_break = document.add_paragraph().add_run()
    page_break.add_break(WD_BREAK.PAGE)
    _paragraph(document, "附：未申报事项", style="Heading 1")
    _paragraph(document, "以下措施经测算本年度不申报，列明原因备查：")
    widths = [1.8, 4.4, 2.6, 7.4]
    table = _table(document, widths, ["编号", "事项", "状态", "原因"])
    _add_row(table, ["{%tr for m in not_applied %}", "", "", ""], widths)
    _add_row(table, ["{{ m.id }}", "{{ m.title }}", "{{ m.status_text }}", "{{ m.reason }}"], widths)
    _add_row(table, ["{%tr endfor %}", "", "", ""], widths)
    _paragraph(
        document, "测算依据：CBEC Grant Desk {{ program_version }}，政策目录 {{ catalog_version }}。", size=9
    )
    return document


def make_measure_form() -> Document:
    document = _new_document()
    _paragraph(document, "{{ m.id }} {{ m.title }} 申请表", style="Title")
    _paragraph(document, "业绩年度：{{ year }} 年", align=WD_ALIGN_PARAGRAPH.CENTER)
    widths = [4.2, 12.0]
    table = _table(document, widths)
    for label, tag in (
        ("申报单位名称", "{{ firm.name }}"),
        ("统一社会信用代码", "{{ firm.credit_code }}"),
        ("政策依据", "{{ m.jurisdiction_name }}《{{ m.document }}》{{ m.clause }}"),
        ("条款原文", "“{{ m.quote }}”"),
        ("奖励规则", "{{ m.rule }}"),
    ):
        _add_row(table, [label, tag], widths)
    _paragraph(document, "一、申报条件核对", style="Heading 1")
    widths = [9.6, 4.6, 2.0]
    table = _table(document, widths, ["条件（原文措辞及民法典第1259条读法）", "本单位数据", "是否满足"])
    _add_row(table, ["{%tr for c in m.conditions %}", "", ""], widths)
    _add_row(
        table, ["{{ c.indent }}{{ c.condition }}", "{{ c.figure }}", "{{ c.verdict }}"], widths, right=(1,)
    )
    _add_row(table, ["{%tr endfor %}", "", ""], widths)
    _paragraph(document, "二、金额测算", style="Heading 1")
    _paragraph(document, "{%p for line in m.arithmetic %}")
    _paragraph(document, "{{ line }}")
    _paragraph(document, "{%p endfor %}")
    _paragraph(
        document,
        "申报金额：{% if m.up_to %}最高 {% endif %}{{ m.amount_text }} 元（{{ m.amount_capital }}）",
        bold=True,
    )
    _paragraph(document, "{%p if m.up_to %}")
    _paragraph(document, "注：政策原文只规定了上限，本表金额为最高额，具体金额以年度资金申报指南核定为准。")
    _paragraph(document, "{%p endif %}")
    _paragraph(document, "{%p for note in m.notes %}")
    _paragraph(document, "注：{{ note }}", size=10)
    _paragraph(document, "{%p endfor %}")
    _paragraph(document, "三、需提交的材料", style="Heading 1")
    _paragraph(document, "{%p for a in m.attachments %}")
    _paragraph(document, "{{ loop.index }}. {{ a }}")
    _paragraph(document, "{%p endfor %}")
    _signature(document)
    return document


def make_commitment() -> Document:
    document = _new_document()
    _paragraph(document, "信用承诺书", style="Title")
    _paragraph(
        document,
        "本单位{{ firm.name }}（统一社会信用代码：{{ firm.credit_code }}）申报{{ year }}业绩年度跨境电商政策资金，郑重承诺如下：",
    )
    for index, text in enumerate(
        (
            "所提交的申报材料及数据真实、准确、完整、有效，不存在虚报、瞒报、伪造、篡改等行为；",
            "本单位依法经营，近三年内无严重违法失信行为，未被列入严重失信主体名单；",
            "同一事项不重复申报，已获得其他财政资金支持的事项已如实说明，按就高不重复原则接受核定；",
            "获得的资金按规定使用，自觉接受财政、审计、商务等部门的监督检查；",
            "如违反上述承诺，自愿承担退回资金、纳入信用记录等相应责任。",
        ),
        start=1,
    ):
        _paragraph(document, f"{index}. {text}")
    _paragraph(
        document,
        "法定代表人：{{ firm.legal_representative }}    联系人：{{ firm.contact_person }}    电话：{{ firm.contact_phone }}",
    )
    _signature(document, "承诺单位（盖章）")
    return document


def make_checklist() -> Document:
    document = _new_document()
    _paragraph(document, "申报材料清单", style="Title")
    _paragraph(document, "{{ firm.name }} · {{ year }} 业绩年度", align=WD_ALIGN_PARAGRAPH.CENTER)
    widths = [1.2, 9.6, 3.8, 1.6]
    table = _table(document, widths, ["序号", "材料", "对应事项", "已备"])
    _add_row(table, ["{%tr for item in checklist %}", "", "", ""], widths)
    _add_row(table, ["{{ loop.index }}", "{{ item.name }}", "{{ item.measures }}", "☐"], widths)
    _add_row(table, ["{%tr endfor %}", "", "", ""], widths)
    _paragraph(document, "材料均需加盖单位公章；复印件注明“与原件一致”。", size=10)
    return document


def main() -> int:
    FORMS.mkdir(exist_ok=True)
    for name, maker in (
        ("申报书.docx", make_application),
        ("申请表.docx", make_measure_form),
        ("信用承诺书.docx", make_commitment),
        ("材料清单.docx", make_checklist),
    ):
        maker().save(FORMS / name)
    print(f"templates written to {FORMS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
