"""What a dataset is, said the same way everywhere: real sample, user upload, or synthetic."""

from __future__ import annotations

from dash import html

from app.ingest.schema import CorpusMeta

__all__ = ["dataset_badge", "dataset_kind"]


def dataset_kind(meta: CorpusMeta) -> str:
    """``"synthetic"``, ``"upload"`` (the user's export: we cannot vouch for it) or ``"real"``.

    Examples
    --------
    >>> dataset_kind(CorpusMeta("upload-ab12", "x", "x", "lens"))
    'upload'
    >>> dataset_kind(CorpusMeta("lens-battery", "x", "x", "lens"))
    'real'
    """
    if meta.synthetic:
        return "synthetic"
    return "upload" if meta.dataset_id.startswith("upload-") else "real"


_BADGES = {
    "synthetic": ("SYNTHETIC — not real data", "badge text-bg-warning"),
    "upload": ("Uploaded export", "badge text-bg-info"),
    "real": ("Real data", "badge text-bg-success"),
}


def dataset_badge(meta: CorpusMeta) -> html.Span:
    """A coloured badge naming the kind of dataset."""
    text, css = _BADGES[dataset_kind(meta)]
    return html.Span(text, className=css)
