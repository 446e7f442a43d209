"""Documents and guides users add: checking one against the catalog, the user's catalog folder,
installing and removing, and the catalog in use (bundled + added)."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

import yaml
from pydantic import ValidationError

from desktop.catalog.guides import guide_problems
from desktop.catalog.loader import (
    ADDED,
    Catalog,
    CatalogFile,
    _check_measure,
    _read_yaml,
    _validate,
    bundled_catalog,
    sha256_of,
)
from desktop.catalog.model import City, DocumentFile, Guide, Jurisdiction, Measure
from desktop.catalog.suggest import suggest
from desktop.errors import CatalogError, Problem
from desktop.paths import user_catalog_dir

_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_FILE_BYTES = 2_000_000
MAX_SOURCE_BYTES = 20_000_000
SUFFIXES = (".yaml", ".yml")


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


def _source_text(raw: dict[str, Any], path: Path) -> tuple[str | None, list[Problem]]:
    """Return the document's source text (the ``source:`` file beside it, or ``source_text:``)."""
    text = raw.get("source_text")
    if isinstance(text, str):
        return text, []
    name = raw.get("source")
    if not isinstance(name, str):
        return None, []
    relative = PurePosixPath(name.replace("\\", "/"))
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        return None, [Problem("字段 source", f"{name} 应为本文件旁边的文件名(相对路径，不含 ..)")]
    target = path.parent / Path(*relative.parts)
    try:
        if target.stat().st_size > MAX_SOURCE_BYTES:
            return None, [Problem("字段 source", f"原文文件 {name} 超过 {MAX_SOURCE_BYTES // 1_000_000} MB")]
        return target.read_text(encoding="utf-8"), []
    except FileNotFoundError:
        return None, [
            Problem("字段 source", f"找不到原文文件 {name}；允许：与本文件同一文件夹中的 UTF-8 文本")
        ]
    except UnicodeDecodeError:
        return None, [Problem("字段 source", f"原文文件 {name} 不是 UTF-8 编码；请另存为 UTF-8")]
    except OSError as exc:
        return None, [Problem("字段 source", f"无法读取原文文件 {name}：{exc.strerror or exc}")]


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
) -> tuple[DocumentFile | None, list[Problem]]:
    problems: list[Problem] = []
    key = raw.get("jurisdiction") if isinstance(raw.get("jurisdiction"), str) else ""
    document: DocumentFile | None = None
    try:
        document = _validate(DocumentFile, raw, path, {"key": key})
    except CatalogError as exc:
        problems.extend(exc.problems)

    first: dict[str, int] = {}
    for number, item in enumerate(_raw_measures(raw), start=1):
        measure_id = item.get("id")
        if not isinstance(measure_id, str):
            continue
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
    if key and key not in catalog.documents and not any(key in c.reaches for c in cities.values()):
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
        owner = catalog.jurisdiction_of.get(measure.id)
        if owner is not None and owner != key:
            problems.append(
                Problem(
                    f"措施 {measure.id} 字段 id",
                    f"编号 {measure.id} 已属于辖区 {owner}；允许：沿用本辖区措施的编号(后继文件)，或取新的编号",
                )
            )
        problems.extend(_check_measure(measure, catalog.facts, catalog.roles))
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

    source, source_problems = _source_text(raw, path)
    problems.extend(source_problems)
    if source is not None:
        squashed = _squash(source)
        for item in _raw_measures(raw):
            quote, measure_id = item.get("quote"), item.get("id", "?")
            if isinstance(quote, str):
                problem = _quote_problem(str(measure_id), quote, squashed)
                if problem:
                    problems.append(problem)
    return (document if not problems else None), problems


def _guide_problems(raw: dict[str, Any], path: Path, catalog: Catalog) -> tuple[Guide | None, list[Problem]]:
    try:
        guide: Guide = _validate(Guide, raw, path)
    except CatalogError as exc:
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


def _has_alias(path: Path) -> bool:
    """Return True when the file uses YAML aliases, which can multiply a small file into a huge one."""
    try:
        with path.open(encoding="utf-8") as stream:
            return any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(stream, Loader=_Parser))
    except (yaml.YAMLError, UnicodeDecodeError, OSError):
        return False  # reported with its place by the reader


