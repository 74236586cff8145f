"""Display names of the countries and patent offices that appear in patent data, in the
request's language (CLDR names through :func:`app.i18n.country_name`)."""

from __future__ import annotations

from app import i18n
from app.i18n import N_, _

__all__ = ["ISO3_TO_ISO2", "OFFICE_NAMES", "country_label", "country_name", "iso2_of"]

# Codes a patent record uses for something CLDR names otherwise (EA is Ceuta and Melilla
# there, the Eurasian office in patents) or not at all, and CLDR names too long for a legend.
OFFICE_NAMES: dict[str, str] = {
    "EP": N_("European Patent Office"),
    "EA": N_("Eurasian Patent Organization"),
    "AP": N_("ARIPO (African regional office)"),
    "WO": N_("WIPO (PCT)"),
    "HK": N_("Hong Kong"),
    "MO": N_("Macao"),
}

# ISO 3166-1 alpha-3 -> alpha-2 for the countries that file patents in numbers (OECD and
# IEA use alpha-3), so a country keeps its colour and name on pages fed by either.
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
    """The name of ISO2 ``code`` (or patent office) in the request's language; the code
    itself when neither CLDR nor :data:`OFFICE_NAMES` knows it.

    Examples
    --------
    >>> with i18n.use_language("zh"):
    ...     country_name("KR"), country_name("EP"), country_name("unknown")
    ('韩国', '欧洲专利局', '未知')
    >>> country_name("KR"), country_name("XX")
    ('South Korea', 'XX')
    """
    if not code or code == "unknown":
        return _("Unknown")
    if code == "other":
        return _("Other countries")
    if code in OFFICE_NAMES:
        return _(OFFICE_NAMES[code])
    if len(code) != 2:
        return code
    return i18n.country_name(code) or code


def country_label(code: str | None) -> str:
    """``"CN China"``-style label used in legends and dropdowns (code first: the code is
    what patent people read, the name what everybody else reads).

    Examples
    --------
    >>> country_label("KR"), country_label("unknown"), country_label("other")
    ('KR South Korea', 'Unknown', 'Other countries')
    >>> with i18n.use_language("zh"):
    ...     country_label("CN")
    'CN 中国'
    """
    if not code or code in ("unknown", "other"):
        return country_name(code)
    name = country_name(code)
    return name if name == code else f"{code} {name}"


def iso2_of(iso3: str) -> str:
    """The ISO2 code of ISO3 ``iso3`` where known, else ``iso3`` itself ("WLD" stays).

    Examples
    --------
    >>> iso2_of("CHN"), iso2_of("WLD")
    ('CN', 'WLD')
    """
    return ISO3_TO_ISO2.get(iso3, iso3)
