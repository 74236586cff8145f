"""The Data page (/data): import an export, read its report, switch datasets, download tables.

- ``page.py``: the page's registration, layout and callbacks (the upload's way through the
  server is told in its docstring);
- ``figures.py``: the import report, the dataset facts and the dataset list as components.

Reading and storing imports is :mod:`app.store.corpora` and :mod:`app.ingest`.
"""
