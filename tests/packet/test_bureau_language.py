"""What is submitted speaks the bureau's language: no internal key, id, English value or engine mark in any
submitted document of any sample or generated firm; the firm's own notes go to the 内部核对单."""

from __future__ import annotations

import random
import re
import zipfile
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from desktop.catalog import Catalog
from desktop.catalog.model import AwardKind
from desktop.engine import FirmResult, Status, evaluate_firm
from desktop.errors import InputError
from desktop.firm import FirmFile, parse_firm
from desktop.packet.writer import INTERNAL_FILE, write_packet
from tests.conftest import firm_data
from tests.packet.conftest import DAY, SAMPLES, write_sample

MEASURE_ID = re.compile(r"\b[A-Z]{2,3}-[0-9A-Z]{1,3}\b")
SNAKE_CASE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
CJK = "\u2e80-\u9fff\u3000-\u303f\uff00-\uffef“”‘’《》"
SPACE_AT_CJK = re.compile(rf"[ \t][{CJK}]|[{CJK}][ \t]")
ENGINE_WORDS = ("民法典", "第1259条", "CBEC", "Grant Desk", "✗", "✓", "需补充", "未申报", "不计入")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _paragraphs(path: Path) -> list[str]:
    """Return the text of every paragraph of the document body, headers and footers."""
    from lxml import etree

    found = []
    with zipfile.ZipFile(path) as archive:
        for part in archive.namelist():
            if re.match(r"word/(document|header\d*|footer\d*)\.xml$", part):
                root = etree.fromstring(archive.read(part))
                for paragraph in root.iter(f"{W}p"):
                    found.append("".join(t.text or "" for t in paragraph.iter(f"{W}t")))
            if part == "docProps/core.xml":  # the author Word shows under 文件 → 信息
                properties = etree.fromstring(archive.read(part))
                found += [
                    element.text or ""
                    for element in properties
                    if etree.QName(element).localname in ("creator", "lastModifiedBy")
                ]
    return found


def _workbook_texts(path: Path) -> list[str]:
    """Return every text a viewer shows in the workbook: cell strings and stored formula results."""
    texts = []
    for data_only in (False, True):
        workbook = load_workbook(path, data_only=data_only)
        for sheet in workbook.worksheets:
            texts.append(sheet.title)
            for row in sheet.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str) and not cell.value.startswith("="):
                        texts.append(cell.value)
            for part in (sheet.oddHeader, sheet.oddFooter):
                for side in (part.left, part.center, part.right):
                    if side.text:
                        texts.append(side.text)
    return texts


def _forbidden_words(catalog: Catalog) -> set[str]:
    words = {"true", "false", "none", "null", "True", "False", "None"}
    words |= {status.value for status in Status} | {kind.value for kind in AwardKind}
    words |= set(catalog.facts) | set(catalog.roles) | set(catalog.cities)
    for definition in catalog.facts.values():
        words |= set(definition.choices)
    return {word for word in words if word.isascii()}


def _problems(text: str, forbidden: set[str], firm: FirmFile, *, spaces: bool = True) -> list[str]:
    own = " ".join(str(v) for v in firm.firm.model_dump().values())
    found = [f"编号 {m}" for m in MEASURE_ID.findall(text)]
    found += [f"键 {m}" for m in SNAKE_CASE.findall(text)]
    found += [
        f"英文值 {word}" for word in re.findall(r"[A-Za-z_]+", text) if word in forbidden and word not in own
    ]
    found += [f"引擎用语 {word}" for word in ENGINE_WORDS if word in text]
    if spaces:
        found += [f"半角标点 {c}" for c in "():;" if c in text and c not in own]
        found += [f"多余空格 “{m}”" for m in SPACE_AT_CJK.findall(text) if m.strip() and m not in own]
    return found


