"""Map geometry made light enough to send to a browser, wound the way plotly draws it.

:func:`simplify_geojson` thins polygon outlines with the Ramer-Douglas-Peucker algorithm
(every point within ``tolerance`` degrees of the simplified line is dropped), rounds the
coordinates and keeps only the properties a map joins on. A province map drawn a few
hundred pixels wide needs no detail below about a kilometre (0.01 degrees), and the
page then ships a fraction of the file.

:func:`rewind_clockwise` turns exterior rings clockwise and holes anticlockwise. GeoJSON
(RFC 7946) winds exteriors anticlockwise, but plotly's geo maps (d3-geo, spherical) read
an anticlockwise ring as "the whole globe except this area": without it a province
covers the map.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "geojson_points",
    "rewind_clockwise",
    "ring_area",
    "simplify_geojson",
    "simplify_line",
]


def simplify_line(points: np.ndarray, tolerance: float) -> np.ndarray:
    """The points of an open polyline that Ramer-Douglas-Peucker keeps at ``tolerance``.

    ``points`` is an (n, 2) array; the first and last points are always kept.

    Examples
    --------
    >>> line = np.array([[0, 0], [1, 0.001], [2, 0], [3, 1]], dtype=float)
    >>> simplify_line(line, 0.01).tolist()
    [[0.0, 0.0], [2.0, 0.0], [3.0, 1.0]]
    """
    points = np.asarray(points, dtype=float)
    if len(points) < 3:
        return points
    keep = np.zeros(len(points), dtype=bool)
    keep[[0, -1]] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        if last - first < 2:
            continue
        start, end = points[first], points[last]
        inner = points[first + 1 : last]
        direction = end - start
        length = float(np.hypot(*direction))
        if length == 0.0:
            distance = np.hypot(*(inner - start).T)
        else:
            # perpendicular distance to the chord (2-D cross product / chord length)
            offset = inner - start
            distance = np.abs(direction[0] * offset[:, 1] - direction[1] * offset[:, 0]) / length
        farthest = int(np.argmax(distance))
        if distance[farthest] > tolerance:
            split = first + 1 + farthest
            keep[split] = True
            stack += [(first, split), (split, last)]
    return points[keep]


def _simplify_ring(ring: list, tolerance: float, decimals: int) -> list | None:
    """A closed ring simplified and rounded.

    A small ring that simplification would shrink below a triangle (an islet narrower than
    twice the tolerance) keeps its rounded outline instead; None when even that has fewer
    than 4 points (smaller than the rounding).
    """
    original = np.asarray(ring, dtype=float)[:, :2]
    points = original
    if len(points) >= 4:
        # a closed ring has no chord: split it at the point farthest from its start
        far = int(np.argmax(np.hypot(*(points - points[0]).T)))
        if far > 0:
            head = simplify_line(points[: far + 1], tolerance)
            tail = simplify_line(points[far:], tolerance)
            points = np.vstack([head, tail[1:]])
    for candidate in (points, original):
        rounded = _rounded(candidate, decimals)
        if len(rounded) >= 4:
            return rounded.tolist()
    return None


def _rounded(points: np.ndarray, decimals: int) -> np.ndarray:
    """``points`` rounded, with consecutive repeats removed."""
    points = np.round(points, decimals)
    changed = np.r_[True, np.any(np.diff(points, axis=0) != 0, axis=1)]
    return points[changed]


def _simplify_polygon(polygon: list, tolerance: float, decimals: int) -> list | None:
    outer = _simplify_ring(polygon[0], tolerance, decimals)
    if outer is None:
        return None
    holes = [_simplify_ring(ring, tolerance, decimals) for ring in polygon[1:]]
    return [outer, *[hole for hole in holes if hole is not None]]


def simplify_geojson(
    geojson: dict,
    tolerance: float = 0.01,
    decimals: int = 3,
    properties: tuple[str, ...] = ("name", "id"),
) -> dict:
    """A copy of a Polygon/MultiPolygon FeatureCollection with lighter outlines.

    Each ring is simplified at ``tolerance`` (in the coordinates' unit, degrees for
    lon/lat) and rounded to ``decimals``; an islet too small to simplify keeps its rounded
    outline, rings smaller than the rounding are dropped, but every feature keeps at least
    its largest polygon. Only ``properties`` are kept. The input is not modified.

    Examples
    --------
    >>> square = [[0, 0], [0.5, 0.0001], [1, 0], [1, 1], [0, 1], [0, 0]]
    >>> islet = [[5, 5], [5.0001, 5], [5.0001, 5.0001], [5, 5]]  # below the rounding
    >>> fc = {"type": "FeatureCollection", "features": [{"type": "Feature",
    ...     "properties": {"name": "A", "id": "1", "extra": 0},
    ...     "geometry": {"type": "MultiPolygon", "coordinates": [[square], [islet]]}}]}
    >>> out = simplify_geojson(fc, tolerance=0.01)
    >>> out["features"][0]["geometry"]["coordinates"]
    [[[[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]]]]
    >>> out["features"][0]["properties"]
    {'name': 'A', 'id': '1'}
    """
    features = []
    for feature in geojson["features"]:
        geometry = feature["geometry"]
        if geometry["type"] == "Polygon":
            polygons = [geometry["coordinates"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["coordinates"]
        else:
            raise ValueError(f"only Polygon and MultiPolygon features, got {geometry['type']}")
        kept = [_simplify_polygon(p, tolerance, decimals) for p in polygons]
        kept = [p for p in kept if p is not None]
        if not kept:  # too small to simplify: keep the largest polygon as it is, rounded
            largest = max(polygons, key=lambda p: len(p[0]))
            kept = [
                [np.round(np.asarray(r, dtype=float)[:, :2], decimals).tolist() for r in largest]
            ]
        features.append(
            {
                "type": "Feature",
                "properties": {k: feature["properties"][k] for k in properties},
                "geometry": {"type": "MultiPolygon", "coordinates": kept},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def geojson_points(geojson: dict) -> int:
    """Number of coordinate pairs in a Polygon/MultiPolygon FeatureCollection.

    Examples
    --------
    >>> geojson_points({"features": [{"geometry": {"type": "Polygon",
    ...     "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}}]})
    4
    """
    total = 0
    for feature in geojson["features"]:
        geometry = feature["geometry"]
        polygons = (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
        total += sum(len(ring) for polygon in polygons for ring in polygon)
    return total


def ring_area(ring: list | np.ndarray) -> float:
    """Signed planar area of a closed ring (shoelace): > 0 when it runs anticlockwise.

    Examples
    --------
    >>> ring_area([[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]])
    1.0
    """
    points = np.asarray(ring, dtype=float)
    x, y = points[:, 0], points[:, 1]
    return float(0.5 * np.sum(x[:-1] * y[1:] - x[1:] * y[:-1]))


def rewind_clockwise(geojson: dict) -> dict:
    """A copy whose exterior rings run clockwise and holes anticlockwise (d3-geo's order).

    Examples
    --------
    >>> square = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]
    >>> fc = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
    ...     "geometry": {"type": "Polygon", "coordinates": [square]}}]}
    >>> rewind_clockwise(fc)["features"][0]["geometry"]["coordinates"][0]
    [[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]
    """

    def wind(ring: list, clockwise: bool) -> list:
        return list(reversed(ring)) if (ring_area(ring) > 0) == clockwise else list(ring)

    def polygon(rings: list) -> list:
        return [wind(ring, clockwise=(i == 0)) for i, ring in enumerate(rings)]

    features = []
    for feature in geojson["features"]:
        geometry = feature["geometry"]
        if geometry["type"] == "Polygon":
            coordinates = polygon(geometry["coordinates"])
        elif geometry["type"] == "MultiPolygon":
            coordinates = [polygon(p) for p in geometry["coordinates"]]
        else:
            raise ValueError(f"only Polygon and MultiPolygon features, got {geometry['type']}")
        features.append({**feature, "geometry": {**geometry, "coordinates": coordinates}})
    return {**geojson, "features": features}
