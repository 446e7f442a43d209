"""The policy catalog as typed data: facts, jurisdictions, measures, their conditions and award rules."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from desktop.catalog.wording import READINGS, Reading, reading_of
from desktop.money import MONEY_BOUNDS, NotADecimalError, OutOfBoundsError, to_bounded, to_decimal, to_rate


def _amount(value: object) -> Decimal:
    try:
        return to_decimal(value)
    except NotADecimalError as exc:
        raise ValueError(f"不是金额或数量：{value!r}（例：5000万、2亿、3000、1.5）") from exc


def _money(value: object) -> Decimal:
    """An award figure: a positive amount within the money range of profile.md (no NaN, no infinity)."""
    try:
        number = to_bounded(value, MONEY_BOUNDS)
    except OutOfBoundsError as exc:
        raise ValueError(str(exc)) from exc
    except NotADecimalError as exc:
        raise ValueError(f"不是金额：{str(value)[:40]!r}（例：50万、2亿、3000）") from exc
    if not number:
        raise ValueError("金额应大于 0")
    return number


def _rate(value: object) -> Decimal:
    try:
        return to_rate(value)
    except NotADecimalError as exc:
        raise ValueError(f"不是比例：{value!r}（例：3%、1.5%）") from exc


Amount = Annotated[Decimal, BeforeValidator(_amount)]
Money = Annotated[Decimal, BeforeValidator(_money)]
Rate = Annotated[Decimal, BeforeValidator(_rate)]


class Strict(BaseModel):
    """Base of catalog models: a closed set of keys, frozen once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class FactKind(StrEnum):
    """What kind of value a fact holds, which fixes how it is entered, compared and shown."""

    MONEY = "money"
    USD = "usd"
    AREA = "area"
    BOOL = "bool"
    ENUM = "enum"
    RATIO = "ratio"

    @property
    def is_numeric(self) -> bool:
        """Return True for facts compared with a threshold."""
        return self in (FactKind.MONEY, FactKind.USD, FactKind.AREA, FactKind.RATIO)

    @property
    def unit(self) -> str:
        """Return the unit shown after a figure of this kind."""
        return {FactKind.MONEY: "元", FactKind.USD: "美元", FactKind.AREA: "㎡"}.get(self, "")


class Choice(Strict):
    """One allowed value of an enum fact."""

    label: str
    label_en: str


class FactDef(Strict):
    """One fact of the firm file's vocabulary."""

    kind: FactKind
    label: str
    label_en: str
    help: str = ""
    choices: dict[str, Choice] = Field(default_factory=dict)
    derived_from: list[str] = Field(
        default_factory=list,
        description="facts this one is computed from; a derived fact is never entered",
    )
    part_of: str | None = Field(
        default=None, description="the figure this one is a part of: entering it larger is an input error"
    )
    universal: bool = Field(
        default=False,
        description="a condition every call asks (依法纳税, 信用中国 lists), asked once with the firm's details",
    )
    expected: bool | None = Field(
        default=None, description="the answer a call requires of a universal yes/no fact"
    )
    proof: list[str] = Field(default_factory=list, description="what proves the fact (an attachment)")

    @model_validator(mode="after")
    def _choices_only_for_enum(self) -> FactDef:
        if self.kind is FactKind.ENUM and not self.choices:
            raise ValueError("enum 类事实必须列出 choices")
        if self.kind is not FactKind.ENUM and self.choices:
            raise ValueError("只有 enum 类事实可以有 choices")
        if self.universal and (self.kind is not FactKind.BOOL or self.expected is None):
            raise ValueError("universal 事实须为 bool 类，并用 expected 写明申报要求的回答")
        if self.expected is not None and not self.universal:
            raise ValueError("expected 只用于 universal 事实")
        return self

    @property
    def derived(self) -> bool:
        """Return True when the engine computes this fact instead of reading it."""
        return bool(self.derived_from)


