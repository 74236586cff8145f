"""The Value chain page (/value-chain): the Huizhou cluster and China's producers (seed 002).

- ``page.py``: the page's registration, layout, URL parameter and callbacks;
- ``data.py``: China's province outlines, simplified once;
- ``figures.py``: the firms x segments matrix, firm cards, the province map, market charts.

The analysis itself is in :mod:`app.analysis.valuechain` and :mod:`app.analysis.geo`; the
paper's tables in :mod:`app.store.knowledge`.
"""
