"""forms/*.docx are what tools/make_forms.py makes of desktop/packet/forms.py: one source of wording."""

from __future__ import annotations

import importlib.util
import zipfile
from pathlib import Path

import pytest

from desktop.packet.forms import FORMS as DESCRIBED

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("make_forms", ROOT / "tools" / "make_forms.py")
assert spec is not None and spec.loader is not None
make_forms = importlib.util.module_from_spec(spec)
spec.loader.exec_module(make_forms)


def _entries(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("forms")
    make_forms.write_forms(folder)
    return folder


def test_every_shipped_form_is_described() -> None:
    assert sorted(path.name for path in (ROOT / "forms").glob("*.docx")) == sorted(
        form.file for form in DESCRIBED
    )


@pytest.mark.parametrize("name", [form.file for form in DESCRIBED])
def test_the_shipped_form_is_what_its_description_makes(generated: Path, name: str) -> None:
    shipped, made = _entries(ROOT / "forms" / name), _entries(generated / name)
    assert list(shipped) == list(made), name
    changed = [part for part in made if shipped[part] != made[part]]
    assert not changed, (
        f"forms/{name} differs from desktop/packet/forms.py in {changed}: "
        "run `.venv/bin/python tools/make_forms.py` after editing the description"
    )


def test_a_wording_change_in_the_description_shows_in_the_form(tmp_path: Path) -> None:
    from dataclasses import replace

    from desktop.packet.form_model import Text

    form = DESCRIBED[2]
    changed = replace(form, blocks=(Text("改过的承诺书标题", style="Title"), *form.blocks[1:]))
    document = make_forms.make_form(changed)
    document.save(tmp_path / form.file)
    assert "改过的承诺书标题" in _entries(tmp_path / form.file)["word/document.xml"].decode("utf-8")
    assert "改过的承诺书标题" not in _entries(ROOT / "forms" / form.file)["word/document.xml"].decode("utf-8")
