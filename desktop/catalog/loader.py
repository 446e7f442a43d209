"""Loading the policy catalog from resources/catalog and checking it whole, every problem at once."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from desktop.catalog.checks import condition_problems
from desktop.catalog.guides import apply_guide
from desktop.catalog.model import (
    Award,
    CatalogIndex,
    Choice,
    City,
    Condition,
    DocumentFile,
    FactDef,
    FactsFile,
    FirstTime,
    Guide,
    GuideMeasure,
    Jurisdiction,
    Measure,
    NewCity,
    Period,
    RoleDef,
    Scale,
    Submission,
    Window,
    in_force,
)
from desktop.catalog.suggest import suggest
from desktop.errors import VALIDATION_MESSAGES, CatalogError, Problem
from desktop.paths import catalog_dir

INDEX_FILE = "catalog.yaml"
FACTS_FILE = "facts.yaml"


_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser is 8x faster when present


class _DecimalLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """A YAML loader that reads every non-integer number as an exact Decimal, never a float."""


def _construct_decimal(loader: yaml.BaseLoader, node: yaml.ScalarNode) -> Decimal | str:
    text = loader.construct_scalar(node)
    try:
        number = Decimal(text.replace("_", ""))
    except InvalidOperation:  # .nan, .inf, -.Inf: kept as text, refused by the field with its place
        return text
    return number if number.is_finite() else text


def _construct_text(loader: yaml.BaseLoader, node: yaml.ScalarNode) -> str:
    return loader.construct_scalar(node)


_DecimalLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)
# Dates stay text here so that pydantic reports a bad one with its file and field.
_DecimalLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_text)


BUNDLED = "内置"
ADDED = "用户添加"


@dataclass(frozen=True, eq=False)
class CatalogFile:
    """One document or guide file in use: its name, kind, origin, path and SHA-256."""

    name: str
    kind: str  # "document" or "guide"
    origin: str  # BUNDLED or ADDED
    path: Path
    sha256: str
    document: Jurisdiction | None = None
    guide: Guide | None = None
    added_by: str = ""  # who added it (the system account), for added files with a record
    added_at: str = ""  # when (local time, ISO 8601)

    @property
    def kind_label(self) -> str:
        """Return 政策文件 or 年度指南."""
        return "政策文件" if self.kind == "document" else "年度指南"

    @property
    def who_added(self) -> str:
        """Return who added the file and when (``zhang 于 2026-03-01 10:02 添加``); for a bundled
        file an empty string, for an added file without a record 添加人未记录."""
        if self.origin == BUNDLED:
            return ""
        if not self.added_by:
            return "添加人和时间未记录"
        return f"{self.added_by} 于 {self.added_at[:16].replace('T', ' ')} 添加"

    def record(self) -> dict[str, str]:
        """Return what a manifest records of the file."""
        return {"kind": self.kind, "name": self.name, "origin": self.origin, "sha256": self.sha256}


@dataclass(frozen=True, slots=True)
class Entry:
    """A measure as it applies in one year: the document in force that carries it, the measure
    with that year's guide applied, the guide and the application window."""

    measure: Measure
    document: Jurisdiction
    guide: Guide | None = None
    window: Window | None = None


