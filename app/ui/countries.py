"""Display names of the countries and patent offices that appear in patent data."""

from __future__ import annotations

__all__ = ["COUNTRY_NAMES", "ISO3_TO_ISO2", "country_label", "country_name", "iso2_of"]

# ISO 3166-1 alpha-2 -> short English name, for the countries that file patents in
# numbers, plus the regional offices that appear as jurisdictions.
COUNTRY_NAMES: dict[str, str] = {
    "AR": "Argentina",
    "AT": "Austria",
    "AU": "Australia",
    "BE": "Belgium",
    "BR": "Brazil",
    "CA": "Canada",
    "CH": "Switzerland",
    "CL": "Chile",
    "CN": "China",
    "CZ": "Czechia",
    "DE": "Germany",
    "DK": "Denmark",
    "ES": "Spain",
    "FI": "Finland",
    "FR": "France",
    "GB": "United Kingdom",
    "GR": "Greece",
    "HK": "Hong Kong",
    "HU": "Hungary",
    "ID": "Indonesia",
    "IE": "Ireland",
    "IL": "Israel",
    "IN": "India",
    "IR": "Iran",
    "IT": "Italy",
    "JP": "Japan",
    "KR": "South Korea",
    "LU": "Luxembourg",
    "MX": "Mexico",
    "MY": "Malaysia",
    "NL": "Netherlands",
    "NO": "Norway",
    "NZ": "New Zealand",
    "PL": "Poland",
    "PT": "Portugal",
    "RU": "Russia",
    "SA": "Saudi Arabia",
    "SE": "Sweden",
    "SG": "Singapore",
    "TH": "Thailand",
    "TR": "Turkey",
    "TW": "Taiwan",
    "UA": "Ukraine",
    "US": "United States",
    "VN": "Vietnam",
    "ZA": "South Africa",
    "AE": "United Arab Emirates",
    "BG": "Bulgaria",
    "BY": "Belarus",
    "CR": "Costa Rica",
    "CY": "Cyprus",
    "EC": "Ecuador",
    "KP": "North Korea",
    "KZ": "Kazakhstan",
    "QA": "Qatar",
    "VG": "British Virgin Islands",
    "EP": "European Patent Office",
    "EA": "Eurasian Patent Organization",
    "AP": "ARIPO (African regional office)",
    "WO": "WIPO (PCT)",
}


# ISO 3166-1 alpha-3 -> alpha-2 for the countries above (OECD and IEA use alpha-3), so a
# country keeps its colour and name on pages fed by either.
ISO3_TO_ISO2: dict[str, str] = {
    "ARE": "AE",
    "ARG": "AR",
    "AUS": "AU",
    "AUT": "AT",
    "BEL": "BE",
    "BRA": "BR",
    "CAN": "CA",
    "CHE": "CH",
    "CHL": "CL",
    "CHN": "CN",
    "CZE": "CZ",
    "DEU": "DE",
    "DNK": "DK",
    "ESP": "ES",
    "FIN": "FI",
    "FRA": "FR",
    "GBR": "GB",
    "GRC": "GR",
    "HKG": "HK",
    "HUN": "HU",
    "IDN": "ID",
    "IND": "IN",
    "IRL": "IE",
    "IRN": "IR",
    "ISR": "IL",
    "ITA": "IT",
    "JPN": "JP",
    "KOR": "KR",
    "LUX": "LU",
    "MEX": "MX",
    "MYS": "MY",
    "NLD": "NL",
    "NOR": "NO",
    "NZL": "NZ",
    "POL": "PL",
    "PRT": "PT",
    "RUS": "RU",
    "SAU": "SA",
    "SGP": "SG",
    "SWE": "SE",
    "THA": "TH",
    "TUR": "TR",
    "TWN": "TW",
    "UKR": "UA",
    "USA": "US",
    "VNM": "VN",
    "ZAF": "ZA",
}


def country_name(code: str | None) -> str:
    """Short English name of ISO2 ``code``; the code itself when not listed."""
    if not code or code == "unknown":
        return "Unknown"
    if code == "other":
        return "Other countries"
    return COUNTRY_NAMES.get(code, code)


def country_label(code: str | None) -> str:
    """``"CN China"``-style label used in legends and dropdowns.

    Examples
    --------
    >>> country_label("KR"), country_label("unknown"), country_label("other")
    ('KR South Korea', 'Unknown', 'Other countries')
    """
    name = country_name(code)
    return name if name in ("Unknown", "Other countries") or name == code else f"{code} {name}"


def iso2_of(iso3: str) -> str:
    """The ISO2 code of ISO3 ``iso3`` where known, else ``iso3`` itself ("WLD" stays).

    Examples
    --------
    >>> iso2_of("CHN"), iso2_of("WLD")
    ('CN', 'WLD')
    """
    return ISO3_TO_ISO2.get(iso3, iso3)