class FirstTime(Strict):
    """A "首次" condition: a figure reaches a threshold for the first time in the performance year.

    ``prior`` is the figure of the year before; reaching the threshold there settles it (not first).
    The firm's earlier years are those since it was set up: with none, or with only last year and
    its figure given, the figures settle it; otherwise the yes/no fact ``answer`` ("reached in an
    earlier year") is asked.
    """

    prior: str
    wording: str
    threshold: Amount
    answer: str

    @model_validator(mode="after")
    def _known_wording(self) -> FirstTime:
        if self.wording not in READINGS:
            raise ValueError(f"未知的措辞 {self.wording!r}；允许：{'、'.join(READINGS)}")
        return self

    @property
    def reading(self) -> Reading:
        """Return the 民法典 reading of the threshold's wording."""
        return reading_of(self.wording)


class Condition(Strict):
    """One condition of a measure, in exactly one of its forms.

    - a threshold: ``fact`` + ``wording`` (超过, 以上 …) + ``threshold``
    - a yes/no fact: ``fact`` + ``is``
    - a choice fact: ``fact`` + ``in``
    - the firm's age: ``established_within_years``
    - "首次": ``first_time`` (see FirstTime)
    - the firm's registered district: ``registered_in`` (a list of 区（市）县 names)
    - alternatives: ``any_of``, each an ``all_of`` list with a label
    """

    fact: str | None = None
    wording: str | None = None
    threshold: Amount | None = None
    is_: bool | None = Field(default=None, alias="is")
    in_: list[str] | None = Field(default=None, alias="in")
    established_within_years: int | None = None
    first_time: FirstTime | None = None
    registered_in: list[str] | None = None
    any_of: list[Branch] | None = None
    label: str | None = Field(default=None, description="how the condition is shown, if not derived")
    note: str | None = Field(default=None, description="why the condition reads as it does")
    if_given: bool = Field(
        default=False, description="checked only when the firm gives the fact; a missing one is no obstacle"
    )

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _one_form(self) -> Condition:
        forms = {
            "threshold": self.wording is not None or self.threshold is not None,
            "is": self.is_ is not None,
            "in": self.in_ is not None,
            "established_within_years": self.established_within_years is not None,
            "first_time": self.first_time is not None,
            "registered_in": self.registered_in is not None,
            "any_of": self.any_of is not None,
        }
        chosen = [name for name, present in forms.items() if present]
        if len(chosen) != 1:
            raise ValueError(
                "条件必须恰好是一种形式：fact+wording+threshold、fact+is、fact+in、"
                f"established_within_years、first_time、registered_in 或 any_of；实为 {chosen or '无'}"
            )
        needs_fact = chosen[0] in ("threshold", "is", "in")
        if needs_fact and not self.fact:
            raise ValueError(f"{chosen[0]} 形式的条件需要 fact")
        if not needs_fact and self.fact:
            raise ValueError(f"{chosen[0]} 形式的条件不能有 fact")
        if chosen[0] == "threshold":
            if self.wording is None or self.threshold is None:
                raise ValueError("阈值条件需要同时给出 wording 和 threshold")
            if self.wording not in READINGS:
                raise ValueError(f"未知的措辞 {self.wording!r}；允许：{'、'.join(READINGS)}")
        if self.in_ is not None and not self.in_:
            raise ValueError("in 不能为空")
        if self.registered_in is not None and not [name for name in self.registered_in if name.strip()]:
            raise ValueError("registered_in 须列出至少一个区（市）县")
        if self.any_of is not None and len(self.any_of) < 2:
            raise ValueError("any_of 至少需要两个分支")
        return self

    @property
    def reading(self) -> Reading:
        """Return the 民法典 reading of this threshold condition's wording."""
        assert self.wording is not None
        return reading_of(self.wording)

    def facts(self) -> list[str]:
        """Return the facts this condition reads, in order, without repeats."""
        found: list[str] = []
        if self.fact:
            found.append(self.fact)
        if self.first_time is not None:
            found.extend(f for f in (self.first_time.prior, self.first_time.answer) if f not in found)
        for branch in self.any_of or []:
            for condition in branch.all_of:
                found.extend(f for f in condition.facts() if f not in found)
        return found


