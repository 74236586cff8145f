"""Reading patent exports into the canonical frames (see :mod:`app.ingest.schema`)."""
