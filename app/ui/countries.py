"""Display names of the countries and patent offices that appear in patent data."""

from __future__ import annotations

__all__ = ["COUNTRY_NAMES", "country_label", "country_name"]

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
    "EP": "European Patent Office",
    "WO": "WIPO (PCT)",
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
