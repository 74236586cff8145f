"""The Value chain page's data: China's province outlines, simplified once.

Everything else on the page is seed 002's tables (:func:`app.store.knowledge.load_knowledge`).
"""

from __future__ import annotations

from functools import lru_cache

from app import services
from app.analysis.geo import rewind_clockwise, simplify_geojson
from app.store.knowledge import china_provinces_geojson

__all__ = [
    "light_provinces_geojson",
    "province_chinese_names",
    "province_outlines",
]


@lru_cache(maxsize=1)
def light_provinces_geojson() -> dict:
    """The province boundaries for the browser: simplified (about 220 kB instead of 1.8 MB)
    and wound clockwise, as plotly's geo maps need."""
    return rewind_clockwise(simplify_geojson(china_provinces_geojson(), tolerance=0.02, decimals=2))


@services.cache.memoize()
def province_outlines() -> dict:
    """China's province outlines for the browser (simplified once, kept in the memo cache)."""
    return light_provinces_geojson()


@lru_cache(maxsize=1)
def province_chinese_names() -> dict[str, str]:
    """Map id (GB/T 2260) -> the province's Chinese name (its 地名 on the map)."""
    return {
        f["properties"]["id"]: f["properties"]["地名"]
        for f in china_provinces_geojson()["features"]
    }
