"""The firm file (shared/spec/profile.md): its model, loading with every problem gathered, atomic saving."""

from __future__ import annotations

import difflib
import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator

from desktop.catalog.loader import Catalog
from desktop.catalog.model import FactDef, FactKind
from desktop.credit_code import credit_code_problem
from desktop.errors import VALIDATION_MESSAGES, InputError, Problem
from desktop.jsontext import decode_json, read_json_text, text_problems
from desktop.money import (
    AREA_BOUNDS,
    MONEY_BOUNDS,
    RATIO_BOUNDS,
    USD_BOUNDS,
    NotADecimalError,
    OutOfBoundsError,
    format_grouped,
    to_bounded,
)

SCHEMA_VERSION = 1
# Texts where a tab or line break is allowed; every name, code and address under firm is one line.
MULTILINE_FIELDS = ("other_support", "history", "facts", "claims")

FactValue = Decimal | bool | str

_FIELD_LABELS = {
    "schema_version": "文件版本",
    "firm": "企业信息",
    "firm.name": "企业名称",
    "firm.credit_code": "统一社会信用代码",
    "firm.city": "所在城市",
    "firm.established": "成立日期",
    "firm.roles": "企业类型",
    "firm.district": "注册所在区（市）县",
    "year": "业绩年度",
    "facts": "申报数据",
    "claims": "核定金额",
    "history": "历史获奖",
    "other_support": "已获其他支持",
    "apply_for": "申请的政策支持事项",
}


def _money(value: object) -> Decimal:
    """Return an amount of money within MONEY_BOUNDS; raises ValueError in Chinese otherwise."""
    try:
        return to_bounded(value, MONEY_BOUNDS)
    except OutOfBoundsError as exc:
        raise ValueError(f"金额{exc}") from exc
    except NotADecimalError as exc:
        raise ValueError(f'不是有效金额：{_shown(value)}（请填写数字，如 "260000000"）') from exc


def _shown(value: object) -> str:
    """Return a bad value as a message quotes it, cut short so that a huge one stays readable."""
    text = repr(value)
    return text if len(text) <= 40 else text[:40] + "…"


BOUNDS_BY_KIND = {
    FactKind.MONEY: MONEY_BOUNDS,
    FactKind.USD: USD_BOUNDS,
    FactKind.AREA: AREA_BOUNDS,
    FactKind.RATIO: RATIO_BOUNDS,
}


Money = Annotated[Decimal, BeforeValidator(_money)]


def _small_exponent(value: object) -> object:
    """Refuse a number like 1e999999999 before pydantic turns it into an int digit by digit (hours)."""
    if isinstance(value, Decimal) and value.is_finite() and abs(value.adjusted()) > 100:
        raise ValueError(f"应为整数，实为 {value}")
    return value


WholeNumber = Annotated[int, BeforeValidator(_small_exponent)]


class Record(BaseModel):
    """Base of the firm file's models: a closed set of keys."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class FirmInfo(Record):
    """Who the firm is: name, credit code, city, roles and contacts."""

    name: str = Field(min_length=1)
    credit_code: str
    city: str
    district: str = Field(default="", max_length=40, description="the 区（市）县 the firm is registered in")
    established: date | None = None
    roles: list[str] = Field(default_factory=list)
    legal_representative: str = ""
    contact_person: str = ""
    contact_phone: str = ""
    address: str = ""
    bank_name: str = ""
    bank_account: str = ""

    @field_validator("credit_code", mode="before")
    @classmethod
    def _normalise_credit_code(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("credit_code")
    @classmethod
    def _check_credit_code(cls, value: str) -> str:
        problem = credit_code_problem(value)
        if problem:
            raise ValueError(problem)
        return value


class HistoryEntry(Record):
    """An award the firm has already received."""

    measure: str
    year: WholeNumber = Field(ge=2000, le=2100)
    amount: Money


class OtherSupport(Record):
    """Support for the same matter received under another policy (就高不重复)."""

    measure: str
    source: str = Field(min_length=1)
    amount: Money


class FirmFile(Record):
    """One firm, one performance year: what the engine evaluates."""

    schema_version: WholeNumber
    firm: FirmInfo
    year: WholeNumber = Field(ge=2000, le=2100)
    facts: dict[str, Any] = Field(default_factory=dict)
    claims: dict[str, Money] = Field(default_factory=dict)
    history: list[HistoryEntry] = Field(default_factory=list)
    other_support: list[OtherSupport] = Field(default_factory=list)
    apply_for: list[str] = Field(
        default_factory=list,
        description="measures without an amount (recognitions, support) the firm applies for: each gets a 项目申请报告",
    )

    @field_validator("schema_version")
    @classmethod
    def _known_version(cls, value: int) -> int:
        if value != SCHEMA_VERSION:
            raise ValueError(f"本程序读取 schema_version {SCHEMA_VERSION}，文件为 {value}")
        return value

    def fact(self, key: str) -> FactValue | None:
        """Return a fact's value, or None when the firm has not given it (missing, never zero)."""
        return self.facts.get(key)

    def to_json_dict(self) -> dict[str, Any]:
        """Return the firm file as JSON-ready data: money as strings, dates as ISO text."""
        data = self.model_dump(mode="python")
        return json.loads(json.dumps(data, default=_json_default, ensure_ascii=False))


