"""What an applicant is (``app.ingest.schema.APPLICANT_KINDS``), in the reader's language."""

from __future__ import annotations

from app.i18n import N_, _

__all__ = ["KIND_LABELS", "kind_label"]

KIND_LABELS: dict[str, str] = {
    "firm": N_("Firm"),
    "university": N_("University"),
    "research institute": N_("Research institute"),
    "government": N_("Government body"),
    "individual": N_("Individual"),
    "unknown": N_("Kind not known"),
}


def kind_label(kind: str) -> str:
    """The label of applicant kind ``kind`` in the request's language (the value itself when
    it is not a known kind).

    >>> kind_label("research institute"), kind_label("firm-ish")
    ('Research institute', 'firm-ish')
    """
    label = KIND_LABELS.get(str(kind))
    return _(label) if label else str(kind)