class Branch(Strict):
    """One alternative of an ``any_of`` condition: all its conditions must hold."""

    label: str
    all_of: list[Condition] = Field(min_length=1)


Condition.model_rebuild()


class Tier(Strict):
    """One tier of a tiered award: its amount, paid when all its conditions hold."""

    label: str
    amount: Money
    when: list[Condition] = Field(default_factory=list)


class AwardKind(StrEnum):
    """The award rule kinds of measures.md."""

    FIXED = "fixed"
    TIERED = "tiered"
    RATE = "rate"
    COST_SHARE = "cost_share"
    UP_TO = "up_to"
    UNQUANTIFIED = "unquantified"


class Award(Strict):
    """How a measure's award is computed.

    fixed: ``amount``. tiered: ``tiers`` (the highest tier that holds; tiers do not add up).
    rate / cost_share: ``rate`` × ``base``, capped by ``cap``. up_to: a ceiling, either
    ``amount`` or ``rate`` × ``base`` (capped by ``cap`` if the text gives one).
    unquantified: no money.
    """

    kind: AwardKind
    amount: Money | None = None
    tiers: list[Tier] | None = None
    rate: Rate | None = None
    base: str | None = None
    cap: Money | None = None
    per_year: bool = Field(default=False, description="the cap is per firm per year (每年/年度)")
    exclude_base_of: list[str] = Field(
        default_factory=list,
        description="measures whose base is taken out of this one's when they apply (no double pay)",
    )
    exclude_fact: str | None = Field(
        default=None, description="the fact holding the part of the base that the excluded measure pays on"
    )

    @model_validator(mode="after")
    def _fields_for_kind(self) -> Award:
        kind = self.kind
        given = {
            name for name in ("amount", "tiers", "rate", "base", "cap") if getattr(self, name) is not None
        }
        allowed: dict[AwardKind, tuple[set[str], list[set[str]]]] = {
            AwardKind.FIXED: ({"amount"}, [{"amount"}]),
            AwardKind.TIERED: ({"tiers"}, [{"tiers"}]),
            AwardKind.RATE: ({"rate", "base", "cap"}, [{"rate", "base"}]),
            AwardKind.COST_SHARE: ({"rate", "base", "cap"}, [{"rate", "base"}]),
            AwardKind.UP_TO: ({"amount", "rate", "base", "cap"}, [{"amount"}, {"rate", "base"}]),
            AwardKind.UNQUANTIFIED: (set(), [set()]),
        }
        permitted, one_of_required = allowed[kind]
        extra = given - permitted
        if extra:
            raise ValueError(f"{kind.value} 类奖励不能有字段 {sorted(extra)}")
        if not any(required <= given for required in one_of_required):
            needed = " 或 ".join("+".join(sorted(r)) for r in one_of_required)
            raise ValueError(f"{kind.value} 类奖励需要字段 {needed}")
        if kind is AwardKind.UP_TO and "amount" in given and given & {"rate", "base"}:
            raise ValueError("up_to 的上限要么是 amount，要么是 rate × base，不能两者都有")
        if self.tiers is not None:
            if not self.tiers:
                raise ValueError("tiers 不能为空")
            amounts = [tier.amount for tier in self.tiers]
            if amounts != sorted(amounts):
                raise ValueError("tiers 须按金额从低到高排列")
        if self.rate is not None and not (0 < self.rate <= 1):
            raise ValueError(f"rate 应在 0 与 100% 之间，实为 {self.rate}")
        if bool(self.exclude_base_of) != bool(self.exclude_fact):
            raise ValueError("exclude_base_of 与 exclude_fact 须同时给出")
        return self

    @property
    def is_money(self) -> bool:
        """Return True when the award has a money figure (determinate or a ceiling)."""
        return self.kind is not AwardKind.UNQUANTIFIED

    @property
    def is_ceiling(self) -> bool:
        """Return True when the text names only a ceiling, fixed later by the annual guide."""
        return self.kind is AwardKind.UP_TO

    def facts(self) -> list[str]:
        """Return the facts the award rule reads."""
        found: list[str] = []
        for tier in self.tiers or []:
            for condition in tier.when:
                found.extend(f for f in condition.facts() if f not in found)
        for fact in (self.base, self.exclude_fact):
            if fact and fact not in found:
                found.append(fact)
        return found


