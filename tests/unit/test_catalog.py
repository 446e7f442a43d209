"""The shipped catalog's invariants, its quotes against the policy texts, and broken catalogs."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from desktop.catalog import Catalog, load_catalog
from desktop.catalog.model import AwardKind
from desktop.errors import CatalogError
from desktop.paths import catalog_dir
from tests.conftest import POLICY_SOURCES

MEASURES_MD_IDS = (
    [f"CD-{n}" for n in ("1", "2A", "2B", "3A", "3B", "3C", "4", "5", "6", "7", "8", "9")]
    + [f"LYG-{n:02d}" for n in range(1, 17)]
    + [f"SC-{n:02d}" for n in (3, 4, 6, 10, 13, 14, 16, 17, 18, 19)]
    + ["DY-10", "DY-18", "DY-19", "DY-20", "DY-23", "MY-19", "MY-20", "MY-21", "MY-22"]
    + ["SZ-1", "SZ-5", "SZ-7", "SZ-12", "SZ-17"]
    # the completeness list at the end of measures.md (rulings of 2026-11)
    + [f"LYG-{n}" for n in range(17, 25)]
    + ["MY-25", "DY-14", "SZ-11", "SZ-13", "SC-01", "CD-P1", "CD-P2"]
    # the support still missing at the end of the rulings of 2026-12
    + ["DY-9", "DY-12", "MY-10", "MY-15", "SZ-4", "SZ-10", "SZ-15", "CD-P3", "CD-P4", "SC-10B", "LYG-25"]
)
PREFIXES = {
    "chengdu": "CD",
    "lianyungang": "LYG",
    "sichuan": "SC",
    "deyang": "DY",
    "mianyang": "MY",
    "suzhou": "SZ",
}


def test_every_measure_of_measures_md_is_in_the_catalog(catalog: Catalog) -> None:
    assert sorted(catalog.measures) == sorted(MEASURES_MD_IDS)


def test_measures_carry_their_source_and_belong_to_their_jurisdiction(catalog: Catalog) -> None:
    for measure_id, measure in catalog.measures.items():
        key = catalog.jurisdiction_of[measure_id]
        assert measure_id.startswith(PREFIXES[key] + "-")
        assert measure.clause and measure.quote and measure.title_en
        assert measure.attachments, f"{measure_id} lists no attachments"
        if measure.award.kind is AwardKind.UNQUANTIFIED:
            assert measure.guidance, f"{measure_id} says nothing of what to do"


def test_draft_only_for_sichuan(catalog: Catalog) -> None:
    assert {key for key, j in catalog.jurisdictions.items() if j.draft} == {"sichuan"}


def test_every_fact_of_the_vocabulary_is_used_or_derived(catalog: Catalog) -> None:
    used = {fact for measure in catalog.measures.values() for fact in measure.facts()}
    derived_sources = {source for f in catalog.facts.values() for source in f.derived_from}
    universal = {key for key, f in catalog.facts.items() if f.universal}  # asked by calls, not by texts
    unused = set(catalog.facts) - used - derived_sources - universal
    assert unused == set()


def test_universal_conditions_are_yes_no_facts_with_their_proofs_and_no_text_asks_them(
    catalog: Catalog,
) -> None:
    universal = {key: f for key, f in catalog.facts.items() if f.universal}
    assert set(universal) == {
        "tax_compliant",
        "listed_dishonest_executee",
        "listed_serious_dishonesty",
        "listed_major_tax_violation",
    }
    for definition in universal.values():
        assert definition.kind.value == "bool" and definition.proof and definition.label_en
    used = {fact for measure in catalog.measures.values() for fact in measure.facts()}
    assert not used & set(universal)  # the policy texts do not state them: only a guide makes them conditions


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


# The policy texts live outside the repository, so a hosted CI's clone may lack them.
@pytest.mark.ci_may_skip("shared/policy-sources is not beside the project")
@pytest.mark.skipif(not POLICY_SOURCES.is_dir(), reason="shared/policy-sources is not beside the project")
def test_every_quote_is_verbatim_in_its_source(catalog: Catalog) -> None:
    for key, jurisdiction in catalog.jurisdictions.items():
        source = _squash((POLICY_SOURCES / jurisdiction.source_file).read_text(encoding="utf-8"))
        for measure in jurisdiction.measures:
            assert _squash(measure.quote) in source, f"{key} {measure.id}: quote not found verbatim"


SENTENCE_ENDS = "。！？"


def _source_lines(jurisdiction_file: str) -> str:
    """Return the policy text with each line's spaces squashed, lines kept, framed by line breaks."""
    text = (POLICY_SOURCES / jurisdiction_file).read_text(encoding="utf-8")
    return "\n" + "\n".join(_squash(line) for line in text.splitlines()) + "\n"


def _whole(quote: str, source: str) -> bool:
    """Return True when the quote stands in the source as whole sentences: it starts after a sentence
    end or at the start of a line, and ends with 。 (or ！？), unless it is a whole line (an item)."""
    for match in re.finditer(re.escape(quote), source):
        before, last, after = source[match.start() - 1], quote[-1], source[match.end()]
        if before not in SENTENCE_ENDS + "\n":
            continue
        if last in SENTENCE_ENDS or (before == "\n" and after == "\n"):
            return True
    return False


def test_whole_sentence_rule_itself() -> None:
    source = "\n一、标题\n甲句，到此为止。乙句；丙句。\n列表一项\n"
    assert _whole("甲句，到此为止。", source)
    assert _whole("乙句；丙句。", source)
    assert _whole("列表一项", source)  # an item without 。 is whole when it is the whole line
    assert not _whole("乙句；", source)  # stops at ；
    assert not _whole("句，到此为止。", source)  # starts inside a sentence
    assert not _whole("列表一", source)


