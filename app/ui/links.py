"""Links from a patent listed on a page to its public record.

:func:`patent_record_url` chooses the register a reader can open without an account: Lens
for a Lens ID, Espacenet for an EP or WO publication and for any number of a dataset read
from the EPO (its DOCDB numbers), Google Patents for the other publication numbers.
"""

from __future__ import annotations

import re
from urllib.parse import quote

__all__ = ["EPO_SOURCES", "patent_record_url", "publication_key"]

# dataset formats whose numbers are the EPO's (DOCDB): Espacenet finds every one of them
EPO_SOURCES = {"ops-flat", "espacenet", "epo", "epo-ld", "epo-linked-data", "docdb"}

_LENS_ID = re.compile(r"^\d{3}-\d{3}-\d{3}-\d{3}-\d{2}[\dX]$", re.IGNORECASE)
# country code, number (digits, perhaps with a year and a slash), optional kind code
_PUBLICATION = re.compile(r"^([A-Z]{2})(\d[\d/]*\d|\d)([A-Z]\d?)?$")


def publication_key(number: str | None) -> str | None:
    """A publication number written the way the registers look it up ("EP 1 234 567 A1" ->
    "EP1234567A1"), or None when it is not one.

    >>> publication_key("EP 1 234 567 A1"), publication_key("us-2020/0123456-a1")
    ('EP1234567A1', 'US20200123456A1')
    >>> publication_key("020-456-789-012-34X") is None, publication_key("") is None
    (True, True)
    """
    if not number:
        return None
    compact = re.sub(r"[\s\-.,]", "", str(number).upper())
    compact = compact.replace("/", "") if compact[:2] == "US" else compact
    return compact if _PUBLICATION.match(compact) else None


def patent_record_url(
    publication_number: str | None, patent_id: str | None = None, source: str | None = None
) -> str | None:
    """The public record of a patent, or None when neither its number nor its id names one.

    ``source`` is the format of the dataset the patent comes from (``CorpusMeta.format``:
    "lens", "ops-flat", ...).

    Examples
    --------
    >>> patent_record_url(None, "020-456-789-012-34X", "lens")
    'https://www.lens.org/lens/patent/020-456-789-012-34X'
    >>> patent_record_url("EP 3 123 456 A1")
    'https://worldwide.espacenet.com/patent/search?q=pn%3DEP3123456A1'
    >>> patent_record_url("CN112345678A", source="ops-flat")
    'https://worldwide.espacenet.com/patent/search?q=pn%3DCN112345678A'
    >>> patent_record_url("US 2020/0123456 A1", "x", "lens")
    'https://patents.google.com/patent/US20200123456A1'
    >>> patent_record_url("not a number") is None
    True
    """
    for candidate in (patent_id, publication_number):
        if candidate and _LENS_ID.match(str(candidate).strip()):
            return f"https://www.lens.org/lens/patent/{str(candidate).strip().upper()}"
    key = publication_key(publication_number) or publication_key(patent_id)
    if key is None:
        return None
    if key[:2] in ("EP", "WO") or (source or "").lower() in EPO_SOURCES:
        return "https://worldwide.espacenet.com/patent/search?q=" + quote(f"pn={key}", safe="")
    return f"https://patents.google.com/patent/{key}"
