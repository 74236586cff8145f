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
