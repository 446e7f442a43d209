"""The tests' reading of printed PDFs holds whichever fonts the reader's LibreOffice sets them in."""

from __future__ import annotations

from decimal import Decimal

from tests.packet.sheet_reading import Word, printed_figures, printed_lines, printed_text

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
