"""Documents and guides users add: checking one against the catalog (from the exact bytes that will
be installed), and the catalog in use (bundled + the user's folder)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

import yaml
from pydantic import ValidationError

from desktop.catalog.figures import disagreements
from desktop.catalog.file_shape import jurisdiction_problems, shape_problem
from desktop.catalog.guides import guide_problems
from desktop.catalog.loader import (
    ADDED,
    Catalog,
    CatalogFile,
    _check_measure,
    _validate,
    bundled_catalog,
    parse_yaml,
)
from desktop.catalog.model import City, DocumentFile, Guide, Jurisdiction, Measure
from desktop.catalog.suggest import suggest
from desktop.catalog.user_folder import AddedRecord, added_files, leftovers
from desktop.errors import CatalogError, Problem
from desktop.paths import user_catalog_dir
from desktop.regular_file import NotARegularFileError, read_regular

_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_FILE_BYTES = 2_000_000
MAX_SOURCE_BYTES = 20_000_000


@dataclass(frozen=True)
class Checked:
    """A document or guide checked against a catalog, with the bytes that were checked (the file and
    its source text, by its name relative to the file): what is installed is what was checked."""

    item: CatalogFile
    data: bytes
    source: tuple[str, bytes] | None = None


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _quote_problem(measure_id: str, quote: str, source: str) -> Problem | None:
    """Return the problem of a quote not found verbatim (whitespace aside) in the source text."""
    wanted = _squash(quote)
    if wanted in source:
        return None
    low, high = 0, len(wanted)
    while low < high:  # the longest opening of the quote that the source holds
        middle = (low + high + 1) // 2
        if wanted[:middle] in source:
            low = middle
        else:
            high = middle - 1
    found = f"原文中只找到开头“{wanted[:low]}”，其后不符" if low >= 4 else "原文中找不到这段文字"
    return Problem(
        f"措施 {measure_id} 字段 quote",
        f"引文不在原文中：{found}；允许：原文逐字摘录(空白不计)；请从原文复制该条款",
    )


def source_name(raw: dict[str, Any]) -> str | None:
    """Return the document's ``source:`` file name as written (``\\`` read as ``/``), if it has one."""
    name = raw.get("source")
    return name.replace("\\", "/") if isinstance(name, str) else None


def _source_text(raw: dict[str, Any], path: Path) -> tuple[str | None, bytes | None, list[Problem]]:
    """Return the document's source text (``source_text:``, or the ``source:`` file beside it, a
    regular file of at most MAX_SOURCE_BYTES) and, for a file, its bytes."""
    text = raw.get("source_text")
    if isinstance(text, str):
        return text, None, []
    name = source_name(raw)
    if name is None:
        return None, None, []
    relative = PurePosixPath(name)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        return None, None, [Problem("字段 source", f"{name} 应为本文件旁边的文件名(相对路径，不含 ..)")]
    target = path.parent / Path(*relative.parts)
    try:
        data = read_regular(target, MAX_SOURCE_BYTES)
        return data.decode("utf-8-sig"), data, []
    except FileNotFoundError:
        return (
            None,
            None,
            [Problem("字段 source", f"找不到原文文件 {name}；允许：与本文件同一文件夹中的 UTF-8 文本")],
        )
    except NotARegularFileError as exc:
        return (
            None,
            None,
            [
                Problem(
                    "字段 source",
                    f"原文文件 {name} {exc.reason}；允许：与本文件同一文件夹中的 UTF-8 文本文件",
                )
            ],
        )
    except UnicodeDecodeError:
        return None, None, [Problem("字段 source", f"原文文件 {name} 不是 UTF-8 编码；请另存为 UTF-8")]
    except OSError as exc:
        return None, None, [Problem("字段 source", f"无法读取原文文件 {name}：{exc.strerror or exc}")]


def _raw_measures(raw: dict[str, Any]) -> list[dict[str, Any]]:
    measures = raw.get("measures")
    return [m for m in measures if isinstance(m, dict)] if isinstance(measures, list) else []