@dataclass(frozen=True, eq=False)
class Catalog:
    """The whole validated catalog: facts, cities, roles, jurisdictions with their documents over
    time, annual guides, and the files they came from.

    ``jurisdictions`` holds each jurisdiction's latest document; ``documents`` every document of
    it, oldest first; ``measures`` every measure id, as its latest document words it.
    """

    version: str
    facts: dict[str, FactDef]
    cities: dict[str, City]
    roles: dict[str, RoleDef]
    jurisdictions: dict[str, Jurisdiction]
    measures: dict[str, Measure] = field(default_factory=dict)
    jurisdiction_of: dict[str, str] = field(default_factory=dict)
    documents: dict[str, list[Jurisdiction]] = field(default_factory=dict)
    guides: dict[tuple[str, int], Guide] = field(default_factory=dict)
    files: list[CatalogFile] = field(default_factory=list)
    skipped: list[CatalogError] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.documents:
            self.documents.update({key: [j] for key, j in self.jurisdictions.items()})

    def measures_for_city(self, city: str) -> list[Measure]:
        """Return the measures of every jurisdiction the city reaches, in catalog order."""
        return [self.measures[mid] for key in self.cities[city].reaches for mid in self.measure_ids(key)]

    def measure_ids(self, key: str) -> list[str]:
        """Return the ids of a jurisdiction's measures over all its documents, in order of appearance."""
        return list(dict.fromkeys(m.id for doc in self.documents[key] for m in doc.measures))

    def jurisdiction_for(self, measure_id: str) -> Jurisdiction:
        """Return the latest document carrying a measure."""
        key = self.jurisdiction_of[measure_id]
        return next(
            doc for doc in reversed(self.documents[key]) if any(m.id == measure_id for m in doc.measures)
        )

    def entries(self, city: str, year: int) -> list[Entry]:
        """Return the city's measures for a performance year, in catalog order, each from the
        document in force that carries it (the later valid_from wins), with the year's guide applied.

        A measure no document in force carries comes from its latest document (and is out of force).
        """
        return list(_entries(self, city, year))

    def guide_for(self, key: str, year: int) -> Guide | None:
        """Return the annual guide of a jurisdiction for a performance year, if one was added."""
        return self.guides.get((key, year))

    def file_of(self, item: Jurisdiction | Guide) -> CatalogFile | None:
        """Return the file a document or guide came from."""
        for catalog_file in self.files:
            if catalog_file.document is item or catalog_file.guide is item:
                return catalog_file
        return None

    def files_used(self, city: str, year: int) -> list[CatalogFile]:
        """Return the documents and guides a firm of the city is evaluated with for the year."""
        used: list[Jurisdiction | Guide] = []
        for entry in self.entries(city, year):
            for item in (entry.document, entry.guide):
                if item is not None and not any(item is seen for seen in used):
                    used.append(item)
        return [f for f in (self.file_of(item) for item in used) if f is not None]


@lru_cache(maxsize=256)
def _entries(catalog: Catalog, city: str, year: int) -> tuple[Entry, ...]:
    return tuple(
        entry for key in catalog.cities[city].reaches for entry in jurisdiction_entries(catalog, key, year)
    )


@lru_cache(maxsize=256)
def jurisdiction_entries(catalog: Catalog, key: str, year: int) -> tuple[Entry, ...]:
    """Return a jurisdiction's measures for a performance year as ``Catalog.entries`` does."""
    found: list[Entry] = []
    documents = catalog.documents[key]
    guide = catalog.guides.get((key, year))
    for measure_id in catalog.measure_ids(key):
        carrying = [doc for doc in documents if any(m.id == measure_id for m in doc.measures)]
        current = [doc for doc in carrying if in_force(doc, year)]
        document = max(current or carrying, key=lambda doc: doc.valid_from)
        measure = next(m for m in document.measures if m.id == measure_id)
        # The year's guide is the call: it refines the measures it lists, and its conditions,
        # counting period and windows hold for every money measure of the jurisdiction.
        if guide is not None and current and (measure_id in guide.measures or measure.award.is_money):
            measure = apply_guide(measure, guide.measures.get(measure_id), guide, catalog.facts)
            found.append(Entry(measure, document, guide, guide.window_of(measure_id)))
        else:
            found.append(Entry(measure, document))
    return tuple(found)


