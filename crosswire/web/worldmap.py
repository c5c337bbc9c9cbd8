"""An offline world map as SVG: Natural Earth's country outlines (world-atlas TopoJSON,
shipped in static/vendor) drawn in longitude/latitude, framed around the points shown.

Coordinates stay in degrees (x = longitude, y = −latitude), so the SVG viewBox is the map's
frame and nothing is projected by hand; only countries inside the frame are drawn."""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

# Outlines at two scales: the finer for a region, the coarser (a tenth of the bytes) for
# frames wider than WIDE degrees, where the finer detail would not show.
_ATLAS = {"fine": "static/vendor/world-atlas/countries-50m.json", "coarse": "static/vendor/world-atlas/countries-110m.json"}
WIDE = 60.0
# Least span of a frame, in degrees, and the margin around its points.
MIN_SPAN, MARGIN = 8.0, 0.15
# Least height of a frame, as a share of its width.
ASPECT = 0.5


@dataclass(frozen=True)
class Shape:
    """One polygon of a country (a mainland, an island, an overseas territory)."""
    country: str
    path: str                       # SVG path data in (longitude, −latitude)
    bbox: tuple[float, float, float, float]  # west, south, east, north


def _arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """TopoJSON arcs decoded: delta-encoded quantized positions back to degrees."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def _ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc if not points else arc[1:])
    return points


@cache
def shapes(scale: str) -> tuple[Shape, ...]:
    topology = json.loads((resources.files("crosswire.web") / _ATLAS[scale]).read_text("utf-8"))
    arcs = _arcs(topology)
    found = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = {"Polygon": [geometry.get("arcs", [])], "MultiPolygon": geometry.get("arcs", [])}.get(geometry["type"], [])
        for polygon in polygons:
            rings = [_ring(arcs, ring) for ring in polygon]
            points = [p for ring in rings for p in ring]
            if not points:
                continue
            path = "".join("M" + "L".join(f"{lon:.2f},{-lat:.2f}" for lon, lat in ring) + "Z" for ring in rings)
            lons, lats = [p[0] for p in points], [p[1] for p in points]
            found.append(Shape(geometry.get("properties", {}).get("name", ""), path,
                               (min(lons), min(lats), max(lons), max(lats))))
    return tuple(found)


def frame(points: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    """West, south, east, north around (lon, lat) points, with a margin; the world without any."""
    if not points:
        return -180.0, -60.0, 180.0, 84.0
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    pad_x = max(MIN_SPAN - (east - west), 0) / 2 + (east - west) * MARGIN
    pad_y = max(MIN_SPAN - (north - south), 0) / 2 + (north - south) * MARGIN
    east, west = east + pad_x, west - pad_x
    pad_y += max((east - west) * ASPECT - (north - south + 2 * pad_y), 0) / 2   # no frame flatter than a screen
    return west, max(south - pad_y, -90.0), east, min(north + pad_y, 90.0)


def world_map(points: list[dict[str, Any]]) -> dict[str, Any]:
    """What the map template draws: the frame as an SVG viewBox, the countries inside it,
    and each point (`lon`, `lat`, plus whatever the caller attached) with a radius that
    reads at the frame's scale."""
    west, south, east, north = frame([(p["lon"], p["lat"]) for p in points])
    scale = max(east - west, north - south)
    shown: dict[str, list[str]] = {}
    for s in shapes("coarse" if scale > WIDE else "fine"):
        if s.bbox[0] <= east and s.bbox[2] >= west and s.bbox[1] <= north and s.bbox[3] >= south:
            shown.setdefault(s.country, []).append(s.path)
    return {"view_box": f"{west:.2f} {-north:.2f} {east - west:.2f} {north - south:.2f}",
            "countries": [{"name": name, "path": "".join(paths)} for name, paths in shown.items()],
            "radius": round(scale / 160, 3), "font": round(scale / 70, 3),
            "points": [{**p, "x": round(p["lon"], 4), "y": round(-p["lat"], 4)} for p in points]}
