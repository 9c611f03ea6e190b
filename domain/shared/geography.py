"""World regions of origin and the countries that belong to them (ISO 3166-1 alpha-2)."""

from __future__ import annotations

from .labels import LabelledEnum


class WorldRegion(LabelledEnum):
    """Coarse regions: analytics show these, never the country."""

    NORTH_AFRICA = ("north_africa", "Nord Africa", "North Africa")
    WEST_AFRICA = ("west_africa", "Africa occidentale", "West Africa")
    EAST_AFRICA = ("east_africa", "Africa orientale", "East Africa")
    CENTRAL_SOUTHERN_AFRICA = (
        "central_southern_africa",
        "Africa centro-meridionale",
        "Central and Southern Africa",
    )
    EU = ("eu", "Unione europea", "European Union")
    EASTERN_EUROPE = ("eastern_europe", "Europa orientale non UE", "Non-EU Eastern Europe")
    MIDDLE_EAST = ("middle_east", "Medio Oriente", "Middle East")
    SOUTH_ASIA = ("south_asia", "Asia meridionale", "South Asia")
    EAST_ASIA = ("east_asia", "Asia orientale", "East Asia")
    SOUTHEAST_ASIA = ("southeast_asia", "Sud-est asiatico", "South-East Asia")
    LATIN_AMERICA = ("latin_america", "America Latina", "Latin America")
    OTHER = ("other", "Altro", "Other")


_COUNTRIES: dict[WorldRegion, str] = {
    WorldRegion.NORTH_AFRICA: "MA DZ TN LY EG SD",
    WorldRegion.WEST_AFRICA: "SN NG GH CI ML BF GM GN SL LR TG BJ NE CV MR GW",
    WorldRegion.EAST_AFRICA: "ER ET SO KE UG TZ RW BI DJ SS",
    WorldRegion.CENTRAL_SOUTHERN_AFRICA: "CM CD CG GA AO ZA ZW ZM MZ MG CF TD",
    WorldRegion.EU: "IT RO BG PL HR SK CZ HU DE FR ES PT GR LT LV EE SI AT BE NL IE",
    WorldRegion.EASTERN_EUROPE: "AL UA MD RS MK BA XK ME RU BY GE AM",
    WorldRegion.MIDDLE_EAST: "TR SY IQ IR JO LB PS YE AF",
    WorldRegion.SOUTH_ASIA: "IN PK BD LK NP",
    WorldRegion.EAST_ASIA: "CN MN KR JP",
    WorldRegion.SOUTHEAST_ASIA: "PH VN TH ID MM KH",
    WorldRegion.LATIN_AMERICA: "PE EC BR CO BO DO CU SV AR VE PY MX HN",
}

COUNTRY_REGION: dict[str, WorldRegion] = {
    code: region for region, codes in _COUNTRIES.items() for code in codes.split()
}


def region_of(country_code: str) -> WorldRegion:
    """The world region of an ISO alpha-2 country code; OTHER for codes we do not list."""
    return COUNTRY_REGION.get(country_code.upper(), WorldRegion.OTHER)


def is_known_country(country_code: str) -> bool:
    return country_code.upper() in COUNTRY_REGION
