"""Checks of conditions against the facts vocabulary, shared by documents and annual guides."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from desktop.catalog.model import Condition, FactDef, FactKind, FirstTime
from desktop.catalog.suggest import suggest
from desktop.errors import Problem


def walk(conditions: Iterable[Condition]) -> Iterator[Condition]:
    """Yield every condition and, depth first, the conditions of its branches."""
    for condition in conditions:
        yield condition
        for branch in condition.any_of or []:
            yield from walk(branch.all_of)


def condition_problems(
    conditions: Iterable[Condition], facts: Mapping[str, FactDef], where: str
) -> Iterator[Problem]:
    """Yield every cross-reference problem of conditions (and their branches): unknown facts, a
    threshold on a fact that is no figure, ``is`` on a fact that is not yes/no, unknown choices, a
    "首次" condition whose prior figure is no figure or whose answer is not yes/no."""
    for condition in walk(conditions):
        if condition.first_time is not None:
            yield from _first_time_problems(condition.first_time, facts, where)
        if condition.fact is None:
            continue
        definition = facts.get(condition.fact)
        if definition is None:
            yield Problem(
                f"{where} 字段 conditions.fact",
                f"未知事实 {condition.fact}" + suggest(condition.fact, facts),
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
                            f"{condition.fact} 没有选项 {value}" + suggest(value, definition.choices),
                        )


def _first_time_problems(first: FirstTime, facts: Mapping[str, FactDef], where: str) -> Iterator[Problem]:
    """Yield the problems of a "首次" condition: its prior figure is numeric, its answer yes/no."""
    for name, key, wanted in (("prior", first.prior, "数额"), ("answer", first.answer, "是/否")):
        definition = facts.get(key)
        if definition is None:
            yield Problem(
                f"{where} 字段 conditions.first_time.{name}", f"未知事实 {key}" + suggest(key, facts)
            )
        elif (definition.kind.is_numeric if name == "prior" else definition.kind is FactKind.BOOL) is False:
            yield Problem(f"{where} 字段 conditions.first_time.{name}", f"{key} 不是{wanted}类事实")