def _valid_measures(raw: dict[str, Any]) -> list[Measure]:
    """Return the measures that validate on their own, so that a file with one broken measure
    still has the others cross-checked."""
    found = []
    for item in _raw_measures(raw):
        try:
            found.append(Measure.model_validate(item))
        except ValidationError:
            continue
    return found


def _document_problems(
    raw: dict[str, Any], path: Path, catalog: Catalog
) -> tuple[DocumentFile | None, bytes | None, list[Problem]]:
    problems: list[Problem] = []
    key = raw.get("jurisdiction") if isinstance(raw.get("jurisdiction"), str) else ""
    document: DocumentFile | None = None
    try:
        document = _validate(DocumentFile, raw, path, {"key": key})
    except CatalogError as exc:
        problems.extend(exc.problems)

    raw_ids: list[str] = []
    first: dict[str, int] = {}
    for number, item in enumerate(_raw_measures(raw), start=1):
        measure_id = item.get("id")
        if not isinstance(measure_id, str):
            continue
        raw_ids.append(measure_id)
        if measure_id in first:
            problems.append(
                Problem(
                    f"措施 {measure_id} 字段 id",
                    f"同一文件内编号重复：第 {first[measure_id]} 项与第 {number} 项都是 {measure_id}；"
                    "允许：一份文件内每个编号只出现一次；请改用新编号或删去重复的一项",
                )
            )
        else:
            first[measure_id] = number

    cities = document.cities if document else {}
    declared = {reached for city in cities.values() for reached in city.reaches}
    owner_problems, missing = jurisdiction_problems(raw, list(dict.fromkeys(raw_ids)), catalog, declared)
    if missing:
        problems = [p for p in problems if p.where != "字段 jurisdiction"]
    problems.extend(owner_problems)
    for city_key, city in cities.items():
        if city_key in catalog.cities:
            problems.append(
                Problem(f"城市 {city_key}", f"城市 {city_key} 已存在；允许：只声明程序尚不认识的城市")
            )
        for reached in city.reaches:
            if reached not in catalog.documents and reached != key:
                problems.append(
                    Problem(
                        f"城市 {city_key} 字段 reaches",
                        f"未知辖区 {reached}{suggest(reached, [*catalog.documents, key])}；"
                        f"允许：{'、'.join([*catalog.documents, key])}",
                    )
                )
    if key and key not in catalog.documents and key not in declared:
        problems.append(
            Problem(
                "字段 jurisdiction",
                f"未知辖区 {key}{suggest(key, catalog.documents)}；允许：{'、'.join(catalog.documents)}，"
                "或新辖区并在 cities 中声明它覆盖的城市",
            )
        )

    measures = document.measures if document else _valid_measures(raw)
    own_ids = {m.id for m in measures}
    for measure in measures:
        problems.extend(_check_measure(measure, catalog.facts, catalog.roles))
        problems.extend(disagreements(measure))
        for other in measure.award.exclude_base_of:
            if other not in catalog.measures and other not in own_ids:
                problems.append(
                    Problem(
                        f"措施 {measure.id} 字段 award.exclude_base_of",
                        f"未知措施 {other}{suggest(other, [*catalog.measures, *own_ids])}",
                    )
                )

    if document is not None:
        if any(f.name == document.document for f in catalog.files):
            problems.append(
                Problem(
                    "字段 document",
                    f"已有同名的政策文件《{document.document}》；允许：新文件用新名称；要替换请先 catalog remove",
                )
            )
        for other in catalog.documents.get(key, []):
            if other.valid_from == document.valid_from:
                problems.append(
                    Problem(
                        "字段 valid_from",
                        f"与《{other.document}》同日({other.valid_from})生效，无法判断以哪份为准；"
                        "允许：后继文件的 valid_from 晚于前一份",
                    )
                )

    source, source_bytes, source_problems = _source_text(raw, path)
    problems.extend(source_problems)
    if source is not None:
        squashed = _squash(source)
        for item in _raw_measures(raw):
            quote, measure_id = item.get("quote"), item.get("id", "?")
            if isinstance(quote, str):
                problem = _quote_problem(str(measure_id), quote, squashed)
                if problem:
                    problems.append(problem)
    return (document if not problems else None), source_bytes, problems


