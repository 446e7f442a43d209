"""The Linux bundle ships ICU without its data (build.spec), so the program must not use what reads it."""

from __future__ import annotations

import re

from tests.conftest import PROJECT_ROOT

# Qt services backed by ICU data: locale collation, legacy codecs (GBK, Big5 …), IDNA host names.
ICU_DATA_USERS = re.compile(
    r"\b(QCollator|QStringConverter|QStringDecoder|QStringEncoder|QTextCodec|localeAwareCompare"
    r"|setSortLocaleAware|toAce|fromAce)\b"
)


def test_the_program_uses_no_qt_service_that_needs_icu_data() -> None:
    users = [
        f"{path.relative_to(PROJECT_ROOT)}:{number}: {line.strip()}"
        for path in sorted((PROJECT_ROOT / "desktop").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if ICU_DATA_USERS.search(line)
    ]
    assert users == [], "the Linux bundle has no ICU data (build.spec _icu_without_data): " + "; ".join(users)
