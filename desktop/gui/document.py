"""The firm being edited: its file data, where it lives, whether it changed, and the engine's result for it."""

from __future__ import annotations

import copy
import json
import uuid
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop.catalog.loader import Catalog
from desktop.credit_code import credit_code_problem, with_check_character
from desktop.engine import FirmResult, evaluate_firm
from desktop.errors import InputError, Problem
from desktop.firm import SCHEMA_VERSION, FirmFile, decode_json, parse_firm, write_atomic
from desktop.gui.changes import EditChanges, compare
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


UNDO_STEPS = 200


@dataclass
class _OpenEdit:
    """An edit begun and not yet committed: what it is measured against, and what undo restores."""

    baseline: FirmResult | None
    field: str
    data: dict[str, Any]


@dataclass(frozen=True)
class _Step:
    """One committed edit on the undo stack: the firm data before and after it."""

    field: str
    before: dict[str, Any]
    after: dict[str, Any]


class FirmDocument(QObject):
    """One firm file open in the program.

    The data is kept as the JSON of the firm file, so nothing the user typed is lost while a field
    is invalid; every change re-runs the engine on the valid part and reports the problems by field.

    Changes are measured per edit, not per keystroke: an edit begins with its first change (the
    state before it is the baseline) and ends with ``commit_edit()`` (the field left, Enter, a choice
    made); ``changes`` then says what the whole edit changed, until the next edit begins.
    """

    changed = Signal()
    replaced = Signal()
    dirty_changed = Signal(bool)
    undo_changed = Signal()  # what undo() and redo() would do changed
    restored = Signal()  # undo or redo put earlier data back: views show it, the field typed in too
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
        self.changes = EditChanges()
        self._edit: _OpenEdit | None = None
        self._undo: list[_Step] = []
        self._redo: list[_Step] = []
        self._saved_text = self.to_json()
        self.recalculate()

    # -- editing -----------------------------------------------------------------------------
    def set_firm_field(self, key: str, value: Any) -> None:
        """Set one field of the firm block (name, credit_code, city, roles …)."""
        if self.data["firm"].get(key) == value:
            return
        self._begin_edit(f"firm.{key}")
        self.data["firm"][key] = value
        self._touch()

    def set_year(self, year: int) -> None:
        """Set the performance year."""
        if self.data.get("year") != year:
            self._begin_edit("year")
            self.data["year"] = year
            self._touch()

    def set_fact(self, key: str, value: str | bool | None) -> None:
        """Set a fact; None makes it missing (never zero)."""
        self._set_entry("facts", key, value)

    def set_apply_for(self, measure_ids: list[str]) -> None:
        """Set the measures without an amount the firm applies for (each gets a 项目申请报告)."""
        if self.data.get("apply_for", []) != measure_ids:
            self._begin_edit("apply_for")
            self.data["apply_for"] = list(measure_ids)
            self._touch()

    def set_claim(self, measure_id: str, amount: str | None) -> None:
        """Set or clear the amount the annual guide granted for an ``up_to`` measure."""
        self._set_entry("claims", measure_id, amount)

    def _set_entry(self, section: str, key: str, value: str | bool | None) -> None:
        """Set ``data[section][key]`` (None removes it) and recalculate, unless nothing changes."""
        entries = self.data.setdefault(section, {})
        if (value is None and key not in entries) or (value is not None and entries.get(key) == value):
            return
        self._begin_edit(f"{section}.{key}")
        if value is None:
            del entries[key]
        else:
            entries[key] = value
        self._touch()

    def fact(self, key: str) -> Any:
        """Return a fact as stored in the file data, or None."""
        return self.data.get("facts", {}).get(key)

    def _begin_edit(self, field: str) -> None:
        """Open an edit at its first change: the state before it is what the edit is measured against."""
        if self._edit is None:
            self._edit = _OpenEdit(self.result, field, copy.deepcopy(self.data))
            self.changes = EditChanges()  # the last edit's changes go when the next one begins

    def commit_edit(self) -> None:
        """End the open edit (field left, Enter, choice made): measure what it changed, make it one step
        to undo, and tell the views."""
        if self._edit is None:
            return
        edit, self._edit = self._edit, None
        if edit.data != self.data:
            self._undo = [
                *self._undo[-(UNDO_STEPS - 1) :],
                _Step(edit.field, edit.data, copy.deepcopy(self.data)),
            ]
            self._redo = []
        self.changes = compare(edit.baseline, self.result, edit.field)
        self.changed.emit()
        self.undo_changed.emit()

    @property
    def editing(self) -> bool:
        """Return True while an edit is open (typed into a field not yet left)."""
        return self._edit is not None

    @property
    def open_field(self) -> str | None:
        """Return the field of the open edit ("facts.cbec_transaction"), or None: views leave it as typed."""
        return self._edit.field if self._edit is not None else None

    # -- undo ----------------------------------------------------------------------------------
    def undo_field(self) -> str | None:
        """Return the field of the edit ``undo()`` takes back (an open edit counts), or None."""
        if self._edit is not None and self._edit.data != self.data:
            return self._edit.field
        return self._undo[-1].field if self._undo else None

    def redo_field(self) -> str | None:
        """Return the field of the edit ``redo()`` makes again, or None."""
        return self._redo[-1].field if self._redo and self._edit is None else None

    def undo(self) -> None:
        """Take the last edit back, whichever field it was in (an edit still being typed first)."""
        self.commit_edit()
        if self._undo:
            step = self._undo.pop()
            self._redo.append(step)
            self._restore(step.before, step.field)

    def redo(self) -> None:
        """Make the last edit taken back again."""
        self.commit_edit()
        if self._redo:
            step = self._redo.pop()
            self._undo.append(step)
            self._restore(step.after, step.field)

    def _restore(self, data: dict[str, Any], field: str) -> None:
        baseline = self.result
        self.data = copy.deepcopy(data)
        self.restored.emit()
        self.recalculate()
        self.changes = compare(baseline, self.result, field)
        self.changed.emit()
        self._set_dirty(self.to_json() != self._saved_text)
        self.undo_changed.emit()

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
        self.changed.emit()

    def use_catalog(self, catalog: Catalog) -> None:
        """Evaluate with a catalog that gained or lost a document or guide; what it changed shows as an edit."""
        self._begin_edit("")
        self.catalog = catalog
        self.recalculate()
        self.commit_edit()

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
        self.result = None
        self._edit, self.changes = None, EditChanges()  # another firm: nothing to compare its awards with
        self._undo, self._redo = [], []
        self._saved_text = "" if dirty else self.to_json()
        self.replaced.emit()
        self.path_changed.emit(path)
        self.recalculate()
        self._set_dirty(dirty)
        self.undo_changed.emit()

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
        text = self.to_json()
        write_atomic(target, text)
        self._saved_text = text
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
