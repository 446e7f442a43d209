"""Where the program finds its bundled data, the same way from source and from a bundle."""

from __future__ import annotations

import sys
from pathlib import Path

APP_NAME = "cbec-grant-desk"  # the folder name of the user's settings, data and custom forms


def bundle_root() -> Path:
    """Return the folder holding ``resources/`` and ``forms/``: the source tree or the bundle."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    """Return the ``resources/`` folder."""
    return bundle_root() / "resources"


def catalog_dir() -> Path:
    """Return the folder of the policy catalog files."""
    return resources_dir() / "catalog"


def user_catalog_dir() -> Path:
    """Return the folder of the policy documents and annual guides the user has added."""
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / "catalog"


def samples_dir() -> Path:
    """Return the folder of the sample firm files."""
    return resources_dir() / "samples"


def forms_dir() -> Path:
    """Return the folder of the bundled document templates."""
    return bundle_root() / "forms"