def read_added(path: Path, catalog: Catalog) -> CatalogFile:
    """Return a document or guide file checked against ``catalog``; raises CatalogError naming
    every problem (field, what is allowed, a suggestion) at once."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise CatalogError(str(path), [Problem("", f"无法读取：{exc.strerror or exc}")]) from exc
    if size > MAX_FILE_BYTES:
        raise CatalogError(
            str(path), [Problem("", f"文件过大(超过 {MAX_FILE_BYTES // 1_000_000} MB)，不是政策文件")]
        )
    if _has_alias(path):
        raise CatalogError(str(path), [Problem("", "不支持 YAML 别名(*名称)；请把内容直接写出")])
    raw = _read_yaml(path)
    if not isinstance(raw, dict):
        raise CatalogError(
            str(path),
            [Problem("", "文件顶层应为键值表 (mapping)；政策文件以 document: 开头，年度指南以 guide: 开头")],
        )
    if "guide" in raw:
        guide, problems = _guide_problems(raw, path, catalog)
        if guide is None:
            raise CatalogError(str(path), problems)
        return CatalogFile(guide.guide, "guide", ADDED, path, sha256_of(path), guide=guide)
    document, problems = _document_problems(raw, path, catalog)
    if document is None:
        raise CatalogError(str(path), problems)
    return CatalogFile(document.document, "document", ADDED, path, sha256_of(path), document=document)


def extend(catalog: Catalog, added: list[CatalogFile], skipped: list[CatalogError] | None = None) -> Catalog:
    """Return a new catalog with the added documents and guides in use beside ``catalog``'s."""
    documents = {key: list(docs) for key, docs in catalog.documents.items()}
    cities = dict(catalog.cities)
    guides = dict(catalog.guides)
    jurisdiction_of = dict(catalog.jurisdiction_of)
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
    measures = {m.id: m for docs in documents.values() for doc in docs for m in doc.measures}
    return Catalog(
        version=catalog.version,
        facts=catalog.facts,
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


def _is_guide(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8") as stream:
            head = stream.read(4096)
    except (OSError, UnicodeDecodeError):
        return False
    return re.search(r"^guide\s*:", head, re.MULTILINE) is not None


def added_files(folder: Path) -> list[Path]:
    """Return the YAML files in the user's catalog folder: documents first, then guides, by name."""
    if not folder.is_dir():
        return []
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES and p.is_file())
    return sorted(files, key=_is_guide)


def with_added(base: Catalog, folder: Path, leave_out: Path | None = None) -> Catalog:
    """Return ``base`` with every valid file of the user's folder added; a broken file is skipped
    and kept in ``skipped`` with its problems (the program starts with the rest)."""
    catalog = base
    for path in added_files(folder):
        if leave_out is not None and path == leave_out:
            continue
        try:
            catalog = extend(catalog, [read_added(path, catalog)])
        except CatalogError as exc:
            catalog = extend(catalog, [], [exc])
        except Exception as exc:  # a user file must never stop the program starting
            catalog = extend(catalog, [], [CatalogError(str(path), [Problem("", f"无法读取：{exc}")])])
    return catalog


@lru_cache(maxsize=8)
def _in_use(folder: Path) -> Catalog:
    base = bundled_catalog()
    return with_added(base, folder) if added_files(folder) else base


def catalog_in_use(folder: Path | None = None) -> Catalog:
    """Return the catalog the program works with: bundled plus the user's added files."""
    return _in_use(Path(folder or user_catalog_dir()))


def forget_catalog_in_use() -> None:
    """Make the next ``catalog_in_use`` read the user's folder again."""
    _in_use.cache_clear()


def _copy_atomic(source: Path, target: Path) -> None:
    from desktop.atomic import write_bytes  # umask permissions, never over an existing file

    target.parent.mkdir(parents=True, exist_ok=True)
    write_bytes(target, source.read_bytes(), replace=False)


def _source_name(item: CatalogFile) -> str | None:
    document = item.document
    if isinstance(document, DocumentFile) and document.source:
        return document.source.replace("\\", "/")
    return None


def add_file(path: Path, folder: Path | None = None) -> CatalogFile:
    """Check a file against the bundled catalog and everything already added, then copy it (and
    its source text) into the user's catalog folder. Raises CatalogError; nothing is installed then."""
    folder = Path(folder or user_catalog_dir())
    catalog = catalog_in_use(folder)
    item = read_added(Path(path), catalog)
    copies = [(Path(path), folder / Path(path).name)]
    source = _source_name(item)
    if source:
        copies.append((Path(path).parent / source, folder / source))
    clashes = [target for _, target in copies if target.exists()]
    if clashes:
        raise CatalogError(
            str(path),
            [
                Problem("", f"用户政策目录中已有文件 {target.name}；允许：换一个文件名，或先 catalog remove")
                for target in clashes
            ],
        )
    try:
        for origin, target in reversed(copies):  # the source first: a document never lacks its text
            _copy_atomic(origin, target)
    except OSError as exc:
        from desktop.os_errors import describe

        for _, target in copies:
            target.unlink(missing_ok=True)
        raise CatalogError(
            str(folder), [Problem("", f"无法写入用户政策目录：{describe(exc, folder)}")]
        ) from exc
    forget_catalog_in_use()
    return replace(item, path=folder / Path(path).name)


def find_added(name: str, catalog: Catalog) -> CatalogFile:
    """Return the added file called ``name`` (its document or guide name, or its file name)."""
    for item in catalog.files:
        if name in (item.name, item.path.name, item.path.stem):
            if item.origin != ADDED:
                raise CatalogError(
                    name, [Problem("", f"《{item.name}》是内置文件，不能删除；只能删除用户添加的文件")]
                )
            return item
    names = [f.name for f in catalog.files if f.origin == ADDED]
    listed = "、".join(names) if names else "(尚未添加任何文件)"
    raise CatalogError(
        name, [Problem("", f"没有名为 {name} 的添加文件{suggest(name, names)}；已添加：{listed}")]
    )


def remove_file(name: str, folder: Path | None = None) -> CatalogFile:
    """Take an added document or guide out of the user's folder; refused while another added file
    depends on it (a guide on its document)."""
    folder = Path(folder or user_catalog_dir())
    catalog = catalog_in_use(folder)
    item = find_added(name, catalog)
    before = {e.source for e in catalog.skipped}
    after = with_added(bundled_catalog(), folder, leave_out=item.path)
    broken = [e for e in after.skipped if e.source not in before]
    if broken:
        raise CatalogError(
            name,
            [
                Problem(Path(e.source).name, f"依赖《{item.name}》：{p.message}；请先删除该文件")
                for e in broken
                for p in e.problems[:1]
            ],
        )
    item.path.unlink()
    source = _source_name(item)
    if source and not any(_source_name(other) == source for other in after.files if other.origin == ADDED):
        (folder / source).unlink(missing_ok=True)
    forget_catalog_in_use()
    return item


def document_of(item: CatalogFile) -> Jurisdiction | Guide:
    """Return the document or guide a catalog file holds."""
    held = item.document or item.guide
    assert held is not None
    return held
