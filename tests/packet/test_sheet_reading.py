"""The tests' reading of printed PDFs holds whichever fonts the reader's LibreOffice sets them in."""

from __future__ import annotations

from decimal import Decimal

from tests.packet.sheet_reading import Word, printed_figures, printed_lines, printed_text, stretched_gaps

# Boxes as pdftotext -bbox gave them for a 测算表 printed with Noto Sans CJK and DejaVu Sans installed
# (the machine of a reader with both): Chinese 2.3 points lower than the figures on its own line.
MIXED_FONTS = [
    Word(26.5, 52.3, 46.3, 65.2, "序号"),
    Word(763.4, 52.3, 803.0, 65.2, "计入合计"),
    Word(28.0, 67.8, 34.9, 80.7, "1"),
    Word(700.0, 65.5, 740.0, 78.4, "300,000"),
    Word(809.2, 65.5, 830.0, 78.4, "300,000"),
    Word(22.5, 81.3, 90.9, 94.2, "合计(确定金额)"),
    Word(809.2, 79.0, 830.0, 91.9, "300,000"),
    Word(22.5, 94.8, 189.9, 107.7, "最高额合计(待年度资金申报指南确定)"),
    Word(809.2, 92.5, 816.1, 105.4, "0"),
    Word(380.0, 570.0, 398.0, 582.9, "第1"),
    Word(400.2, 572.3, 430.0, 585.2, "页共6"),
    Word(432.0, 572.3, 442.0, 585.2, "页"),
]


def test_words_of_one_printed_line_are_read_together_though_their_fonts_differ() -> None:
    lines = [[w.text for w in line] for line in printed_lines(MIXED_FONTS)]
    assert lines == [
        ["序号", "计入合计"],
        ["1", "300,000", "300,000"],
        ["合计(确定金额)", "300,000"],
        ["最高额合计(待年度资金申报指南确定)", "0"],
        ["第1", "页共6", "页"],
    ]
    figures = printed_figures([MIXED_FONTS])
    assert figures.rows == [(Decimal(300000), Decimal(300000))]
    assert (figures.total, figures.total_up_to) == (Decimal(300000), Decimal(0))
    assert "第1页共6页" in printed_text(MIXED_FONTS)


# The 信用承诺书's date as LibreOffice 26.8 (Debian 13, WenQuanYi Micro Hei beside DejaVu Serif) prints
# it, right-aligned: the figures' boxes start 0.1 point below the Chinese ones (520.51 against 520.42).
DATE_LINE = [
    Word(433.7, 520.514764, 464.216, 534.470764, "2026"),
    Word(466.6, 520.418764, 478.6, 534.470764, "年"),
    Word(481.0, 520.514764, 488.632, 534.470764, "3"),
    Word(491.0, 520.418764, 503.0, 534.470764, "月"),
    Word(505.4, 520.514764, 513.032, 534.470764, "1"),
    Word(515.4, 520.418764, 527.4, 534.470764, "日"),
]
# A justified line LibreOffice 7.4 stretched because the credit code after it could not break: its
# characters stand 1.7 em apart (the line the 信用承诺书 once had; 12 pt, WenQuanYi Micro Hei).
STRETCHED = [
    *(
        Word(90.1 + 32.292 * i, 71.8, 102.1 + 32.292 * i, 87.4, ch)
        for i, ch in enumerate("本单位的统一社会信用代码为：")
    ),
    Word(90.1, 87.9, 519.916, 103.5, "91320700MA1LYGX0KC91320700MA1LYGX0KC91320700MA1LYGX0"),
    Word(90.1, 104.0, 144.3, 119.6, "KC，申报"),
    Word(146.7, 104.0, 177.216, 119.6, "2025"),
    Word(179.6, 104.0, 395.6, 119.6, "年度跨境电商政策资金，郑重承诺如下："),
]


def test_a_date_in_two_fonts_is_one_line_and_not_stretched() -> None:
    assert [[w.text for w in line] for line in printed_lines(DATE_LINE)] == [
        ["2026", "年", "3", "月", "1", "日"]
    ]
    assert stretched_gaps([DATE_LINE]) == []


def test_a_justified_line_stretched_around_an_unbreakable_word_is_found() -> None:
    assert stretched_gaps([STRETCHED]) == ["本单位的统一社会信用代码为："]
    # the same characters at their own width, or 0.2 em apart, are not stretched
    for pitch in (12.0, 14.4):
        tight = [
            Word(90.1 + pitch * i, w.y0, 102.1 + pitch * i, w.y1, w.text)
            for i, w in enumerate(STRETCHED[:14])
        ]
        assert stretched_gaps([tight + STRETCHED[14:]]) == [], pitch
    footer = [  # 第1页　共1页 as LibreOffice 26.8 prints it: an ideographic space between 页 and 共
        Word(265.15, 793.690764, 275.15, 805.400764, "第"),
        Word(275.15, 791.914764, 282.782, 805.870764, "1"),
        Word(282.75, 793.690764, 292.75, 805.400764, "页"),
        Word(302.75, 793.690764, 312.75, 805.400764, "共"),
        Word(312.75, 791.914764, 320.382, 805.870764, "1"),
        Word(320.35, 793.690764, 330.35, 805.400764, "页"),
    ]
    assert stretched_gaps([STRETCHED + footer]) == ["本单位的统一社会信用代码为："]