def _json_default(value: object) -> object:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} to a firm file")


def _label(path: str) -> str:
    label = _FIELD_LABELS.get(path) or _FIELD_LABELS.get(path.split("[", 1)[0])
    return f"{path}（{label}）" if label else path


def _loc_text(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


_MODELS_BY_FIELD: dict[str, type[BaseModel]] = {
    "firm": FirmInfo,
    "history": HistoryEntry,
    "other_support": OtherSupport,
}


def _structure_problems(error: ValidationError) -> list[Problem]:
    problems = []
    for item in error.errors():
        loc = tuple(item["loc"])
        where = _label(_loc_text(loc))
        kind = item["type"]
        if kind == "value_error":
            message = str(item["msg"]).removeprefix("Value error, ")
        elif kind == "extra_forbidden":
            model = _MODELS_BY_FIELD.get(str(loc[0]), FirmFile) if len(loc) > 1 else FirmFile
            known = list(model.model_fields)
            close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
            message = "未知字段" + (f"；是否想写 {close[0]}？" if close else f"；允许：{', '.join(known)}")
        else:
            message = VALIDATION_MESSAGES.get(kind, str(item["msg"]))
            if kind in ("greater_than_equal", "less_than_equal"):
                shown = str(item.get("input"))
                message += f"（实为 {shown if len(shown) <= 40 else shown[:40] + '…'}）"
        problems.append(Problem(where, message))
    return problems


def _fact_value(key: str, definition: FactDef, value: object) -> FactValue:
    """Return a fact's typed value; raises ValueError with a Chinese message naming what is allowed."""
    kind = definition.kind
    if kind is FactKind.BOOL:
        if not isinstance(value, bool):
            raise ValueError(f"应为 true 或 false（是/否），实为 {_shown(value)}")
        return value
    if kind is FactKind.ENUM:
        if not isinstance(value, str) or value not in definition.choices:
            raise ValueError(f"不是允许的选项：{_shown(value)}；允许：{', '.join(definition.choices)}")
        return value
    try:
        return to_bounded(value, BOUNDS_BY_KIND[kind])
    except OutOfBoundsError as exc:
        raise ValueError(str(exc)) from exc
    except NotADecimalError as exc:
        raise ValueError(f'不是有效数值：{_shown(value)}（请填写数字，如 "260000000"）') from exc


def check_against_catalog(
    data: dict[str, Any], catalog: Catalog
) -> tuple[dict[str, FactValue], list[Problem]]:
    """Return the typed facts of raw firm-file data and every problem that needs the catalog to see.

    Works on the raw data, so a file whose structure is also wrong still gets these problems reported:
    city, roles, known and enterable facts and their types, measure ids in claims, history and
    other_support.
    """
    problems: list[Problem] = []
    firm = data.get("firm") if isinstance(data.get("firm"), dict) else {}
    city = firm.get("city")
    if isinstance(city, str) and city not in catalog.cities:
        problems.append(Problem(_label("firm.city"), f"未知城市 {city!r}；允许：{', '.join(catalog.cities)}"))
    roles = firm.get("roles") if isinstance(firm.get("roles"), list) else []
    for index, role in enumerate(roles):
        if not isinstance(role, str):
            problems.append(
                Problem(
                    _label(f"firm.roles[{index}]"),
                    f"每个企业类型应为一个文本，实为 {_shown(role)}；允许：{', '.join(catalog.roles)}",
                )
            )
        elif role not in catalog.roles:
            problems.append(
                Problem(
                    _label(f"firm.roles[{index}]"), f"未知企业类型 {role!r}；允许：{', '.join(catalog.roles)}"
                )
            )
    typed: dict[str, FactValue] = {}
    facts = data.get("facts") if isinstance(data.get("facts"), dict) else {}
    for key, value in facts.items():
        definition = catalog.facts.get(key)
        where = f"facts.{key}"
        if definition is None:
            close = difflib.get_close_matches(key, list(catalog.facts), n=1, cutoff=0.6)
            problems.append(Problem(where, "未知事实" + (f"；是否想写 {close[0]}？" if close else "")))
            continue
        if definition.derived:
            sources = "、".join(definition.derived_from)
            problems.append(Problem(where, f"这是由 {sources} 计算得出的数据，不能直接填写"))
            continue
        if value is None:
            continue
        try:
            typed[key] = _fact_value(key, definition, value)
        except ValueError as exc:
            problems.append(Problem(f"{where}（{definition.label}）", str(exc)))
    problems.extend(_parts_above_wholes(typed, catalog))
    claims = data.get("claims") if isinstance(data.get("claims"), dict) else {}
    for measure_id in claims:
        measure = catalog.measures.get(measure_id)
        where = f"claims.{measure_id}"
        if measure is None:
            problems.append(Problem(where, "未知措施编号" + _close_measure(measure_id, catalog)))
        elif not measure.award.is_money:
            problems.append(Problem(where, f"{measure_id} 原文未规定金额，不能填写核定金额"))
    wanted = data.get("apply_for") if isinstance(data.get("apply_for"), list) else []
    for index, measure_id in enumerate(wanted):
        if isinstance(measure_id, str) and measure_id not in catalog.measures:
            problems.append(
                Problem(
                    _label(f"apply_for[{index}]"),
                    f"未知措施编号 {measure_id}" + _close_measure(measure_id, catalog),
                )
            )
    for name in ("history", "other_support"):
        entries = data.get(name) if isinstance(data.get(name), list) else []
        for index, entry in enumerate(entries):
            measure_id = entry.get("measure") if isinstance(entry, dict) else None
            if isinstance(measure_id, str) and measure_id not in catalog.measures:
                problems.append(
                    Problem(
                        f"{name}[{index}].measure",
                        f"未知措施编号 {measure_id}" + _close_measure(measure_id, catalog),
                    )
                )
    return typed, problems


def _parts_above_wholes(typed: dict[str, FactValue], catalog: Catalog) -> list[Problem]:
    """Return a problem for each figure larger than the figure it is a part of (ruling 14 of
    2026-12): an input error naming both fields, never an award computed on it."""
    problems = []
    for key, value in typed.items():
        whole_key = catalog.facts[key].part_of
        whole = typed.get(whole_key) if whole_key else None
        if not isinstance(value, Decimal) or not isinstance(whole, Decimal) or value <= whole:
            continue
        assert whole_key is not None
        part_definition, whole_definition = catalog.facts[key], catalog.facts[whole_key]
        unit = part_definition.kind.unit
        problems.append(
            Problem(
                f"facts.{key}（{part_definition.label}）",
                f"{format_grouped(value)} {unit} 大于{whole_definition.label}({whole_key}) "
                f"{format_grouped(whole)} {unit}：本项是其中的一部分，不能大于它；请核对这两项",
            )
        )
        problems.append(
            Problem(
                f"facts.{whole_key}（{whole_definition.label}）",
                f"{format_grouped(whole)} {unit} 小于其中的一部分{part_definition.label}({key}) "
                f"{format_grouped(value)} {unit}；请核对这两项",
            )
        )
    return problems


def _close_measure(measure_id: str, catalog: Catalog) -> str:
    close = difflib.get_close_matches(measure_id, list(catalog.measures), n=1, cutoff=0.6)
    return f"；是否想写 {close[0]}？" if close else ""


def parse_firm(data: object, catalog: Catalog, source: str = "") -> FirmFile:
    """Return the validated firm from already-decoded JSON data.

    Raises InputError listing every problem, each naming its field.
    """
    if not isinstance(data, dict):
        raise InputError(source, [Problem("", "文件内容应为 JSON 对象 {…}")])
    hidden = [Problem(_label(p.where), p.message) for p in text_problems(data, multiline=MULTILINE_FIELDS)]
    firm: FirmFile | None = None
    structural: list[Problem] = []
    try:
        firm = FirmFile.model_validate(data)
    except ValidationError as exc:
        structural = _structure_problems(exc)
    typed, problems = check_against_catalog(data, catalog)
    seen = {problem.field for problem in structural}
    problems = structural + [problem for problem in problems if problem.field not in seen]
    problems = hidden + [problem for problem in problems if problem.field not in {p.field for p in hidden}]
    if problems or firm is None:
        raise InputError(source, problems)
    return firm.model_copy(update={"facts": typed})


def load_firm(path: Path, catalog: Catalog) -> FirmFile:
    """Return the validated firm file at ``path``; raises InputError naming the file and field."""
    source = str(path)
    return parse_firm(decode_json(read_json_text(path), source), catalog, source)


def dumps_firm(firm: FirmFile) -> str:
    """Return the firm file as the JSON text the program writes."""
    return json.dumps(firm.to_json_dict(), ensure_ascii=False, indent=2) + "\n"


def write_atomic(path: Path, text: str) -> None:
    """Write text to ``path`` through a temporary file in the same folder, then rename it into place.

    A crash or a full disk leaves the old file whole; the rename is atomic on one filesystem; a symlink
    is followed and the file keeps its permissions.
    """
    from desktop.atomic import write_text

    write_text(path, text)


def save_firm(firm: FirmFile, path: Path) -> None:
    """Save the firm file atomically."""
    write_atomic(path, dumps_firm(firm))