@pytest.mark.ci_may_skip("shared/policy-sources is not beside the project")
@pytest.mark.skipif(not POLICY_SOURCES.is_dir(), reason="shared/policy-sources is not beside the project")
def test_every_quote_is_whole_sentences(catalog: Catalog) -> None:
    """Rulings 12 of 2026-11 and 19 of 2026-12: a quote starts at a sentence boundary and runs to
    the 。 (or is a whole item), so no condition is cut off."""
    cut: list[str] = []
    for jurisdiction in catalog.jurisdictions.values():
        source = _source_lines(jurisdiction.source_file)
        cut.extend(m.id for m in jurisdiction.measures if not _whole(_squash(m.quote), source))
    assert cut == []


@pytest.mark.ci_may_skip("shared/policy-sources is not beside the project")
@pytest.mark.skipif(not POLICY_SOURCES.is_dir(), reason="shared/policy-sources is not beside the project")
def test_every_clause_names_headings_as_the_text_numbers_them(catalog: Catalog) -> None:
    """Ruling 19 of 2026-12: a clause is the text's own headings (``一、……``, ``(十七)……``, ``10.……``,
    for the Chengdu plan ``行动计划 三、主要任务 一、…… 培育优势企业做大做强``), each starting a line of
    the source: never a number the text does not use."""
    renumbered: list[str] = []
    for jurisdiction in catalog.jurisdictions.values():
        lines = _source_lines(jurisdiction.source_file).split("\n")
        for measure in jurisdiction.measures:
            headings = measure.clause.split(" ")
            if not all(any(line.startswith(_squash(h)) for line in lines) for h in headings):
                renumbered.append(measure.id)
    assert renumbered == []


# Ruling 19 of 2026-12: a quote includes the sentences its guidance relies on.
GUIDANCE_WORDS = {
    "CD-P2": ["分批退税", "函调", "清单外品类试点"],
    "SC-10": ["OEM", "OBM"],
    "SC-16": ["9610", "退运", "9810"],
    "SC-17": ["属地备案", "信用等级", "优先安排查验"],
    "SC-18": ["结售汇", "轧差结算", "实际销售收入"],
    "LYG-21": ["退货中心仓", "拼箱", "分装", "高级认证"],
    "LYG-24": ["保单融资", "小微企业", "政治险", "平台支付险", "海外仓销售险"],
}


def test_quotes_carry_the_sentences_their_guidance_uses(catalog: Catalog) -> None:
    for measure_id, words in GUIDANCE_WORDS.items():
        quote = catalog.measures[measure_id].quote
        assert [w for w in words if w not in quote] == [], measure_id


def test_labels_stand_on_their_own(catalog: Catalog) -> None:
    """Ruling 21 of 2026-12: a question is understood without the measure or the field beside it."""
    pointing = ("上述", "上一项", "下一项", "前述", "同上", "该标准", "上列")
    for key, definition in catalog.facts.items():
        for text in (definition.label, definition.help):
            assert not any(word in text for word in pointing), (key, text)


def _edits() -> list[Any]:
    path = Path(__file__).parent.parent / "bad_inputs" / "catalog_edits.yaml"
    return [pytest.param(case, id=case["name"]) for case in yaml.safe_load(path.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("case", _edits())
def test_broken_catalog_names_file_measure_and_field(case: dict[str, Any], tmp_path: Path) -> None:
    folder = tmp_path / "catalog"
    shutil.copytree(catalog_dir(), folder)
    target = folder / case["file"]
    text = target.read_text(encoding="utf-8")
    assert case["find"] in text, "the edit no longer matches the shipped file"
    target.write_text(text.replace(case["find"], case["replace"], 1), encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        load_catalog(folder)
    message = str(caught.value)
    for word in case["words"]:
        assert word in message, message


def test_several_problems_are_reported_together(tmp_path: Path) -> None:
    folder = tmp_path / "catalog"
    shutil.copytree(catalog_dir(), folder)
    for name, find, replace in (
        ("chengdu.yaml", "kind: tiered", "kind: tierd"),
        ("lianyungang.yaml", "valid_to: 2027-12-31", "valid_to: 2027-13-31"),
    ):
        path = folder / name
        path.write_text(path.read_text(encoding="utf-8").replace(find, replace, 1), encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        load_catalog(folder)
    message = str(caught.value)
    assert "chengdu.yaml" in message and "lianyungang.yaml" in message


def test_changing_a_cap_is_a_data_edit(tmp_path: Path) -> None:
    folder = tmp_path / "catalog"
    shutil.copytree(catalog_dir(), folder)
    path = folder / "chengdu.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("base: service_revenue_chuanyu, cap: 50万", "base: service_revenue_chuanyu, cap: 60万"),
        encoding="utf-8",
    )
    edited = load_catalog(folder)
    assert str(edited.measures["CD-2B"].award.cap) == "600000"


def _float_paths(node: object, where: str) -> list[str]:
    if isinstance(node, float):
        return [where]
    if isinstance(node, dict):
        return [p for k, v in node.items() for p in _float_paths(v, f"{where}.{k}")]
    if isinstance(node, list):
        return [p for i, v in enumerate(node) for p in _float_paths(v, f"{where}[{i}]")]
    return []


def test_only_thresholds_are_written_as_decimal_numbers() -> None:
    # The loader reads them as exact Decimals; money and rates are written as text (50万, 3%).
    for path in catalog_dir().glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for where in _float_paths(data, path.name):
            assert where.endswith("threshold"), where


def test_loader_reads_decimal_numbers_exactly(catalog: Catalog) -> None:
    growth = catalog.measures["CD-2A"].conditions[0]
    assert growth.threshold is not None and str(growth.threshold) == "0.20"
