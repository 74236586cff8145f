"""The Cooperation page (/cooperation): seed 000's cooperation modes beside the patent data.

- ``page.py``: the page's registration, layout and callbacks;
- ``data.py``: the memoised partner-type shares of a filtered dataset;
- ``figures.py``: the mode table rows, the matrices, the partner-type chart, the passages.

The analysis itself is in :mod:`app.analysis.cooperation`; the paper's statements in
:mod:`app.store.knowledge`.
"""
