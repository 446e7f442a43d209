"""A measure's status as the clerk reads it (可申报(最高), 需补充数据 …), in the interface language."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.engine import MeasureResult, Status


def status_label(result: MeasureResult) -> str:
    """Return the translated status, with 最高 for ceilings, 不计入 for measures not added to the total,
    暂不计入 while another measure is undecided, and 补差 where only part counts (support received elsewhere)."""
    labels = {
        Status.ELIGIBLE: QCoreApplication.translate("Status", "可申报"),
        Status.INELIGIBLE: QCoreApplication.translate("Status", "不符合"),
        Status.NOT_IN_FORCE: QCoreApplication.translate("Status", "不在有效期"),
        Status.NEEDS_INPUT: QCoreApplication.translate("Status", "需补充数据"),
        Status.UNQUANTIFIED: QCoreApplication.translate("Status", "政策支持(无金额)"),
    }
    text = labels[result.status]
    if result.status is Status.ELIGIBLE and result.up_to:
        text += QCoreApplication.translate("Status", "(最高)")
    if result.status is Status.ELIGIBLE and result.claimed:
        text += QCoreApplication.translate("Status", "(已核定)")
    if result.status is Status.ELIGIBLE and result.provisional:
        text += QCoreApplication.translate("Status", "(暂不计入)")
    elif result.status is Status.ELIGIBLE and not result.counted:
        text += QCoreApplication.translate("Status", "(不计入)")
    elif result.status is Status.ELIGIBLE and result.counted_award < result.award:
        text += QCoreApplication.translate("Status", "(补差)")
    if result.draft:
        text += QCoreApplication.translate("Status", " · 征求意见稿")
    return text
