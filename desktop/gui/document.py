"""The firm being edited: its file data, where it lives, whether it changed, and the engine's result for it."""

from __future__ import annotations

import copy
import json
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop.catalog.loader import Catalog
from desktop.credit_code import credit_code_problem, with_check_character
from desktop.engine import FirmResult, Status, evaluate_firm
from desktop.errors import InputError, Problem
from desktop.firm import SCHEMA_VERSION, FirmFile, decode_json, parse_firm, write_atomic
from desktop.jsontext import read_json_text

PLACEHOLDER_CODE = with_check_character("91000000000000000")


def blank_data(city: str = "chengdu", year: int = 2025) -> dict[str, Any]:
    """Return the data of a new, empty firm file."""
    return {
        "schema_version": SCHEMA_VERSION,
        "firm": {
            "name": "",
            "credit_code": "",
            "city": city,
            "established": None,
            "roles": [],
            "legal_representative": "",
            "contact_person": "",
            "contact_phone": "",
            "address": "",
            "bank_name": "",
            "bank_account": "",
        },
        "year": year,
        "facts": {},
        "claims": {},
        "history": [],
        "other_support": [],
    }


def _json_ready(data: dict[str, Any]) -> dict[str, Any]:
    return json.loads(
        json.dumps(data, default=lambda v: format(v, "f") if isinstance(v, Decimal) else str(v))
    )


def counted_award(result: FirmResult | None, measure_id: str) -> Decimal:
    """Return what a measure adds to the application (zero when it is not granted or not counted)."""
    measure = next((m for m in result.measures if m.id == measure_id), None) if result else None
    if measure is None or measure.status is not Status.ELIGIBLE:
        return Decimal(0)
    return measure.award


def _award_changes(before: FirmResult | None, after: FirmResult | None) -> dict[str, Decimal]:
    """Return the measures whose award an edit changed, with the difference."""
    if before is None or after is None:
        return {}
    ids = [m.id for m in after.measures] + [m.id for m in before.measures]
    changes = {key: counted_award(after, key) - counted_award(before, key) for key in dict.fromkeys(ids)}
    return {key: diff for key, diff in changes.items() if diff}


