"""The shared memo in Redis, and what happens when Redis goes away: the app keeps answering.

With ``CACHE_REDIS_URL`` set, flask-caching keeps memoised analysis results in Redis, so
every gunicorn worker of every instance shares them. :class:`FallbackRedisCache` is that
backend with one difference: when Redis cannot be reached, each call answers "not in the
memo" at once (reads miss, writes are dropped), so callers compute the result instead;
the outage is logged once per process, and Redis is tried again after
:data:`RETRY_SECONDS`. Without it flask-caching logs a traceback on every request and each
request waits on the connection.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from flask_caching.backends.rediscache import RedisCache
from redis.exceptions import RedisError

__all__ = ["RETRY_SECONDS", "FallbackRedisCache"]

log = logging.getLogger(__name__)

RETRY_SECONDS = 5.0  # after a failure, answer from computation alone for this long


def _guarded(name: str, when_down: Callable[..., Any]) -> Callable:
    """Method ``name`` of the Redis backend, answering ``when_down(*args)`` while Redis is
    unreachable."""
    method = getattr(RedisCache, name)

    @functools.wraps(method)
    def call(self: FallbackRedisCache, *args: Any, **kwargs: Any) -> Any:
        if self.skipping():
            return when_down(*args)
        try:
            result = method(self, *args, **kwargs)
        except (RedisError, OSError) as error:
            self.went_down(error)
            return when_down(*args)
        self.came_back()
        return result

    return call


class FallbackRedisCache(RedisCache):
    """flask-caching's Redis backend that degrades to "no memo" while Redis is down."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._state = threading.Lock()
        self._down_until = 0.0  # monotonic time before which Redis is not tried
        self._down = False

    def skipping(self) -> bool:
        """True while a recent failure says not to try Redis yet."""
        return self._down and time.monotonic() < self._down_until

    def went_down(self, error: Exception) -> None:
        with self._state:
            if not self._down:
                log.warning(
                    "the shared memo (Redis) is unreachable (%s): results are computed "
                    "without it until it is back",
                    error,
                )
            self._down = True
            self._down_until = time.monotonic() + RETRY_SECONDS

    def came_back(self) -> None:
        if self._down:
            with self._state:
                if self._down:
                    log.warning("the shared memo (Redis) is reachable again")
                self._down = False

    get = _guarded("get", lambda *keys: None)
    get_many = _guarded("get_many", lambda *keys: [None] * len(keys))
    get_dict = _guarded("get_dict", lambda *keys: dict.fromkeys(keys))
    has = _guarded("has", lambda *args: False)
    set = _guarded("set", lambda *args: False)
    add = _guarded("add", lambda *args: False)
    set_many = _guarded("set_many", lambda *args: [])
    delete = _guarded("delete", lambda *args: False)
    delete_many = _guarded("delete_many", lambda *keys: [])
    unlink = _guarded("unlink", lambda *keys: None)
    clear = _guarded("clear", lambda: False)
    inc = _guarded("inc", lambda *args: None)
    dec = _guarded("dec", lambda *args: None)
