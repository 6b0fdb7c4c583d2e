"""Coordinates of the school directory, UTM zone 32 (EPSG:25832), as WGS84 latitude and
longitude: with pyproj (the ``geo`` extra) when it is installed, else not at all.

PROJ is the reference implementation of these conversions; writing the Krüger series here
instead would be one more thing to get wrong to the metre.
"""

from __future__ import annotations

from decimal import Decimal

from ..model import Geo
from .schools import ToWgs84

#: Six decimal places of a degree are about 0.1 m: finer than a school's entrance, and the
#: same digits on every machine.
_PLACES = 6


def utm32_to_wgs84() -> ToWgs84 | None:
    """The conversion, or None when pyproj is not installed."""
    try:
        from pyproj import Transformer
    except ImportError:
        return None
    transformer = Transformer.from_crs("EPSG:25832", "EPSG:4326", always_xy=True)

    def convert(easting: Decimal, northing: Decimal) -> Geo:
        longitude, latitude = transformer.transform(float(easting), float(northing))
        return Geo(
            latitude=Decimal(f"{latitude:.{_PLACES}f}"),
            longitude=Decimal(f"{longitude:.{_PLACES}f}"),
        )

    return convert