class FirmDocument(QObject):
    """One firm file open in the program.

    The data is kept as the JSON of the firm file, so nothing the user typed is lost while a field
    is invalid; every change re-runs the engine on the valid part and reports the problems by field.
    """

    changed = Signal()
    replaced = Signal()
    dirty_changed = Signal(bool)
    path_changed = Signal(object)

    def __init__(self, catalog: Catalog, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.data: dict[str, Any] = blank_data()
        self.path: Path | None = None
        self.id = uuid.uuid4().hex  # names the autosave of a document that has no file yet
        self.dirty = False
        self.result: FirmResult | None = None
        self.firm: FirmFile | None = None  # the firm as last evaluated (invalid parts set aside)
        self.problems: list[Problem] = []
        self.field_errors: dict[str, str] = {}
        self.changes: dict[str, Decimal] = {}
        self.recalculate()

    # -- editing -----------------------------------------------------------------------------
    def set_firm_field(self, key: str, value: Any) -> None:
        """Set one field of the firm block (name, credit_code, city, roles …)."""
        if self.data["firm"].get(key) == value:
            return
        self.data["firm"][key] = value
        self._touch()

    def set_year(self, year: int) -> None:
        """Set the performance year."""
        if self.data.get("year") != year:
            self.data["year"] = year
            self._touch()

    def set_fact(self, key: str, value: str | bool | None) -> None:
        """Set a fact; None makes it missing (never zero)."""
        self._set_entry("facts", key, value)

    def set_apply_for(self, measure_ids: list[str]) -> None:
        """Set the measures without an amount the firm applies for (each gets a 项目申请报告)."""
        if self.data.get("apply_for", []) != measure_ids:
            self.data["apply_for"] = list(measure_ids)
            self._touch()

    def set_claim(self, measure_id: str, amount: str | None) -> None:
        """Set or clear the amount the annual guide granted for an ``up_to`` measure."""
        self._set_entry("claims", measure_id, amount)

    def _set_entry(self, section: str, key: str, value: str | bool | None) -> None:
        """Set ``data[section][key]`` (None removes it) and recalculate, unless nothing changes."""
        entries = self.data.setdefault(section, {})
        if value is None:
            if key not in entries:
                return
            del entries[key]
        elif entries.get(key) == value:
            return
        else:
            entries[key] = value
        self._touch()

    def fact(self, key: str) -> Any:
        """Return a fact as stored in the file data, or None."""
        return self.data.get("facts", {}).get(key)

    def _touch(self) -> None:
        self.recalculate()
        self._set_dirty(True)

    def _set_dirty(self, dirty: bool) -> None:
        if self.dirty != dirty:
            self.dirty = dirty
            self.dirty_changed.emit(dirty)

    # -- evaluation ----------------------------------------------------------------------------
    def recalculate(self) -> None:
        """Validate the data, evaluate what is valid, and tell the views."""
        before = self.result
        self.problems = self._problems(self.data)
        self.field_errors = {}
        for problem in self.problems:
            self.field_errors.setdefault(problem.field, problem.message)
        try:
            firm = parse_firm(self._evaluable(), self.catalog, "")
            self.result = evaluate_firm(firm, self.catalog)
            self.firm = firm
            for problem in self.result.problems:
                self.field_errors.setdefault(problem.field, problem.message)
                self.problems.append(problem)
        except InputError:
            self.result = None
            self.firm = None
        self.changes = _award_changes(before, self.result)
        self.changed.emit()

    def evaluable_firm(self) -> FirmFile | None:
        """Return the firm as the engine reads it while invalid fields are set aside (None if even
        that fails), e.g. to show what a new catalog file would change for it."""
        try:
            return parse_firm(self._evaluable(), self.catalog, "")
        except InputError:
            return None

    def _problems(self, data: dict[str, Any]) -> list[Problem]:
        try:
            parse_firm(_json_ready(data), self.catalog, "")
        except InputError as exc:
            return list(exc.problems)
        return []

    def _evaluable(self) -> dict[str, Any]:
        """Return the data with invalid parts set aside, so the engine can run while the user fixes them."""
        data = _json_ready(copy.deepcopy(self.data))
        firm = data["firm"]
        firm["name"] = firm.get("name") or "(未填写企业名称)"
        if credit_code_problem(str(firm.get("credit_code") or "").strip().upper()):
            firm["credit_code"] = PLACEHOLDER_CODE
        firm["roles"] = [role for role in firm.get("roles", []) if role in self.catalog.roles]
        if firm.get("city") not in self.catalog.cities:
            firm["city"] = next(iter(self.catalog.cities))
        bad = {p.field.removeprefix("facts.") for p in self.problems if p.field.startswith("facts.")}
        data["facts"] = {k: v for k, v in data.get("facts", {}).items() if k not in bad}
        bad_claims = {p.field.removeprefix("claims.") for p in self.problems if p.field.startswith("claims.")}
        data["claims"] = {k: v for k, v in data.get("claims", {}).items() if k not in bad_claims}
        if any(p.field == "firm.established" for p in self.problems):
            firm["established"] = None
        return data

    # -- files ---------------------------------------------------------------------------------
    def load_data(self, data: dict[str, Any], path: Path | None, dirty: bool = False) -> None:
        """Replace the document's data (from a file, a sample or an autosave)."""
        self.id = uuid.uuid4().hex
        merged = blank_data()
        merged.update({k: v for k, v in data.items() if k != "firm"})
        merged["firm"].update(data.get("firm", {}))
        self.data = merged
        self.path = path
        self.result = None  # another firm: nothing to compare its awards with
        self.replaced.emit()
        self.path_changed.emit(path)
        self.recalculate()
        self._set_dirty(dirty)

    def open(self, path: Path) -> None:
        """Open a firm file; unreadable JSON raises InputError, invalid fields are kept and shown."""
        try:
            data = decode_json(read_json_text(Path(path)), str(path))
        except FileNotFoundError as exc:
            raise InputError(str(path), [Problem("", "找不到文件")]) from exc
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(str(path), [Problem("", f"不是有效的企业文件(JSON)：{exc}")]) from exc
        if not isinstance(data, dict) or not isinstance(data.get("firm", {}), dict):
            raise InputError(str(path), [Problem("", "文件内容应为 JSON 对象 {…}")])
        self.load_data(_json_ready(data), Path(path))

    def save(self, path: Path | None = None) -> Path:
        """Save atomically to ``path`` (or the current path); return where it was saved."""
        target = Path(path or self.path or "")
        write_atomic(target, self.to_json())
        self.path = target
        self.path_changed.emit(target)
        self._set_dirty(False)
        return target

    def data_for_file(self) -> dict[str, Any]:
        """Return the data as the JSON of the firm file (money as text)."""
        return _json_ready(self.data)

    def to_json(self) -> str:
        """Return the firm file text as saved."""
        return json.dumps(_json_ready(self.data), ensure_ascii=False, indent=2) + "\n"

    def new(self, city: str = "chengdu") -> None:
        """Start a new, empty firm file."""
        self.load_data(blank_data(city), None)