class Measure(Strict):
    """One measure of one jurisdiction's policy text."""

    id: str = Field(pattern=r"^[A-Z]{2,3}-[0-9A-Z]{1,3}$")
    title: str
    title_en: str
    clause: str
    quote: str = Field(min_length=4, description="a short verbatim quote of the clause")
    matter: str = Field(description="measures sharing a matter are paid 就高不重复")
    roles: list[str] = Field(default_factory=list, description="the firm must hold one of these roles")
    conditions: list[Condition] = Field(default_factory=list)
    award: Award
    one_off: bool = False
    one_off_label: str = Field(
        default="一次性奖励", description="how the once-only rule is named, e.g. 同一认定只奖励一次"
    )
    attachments: list[str] = Field(default_factory=list)
    guidance: str = Field(default="", description="what the firm must do to benefit")
    notes: list[str] = Field(default_factory=list)

    def facts(self) -> list[str]:
        """Return every fact the measure needs, conditions first, then the award rule."""
        found: list[str] = []
        for condition in self.conditions:
            found.extend(f for f in condition.facts() if f not in found)
        found.extend(f for f in self.award.facts() if f not in found)
        return found


class Jurisdiction(Strict):
    """One policy document's measures, with the document's source and validity."""

    key: str
    name: str
    name_en: str
    document: str
    source_file: str = Field(default="", description="the bundled policy text in shared/policy-sources")
    valid_from: date
    valid_to: date | None = None
    validity_note: str = ""
    draft: bool = False
    budget_note: str = ""
    highest_only: str = Field(
        default="",
        description="the document's own words that the same matter is supported once, at the highest "
        "(就高不重复), where it says so; without them the engine says that calls ask for other funds",
    )
    measures: list[Measure] = Field(min_length=1)

    @model_validator(mode="after")
    def _window(self) -> Jurisdiction:
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValueError(f"valid_to {self.valid_to} 早于 valid_from {self.valid_from}")
        return self


def in_force(document: Jurisdiction, year: int) -> bool:
    """Return True when the document's window overlaps the performance year."""
    return document.valid_from <= date(year, 12, 31) and (
        document.valid_to is None or document.valid_to >= date(year, 1, 1)
    )


class City(Strict):
    """A city a firm can be registered in, and the jurisdictions whose measures reach it."""

    name: str
    name_en: str
    reaches: list[str] = Field(min_length=1)


class RoleDef(Strict):
    """A role a firm can hold (trader, service, warehouse, park_operator)."""

    label: str
    label_en: str


class CatalogIndex(Strict):
    """The catalog's top file: its version, cities, roles and jurisdiction files."""

    version: str
    cities: dict[str, City]
    roles: dict[str, RoleDef]
    jurisdictions: list[str] = Field(min_length=1)


class FactsFile(Strict):
    """The facts vocabulary file."""

    facts: dict[str, FactDef]


class NewCity(Strict):
    """A city an added document declares: its names and the jurisdictions whose measures reach it."""

    name: str
    name_en: str
    reaches: list[str] = Field(min_length=1)


class DocumentFile(Jurisdiction):
    """A policy document a user adds: a bundled jurisdiction file plus its jurisdiction's key,
    its source text (a file beside it, or the text itself) and any new cities it reaches."""

    jurisdiction: str = Field(pattern=r"^[a-z][a-z0-9_]{1,31}$")
    source: str | None = Field(default=None, description="the policy text (UTF-8), a path beside this file")
    source_text: str | None = Field(default=None, description="the policy text itself")
    cities: dict[str, NewCity] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _one_source(self) -> DocumentFile:
        if self.source is not None and self.source_text is not None:
            raise ValueError("source 与 source_text 只能给出一个")
        return self


