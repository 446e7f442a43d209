"""Reading the 测算表 back as a reviewer's viewers show it: the stored values and the printed PDF; and
the text of any printed PDF, page by page."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

from openpyxl import load_workbook

from desktop.engine import FirmResult, Status
from desktop.packet.workbook import CALC

AWARD_COLUMN, COUNTED_COLUMN, UP_TO_COLUMN = 12, 13, 11
TOTAL_LABEL, TOTAL_UP_TO_LABEL = "合计(确定金额)", "最高额合计(待年度资金申报指南确定)"
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
_FIGURE = re.compile(r"^\d{1,3}(,\d{3})*$")


@dataclass
class Figures:
    """Per measure row (序号 order) its award and counted amount, and the two totals."""

    rows: list[tuple[Decimal, Decimal]]
    total: Decimal
    total_up_to: Decimal


def expected(result: FirmResult) -> Figures:
    """Return what the engine says the sheet must show: every money measure in force, in catalog order."""
    rows = [
        (m.award, m.counted_award)
        for m in result.measures
        if m.measure.award.is_money and m.status is not Status.NOT_IN_FORCE
    ]
    return Figures(rows, result.total, result.total_up_to)


def _decimal(value: object) -> Decimal:
    return Decimal(str(value)).normalize() if value not in (None, "") else Decimal(0)


def stored_figures(path: Path) -> Figures:
    """Return the figures of the 测算 sheet as a reader that never recalculates sees them."""
    calc = load_workbook(path, data_only=True)[CALC]
    rows, totals = [], {}
    for r in range(1, calc.max_row + 1):
        first = calc.cell(row=r, column=1).value
        if isinstance(first, int | float) and not isinstance(first, bool):
            assert int(first) == len(rows) + 1, f"{path.name}: 序号 {first} out of order"
            rows.append(
                (
                    _decimal(calc.cell(row=r, column=AWARD_COLUMN).value),
                    _decimal(calc.cell(row=r, column=COUNTED_COLUMN).value),
                )
            )
        elif first in (TOTAL_LABEL, TOTAL_UP_TO_LABEL):
            totals[first] = _decimal(calc.cell(row=r, column=COUNTED_COLUMN).value)
    return Figures(rows, totals[TOTAL_LABEL], totals[TOTAL_UP_TO_LABEL])


def normalised(figures: Figures) -> Figures:
    """Return figures comparable whatever the reader's number type."""
    return Figures(
        [(a.normalize(), c.normalize()) for a, c in figures.rows],
        figures.total.normalize(),
        figures.total_up_to.normalize(),
    )


@dataclass
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


FOOTER = re.compile(r"第(\d+)页共(\d+)页")  # a page's number as pdftotext reads it, spaces squeezed out


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def page_texts(pdf: Path) -> list[str]:
    """Return the text of each page, in the order it was written (pdftotext -raw)."""
    text = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    return text.split("\f")[:-1]


def squeezed_pages(pdf: Path) -> list[str]:
    """Return the text of each page without any whitespace, in the order written."""
    return [squeeze(page) for page in page_texts(pdf)]


def pdf_pages(pdf: Path) -> list[list[Word]]:
    """Return the words of every page of a PDF, with their boxes (pdftotext -bbox)."""
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True, timeout=60
    ).stdout
    pages = []
    for chunk in html.split("<page ")[1:]:
        words = [
            Word(float(a), float(b), float(c), float(d), text.strip())
            for a, b, c, d, text in _WORD.findall(chunk)
        ]
        pages.append(words)
    return pages


def stretched_gaps(pages: list[list[Word]], limit: float = 0.25) -> list[str]:
    """Return the printed lines whose Chinese characters stand apart by more than ``limit`` em (a
    justified line stretched because the next word could not break); a character's box is about
    1.3 em high. Lines are read as printed (``printed_lines``): the figures of a date set in a Latin
    font have box tops a fraction of a point off the Chinese ones, and must stand between them."""
    found = []
    for words in pages:
        for line in printed_lines(words):
            text = "".join(w.text.replace(" ", "") for w in line)
            if re.sub(r"\d", "", text) == "第页共页":
                continue  # the footer: 第1页　共2页, an ideographic space in the middle
            for before, after in pairwise(line):
                em = (after.y1 - after.y0) / 1.3
                cjk = all(
                    "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef"
                    for ch in before.text + after.text
                )
                if cjk and after.x0 - before.x1 > limit * em:
                    found.append(text)
                    break
    return found


