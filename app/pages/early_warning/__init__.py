"""The Early-warning page (/early-warning): what moved in the recent years of the dataset.

- ``page.py``: the page's registration, URL parameters (windows, thresholds, the firm),
  layout and callbacks;
- ``data.py``: the signals (memoised by :func:`app.services.early_warning_signals`), the
  patents behind a row, the firms to choose from;
- ``figures.py``: the charts, the table rows and the notes on the windows.

The analysis itself is in :mod:`app.analysis.early_warning`.
"""