class Window(Strict):
    """An application window (申报时间): from and to, both days included, and what it is for
    (线上申报, 修改补充) when a call has several."""

    from_: date = Field(alias="from")
    to: date
    label: str = Field(default="", description="what the window is for: 线上申报, 修改补充 …")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _order(self) -> Window:
        if self.to < self.from_:
            raise ValueError(f"申报截止日 {self.to} 早于开始日 {self.from_}")
        return self

    def text(self) -> str:
        """Return the window as ``2026-03-01 至 2026-03-31``."""
        return f"{self.from_.isoformat()} 至 {self.to.isoformat()}"

    def labelled(self) -> str:
        """Return the window with what it is for: ``修改补充 2024-03-16 至 2024-03-20``."""
        return f"{self.label} {self.text()}" if self.label else self.text()


class Period(Strict):
    """The part of the performance year whose business and costs count (业绩计算期间), both days included."""

    from_: date = Field(alias="from")
    to: date

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _order(self) -> Period:
        if self.to < self.from_:
            raise ValueError(f"业绩计算期间的结束日 {self.to} 早于开始日 {self.from_}")
        return self


SIGNATURES = ("法定代表人", "财务负责人", "项目负责人")


class Submission(Strict):
    """How a call wants the application delivered: to whom, through which platform, in what form."""

    receiving_bureau: str = Field(
        default="", description="the bureau receiving applications of firms of any district not in bureaus"
    )
    bureaus: dict[str, str] = Field(
        default_factory=dict, description="the receiving bureau by the firm's registered 区（市）县"
    )
    platform: str = Field(default="", description="the online platform applications are uploaded to")
    platform_address: str = ""
    upload_items: list[str] = Field(
        default_factory=list, description="what is uploaded, one file each, in order"
    )
    max_upload_mb: Amount | None = Field(
        default=None, description="the size limit of one uploaded file, in MB"
    )
    copies: int | None = Field(default=None, ge=1, le=20, description="paper copies delivered")
    seals: list[str] = Field(default_factory=list, description="封面盖章, 骑缝章 …")
    signatures: list[str] = Field(
        default_factory=list, description="who signs: 法定代表人, 财务负责人, 项目负责人"
    )
    deliver_to: str = Field(default="", description="where the paper copies go, if not the receiving bureau")
    hotline: str = ""
    payout: str = Field(default="", description="when the funds are paid")

    @model_validator(mode="after")
    def _known_signatures(self) -> Submission:
        unknown = [name for name in self.signatures if name not in SIGNATURES]
        if unknown:
            raise ValueError(
                f"signatures 中的 {'、'.join(unknown)} 不是可签字的人；允许：{'、'.join(SIGNATURES)}"
            )
        if self.max_upload_mb is not None and not (0 < self.max_upload_mb <= 10_000):
            raise ValueError(f"max_upload_mb 应大于 0、不超过 10000，实为 {self.max_upload_mb}")
        return self


class Scale(Strict):
    """What a guide says "一定规模" means this year: the text, and optionally a threshold on a fact."""

    text: str = Field(min_length=2)
    fact: str | None = None
    wording: str | None = None
    threshold: Amount | None = None

    @model_validator(mode="after")
    def _threshold_whole(self) -> Scale:
        given = [self.fact is not None, self.wording is not None, self.threshold is not None]
        if any(given) and not all(given):
            raise ValueError("规模条件须同时给出 fact、wording 和 threshold(或三者都不写，只写 text)")
        if self.wording is not None and self.wording not in READINGS:
            raise ValueError(f"未知的措辞 {self.wording!r}；允许：{'、'.join(READINGS)}")
        return self

    def condition(self) -> Condition | None:
        """Return the scale as a condition of the measure, when it names a fact."""
        if self.fact is None:
            return None
        return Condition(
            fact=self.fact, wording=self.wording, threshold=self.threshold, label=None, note=self.text
        )


def _scale(value: object) -> object:
    return {"text": value} if isinstance(value, str) else value


def _windows_problem(single: Window | None, several: list[Window]) -> None:
    if single is not None and several:
        raise ValueError(
            "application_window 与 application_windows 只能给出一个；多个申报时间请都写在 application_windows 中"
        )


