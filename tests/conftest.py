"""Shared fixtures: the shipped catalog and a builder of firm files for scenarios."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop.catalog import Catalog, bundled_catalog
from desktop.engine import FirmResult, evaluate_firm
from desktop.firm import FirmFile, parse_firm

# In CI a skipped test fails unless it lists its reason with @pytest.mark.ci_may_skip(...).
pytest_plugins = ("tests.ci_skips",)

CITY_CODES = {
    "chengdu": "91510100MA6CDRM0TN",
    "deyang": "91510600MA6DYMN0P6",
    "mianyang": "91510700MA6MYKJ0QX",
    "lianyungang": "91320700MA1LYGX0KC",
    "suzhou": "91320500MA1HHB00RF",
}

PROJECT_ROOT = Path(__file__).resolve().parent.parent
POLICY_SOURCES = PROJECT_ROOT.parent / "shared" / "policy-sources"


def firm_data(
    city: str = "chengdu",
    *,
    year: int = 2025,
    roles: list[str] | None = None,
    facts: dict[str, Any] | None = None,
    established: str = "2019-04-16",
    **extra: Any,
) -> dict[str, Any]:
    """Return the JSON data of a firm file for tests, with a valid credit code for the city."""
    data: dict[str, Any] = {
        "schema_version": 1,
        "firm": {
            "name": "测试跨境科技有限公司",
            "credit_code": CITY_CODES[city],
            "city": city,
            "established": established,
            "roles": roles if roles is not None else ["trader"],
        },
        "year": year,
        "facts": copy.deepcopy(facts or {}),
    }
    data.update(copy.deepcopy(extra))
    return data


@pytest.fixture(autouse=True)
def own_user_folders(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Give every test its own user data and config folders, so that a developer's (or CI's)
    added policy documents, settings and forms never leak into a test."""
    from desktop.catalog.added import forget_catalog_in_use

    home = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    forget_catalog_in_use()
    yield home
    forget_catalog_in_use()


@pytest.fixture
def wenquanyi_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Let the PDF writer find WenQuanYi Micro Hei alone, as on a minimal Debian (skipped where it is not
    installed); the process's writer, made with the machine's fonts, is set aside before and after."""
    from desktop.packet.pdfs import builtin_writer
    from desktop.pdf import fonts

    wqy = next(Path("/usr/share/fonts").rglob("wqy-microhei.ttc"), None)
    if wqy is None:
        pytest.skip("fonts-wqy-microhei is not installed")
    folder = tmp_path / "fonts"
    folder.mkdir()
    (folder / wqy.name).symlink_to(wqy)
    monkeypatch.setenv(fonts.FONT_DIRS_VARIABLE, str(folder))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    builtin_writer.cache_clear()
    yield
    builtin_writer.cache_clear()


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """Return the shipped catalog."""
    return bundled_catalog()


def make_firm(catalog: Catalog, **kwargs: Any) -> FirmFile:
    """Return a validated firm built by ``firm_data``."""
    return parse_firm(firm_data(**kwargs), catalog, "test")


def run(catalog: Catalog, **kwargs: Any) -> FirmResult:
    """Return the engine's result for a firm built by ``firm_data``."""
    return evaluate_firm(make_firm(catalog, **kwargs), catalog)
