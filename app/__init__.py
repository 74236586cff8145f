"""EV battery patent dashboard.

Layers, imports flowing one way only:
``ingest`` (readers per export format -> canonical frames) -> ``store`` (cached frames,
Arrow persistence) -> ``analysis`` (pure functions: networks, metrics, life cycle,
value chain) -> ``pages`` (Dash layout + callbacks) -> ``main`` (app factory, gunicorn entry).
"""
