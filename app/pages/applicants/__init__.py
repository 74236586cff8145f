"""The Applicant network page (/applicants): who patents with whom, with UCINET's figures.

- ``page.py``: the page's registration, layout, URL parameters and callbacks, and the
  description of its network for the network explorer (:mod:`app.ui.network_explorer`);
- ``data.py``: a view's memo key, the memoised network and the corpus behind it;
- ``figures.py``: node colours and captions, the note, the node table's columns, the cards.

The analysis itself is in :mod:`app.analysis.network_view` and :mod:`app.analysis.metrics`.
"""
