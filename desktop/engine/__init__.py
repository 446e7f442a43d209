"""Pure evaluation of a firm against the policy catalog; imports no GUI."""

from desktop.engine.evaluate import evaluate_firm
from desktop.engine.result import Check, FirmResult, MeasureResult, Status

__all__ = ["Check", "FirmResult", "MeasureResult", "Status", "evaluate_firm"]
