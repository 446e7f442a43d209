"""The batch workbook's layout, derived from the catalog: one source for the template, the reader and the reports."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from desktop.catalog.loader import Catalog
from desktop.catalog.model import FactKind
from desktop.money import WAN, YI

FIRMS_SHEET = "企业"
HISTORY_SHEET = "历史获奖"
SUPPORT_SHEET = "已获支持"
CLAIMS_SHEET = "核定金额"
APPLY_SHEET = "申请事项"
GUIDE_SHEET = "填写说明"
HEADER_ROW = 1
KEY_ROW = 2  # the field keys the program reads; hidden in the blank workbook
FIRST_DATA_ROW = 3
EXAMPLE_KEY = "example"
YES, NO = "是", "否"
ROLE_PREFIX = "role."
REQUIRED_MARK = " *"

# The units a number column's header may name, and what a bare number in the column is multiplied by.
HEADER_UNITS: dict[str, dict[str, Decimal]] = {
    "money": {"元": Decimal(1), "万元": WAN, "亿元": YI},
    "usd": {"美元": Decimal(1), "万美元": WAN, "亿美元": YI},
    "area": {"㎡": Decimal(1), "平方米": Decimal(1), "万㎡": WAN, "万平方米": WAN},
}
UNIT_OF_KIND = {"money": "元", "usd": "美元", "area": "㎡"}
_UNIT_IN_HEADER = re.compile(r"[（(]\s*([^()（）]*?)\s*[)）]\s*$")
# What reads as a unit in a header, known or not (千元 is named as a wrong unit, never ignored).
_UNIT_LIKE = re.compile(r"(?:人民币)?[十百千万亿]*(?:元|美元|平方米|平米|㎡|米|%|％)")


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its field key (hidden row 2), Chinese label, kind and allowed values.

    Kinds: text, identifier (digits that must stay exact: credit code, bank account, phone), date, year,
    city, yes_no, choice, measure, money, usd, area.
    """

    key: str
    label: str
    kind: str
    choices: dict[str, str] = field(default_factory=dict)  # label shown → value stored
    required: bool = False
    help: str = ""

    @property
    def unit(self) -> str:
        """Return the unit of a number column (元, 美元, ㎡), else an empty string."""
        return UNIT_OF_KIND.get(self.kind, "")

    @property
    def header(self) -> str:
        """Return the header the blank workbook shows: the label, its unit, and * when required."""
        unit = f"({self.unit})" if self.unit else ""
        return f"{self.label}{unit}{REQUIRED_MARK if self.required else ''}"

    @property
    def field_path(self) -> str:
        """Return the firm-file path this column fills: ``firm.name``, ``facts.cbec_transaction`` …"""
        if self.key.startswith(ROLE_PREFIX):
            return "firm.roles"
        if self.key in ("year", EXAMPLE_KEY):
            return self.key
        if self.key in FIRM_FIELDS:
            return f"firm.{self.key}"
        return f"facts.{self.key}"


def header_parts(text: str) -> tuple[str, str]:
    """Return a header cell as (label, unit): ``年度跨境电商交易额(万元) *`` → (年度跨境电商交易额, 万元);
    a parenthesised note that is no unit stays in the label (``…总额(GMV)`` → (…总额(GMV), ""))."""
    text = re.sub(r"\s+", "", text.replace(REQUIRED_MARK.strip(), ""))
    match = _UNIT_IN_HEADER.search(text)
    if not match:
        return text, ""
    inside = match.group(1)
    return (text[: match.start()], inside) if _UNIT_LIKE.fullmatch(inside) else (text, "")


FIRM_FIELDS = (
    "name",
    "credit_code",
    "city",
    "district",
    "established",
    "legal_representative",
    "contact_person",
    "contact_phone",
    "address",
    "bank_name",
    "bank_account",
)
# What one firm's rows for several performance years share: given once, the other rows may leave them empty.
SHARED_FIELDS = tuple(key for key in FIRM_FIELDS if key != "credit_code")
CONTACT_LABELS = {
    "legal_representative": "法定代表人",
    "contact_person": "联系人",
    "contact_phone": "联系电话",
    "address": "注册地址",
    "bank_name": "开户银行",
    "bank_account": "银行账号",
}
IDENTIFIERS = ("credit_code", "contact_phone", "bank_account")
DISTRICT_LABEL = "注册所在区（市）县"
DISTRICT_HELP = "如 成都高新区、锦江区：决定受理申报的区（市）县商务主管部门，年度指南限定注册地时据此判断"


def city_choices(catalog: Catalog) -> dict[str, str]:
    """Return the cities a cell may name, label first: 成都市 → chengdu."""
    return {city.name: key for key, city in catalog.cities.items()}


def firm_columns(catalog: Catalog) -> list[Column]:
    """Return the columns of the 企业 sheet: firm details, roles, then every fact a firm can enter."""
    columns = [
        Column(EXAMPLE_KEY, "示例行(填“是”则不处理)", "yes_no", choices={YES: YES, NO: NO}),
        Column("name", "企业名称", "text", required=True),
        Column(
            "credit_code", "统一社会信用代码", "identifier", required=True, help="18 位，最后一位为校验位"
        ),
        Column("city", "注册城市", "city", choices=city_choices(catalog), required=True),
        Column("district", DISTRICT_LABEL, "text", help=DISTRICT_HELP),
        Column("year", "业绩年度", "year", required=True, help="如 2025；同一企业的多个年度各占一行"),
        Column("established", "成立日期", "date", help="如 2021-05-10、2021/5/10 或 2021年5月10日"),
    ]
    for key, role in catalog.roles.items():
        columns.append(
            Column(f"{ROLE_PREFIX}{key}", f"企业类型：{role.label}", "yes_no", choices={YES: YES, NO: NO})
        )
    columns.extend(
        Column(key, label, "identifier" if key in IDENTIFIERS else "text")
        for key, label in CONTACT_LABELS.items()
    )
    for key, definition in catalog.facts.items():
        if definition.derived:
            continue
        kind = definition.kind
        if kind is FactKind.BOOL:
            columns.append(
                Column(key, definition.label, "yes_no", choices={YES: YES, NO: NO}, help=definition.help)
            )
        elif kind is FactKind.ENUM:
            choices = {choice.label: value for value, choice in definition.choices.items()}
            columns.append(Column(key, definition.label, "choice", choices=choices, help=definition.help))
        else:
            columns.append(Column(key, definition.label, kind.value, help=definition.help))
    return columns