def sha256_of(path: Path) -> str:
    """Return the SHA-256 of a file's bytes, in hex."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


_suggest = suggest


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as stream:
            return yaml.load(stream, Loader=_DecimalLoader)
    except FileNotFoundError as exc:
        raise CatalogError(str(path), [Problem("", "找不到政策目录文件")]) from exc
    except yaml.YAMLError as exc:
        raise CatalogError(str(path), [_yaml_problem(exc)]) from exc
    except UnicodeDecodeError as exc:
        raise CatalogError(str(path), [Problem("", "文件不是 UTF-8 编码")]) from exc


def parse_yaml(data: bytes, source: str) -> Any:
    """Return the YAML held in ``data`` (UTF-8) as the catalog reads it; raises CatalogError naming ``source``."""
    try:
        return yaml.load(data.decode("utf-8-sig"), Loader=_DecimalLoader)
    except yaml.YAMLError as exc:
        raise CatalogError(source, [_yaml_problem(exc)]) from exc
    except UnicodeDecodeError as exc:
        raise CatalogError(source, [Problem("", "文件不是 UTF-8 编码")]) from exc
    except RecursionError as exc:
        raise CatalogError(source, [Problem("", "嵌套过深，不是政策文件")]) from exc


# What PyYAML's common complaints mean for someone editing a policy file by hand, in their words.
_YAML_READINGS: tuple[tuple[str, str], ...] = (
    ("mapping values are not allowed", "此处不能有冒号：冒号后要加空格才是“名称: 值”，文字里含冒号请加引号"),
    ("could not find expected ':'", "缺少冒号：每个名称后写“: 值”"),
    (
        "cannot start any token",
        "这个字符不能出现在这里：多是用了 Tab 缩进（只能用空格），或以 @、` 开头的文字没加引号",
    ),
    ("found unexpected end of stream", "引号或括号没有配对，文件就结束了"),
    ("expected <block end>", "缩进不一致：同一层的内容要对齐"),
    ("did not find expected key", "缩进不一致：同一层的内容要对齐"),
    ("expected ',' or ']'", "方括号 [ ] 没有配对，或各项之间少了逗号"),
    ("expected ',' or '}'", "花括号 { } 没有配对，或各项之间少了逗号"),
    ("found undefined alias", "引用了未定义的别名（*名称），政策文件不需要别名"),
    ("found duplicate anchor", "重复的锚点（&名称）"),
    ("control characters are not allowed", "含有不可见的控制字符"),
)


def _yaml_problem(exc: yaml.YAMLError) -> Problem:
    """Return a YAML syntax error as a problem in Chinese, naming the line and column, with PyYAML's own
    words kept in parentheses for whoever fixes it with other tools."""
    mark = getattr(exc, "problem_mark", None)
    where = f"第 {mark.line + 1} 行第 {mark.column + 1} 列" if mark else ""
    detail = str(getattr(exc, "problem", None) or exc).strip().splitlines()[0]
    reading = next((meaning for found, meaning in _YAML_READINGS if found in detail), "格式有误")
    return Problem(where, f"不是有效的 YAML：{reading}（{detail}）")


def _model_fields(model: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]


_FIELDS_BY_SEGMENT: dict[str, type[BaseModel]] = {
    "measures": Measure,
    "conditions": Condition,
    "all_of": Condition,
    "when": Condition,
    "first_time": FirstTime,
    "award": Award,
}


def _where(raw: Any, loc: tuple[int | str, ...]) -> str:
    """Return a place in a catalog file as a reader finds it: 措施 CD-2A 字段 award.tiers[1].amount."""
    measure = ""
    path: list[str] = []
    node = raw
    for index, part in enumerate(loc):
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            node = None
        if loc[0] == "measures" and index <= 1:
            if index == 1 and isinstance(part, str):
                measure = f"措施 {part}"
            elif index == 1 and isinstance(node, dict):
                measure = f"措施 {node.get('id', f'第 {part + 1} 项')}"
            continue
        if isinstance(part, int):
            if path:
                path[-1] += f"[{part}]"
            continue
        if part in {"function-after", "function-before"} or "[" in str(part):
            continue
        path.append(str(part))
    field_text = f"字段 {'.'.join(path)}" if path else ""
    return " ".join(p for p in (measure, field_text) if p)


_GUIDE_MEASURE_PARTS: dict[str, type[BaseModel]] = {
    "scale": Scale,
    "application_window": Window,
    "application_windows": Window,
    "conditions": Condition,
    "all_of": Condition,
}
_GUIDE_PARTS: dict[str, type[BaseModel]] = {"eligible_period": Period, "submission": Submission}


def _field_model(loc: tuple[int | str, ...], top: type[BaseModel]) -> type[BaseModel]:
    """Return the model whose field list an unknown key at ``loc`` belongs to."""
    if top is Guide and len(loc) >= 2 and loc[0] == "measures":
        rest = [part for part in loc[2:-1] if isinstance(part, str)]
        return _GUIDE_MEASURE_PARTS.get(rest[-1] if rest else "", GuideMeasure)
    if top is Guide and loc[0] == "facts" and len(loc) >= 3:
        return Choice if len(loc) >= 5 and loc[2] == "choices" else FactDef
    if top is Guide and loc[0] in _GUIDE_PARTS and len(loc) == 2:
        return _GUIDE_PARTS[str(loc[0])]
    if loc[0] in ("application_window", "application_windows") and 2 <= len(loc) <= 3:
        return Window
    if len(loc) == 3 and loc[0] == "cities":
        return NewCity
    parent = loc[-2] if len(loc) > 1 else ""
    parent = parent if isinstance(parent, str) else (loc[-3] if len(loc) > 2 else "")
    return _FIELDS_BY_SEGMENT.get(str(parent), top)


def _pydantic_problems(
    raw: Any, error: ValidationError, top: type[BaseModel] = Jurisdiction
) -> list[Problem]:
    problems: list[Problem] = []
    for item in error.errors():
        loc = tuple(item["loc"])
        where = _where(raw, loc)
        if item["type"] == "extra_forbidden":
            allowed = [name for name in _model_fields(_field_model(loc, top)) if name != "key"]
            message = (
                f"未知字段 {loc[-1]}" + _suggest(str(loc[-1]), allowed) + f"（允许：{'、'.join(allowed)}）"
            )
        elif item["type"] == "missing":
            message = "缺少必填字段"
        elif item["type"] == "value_error":
            message = str(item["msg"]).removeprefix("Value error, ")
        else:
            message = VALIDATION_MESSAGES.get(item["type"], str(item["msg"]))
            message += f"（实为 {item.get('input')!r}）" if item["type"] != "missing" else ""
        problems.append(Problem(where, message))
    return problems


def _validate(model: type[BaseModel], raw: Any, path: Path, context: dict[str, Any] | None = None):
    if not isinstance(raw, dict):
        raise CatalogError(str(path), [Problem("", "文件顶层应为键值表 (mapping)")])
    data = {**raw, **(context or {})}
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        top = model if model in (Guide, DocumentFile) else Jurisdiction
        raise CatalogError(str(path), _pydantic_problems(raw, exc, top)) from exc


def _check_measure(
    measure: Measure,
    facts: dict[str, FactDef],
    roles: dict[str, RoleDef],
) -> Iterator[Problem]:
    """Yield every cross-reference problem of one measure (facts, choices, roles, bases)."""
    where = f"措施 {measure.id}"
    tiers = [condition for tier in measure.award.tiers or [] for condition in tier.when]
    yield from condition_problems([*measure.conditions, *tiers], facts, where)
    for fact in (measure.award.base, measure.award.exclude_fact):
        if fact is None:
            continue
        definition = facts.get(fact)
        if definition is None:
            yield Problem(f"{where} 字段 award.base", f"未知事实 {fact}" + _suggest(fact, facts))
        elif not definition.kind.is_numeric:
            yield Problem(f"{where} 字段 award.base", f"{fact} 不是数额类事实")
    for role in measure.roles:
        if role not in roles:
            yield Problem(f"{where} 字段 roles", f"未知角色 {role}" + _suggest(role, roles))


def load_catalog(folder: Path | None = None) -> Catalog:
    """Return the validated catalog in ``folder`` (the bundled one by default).

    Raises CatalogError naming the file, the measure and the field of every problem found.
    """
    folder = folder or catalog_dir()
    index_path = folder / INDEX_FILE
    index: CatalogIndex = _validate(CatalogIndex, _read_yaml(index_path), index_path)
    facts_path = folder / FACTS_FILE
    facts = _validate(FactsFile, _read_yaml(facts_path), facts_path).facts
    problems: list[tuple[str, Problem]] = []
    for key, definition in facts.items():
        for source in definition.derived_from:
            if source not in facts:
                problems.append(
                    (str(facts_path), Problem(f"事实 {key} 字段 derived_from", f"未知事实 {source}"))
                )
        whole = definition.part_of
        if whole is not None and (whole not in facts or facts[whole].kind is not definition.kind):
            message = f"未知事实 {whole}" if whole not in facts else f"{whole} 与 {key} 不是同一类数额"
            problems.append((str(facts_path), Problem(f"事实 {key} 字段 part_of", message)))

    jurisdictions: dict[str, Jurisdiction] = {}
    measures: dict[str, Measure] = {}
    jurisdiction_of: dict[str, str] = {}
    files: list[CatalogFile] = []
    errors: list[CatalogError] = []
    for key in index.jurisdictions:
        path = folder / f"{key}.yaml"
        try:
            raw = _read_yaml(path)
            jurisdiction: Jurisdiction = _validate(Jurisdiction, raw, path, {"key": key})
        except CatalogError as exc:
            errors.append(exc)
            continue
        jurisdictions[key] = jurisdiction
        files.append(
            CatalogFile(
                jurisdiction.document, "document", BUNDLED, path, sha256_of(path), document=jurisdiction
            )
        )
        for measure in jurisdiction.measures:
            if measure.id in measures:
                problems.append(
                    (
                        str(path),
                        Problem(f"措施 {measure.id}", f"编号与 {jurisdiction_of[measure.id]} 中的措施重复"),
                    )
                )
                continue
            measures[measure.id] = measure
            jurisdiction_of[measure.id] = key
            problems.extend((str(path), p) for p in _check_measure(measure, facts, index.roles))

    for measure in measures.values():
        for other in measure.award.exclude_base_of:
            if other not in measures:
                path = str(folder / f"{jurisdiction_of[measure.id]}.yaml")
                problems.append(
                    (
                        path,
                        Problem(
                            f"措施 {measure.id} 字段 award.exclude_base_of",
                            f"未知措施 {other}" + _suggest(other, measures),
                        ),
                    )
                )
    for city_key, city in index.cities.items():
        for key in city.reaches:
            if key not in index.jurisdictions:
                problems.append(
                    (
                        str(index_path),
                        Problem(
                            f"城市 {city_key} 字段 reaches",
                            f"未知辖区 {key}" + _suggest(key, index.jurisdictions),
                        ),
                    )
                )

    if errors or problems:
        merged: list[Problem] = []
        for exc in errors:
            merged.extend(
                Problem(f"{exc.source}: {p.where}" if p.where else exc.source, p.message)
                for p in exc.problems
            )
        merged.extend(Problem(f"{path}: {p.where}", p.message) for path, p in problems)
        raise CatalogError("", merged)

    return Catalog(
        version=index.version,
        facts=facts,
        cities=index.cities,
        roles=index.roles,
        jurisdictions=jurisdictions,
        measures=measures,
        jurisdiction_of=jurisdiction_of,
        files=files,
    )


@cache
def bundled_catalog() -> Catalog:
    """Return the catalog shipped with the program, loaded once per process."""
    return load_catalog()
