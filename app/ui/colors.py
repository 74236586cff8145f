"""One colour per country on every page: the Okabe-Ito colour-blind-safe palette."""

from __future__ import annotations

__all__ = [
    "COMMUNITY_COLORS",
    "COUNTRY_COLORS",
    "KIND_COLORS",
    "OTHER_COLOR",
    "PARTNER_TYPE_COLORS",
    "SECTION_COLORS",
    "UNKNOWN_COLOR",
    "community_color",
    "country_color",
]

# Okabe & Ito (2008), "Color Universal Design": distinguishable under the common
# colour-vision deficiencies. The five countries the seed paper compares come first.
COUNTRY_COLORS: dict[str, str] = {
    "CN": "#D55E00",  # vermillion
    "JP": "#E69F00",  # orange
    "KR": "#56B4E9",  # sky blue
    "US": "#0072B2",  # blue
    "DE": "#009E73",  # bluish green
    "FR": "#CC79A7",  # reddish purple
    "GB": "#F0E442",  # yellow
    "TW": "#882255",  # wine (Tol muted, for a common sixth filer)
    "CA": "#44AA99",  # teal (Tol muted)
    "CH": "#332288",  # indigo (Tol muted)
}
# Further countries get a fixed colour from Paul Tol's "muted" scheme (also colour-blind
# safe), chosen by a stable hash of the code so a country keeps it across pages and runs.
_EXTRA = ("#88CCEE", "#117733", "#999933", "#DDCC77", "#CC6677", "#AA4499", "#661100", "#6699CC")
OTHER_COLOR = "#7F7F7F"  # the pooled "other countries" group
UNKNOWN_COLOR = "#C8C8C8"

# Partner types of joint patents (app.analysis.cooperation.PARTNER_TYPES): muted hues that
# differ in lightness too, so the stack reads apart from the country colours on the axis.
PARTNER_TYPE_COLORS: dict[str, str] = {
    "firm-firm": "#3D5A80",  # slate blue
    "firm-university/institute": "#8E6CBF",  # violet
    "firm-government": "#A0522D",  # sienna
    "with individuals": "#98B06F",  # sage
    "other": "#C9CED6",  # light grey
}

# Applicant kinds (app.ingest.schema.APPLICANT_KINDS), Okabe-Ito hues.
KIND_COLORS: dict[str, str] = {
    "firm": "#0072B2",
    "university": "#CC79A7",
    "research institute": "#009E73",
    "government": "#D55E00",
    "individual": "#E69F00",
    "unknown": UNKNOWN_COLOR,
}

# IPC sections (and CPC's Y): Okabe-Ito, then Tol muted for the rarer ones.
SECTION_COLORS: dict[str, str] = {
    "A": "#CC79A7",
    "B": "#E69F00",
    "C": "#009E73",
    "D": "#999933",
    "E": "#882255",
    "F": "#56B4E9",
    "G": "#0072B2",
    "H": "#D55E00",
    "Y": "#7F7F7F",
}

# Louvain communities, largest first (Paul Tol's "muted", colour-blind safe); communities
# beyond these share OTHER_COLOR.
COMMUNITY_COLORS = (
    "#332288",
    "#88CCEE",
    "#44AA99",
    "#117733",
    "#999933",
    "#DDCC77",
    "#CC6677",
    "#882255",
    "#AA4499",
)


def community_color(index: int) -> str:
    """The colour of community ``index`` (0 = largest); grey beyond the palette.

    >>> community_color(0), community_color(99)
    ('#332288', '#7F7F7F')
    """
    return COMMUNITY_COLORS[index] if 0 <= index < len(COMMUNITY_COLORS) else OTHER_COLOR


def country_color(code: str | None) -> str:
    """The colour of country ``code`` (ISO2); grey for "other", light grey for unknown.

    Examples
    --------
    >>> country_color("CN"), country_color("IL") == country_color("IL"), country_color("other")
    ('#D55E00', True, '#7F7F7F')
    """
    if not code or code == "unknown":
        return UNKNOWN_COLOR
    if code == "other":
        return OTHER_COLOR
    if code in COUNTRY_COLORS:
        return COUNTRY_COLORS[code]
    return _EXTRA[sum(ord(ch) * (i + 1) for i, ch in enumerate(code)) % len(_EXTRA)]