YEAR_HELP = "同一企业在“企业”表中有多个业绩年度时必填"
HISTORY_COLUMNS = [
    Column("credit_code", "统一社会信用代码", "identifier", required=True),
    Column("measure", "措施", "measure", required=True, help="从下拉列表选择，或填写措施编号如 CD-2A"),
    Column("year", "获奖年度", "year", required=True),
    Column("amount", "金额", "money", required=True),
]
SUPPORT_COLUMNS = [
    Column("credit_code", "统一社会信用代码", "identifier", required=True),
    Column(
        "measure", "同一事项的措施", "measure", required=True, help="从下拉列表选择，或填写措施编号如 LYG-09"
    ),
    Column("source", "支持来源(政策名称)", "text", required=True),
    Column("amount", "金额", "money", required=True),
    Column("year", "业绩年度", "year", help=YEAR_HELP),
]
CLAIM_COLUMNS = [
    Column("credit_code", "统一社会信用代码", "identifier", required=True),
    Column("measure", "措施", "measure", required=True, help="从下拉列表选择，或填写措施编号如 LYG-01"),
    Column("amount", "年度指南核定金额", "money", required=True),
    Column("year", "业绩年度", "year", help=YEAR_HELP),
]
APPLY_COLUMNS = [
    Column("credit_code", "统一社会信用代码", "identifier", required=True),
    Column(
        "measure",
        "申请的政策支持事项",
        "measure",
        required=True,
        help="从下拉列表选择无固定金额的认定或支持事项(如 CD-P1)，程序为其生成项目申请报告",
    ),
    Column("year", "业绩年度", "year", help=YEAR_HELP),
]
SIDE_SHEETS = {
    HISTORY_SHEET: HISTORY_COLUMNS,
    SUPPORT_SHEET: SUPPORT_COLUMNS,
    CLAIMS_SHEET: CLAIM_COLUMNS,
    APPLY_SHEET: APPLY_COLUMNS,
}

# The firm-file list (or mapping) each side sheet's rows go into.
SIDE_PATHS = {
    HISTORY_SHEET: "history",
    SUPPORT_SHEET: "other_support",
    CLAIMS_SHEET: "claims",
    APPLY_SHEET: "apply_for",
}


def measure_choices(catalog: Catalog) -> dict[str, str]:
    """Return the money measures a side-sheet cell may name, as the drop-down shows them: ``CD-2A 做大做强…``."""
    return {
        f"{measure.id} {measure.title}": measure.id
        for measure in catalog.measures.values()
        if measure.award.is_money
    }


def support_choices(catalog: Catalog) -> dict[str, str]:
    """Return the measures without an amount (recognitions, support) a firm applies for, as the drop-down
    shows them: ``CD-P1 …``."""
    return {
        f"{measure.id} {measure.title}": measure.id
        for measure in catalog.measures.values()
        if not measure.award.is_money
    }


def side_columns(sheet: str, catalog: Catalog) -> list[Column]:
    """Return the columns of a side sheet, the measure column with the measures to pick from: money measures,
    or on 申请事项 those without an amount."""
    choices = support_choices(catalog) if sheet == APPLY_SHEET else measure_choices(catalog)
    return [
        replace(column, choices=choices) if column.kind == "measure" else column
        for column in SIDE_SHEETS[sheet]
    ]


def field_label(path: str, catalog: Catalog) -> str:
    """Return a firm-file path as the user knows it: ``facts.cbec_transaction`` → 年度跨境电商交易额."""
    head, _, rest = path.partition(".")
    base = re.sub(r"\[\d+\]$", "", head)
    if head == "firm":
        key = rest.split(".")[0].split("[")[0]
        if key == "roles":
            return "企业类型"
        labels = {
            "name": "企业名称",
            "credit_code": "统一社会信用代码",
            "city": "注册城市",
            "district": DISTRICT_LABEL,
            "established": "成立日期",
        }
        return labels.get(key) or CONTACT_LABELS.get(key, "企业信息")
    if head == "facts":
        definition = catalog.facts.get(rest)
        return definition.label if definition else "申报数据"
    if head == "year":
        return "业绩年度"
    if head == EXAMPLE_KEY:
        return "示例行"
    if base in SIDE_PATHS.values():
        sheet = next(name for name, side in SIDE_PATHS.items() if side == base)
        labels = {column.key: column.label for column in SIDE_SHEETS[sheet]}
        tail = {"claims": "amount", "apply_for": "measure"}.get(base, rest.split(".")[-1])
        return f"{sheet}·{labels.get(tail, '')}".rstrip("·")
    if path in {column.key for columns in SIDE_SHEETS.values() for column in columns}:
        labels = {column.key: column.label for columns in SIDE_SHEETS.values() for column in columns}
        return labels[path]
    return ""
