"""The pages: one package per page, each with the same files for the same roles.

- ``page.py``: registers the page (``dash.register_page``), its URL parameters, layout and
  callbacks (Dash's page registry imports it; nothing else does);
- ``figures.py``: plotly figures, tables and panels built from analysis results;
- ``data.py`` (where the page needs it): calls into the services, memoised by filter key.

docs/architecture.md tells where each kind of change goes.
"""
