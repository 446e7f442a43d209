"""The policy catalog: data files in resources/catalog, validated on load."""

from desktop.catalog.loader import Catalog, bundled_catalog, load_catalog

__all__ = ["Catalog", "bundled_catalog", "load_catalog"]