def _guide_problems(raw: dict[str, Any], path: Path, catalog: Catalog) -> tuple[Guide | None, list[Problem]]:
    ids = (
        [key for key in raw["measures"] if isinstance(key, str)]
        if isinstance(raw.get("measures"), dict)
        else []
    )
    missing_jurisdiction, missing = jurisdiction_problems(raw, ids, catalog, set())
    try:
        guide: Guide = _validate(Guide, raw, path)
    except CatalogError as exc:
        if missing:
            return None, [*missing_jurisdiction, *(p for p in exc.problems if p.where != "字段 jurisdiction")]
        return None, exc.problems
    problems = guide_problems(guide, catalog.documents, catalog.facts)
    existing = catalog.guides.get((guide.jurisdiction, guide.year))
    if existing is not None:
        problems.append(
            Problem(
                "字段 year",
                f"{guide.jurisdiction} {guide.year} 年度已有指南《{existing.guide}》；允许：每个辖区每年一份指南；"
                "要替换请先 catalog remove",
            )
        )
    if any(f.name == guide.guide for f in catalog.files):
        problems.append(Problem("字段 guide", f"已有同名文件《{guide.guide}》；允许：新文件用新名称"))
    return (guide if not problems else None), problems


def _has_alias(text: str) -> bool:
    """Return True when the text uses YAML aliases, which can multiply a small file into a huge one."""
    try:
        return any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(text, Loader=_Parser))
    except yaml.YAMLError:
        return False  # reported with its place by the reader


def read_file(path: Path, follow_links: bool = True) -> bytes:
    """Return the bytes of a document or guide file: a regular file of at most MAX_FILE_BYTES
    (a link is followed only if ``follow_links``; a device, pipe or folder is refused); raises CatalogError."""
    try:
        return read_regular(Path(path), MAX_FILE_BYTES, follow_links=follow_links)
    except NotARegularFileError as exc:
        reason = exc.reason.replace(
            f"超过 {MAX_FILE_BYTES // 1_000_000} MB", "文件过大(超过 2 MB)，不是政策文件"
        )
        raise CatalogError(str(path), [Problem("", reason)]) from exc
    except FileNotFoundError as exc:
        raise CatalogError(str(path), [Problem("", "找不到文件")]) from exc
    except OSError as exc:
        raise CatalogError(str(path), [Problem("", f"无法读取：{exc.strerror or exc}")]) from exc