def _generated(catalog: Catalog, count: int) -> list[tuple[FirmFile, FirmResult]]:
    rng = random.Random(13)
    firms = []
    money = ["0", "1", "999999", "1000001", "50000001", "200000001", "650000000", "3000000000"]
    for index in range(count):
        city = ("chengdu", "lianyungang", "chengdu", "deyang", "suzhou")[index % 5]
        facts: dict[str, object] = {}
        for key, definition in catalog.facts.items():
            if definition.derived or rng.random() < 0.15:
                continue
            kind = definition.kind.value
            if kind == "bool":
                facts[key] = rng.random() < 0.7
            elif kind == "enum":
                facts[key] = rng.choice(list(definition.choices))
            elif kind != "ratio":
                facts[key] = rng.choice(money)
        for key, definition in catalog.facts.items():  # a part above its whole is refused (ruling 14)
            whole = definition.part_of
            if key in facts and whole in facts and Decimal(str(facts[key])) > Decimal(str(facts[whole])):
                facts[key] = facts[whole]
        data = firm_data(
            city,
            roles=rng.sample(["trader", "service", "warehouse", "park_operator"], rng.randint(1, 3)),
            facts=facts,
            established=rng.choice(["2019-04-16", "2024-06-18"]),
        )
        data["firm"]["name"] = f"测试企业{index:03d}"
        try:
            firm = parse_firm(data, catalog)
        except InputError:  # a figure beyond a fact's bounds: not a firm the packet is for
            continue
        result = evaluate_firm(firm, catalog)
        if not result.problems:
            firms.append((firm, result))
    return firms


def _packets(tmp_path: Path, catalog: Catalog) -> list[tuple[FirmFile, Path]]:
    packets = []
    for name in SAMPLES:
        firm, _, packet = write_sample(name, tmp_path / "samples", catalog)
        packets.append((firm, packet.folder))
    generated = _generated(catalog, 40)
    assert len(generated) >= 20
    for firm, result in generated:
        packet = write_packet(firm, result, catalog, tmp_path / "generated", DAY, "0" * 64)
        packets.append((firm, packet.folder))
    return packets


def test_submitted_word_documents_carry_no_internal_key(tmp_path: Path, catalog: Catalog) -> None:
    forbidden = _forbidden_words(catalog)
    problems = []
    forms_seen = 0
    for firm, folder in _packets(tmp_path, catalog):
        for path in sorted(folder.glob("*.docx")):
            if path.name == INTERNAL_FILE:
                continue
            forms_seen += path.name.startswith("02_")
            for paragraph in _paragraphs(path):
                problems += [
                    f"{folder.name}/{path.name}: {p}（{paragraph[:60]}）"
                    for p in _problems(paragraph, forbidden, firm)
                ]
    assert forms_seen > 30
    assert not problems, "\n".join(problems[:40])


def test_submitted_workbook_carries_no_internal_key(tmp_path: Path, catalog: Catalog) -> None:
    forbidden = _forbidden_words(catalog)
    problems = []
    workbooks = 0
    for firm, folder in _packets(tmp_path, catalog):
        if not (folder / "04_测算表.xlsx").exists():  # a firm without a money measure has no sheet
            assert (folder / "01_政策服务清单.docx").exists(), folder.name
            continue
        workbooks += 1
        for text in _workbook_texts(folder / "04_测算表.xlsx"):
            problems += [
                f"{folder.name}: {p}（{text[:60]}）" for p in _problems(text, forbidden, firm, spaces=False)
            ]
    assert workbooks > 20
    assert not problems, "\n".join(problems[:40])


def test_the_checker_finds_what_it_must(catalog: Catalog) -> None:
    firm, _ = _generated(catalog, 1)[0]
    forbidden = _forbidden_words(catalog)
    for bad in (
        "需补充：零售进口试点类别(pilot_import_kind)",
        "做大做强 CD-2A",
        "状态 needs_input",
        "条件(民法典第1259条读法)",
        "超过 2亿元",
        "选择：none",
    ):
        assert _problems(bad, forbidden, firm), bad
    assert not _problems("年度跨境电商交易额超过2亿元（不含本数）：320,000,000元", forbidden, firm)


def test_internal_check_list_holds_what_the_application_no_longer_does(
    tmp_path: Path, catalog: Catalog
) -> None:
    _, result, packet = write_sample("chengdu-trader.json", tmp_path, catalog)
    internal = "\n".join(_paragraphs(packet.folder / INTERNAL_FILE))
    application = "\n".join(_paragraphs(packet.folder / "01_申报书.docx"))
    assert "不提交" in internal and "请勿提交" in internal
    for measure in result.measures:
        if measure.status is Status.NEEDS_INPUT:
            for key in measure.missing:
                assert catalog.facts[key].label in internal
            assert measure.id in internal
        for hint in measure.hints:
            assert hint.split(" ")[0] in internal
    assert "零售进口试点类别" in internal and "pilot_import_kind" not in internal
    assert "第一千二百五十九条" in internal and "CBEC Grant Desk" in internal
    assert "零售进口试点类别" not in application and "CBEC" not in application
