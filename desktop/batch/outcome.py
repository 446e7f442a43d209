"""What processing one firm of a batch gives back to the runner: small, picklable, enough for the reports."""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.batch.reader import CellProblem

GENERATED = "generated"
SKIPPED = "skipped"
FAILED = "failed"
NOT_RUN = "not_run"
CHECKED = "checked"

STATE_LABELS = {
    GENERATED: "已生成",
    SKIPPED: "未变化，已跳过",
    FAILED: "失败",
    NOT_RUN: "未处理（已取消）",
    CHECKED: "检查通过",
}


@dataclass
class MeasureFigure:
    """One measure's result for the summary."""

    status: str
    award: str
    up_to: bool
    counted: bool
    title: str = ""
    document: str = ""
    guide: str = ""
    window_from: str = ""
    deadline: str = ""


@dataclass
class FirmOutcome:
    """One firm's outcome: generated, skipped as unchanged, or failed with its problems."""

    index: int
    label: str
    state: str
    name: str = ""
    credit_code: str = ""
    city: str = ""
    folder: str = ""
    total: str = "0"
    total_up_to: str = "0"
    measures: dict[str, MeasureFigure] = field(default_factory=dict)
    problems: list[CellProblem] = field(default_factory=list)
    row: int = 0  # the input row (or the file's place in a folder): the summary's 序号
    year: int | None = None
    missing: dict[str, list[str]] = field(default_factory=dict)  # fact key → measures waiting for it
    services_only: bool = False  # nothing to apply for with an amount: the packet is a 政策服务清单
