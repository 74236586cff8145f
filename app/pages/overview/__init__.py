"""The Overview page (/): headline figures, patents per year by country, shares, top applicants.

- ``page.py``: the page's registration, layout and callback (its response memoised per
  dataset and filters);
- ``figures.py``: the headline cards and the plotly figures.

The analysis itself is in :mod:`app.analysis.overview`.
"""
