"""Loading the policy catalog from resources/catalog and checking it whole, every problem at once."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from desktop.catalog.model import (
    Award,
    CatalogIndex,
    City,
    Condition,
    FactDef,
    FactKind,
    FactsFile,
    Jurisdiction,
    Measure,
    RoleDef,
)
from desktop.errors import VALIDATION_MESSAGES, CatalogError, Problem
from desktop.paths import catalog_dir

INDEX_FILE = "catalog.yaml"
FACTS_FILE = "facts.yaml"


_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser is 8x faster when present


class _DecimalLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """A YAML loader that reads every non-integer number as an exact Decimal, never a float."""


def _construct_decimal(loader: yaml.BaseLoader, node: yaml.ScalarNode) -> Decimal:
    return Decimal(loader.construct_scalar(node).replace("_", ""))


def _construct_text(loader: yaml.BaseLoader, node: yaml.ScalarNode) -> str:
    return loader.construct_scalar(node)


_DecimalLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)
# Dates stay text here so that pydantic reports a bad one with its file and field.
_DecimalLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_text)


@dataclass(frozen=True, eq=False)
class Catalog:
    """The whole validated catalog: facts, cities, roles, jurisdictions and their measures."""

    version: str
    facts: dict[str, FactDef]
    cities: dict[str, City]
    roles: dict[str, RoleDef]
    jurisdictions: dict[str, Jurisdiction]
    measures: dict[str, Measure] = field(default_factory=dict)
    jurisdiction_of: dict[str, str] = field(default_factory=dict)

    def measures_for_city(self, city: str) -> list[Measure]:
        """Return the measures of every jurisdiction the city reaches, in catalog order."""
        return [measure for key in self.cities[city].reaches for measure in self.jurisdictions[key].measures]

    def jurisdiction_for(self, measure_id: str) -> Jurisdiction:
        """Return the jurisdiction a measure belongs to."""
        return self.jurisdictions[self.jurisdiction_of[measure_id]]


def _suggest(word: str, candidates: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f"；是否想写 {close[0]}？" if close else ""


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as stream:
            return yaml.load(stream, Loader=_DecimalLoader)
    except FileNotFoundError as exc:
        raise CatalogError(str(path), [Problem("", "找不到政策目录文件")]) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行" if mark else ""
        raise CatalogError(str(path), [Problem(where, f"不是有效的 YAML：{exc}")]) from exc
    except UnicodeDecodeError as exc:
        raise CatalogError(str(path), [Problem("", "文件不是 UTF-8 编码")]) from exc


def _model_fields(model: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]


_FIELDS_BY_SEGMENT: dict[str, type[BaseModel]] = {
    "measures": Measure,
    "conditions": Condition,
    "all_of": Condition,
    "when": Condition,
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
            if index == 1 and isinstance(node, dict):
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


def _pydantic_problems(raw: Any, error: ValidationError) -> list[Problem]:
    problems: list[Problem] = []
    for item in error.errors():
        loc = tuple(item["loc"])
        where = _where(raw, loc)
        if item["type"] == "extra_forbidden":
            parent = loc[-2] if len(loc) > 1 else ""
            parent = parent if isinstance(parent, str) else (loc[-3] if len(loc) > 2 else "")
            model = _FIELDS_BY_SEGMENT.get(str(parent), Jurisdiction)
            message = f"未知字段 {loc[-1]}" + _suggest(str(loc[-1]), _model_fields(model))
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
        raise CatalogError(str(path), _pydantic_problems(raw, exc)) from exc


def _walk(conditions: Iterable[Condition]) -> Iterator[Condition]:
    for condition in conditions:
        yield condition
        for branch in condition.any_of or []:
            yield from _walk(branch.all_of)


def _measure_conditions(measure: Measure) -> Iterator[Condition]:
    yield from _walk(measure.conditions)
    for tier in measure.award.tiers or []:
        yield from _walk(tier.when)


def _check_measure(
    measure: Measure,
    facts: dict[str, FactDef],
    roles: dict[str, RoleDef],
) -> Iterator[Problem]:
    """Yield every cross-reference problem of one measure (facts, choices, roles, bases)."""
    where = f"措施 {measure.id}"
    for condition in _measure_conditions(measure):
        if condition.fact is None:
            continue
        definition = facts.get(condition.fact)
        if definition is None:
            yield Problem(
                f"{where} 字段 conditions.fact",
                f"未知事实 {condition.fact}" + _suggest(condition.fact, facts),
            )
            continue
        kind = definition.kind
        if condition.wording is not None and not kind.is_numeric:
            yield Problem(
                f"{where} 字段 conditions", f"{condition.fact} 是 {kind.value} 类事实，不能用阈值比较"
            )
        if condition.is_ is not None and kind is not FactKind.BOOL:
            yield Problem(f"{where} 字段 conditions", f"{condition.fact} 不是是/否类事实，不能用 is")
        if condition.in_ is not None:
            if kind is not FactKind.ENUM:
                yield Problem(f"{where} 字段 conditions", f"{condition.fact} 不是选项类事实，不能用 in")
            else:
                for value in condition.in_:
                    if value not in definition.choices:
                        yield Problem(
                            f"{where} 字段 conditions.in",
                            f"{condition.fact} 没有选项 {value}" + _suggest(value, definition.choices),
                        )
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

    jurisdictions: dict[str, Jurisdiction] = {}
    measures: dict[str, Measure] = {}
    jurisdiction_of: dict[str, str] = {}
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
    )


@cache
def bundled_catalog() -> Catalog:
    """Return the catalog shipped with the program, loaded once per process."""
    return load_catalog()
