"""gunicorn settings (``gunicorn --config python:app.gunicorn_conf app.main:server``)."""

import gc
import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8050')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = 120
# Load the app (and the default corpus) once in the master; workers share the memory.
preload_app = True
accesslog = "-" if os.environ.get("ACCESS_LOG") else None


def pre_fork(server, worker):
    """Move everything the preloaded app made (some 200,000 objects: Dash, pandas, the
    pages) out of the garbage collector's reach before a worker forks. The collector's
    full passes walked them all, 100-150 ms each, about once per new network view; frozen,
    a pass walks only what the worker made since. They are modules and their objects, kept
    for the life of the process anyway; the collector no longer writing to them also keeps
    their memory shared with the master."""
    gc.freeze()