def check_bytes(path: Path, data: bytes, catalog: Catalog, record: AddedRecord | None = None) -> Checked:
    """Return the document or guide held in ``data`` (read from ``path``) checked against ``catalog``;
    raises CatalogError naming every problem (field, what is allowed, a suggestion) at once."""
    path = Path(path)
    source = str(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CatalogError(source, [Problem("", "文件不是 UTF-8 编码")]) from exc
    if _has_alias(text):
        raise CatalogError(source, [Problem("", "不支持 YAML 别名(*名称)；请把内容直接写出")])
    raw = parse_yaml(data, source)
    shape = shape_problem(raw)
    if shape is not None:
        raise CatalogError(source, [shape])
    sha256 = hashlib.sha256(data).hexdigest()
    who = {"added_by": record.added_by, "added_at": record.added_at} if record else {}
    if "guide" in raw:
        guide, problems = _guide_problems(raw, path, catalog)
        if guide is None:
            raise CatalogError(source, problems)
        return Checked(CatalogFile(guide.guide, "guide", ADDED, path, sha256, guide=guide, **who), data)
    document, source_bytes, problems = _document_problems(raw, path, catalog)
    if document is None:
        raise CatalogError(source, problems)
    item = CatalogFile(document.document, "document", ADDED, path, sha256, document=document, **who)
    name = source_name(raw)
    return Checked(item, data, (name, source_bytes) if name and source_bytes is not None else None)


def check_file(
    path: Path, catalog: Catalog, record: AddedRecord | None = None, follow_links: bool = True
) -> Checked:
    """Return the file at ``path`` checked against ``catalog`` (see check_bytes)."""
    return check_bytes(path, read_file(path, follow_links), catalog, record)


def read_added(path: Path, catalog: Catalog) -> CatalogFile:
    """Return a document or guide file checked against ``catalog``; raises CatalogError naming
    every problem (field, what is allowed, a suggestion) at once."""
    return check_file(path, catalog).item


def extend(catalog: Catalog, added: list[CatalogFile], skipped: list[CatalogError] | None = None) -> Catalog:
    """Return a new catalog with the added documents and guides in use beside ``catalog``'s."""
    documents = {key: list(docs) for key, docs in catalog.documents.items()}
    cities = dict(catalog.cities)
    guides = dict(catalog.guides)
    jurisdiction_of = dict(catalog.jurisdiction_of)
    facts = dict(catalog.facts)
    for item in added:
        if item.document is not None:
            document = item.document
            documents.setdefault(document.key, []).append(document)
            documents[document.key].sort(key=lambda doc: doc.valid_from)
            if isinstance(document, DocumentFile):
                cities.update(
                    {
                        k: City(name=c.name, name_en=c.name_en, reaches=c.reaches)
                        for k, c in document.cities.items()
                    }
                )
            jurisdiction_of.update({m.id: document.key for m in document.measures})
        elif item.guide is not None:
            guides[(item.guide.jurisdiction, item.guide.year)] = item.guide
            facts.update(item.guide.facts)
    measures = {m.id: m for docs in documents.values() for doc in docs for m in doc.measures}
    return Catalog(
        version=catalog.version,
        facts=facts,
        cities=cities,
        roles=catalog.roles,
        jurisdictions={key: docs[-1] for key, docs in documents.items()},
        measures=measures,
        jurisdiction_of=jurisdiction_of,
        documents=documents,
        guides=guides,
        files=[*catalog.files, *added],
        skipped=[*catalog.skipped, *(skipped or [])],
    )


def with_added(base: Catalog, folder: Path, leave_out: Path | None = None) -> Catalog:
    """Return ``base`` with every valid file of the user's folder added; a broken file, and what an
    interrupted ``catalog add`` left, is skipped and kept in ``skipped`` with its problems (the
    program starts with the rest)."""
    catalog = base
    for added in added_files(folder):
        if leave_out is not None and added.path == leave_out:
            continue
        try:
            checked = check_file(added.path, catalog, added.record, follow_links=False)
            catalog = extend(catalog, [checked.item])
        except CatalogError as exc:
            catalog = extend(catalog, [], [exc])
        except Exception as exc:  # a user file must never stop the program starting
            catalog = extend(catalog, [], [CatalogError(str(added.path), [Problem("", f"无法读取：{exc}")])])
    stale = [
        CatalogError(
            str(left.path),
            [
                Problem(
                    "",
                    f"添加《{left.name}》时被中断，未安装；用 catalog remove {left.name} 清除"
                    "(在窗口中：政策目录 → 删除所选)，再重新添加",
                )
            ],
        )
        for left in leftovers(folder)
    ]
    return extend(catalog, [], stale) if stale else catalog


@lru_cache(maxsize=8)
def _in_use(folder: Path) -> Catalog:
    base = bundled_catalog()
    return with_added(base, folder) if added_files(folder) or leftovers(folder) else base


def catalog_in_use(folder: Path | None = None) -> Catalog:
    """Return the catalog the program works with: bundled plus the user's added files."""
    return _in_use(Path(folder or user_catalog_dir()))


def forget_catalog_in_use() -> None:
    """Make the next ``catalog_in_use`` read the user's folder again."""
    _in_use.cache_clear()


def document_of(item: CatalogFile) -> Jurisdiction | Guide:
    """Return the document or guide a catalog file holds."""
    held = item.document or item.guide
    assert held is not None
    return held
