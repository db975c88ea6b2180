"""China's administrative divisions (pure data, no database table)."""

from mall.regions.divisions import Region, children, is_district, lookup, path_of, region_names

__all__ = ["Region", "children", "is_district", "lookup", "path_of", "region_names"]
