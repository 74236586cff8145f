"""Component ids shared by the shell and the pages (constants, so they cannot drift)."""

URL = "url"  # the shell's own dcc.Location (refresh=False: filter changes never reload)
VIEW = "view-state"  # dcc.Store: the decoded URL state, small; page callbacks listen to it
NAV = "nav"
LANG_SWITCH = "language-switch"
FILTER_BAR = "filter-bar"
DATASET_NOTE = "dataset-note"
RESET = "reset-filters"
YEAR_LABEL = "year-label"
# dcc.Store written by the Data page: {"activate": dataset_id, "nonce": ...}. The shell's sync
# callback then refreshes the Dataset options and switches to that dataset in one response.
DATASETS_SIGNAL = "datasets-signal"
# dcc.Store: the detail parameters of the URL (selected node or tie, table sorts; see
# urlstate.detail_param), apart from VIEW so a click does not re-run what the filters decide
DETAIL = "view-detail"
# dcc.Store: what a download needs to stand alone (page, dataset, filters, source line)
REPORT = "report-context"
FILTER_TOGGLE = "filter-toggle"  # small screens: shows or hides the filter bar
FILTER_SUMMARY = "filter-summary"  # the active filters, in the toggle
COPY_LINK = "copy-link"
COPY_STATUS = "copy-link-status"
DATASET_MORE = "dataset-more"
