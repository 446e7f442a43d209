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

    @model_validator(mode="after")
    def _choices_only_for_enum(self) -> FactDef:
        if self.kind is FactKind.ENUM and not self.choices:
            raise ValueError("enum 类事实必须列出 choices")
        if self.kind is not FactKind.ENUM and self.choices:
            raise ValueError("只有 enum 类事实可以有 choices")
        return self

    @property
    def derived(self) -> bool:
        """Return True when the engine computes this fact instead of reading it."""
        return bool(self.derived_from)


class Condition(Strict):
    """One condition of a measure, in exactly one of its forms.

    - a threshold: ``fact`` + ``wording`` (超过, 以上 …) + ``threshold``
    - a yes/no fact: ``fact`` + ``is``
    - a choice fact: ``fact`` + ``in``
    - the firm's age: ``established_within_years``
    - alternatives: ``any_of``, each an ``all_of`` list with a label
    """

    fact: str | None = None
    wording: str | None = None
    threshold: Amount | None = None
    is_: bool | None = Field(default=None, alias="is")
    in_: list[str] | None = Field(default=None, alias="in")
    established_within_years: int | None = None
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
            "any_of": self.any_of is not None,
        }
        chosen = [name for name, present in forms.items() if present]
        if len(chosen) != 1:
            raise ValueError(
                "条件必须恰好是一种形式：fact+wording+threshold、fact+is、fact+in、"
                f"established_within_years 或 any_of；实为 {chosen or '无'}"
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
    """An application window (申报时间): from and to, both days included."""

    from_: date = Field(alias="from")
    to: date

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _order(self) -> Window:
        if self.to < self.from_:
            raise ValueError(f"申报截止日 {self.to} 早于开始日 {self.from_}")
        return self

    def text(self) -> str:
        """Return the window as ``2026-03-01 至 2026-03-31``."""
        return f"{self.from_.isoformat()} 至 {self.to.isoformat()}"


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


class GuideMeasure(Strict):
    """What an annual guide fixes for one measure in its year."""

    rate: Rate | None = None
    amount: Money | None = None
    cap: Money | None = None
    scale: Annotated[Scale | None, BeforeValidator(_scale)] = None
    attachments: list[str] = Field(default_factory=list, description="added to the document's list")
    open: bool = True
    reason: str = ""
    application_window: Window | None = None
    notes: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _closed_has_reason(self) -> GuideMeasure:
        if self.rate is not None and not (0 < self.rate <= 1):
            raise ValueError(f"rate 应在 0 与 100% 之间，实为 {self.rate}")
        if not self.open and not self.reason.strip():
            raise ValueError("open: false 须写明 reason(本年度不受理的原因)")
        if self.open and self.reason:
            raise ValueError("reason 只用于 open: false 的措施")
        return self


class Guide(Strict):
    """An annual guide (年度资金申报指南): one jurisdiction, one performance year."""

    guide: str = Field(min_length=4)
    jurisdiction: str
    year: int = Field(ge=2000, le=2100)
    issued_by: str = ""
    application_window: Window | None = None
    notes: list[str] = Field(default_factory=list)
    measures: dict[str, GuideMeasure] = Field(min_length=1)

    def window_of(self, measure_id: str) -> Window | None:
        """Return the application window of a measure: its own, else the guide's."""
        entry = self.measures.get(measure_id)
        if entry is not None and entry.application_window is not None:
            return entry.application_window
        return self.application_window
