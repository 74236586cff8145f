"""The Life-cycle page (/life-cycle): S-curves, stages and the stage diagram, per country.

- ``page.py``: the page's registration, layout, URL parameters and callbacks;
- ``data.py``: the memoised fits and diagram data (keyed by plain arguments);
- ``figures.py``: the plotly figures and the fit cards.

The analysis itself is in :mod:`app.analysis.lifecycle` and :mod:`app.analysis.lifecycle_view`.
"""