class GuideMeasure(Strict):
    """What an annual guide fixes for one measure in its year."""

    rate: Rate | None = None
    amount: Money | None = None
    tiers: dict[str, Money] | None = Field(
        default=None,
        description="a tiered measure's amounts this year, by tier label, none above the document's",
    )
    cap: Money | None = None
    scale: Annotated[Scale | None, BeforeValidator(_scale)] = None
    conditions: list[Condition] = Field(default_factory=list, description="conditions added for the year")
    attachments: list[str] = Field(default_factory=list, description="added to the document's list")
    open: bool = True
    reason: str = ""
    application_window: Window | None = None
    application_windows: list[Window] = Field(default_factory=list)
    report: bool = Field(default=False, description="the call asks a 项目申请报告 for this measure")
    notes: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _closed_has_reason(self) -> GuideMeasure:
        if self.rate is not None and not (0 < self.rate <= 1):
            raise ValueError(f"rate 应在 0 与 100% 之间，实为 {self.rate}")
        if not self.open and not self.reason.strip():
            raise ValueError("open: false 须写明 reason(本年度不受理的原因)")
        if self.open and self.reason:
            raise ValueError("reason 只用于 open: false 的措施")
        _windows_problem(self.application_window, self.application_windows)
        return self

    @property
    def windows(self) -> list[Window]:
        """Return the measure's own windows, the application window first (empty: the guide's apply)."""
        return self.application_windows or ([self.application_window] if self.application_window else [])


class Guide(Strict):
    """An annual guide (年度资金申报指南): one jurisdiction, one performance year."""

    guide: str = Field(min_length=4)
    jurisdiction: str
    year: int = Field(ge=2000, le=2100)
    issued_by: str = ""
    eligible_period: Period | None = Field(
        default=None, description="the part of the year whose business counts (业绩计算期间)"
    )
    application_window: Window | None = None
    application_windows: list[Window] = Field(
        default_factory=list,
        description="several windows in order: 线上申报 first (its end is the deadline), then 修改补充 …",
    )
    facts: dict[str, FactDef] = Field(
        default_factory=dict, description="facts the guide's conditions ask for"
    )
    conditions: list[Condition] = Field(default_factory=list, description="conditions of every money measure")
    submission: Submission | None = None
    notes: list[str] = Field(default_factory=list)
    measures: dict[str, GuideMeasure] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _consistent(self) -> Guide:
        _windows_problem(self.application_window, self.application_windows)
        period = self.eligible_period
        if period is not None and not (period.from_.year == period.to.year == self.year):
            raise ValueError(f"eligible_period {period.from_} 至 {period.to} 应在业绩年度 {self.year} 年之内")
        if not (self.measures or self.conditions or period or self.submission or self.windows):
            raise ValueError(
                "指南至少要规定一项：measures、conditions、eligible_period、application_window(s) 或 submission"
            )
        return self

    @property
    def windows(self) -> list[Window]:
        """Return the guide's windows in order, the application window (with the deadline) first."""
        return self.application_windows or ([self.application_window] if self.application_window else [])

    def windows_of(self, measure_id: str) -> list[Window]:
        """Return the windows of a measure: its own, else the guide's."""
        entry = self.measures.get(measure_id)
        if entry is not None and entry.windows:
            return entry.windows
        return self.windows

    def window_of(self, measure_id: str) -> Window | None:
        """Return the application window of a measure (whose end is its deadline): its own, else the guide's."""
        windows = self.windows_of(measure_id)
        return windows[0] if windows else None


def guide_condition_facts(guide: Guide) -> list[str]:
    """Return the facts a guide's conditions and scales read, for all measures and per measure."""
    found: list[str] = []
    conditions = [*guide.conditions, *(c for entry in guide.measures.values() for c in entry.conditions)]
    for condition in conditions:
        found.extend(fact for fact in condition.facts() if fact not in found)
    for entry in guide.measures.values():
        if entry.scale is not None and entry.scale.fact and entry.scale.fact not in found:
            found.append(entry.scale.fact)
    return found
