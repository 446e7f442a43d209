"""The hosted CI workflow builds the same onedir bundle on Windows, macOS and Linux from the lock."""

from __future__ import annotations

import yaml

from tests.conftest import PROJECT_ROOT
from tests.test_ci_run import apt_packages, block

WORKFLOW = PROJECT_ROOT / ".github" / "workflows" / "build.yml"


def test_three_platforms_build_smoke_test_and_upload_the_archive() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    job = workflow["jobs"]["bundle"]
    systems = {entry["os"].split("-")[0] for entry in job["strategy"]["matrix"]["include"]}
    assert systems == {"windows", "macos", "ubuntu"}
    assert job["env"]["CI"] == "true"
    runs = "\n".join(step.get("run", "") for step in job["steps"])
    assert "-m pip install --require-hashes -r requirements/bundle.txt" in runs
    assert "${{ matrix.python }} tools/build.py" in runs
    (upload,) = [step for step in job["steps"] if step.get("uses", "").startswith("actions/upload-artifact")]
    assert (
        "dist/grant-desk-*.zip" in upload["with"]["path"]
        and "dist/grant-desk-*.tar.gz" in upload["with"]["path"]
    )
    assert upload["with"]["if-no-files-found"] == "error"


def test_the_linux_job_installs_what_the_window_needs() -> None:
    job = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["bundle"]
    (install,) = [step["run"] for step in job["steps"] if "apt-get install" in step.get("run", "")]
    window = apt_packages(block("Run it")) - {"python3-venv", "fonts-noto-cjk"}
    assert window <= apt_packages(install.splitlines()), sorted(window - apt_packages(install.splitlines()))


def test_the_linux_archive_is_built_on_the_oldest_ubuntu_and_tried_on_x11_wayland_and_with_libreoffice() -> (
    None
):
    job = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["bundle"]
    (linux,) = [entry for entry in job["strategy"]["matrix"]["include"] if entry["os"].startswith("ubuntu")]
    assert linux["os"] == "ubuntu-22.04" and linux["build_args"] == "--max-glibc 2.35"
    runs = "\n".join(step.get("run", "") for step in job["steps"])
    assert "tools/build.py ${{ matrix.build_args }}" in runs
    (install,) = [step["run"] for step in job["steps"] if "apt-get install" in step.get("run", "")]
    assert {
        "xvfb",
        "weston",
        "binutils",
        "libreoffice-writer-nogui",
        "libreoffice-calc-nogui",
    } <= apt_packages(install.splitlines())
