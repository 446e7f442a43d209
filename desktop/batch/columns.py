"""The batch workbook's layout, derived from the catalog: one source for the template and the reader."""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.catalog.loader import Catalog
from desktop.catalog.model import FactKind

FIRMS_SHEET = "企业"
HISTORY_SHEET = "历史获奖"
SUPPORT_SHEET = "已获支持"
CLAIMS_SHEET = "核定金额"
GUIDE_SHEET = "填写说明"
HEADER_ROW = 1
KEY_ROW = 2
FIRST_DATA_ROW = 3
EXAMPLE_KEY = "example"
YES, NO = "是", "否"
ROLE_PREFIX = "role."


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its field key (row 2), Chinese header (row 1), kind and allowed values."""

    key: str
    header: str
    kind: str  # text, date, year, city, yes_no, choice, money, usd, area
    unit: str = ""
    choices: dict[str, str] = field(default_factory=dict)  # label shown → value stored
    required: bool = False
    help: str = ""

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


FIRM_FIELDS = (
    "name",
    "credit_code",
    "city",
    "established",
    "legal_representative",
    "contact_person",
    "contact_phone",
    "address",
    "bank_name",
    "bank_account",
)


def firm_columns(catalog: Catalog) -> list[Column]:
    """Return the columns of the 企业 sheet: firm details, roles, then every fact a firm can enter."""
    cities = {city.name: key for key, city in catalog.cities.items()}
    columns = [
        Column(EXAMPLE_KEY, "示例行(填“是”则不处理)", "yes_no", choices={YES: YES, NO: NO}),
        Column("name", "企业名称", "text", required=True),
        Column("credit_code", "统一社会信用代码", "text", required=True, help="18 位，最后一位为校验位"),
        Column("city", "注册城市", "city", choices=cities, required=True),
        Column("year", "业绩年度", "year", required=True, help="如 2025"),
        Column("established", "成立日期", "date", help="如 2021-05-10"),
    ]
    for key, role in catalog.roles.items():
        columns.append(
            Column(f"{ROLE_PREFIX}{key}", f"企业类型：{role.label}", "yes_no", choices={YES: YES, NO: NO})
        )
    labels = {
        "legal_representative": "法定代表人",
        "contact_person": "联系人",
        "contact_phone": "联系电话",
        "address": "注册地址",
        "bank_name": "开户银行",
        "bank_account": "银行账号",
    }
    columns.extend(Column(key, label, "text") for key, label in labels.items())
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
            columns.append(Column(key, definition.label, kind.value, unit=kind.unit, help=definition.help))
    return columns


HISTORY_COLUMNS = [
    Column("credit_code", "统一社会信用代码", "text", required=True),
    Column("measure", "措施编号", "text", required=True),
    Column("year", "年度", "year", required=True),
    Column("amount", "金额", "money", unit="元", required=True),
]
SUPPORT_COLUMNS = [
    Column("credit_code", "统一社会信用代码", "text", required=True),
    Column("measure", "同一事项的措施编号", "text", required=True),
    Column("source", "支持来源(政策名称)", "text", required=True),
    Column("amount", "金额", "money", unit="元", required=True),
]
CLAIM_COLUMNS = [
    Column("credit_code", "统一社会信用代码", "text", required=True),
    Column("measure", "措施编号", "text", required=True),
    Column("amount", "年度指南核定金额", "money", unit="元", required=True),
]
SIDE_SHEETS = {HISTORY_SHEET: HISTORY_COLUMNS, SUPPORT_SHEET: SUPPORT_COLUMNS, CLAIMS_SHEET: CLAIM_COLUMNS}
