"""The shipped Word forms define only the styles they use: every unused style costs LibreOffice
import time on each PDF a batch writes (python-docx's starting document defines about 160)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

FORMS = Path(__file__).resolve().parents[2] / "forms"
WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
REFERENCE = re.compile(
    r'w:(?:pStyle|rStyle|tblStyle|numStyle|styleLink|numStyleLink|basedOn|link|next) w:val="([^"]+)"'
)
# What a user restyling the forms in Word finds ready even where no paragraph uses it yet.
KEPT_FOR_EDITING = {"Title", "Heading1", "Heading2", "TableGrid"}


@pytest.mark.parametrize("form", sorted(FORMS.glob("*.docx")), ids=lambda path: path.stem)
def test_a_form_defines_only_the_styles_it_uses(form: Path) -> None:
    with zipfile.ZipFile(form) as archive:
        names = archive.namelist()
        parts = {
            name: archive.read(name).decode("utf-8") for name in names if name.endswith((".xml", ".rels"))
        }
    assert "word/stylesWithEffects.xml" not in names and "docProps/thumbnail.jpeg" not in names
    assert not any("stylesWithEffects" in text or "thumbnail" in text for text in parts.values())
    styles = parts["word/styles.xml"]
    defined = re.findall(r'<w:style [^>]*w:styleId="([^"]+)"', styles)
    defaults = set(re.findall(r'<w:style [^>]*w:default="1"[^>]*w:styleId="([^"]+)"', styles))
    referenced = {match for text in parts.values() for match in REFERENCE.findall(text)}
    unused = set(defined) - referenced - defaults - KEPT_FOR_EDITING
    assert not unused, f"{form.name} defines styles nothing uses: {sorted(unused)}"
    assert len(defined) <= 30
