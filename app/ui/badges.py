"""What a dataset is, said the same way everywhere: its name, its kind (real sample, user
upload, synthetic) and one plain sentence of what it is and is not, in the reader's language.

Names and sentences are made when they are shown: the store and ``services.dataset_summary``
keep one English copy per worker, whatever language the request speaks.
"""

from __future__ import annotations

from dash import html

from app.i18n import N_, _, format_int
from app.ingest.schema import CorpusMeta
from app.store import corpora

__all__ = ["dataset_badge", "dataset_kind", "dataset_label", "dataset_sentence", "source_name"]

# built-in dataset -> what it is and is not, in one sentence ({patents}: how many)
_SENTENCES = {
    "lens-battery": N_(
        "A real sample of {patents} battery patents from Lens.org, not the whole field; "
        "it has no classification codes."
    ),
    "epo-h01m-2014": N_(
        "A real extract of {patents} battery patent applications the European Patent Office "
        "published in 2014 (CPC H01M): one year at one office, not the whole field."
    ),
    "ops-hydrogen": N_(
        "A real sample of {patents} hydrogen and fuel-cell patents from the European Patent "
        "Office; only some of them are about batteries."
    ),
}
_KIND_SENTENCES = {
    "synthetic": N_("Generated test data ({patents} patents), not real patents."),
    "upload": N_("Your uploaded export: {patents} patents, as read from the file."),
    "real": N_("{patents} real patent records."),
}
_BADGES = {
    "synthetic": (N_("SYNTHETIC — not real data"), "badge text-bg-warning"),
    "upload": (N_("Uploaded export"), "badge text-bg-info"),
    "real": (N_("Real data"), "badge text-bg-success"),
}


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


def dataset_badge(meta: CorpusMeta) -> html.Span:
    """A coloured badge naming the kind of dataset."""
    text, css = _BADGES[dataset_kind(meta)]
    return html.Span(_(text), className=css)


def dataset_label(dataset_id: str, label: str, patents: int | None = None) -> str:
    """The name the dataset selector shows: a built-in dataset's name in the reader's
    language with its size, an upload's ``label`` as its owner gave it.

    Examples
    --------
    >>> dataset_label("ops-hydrogen", "ignored", 3715)
    'Hydrogen and fuel-cell patents (EPO OPS sample) (3,715)'
    >>> dataset_label("upload-1f", "My export", 12)
    'My export'
    """
    builtin = corpora.BUILTINS.get(dataset_id)
    if builtin is None:
        return label
    name = _(builtin["label"])
    return (
        name
        if patents is None
        else _("{name} ({patents})").format(name=name, patents=format_int(patents))
    )


def source_name(meta: CorpusMeta) -> str:
    """Who published a dataset's records, as a chart's source line names them: a built-in
    dataset's publisher in the reader's language, else the attribution (or the name) up to
    its first parenthesis.

    >>> source_name(CorpusMeta("upload-9", "x", "x", "lens", attribution="Lens.org (mine)"))
    'Lens.org'
    """
    publisher = corpora.BUILTINS.get(meta.dataset_id, {}).get("publisher")
    if publisher:
        return _(publisher)
    return (meta.attribution or meta.label).split(" (")[0]


def dataset_sentence(meta: CorpusMeta, patents: int) -> str:
    """What the dataset is and is not, in one short sentence.

    >>> dataset_sentence(CorpusMeta("upload-9", "x", "x", "lens"), 1200)
    'Your uploaded export: 1,200 patents, as read from the file.'
    """
    kind = dataset_kind(meta)
    sentence = _SENTENCES.get(meta.dataset_id) if kind == "real" else None
    return _(sentence or _KIND_SENTENCES[kind]).format(patents=format_int(patents))
