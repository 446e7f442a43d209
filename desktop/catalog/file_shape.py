"""Whole-file mistakes in an added document or guide, each said in one line with what to write:
not a catalog file at all, a missing or wrong ``jurisdiction`` (a copied file's every measure id
would otherwise be a line of its own)."""

from __future__ import annotations

from typing import Any

from desktop.catalog.loader import Catalog
from desktop.errors import Problem

_OTHER_FILES = (
    (("schema_version", "firm"), "这是企业文件(JSON)，不是政策文件；企业文件请用 calc 或在窗口中打开"),
    (("facts",), "这是程序的事实词表(facts.yaml)，不是政策文件"),
    (("jurisdictions", "cities", "roles"), "这是程序的政策目录索引(catalog.yaml)，不是政策文件"),
)
START = "政策文件以 document: 开头，年度指南以 guide: 开头(见 docs/examples 中的示例)"


def shape_problem(raw: Any) -> Problem | None:
    """Return the one problem of a file that is no document or guide at all, else None."""
    if raw is None:
        return Problem("", f"文件是空的；{START}")
    if not isinstance(raw, dict):
        return Problem("", f"文件顶层应为键值表 (mapping)；{START}")
    if "guide" in raw or "document" in raw:
        return None
    for keys, message in _OTHER_FILES:
        if all(key in raw for key in keys):
            return Problem("", message)
    return Problem("", f"缺少字段 document(政策文件的名称)或 guide(年度指南的名称)；{START}")


def _listed(ids: list[str]) -> str:
    shown = "、".join(ids[:3])
    return f"{shown} 等 {len(ids)} 项" if len(ids) > 3 else shown


def _owners(ids: list[str], catalog: Catalog) -> dict[str, list[str]]:
    owners: dict[str, list[str]] = {}
    for measure_id in ids:
        owner = catalog.jurisdiction_of.get(measure_id)
        if owner is not None:
            owners.setdefault(owner, []).append(measure_id)
    return owners


def _name(key: str, catalog: Catalog) -> str:
    document = catalog.jurisdictions.get(key)
    return f"{document.name}({key})" if document is not None else key


def jurisdiction_problems(
    raw: dict[str, Any], ids: list[str], catalog: Catalog, new_keys: set[str]
) -> tuple[list[Problem], bool]:
    """Return the problems of the file's ``jurisdiction`` against the measure ids it carries, one
    line per owning jurisdiction; and True when the file's jurisdiction is missing (then every
    other complaint about it or its ids is left out: this line says it all).

    ``new_keys`` are the jurisdictions the file itself declares through its ``cities``.
    """
    key = raw.get("jurisdiction")
    kind = "年度指南" if "guide" in raw else "政策文件"
    owners = _owners(ids, catalog)
    if not isinstance(key, str) or not key.strip():
        if len(owners) == 1:
            owner, owned = next(iter(owners.items()))
            message = (
                f"缺少字段 jurisdiction：本{kind}的措施编号 {_listed(owned)} 属于辖区 {_name(owner, catalog)}；"
                f"作为它的{'后继文件' if kind == '政策文件' else '年度指南'}，请在文件开头加一行 jurisdiction: {owner}"
            )
        else:
            allowed = "、".join(catalog.documents)
            message = (
                f"缺少字段 jurisdiction：请写明本{kind}所属的辖区，例如 jurisdiction: chengdu；允许：{allowed}"
                + ("，或新辖区并在 cities 中声明它覆盖的城市" if kind == "政策文件" else "")
            )
        return [Problem("字段 jurisdiction", message)], True
    if kind == "年度指南":
        return [], False
    problems = []
    for owner, owned in owners.items():
        if owner == key:
            continue
        hint = (
            f"；如本文件是 {_name(owner, catalog)} 的后继文件，请把 jurisdiction 改为 {owner}"
            if (key not in catalog.documents and key not in new_keys) or len(owned) == len(ids)
            else ""
        )
        problems.append(
            Problem(
                f"措施 {_listed(owned)} 字段 id",
                f"编号已属于辖区 {_name(owner, catalog)}；允许：沿用本辖区({key})措施的编号(后继文件)，"
                f"或取新的编号{hint}",
            )
        )
    return problems, False
