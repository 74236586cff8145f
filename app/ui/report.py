"""What a download says about where it comes from: the page, the dataset, the filters that
are set and the source, in the request's language.

The shell keeps :func:`report_context` in a store for the pictures drawn in the browser
(charts and networks add it around the picture, with the date); the network files carry
:func:`file_about` as graph attributes or comment lines.
"""

from __future__ import annotations

import dash

from app import services
from app.analysis.filters import IPC_THEMES
from app.config import APP_NAME
from app.i18n import _
from app.ui.badges import dataset_label
from app.ui.countries import country_label

__all__ = ["file_about", "filter_lines", "page_name", "report_context", "source_line"]


def filter_lines(view: dict) -> list[str]:
    """The filters that are set, one readable line each ([] when none is).

    >>> filter_lines({"c": ["JP", "CN"], "y": [2018, 2022], "t": None})
    ['Applicant countries: JP Japan, CN China', 'Years: 2018–2022']
    """
    lines = []
    if view.get("c"):
        names = ", ".join(country_label(code) for code in view["c"])
        lines.append(_("Applicant countries: {names}").format(names=names))
    if view.get("y"):
        lines.append(_("Years: {first}–{last}").format(first=view["y"][0], last=view["y"][1]))
    if view.get("t") in IPC_THEMES:
        lines.append(_("IPC theme: {theme}").format(theme=_(IPC_THEMES[view["t"]][0])))
    return lines


def page_name(pathname: str | None) -> tuple[str, str]:
    """The page at ``pathname``: its name in the request's language, and its path slug."""
    for page in dash.page_registry.values():
        if page["relative_path"] == (pathname or "/"):
            slug = page["relative_path"].strip("/") or "overview"
            return _(page["name"]), slug
    return _(APP_NAME), "dashboard"


def _source(meta, dataset_id: str) -> str:
    return meta.attribution or dataset_label(dataset_id, meta.label)


def report_context(view: dict, pathname: str | None) -> dict:
    """What a picture drawn in the browser adds around itself: page name, dataset, filter
    lines, source line (``{date}`` stands where the browser puts the day it is drawn) and
    the few words it needs."""
    dataset_id = services.view_filters(view)[0]
    summary = services.dataset_summary(dataset_id)
    meta = summary.meta
    page, slug = page_name(pathname)
    return {
        "page": page,
        "slug": slug,
        "dataset": _("Dataset: {name}").format(
            name=dataset_label(dataset_id, meta.label, summary.patents)
        ),
        "datasetId": dataset_id,
        # generated data says so on every picture drawn from it
        "synthetic": _("SYNTHETIC — not real data") if meta.synthetic else "",
        "filters": filter_lines(view) or [_("No filters: every patent of the dataset")],
        "source": source_line(_source(meta, dataset_id)),
    }


def source_line(source: str) -> str:
    """A downloaded picture's source line naming ``source`` (the dataset's publisher, or a
    chart's own: OECD counts, a seed paper's table; see ``charts.report_meta``); the browser
    puts the day it is drawn where ``{date}`` stands."""
    return _("Source: {source}. Drawn with {app} on {date}.").format(
        source=source, app=_(APP_NAME), date="{date}"
    )


def file_about(view: dict, title: str) -> dict[str, str]:
    """What a network file says about itself: title, dataset, filters, source (the export
    date is added by :func:`app.ui.network.network_file`)."""
    dataset_id = services.view_filters(view)[0]
    summary = services.dataset_summary(dataset_id)
    meta = summary.meta
    return {
        "title": title,
        "dataset": dataset_label(dataset_id, meta.label, summary.patents),
        "filters": "; ".join(filter_lines(view)) or _("none"),
        "source": _source(meta, dataset_id),
        **({"synthetic": _("SYNTHETIC — not real data")} if meta.synthetic else {}),
    }
