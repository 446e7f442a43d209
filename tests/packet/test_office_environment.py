"""The environment LibreOffice converts in: stand-in fonts for the forms' Chinese font names (where
fontconfig chooses fonts), the system's libraries under the packaged program."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from desktop.packet import office_environment as module
from desktop.packet.office_environment import fonts_conf_text, office_environment
from desktop.packet.pdf import Converter, find_soffice
from tests.packet.conftest import requires_soffice

linux_only = pytest.mark.skipif(
    sys.platform in ("win32", "darwin"), reason="fontconfig chooses fonts on Linux"
)
requires_fc_match = pytest.mark.skipif(
    shutil.which("fc-match") is None, reason="fc-match (fontconfig) not installed"
)


@contextmanager
def _converter_after_one_form(tmp_path: Path, form: str) -> Iterator[Converter]:
    """Yield a running converter (profile under ``tmp_path``) that has converted one bundled form."""
    soffice = find_soffice()
    assert soffice is not None
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "form.docx").write_bytes((Path(__file__).resolve().parents[2] / "forms" / form).read_bytes())
    with Converter(soffice, tmp_path / "grant-desk-pdf-test" / "worker") as converter:
        assert converter.convert(folder, ["form.docx"]) == ["form.pdf"]
        yield converter


def _family(pattern: str, environment: dict[str, str]) -> str:
    completed = subprocess.run(
        ["fc-match", "--format=%{family[0]}", pattern],
        capture_output=True,
        text=True,
        env=environment,
        check=True,
    )
    return completed.stdout


def _cjk_families() -> set[str]:
    completed = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=True)
    return {name for line in completed.stdout.splitlines() for name in line.split(",")}


@linux_only
@requires_fc_match
def test_the_forms_chinese_font_names_resolve_to_an_installed_chinese_font(tmp_path: Path) -> None:
    installed = _cjk_families()
    if not installed:
        pytest.skip("no Chinese font installed")  # CI installs fonts-wqy-microhei
    environment = office_environment(tmp_path / "profile")
    for name in ("仿宋", "宋体", "黑体", "楷体", "SimSun", "Microsoft YaHei"):
        assert _family(name, environment) in installed, name
    # What the texts are rendered in (Latin) keeps the system's metric-compatible choice.
    assert _family("Times New Roman", environment) == _family("Times New Roman", dict(os.environ))


@linux_only
@requires_fc_match
def test_a_font_the_machine_has_is_used_itself_not_its_stand_in(tmp_path: Path) -> None:
    path = {"PATH": os.environ.get("PATH", os.defpath)}
    present = _family("DejaVu Sans", path)
    if present != "DejaVu Sans":
        pytest.skip("DejaVu Sans not installed")
    conf = tmp_path / "fonts.conf"
    conf.write_text(fonts_conf_text(Path("/etc/fonts/fonts.conf"), {"DejaVu Sans": ("DejaVu Serif",)}))
    assert _family("DejaVu Sans", {**path, "FONTCONFIG_FILE": str(conf)}) == "DejaVu Sans"
    assert _family("仿宋", {**path, "FONTCONFIG_FILE": str(conf)}) != "DejaVu Serif"


@linux_only
def test_a_fontconfig_file_the_user_set_is_kept_inside_ours(tmp_path: Path) -> None:
    own = tmp_path / "own.conf"
    own.write_text("<fontconfig/>")
    environment = office_environment(tmp_path / "profile", {"FONTCONFIG_FILE": str(own)})
    written = Path(environment["FONTCONFIG_FILE"])
    assert written.parent == tmp_path / "profile"
    assert f'<include ignore_missing="yes">{own}</include>' in written.read_text(encoding="utf-8")
    assert "<family>仿宋</family><accept>" in written.read_text(encoding="utf-8")


def test_no_fontconfig_file_where_fontconfig_does_not_choose_fonts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    assert office_environment(tmp_path / "profile", {"PATH": "x"}) == {"PATH": "x"}
    assert not (tmp_path / "profile" / "fonts.conf").exists()


def test_the_packaged_program_hands_libreoffice_the_systems_library_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(module, "SYSTEM_FONTS_CONF", tmp_path / "none.conf")
    bundle = {
        "LD_LIBRARY_PATH": "/opt/grant-desk/_internal:/usr/local/lib",
        "LD_LIBRARY_PATH_ORIG": "/usr/local/lib",
    }
    assert office_environment(tmp_path / "p", bundle)["LD_LIBRARY_PATH"] == "/usr/local/lib"
    assert "LD_LIBRARY_PATH_ORIG" not in office_environment(tmp_path / "p", bundle)
    assert "LD_LIBRARY_PATH" not in office_environment(
        tmp_path / "p", {"LD_LIBRARY_PATH": "/opt/grant-desk/_internal"}
    )


def test_from_source_the_library_path_is_left_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(sys, "frozen", raising=False)
    environment = office_environment(tmp_path / "p", {"LD_LIBRARY_PATH": "/usr/local/lib"})
    assert environment["LD_LIBRARY_PATH"] == "/usr/local/lib"


@linux_only
@requires_soffice
def test_the_batch_libreoffice_runs_with_the_stand_in_fonts(tmp_path: Path) -> None:
    with _converter_after_one_form(tmp_path, "信用承诺书.docx") as converter:
        assert converter.process is not None
        environ = Path(f"/proc/{converter.process.pid}/environ").read_bytes().split(b"\0")
        assert f"FONTCONFIG_FILE={converter.profile / 'fonts.conf'}".encode() in environ


def test_a_new_profile_says_it_has_seen_this_version(tmp_path: Path) -> None:
    """Else LibreOffice runs its graphics self-tests (about 0.8 s) at every start of a converter."""
    office_environment(tmp_path / "profile", {})
    settings = (tmp_path / "profile" / "user" / "registrymodifications.xcu").read_text(encoding="utf-8")
    assert 'oor:path="/org.openoffice.Setup/Product"><prop oor:name="ooSetupLastVersion"' in settings
    (tmp_path / "profile" / "user" / "registrymodifications.xcu").write_text("<oor:items/>", encoding="utf-8")
    office_environment(tmp_path / "profile", {})
    assert (tmp_path / "profile" / "user" / "registrymodifications.xcu").read_text(
        encoding="utf-8"
    ) == "<oor:items/>"


@requires_soffice
def test_libreoffice_skips_its_graphics_self_tests_in_our_profiles(tmp_path: Path) -> None:
    with _converter_after_one_form(tmp_path, "材料清单.docx") as converter:
        profile = converter.profile
    assert (profile / "user").is_dir()
    assert not (profile / "user" / "GraphicsRenderTests.log").exists()
