"""gunicorn settings (``gunicorn --config python:app.gunicorn_conf app.main:server``)."""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8050')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = 120
# Load the app (and the default corpus) once in the master; workers share the memory.
preload_app = True
accesslog = "-" if os.environ.get("ACCESS_LOG") else None