def _figure(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def printed_lines(words: list[Word]) -> list[list[Word]]:
    """Return a page's words grouped into printed lines, top to bottom, each left to right.

    Words of one line share a baseline, not a box: Chinese set in a CJK font and figures set in a
    Latin one (a reader with Noto CJK beside DejaVu, as many Linux desktops are) have boxes some
    points apart. So a word belongs to a line when their heights overlap by more than half.
    """
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.y0 + w.y1) / 2):
        for line in lines:
            anchor = line[0]
            overlap = min(anchor.y1, word.y1) - max(anchor.y0, word.y0)
            if overlap > min(anchor.y1 - anchor.y0, word.y1 - word.y0) / 2:
                line.append(word)
                break
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w.x0) for line in sorted(lines, key=lambda line: line[0].y0)]


def printed_text(words: list[Word]) -> str:
    """Return a page's text as it reads, line by line, without spaces (pdftotext splits words at the
    spaces it sees, and newer poppler sees more: "第1 页共6 页")."""
    return "".join(w.text.replace(" ", "") for line in printed_lines(words) for w in line)


def printed_figures(pages: list[list[Word]]) -> Figures:
    """Return the figures as LibreOffice prints them: per row the last two figures of its first line
    (奖励金额, 计入合计 are the last two columns), and the last figure of each total's line."""
    rows: list[tuple[Decimal, Decimal]] = []
    totals: dict[str, Decimal] = {}
    for words in pages:
        header = next((w for w in words if w.text == "序号"), None)
        if header is None or not any(w.text == "计入合计" for w in words):
            continue
        for line in printed_lines(words):
            figures = [_figure(w.text) for w in line if _FIGURE.match(w.text)]
            text = " ".join(w.text for w in line)
            for word in line:
                if word.text.isdigit() and word.x1 <= header.x1 + 2 and word.y0 > header.y1:
                    assert int(word.text) == len(rows) + 1, f"序号 {word.text} out of order"
                    assert len(figures) >= 2, f"row {word.text} prints fewer than two figures: {text}"
                    rows.append((figures[-2], figures[-1]))
                for label in (TOTAL_LABEL, TOTAL_UP_TO_LABEL):
                    if word.text.replace(" ", "") == label:
                        assert figures, f"{label} prints no figure on its line: {text}"
                        totals[label] = figures[-1]
    assert set(totals) == {TOTAL_LABEL, TOTAL_UP_TO_LABEL}, f"totals printed: {sorted(totals)}"
    return Figures(rows, totals[TOTAL_LABEL], totals[TOTAL_UP_TO_LABEL])


def smallest_text(words: list[Word]) -> float:
    """Return the smallest printed size in points of the page's Chinese words (a 汉字 is 1 em wide)."""
    sizes = [
        (w.x1 - w.x0) / len(w.text)
        for w in words
        if w.text and all("\u4e00" <= ch <= "\u9fff" for ch in w.text)
    ]
    return min(sizes)


def convert(files: list[Path], out: Path, target: str) -> list[Path]:
    """Return the files converted by LibreOffice to ``target`` (xlsx: recalculated; pdf: printed), all
    in one call: starting LibreOffice costs about a second, each further file a tenth."""
    from desktop.packet.pdf import find_soffice

    soffice = find_soffice()
    assert soffice is not None
    out.mkdir(parents=True, exist_ok=True)
    profile = (out / "profile").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", target,
         "--outdir", str(out), *map(str, files)],
        check=True, capture_output=True, timeout=900,
    )  # fmt: skip
    return [out / f"{file.stem}.{target}" for file in files]
