import json

import numpy as np
import pytest
from conftest import require_shared

from app.analysis.geo import (
    geojson_points,
    rewind_clockwise,
    ring_area,
    simplify_geojson,
    simplify_line,
)
from app.store.knowledge import china_provinces_geojson


def _polygons(feature):
    geometry = feature["geometry"]
    return [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]


def test_simplify_line_keeps_the_corners_and_drops_the_wiggles():
    x = np.linspace(0, 10, 101)
    wiggle = np.c_[x, 0.001 * np.sin(x * 7)]
    corner = np.vstack([wiggle, [[10, 5]]])
    kept = simplify_line(corner, 0.01)
    assert kept.tolist() == [[0.0, 0.0], corner[100].tolist(), [10.0, 5.0]]
    assert simplify_line(corner, 0.0).shape[0] > 90  # nothing dropped at zero tolerance


def test_a_polygon_too_small_for_the_tolerance_is_kept_rather_than_lost():
    islet = [[5, 5], [5.001, 5], [5.001, 5.001], [5, 5]]
    fc = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"name": "Islet", "id": "9"},
                "geometry": {"type": "Polygon", "coordinates": [islet]},
            }
        ],
    }
    out = simplify_geojson(fc, tolerance=0.5, decimals=3)
    assert geojson_points(out) == 4
    with pytest.raises(ValueError, match="Polygon"):
        simplify_geojson({"features": [{"geometry": {"type": "Point"}, "properties": {}}]})


def test_rewind_turns_exteriors_clockwise_and_holes_anticlockwise():
    outer = [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]]  # anticlockwise, as RFC 7946 has it
    hole = [[1, 1], [1, 2], [2, 2], [2, 1], [1, 1]]  # clockwise
    fc = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {},
                "geometry": {"type": "Polygon", "coordinates": [outer, hole]},
            }
        ],
    }
    rings = rewind_clockwise(fc)["features"][0]["geometry"]["coordinates"]
    assert ring_area(rings[0]) < 0 < ring_area(rings[1])
    assert rewind_clockwise(rewind_clockwise(fc)) == rewind_clockwise(fc)
    assert ring_area(fc["features"][0]["geometry"]["coordinates"][0]) > 0  # input untouched


def test_the_province_map_stays_whole_and_gets_light():
    require_shared("china_provinces_geo", "cn_atlas_provinces.geojson")
    original = china_provinces_geojson()
    light = rewind_clockwise(simplify_geojson(original, tolerance=0.02, decimals=2))
    assert [f["properties"] for f in light["features"]] == [
        {"name": f["properties"]["name"], "id": f["properties"]["id"]} for f in original["features"]
    ]
    assert geojson_points(light) < geojson_points(original) / 4
    assert len(json.dumps(light, separators=(",", ":"))) < 300_000
    for feature in light["features"]:
        assert all(ring_area(polygon[0]) < 0 for polygon in _polygons(feature))

    # every province keeps its extent: islets too small to simplify keep their outline
    def extent(feature):
        points = np.concatenate([np.asarray(p[0]) for p in _polygons(feature)])
        return points.min(axis=0), points.max(axis=0)

    for before, after in zip(original["features"], light["features"], strict=True):
        (lo0, hi0), (lo1, hi1) = extent(before), extent(after)
        assert np.allclose(lo0, lo1, atol=0.03) and np.allclose(hi0, hi1, atol=0.03)
