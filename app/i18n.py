"""Two languages, Simplified Chinese and English: translations, the request's language, and
numbers, percentages and country names written the way each language writes them.

Every user-visible string goes through :func:`_` (``gettext``) or :func:`ngettext` with named
placeholders, so a translator can move them::

    _("{file}: row {row}: {field} is empty").format(file=name, row=12, field="Applicants")

The English text is the message id; the Chinese catalog is
``app/locale/zh/LC_MESSAGES/messages.po``, extracted from the code with Babel (``make
catalog``) and compiled to ``messages.mo`` at install (``make`` does it). A module-level
constant is marked with :func:`N_` (for extraction only) and translated where it is shown,
because a module is imported once, in no particular language.

The language of a request is, in order: the one set with :func:`use_language` (the CLI,
tests), the page URL's ``lang`` parameter (page loads carry it; Dash's callback requests carry
the page URL as their Referer), the browser's Accept-Language, else English. Page loads
without ``lang`` are redirected to the same URL with it (:func:`install`), so a copied link
opens in the sender's language.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent
from babel.support import NullTranslations, Translations

__all__ = [
    "DEFAULT_LANGUAGE",
    "HTML_LANG",
    "LANGUAGES",
    "N_",
    "_",
    "country_name",
    "current_language",
    "format_int",
    "format_number",
    "format_percent_value",
    "gettext",
    "install",
    "language_from_headers",
    "ngettext",
    "normalise_language",
    "use_language",
]

log = logging.getLogger(__name__)

# code in the URL -> its own name (what the switch shows)
LANGUAGES: dict[str, str] = {"zh": "中文", "en": "English"}
DEFAULT_LANGUAGE = "en"
HTML_LANG = {"zh": "zh-CN", "en": "en"}
_BABEL_LOCALE = {"zh": "zh_Hans_CN", "en": "en"}
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"

_chosen: ContextVar[str | None] = ContextVar("ev_language", default=None)


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it (module-level constants)."""
    return message


def normalise_language(value: object) -> str | None:
    """``value`` as one of LANGUAGES ("zh", "en"), or None when it is not one.

    Examples
    --------
    >>> normalise_language("ZH"), normalise_language("zh-CN"), normalise_language("fr")
    ('zh', 'zh', None)
    """
    if not isinstance(value, str):
        return None
    code = value.strip().lower().replace("_", "-").split("-")[0]
    return code if code in LANGUAGES else None


@contextmanager
def use_language(language: str) -> Iterator[None]:
    """Run the block in ``language`` whatever the request says (CLI, tests, workers)."""
    token = _chosen.set(normalise_language(language) or DEFAULT_LANGUAGE)
    try:
        yield
    finally:
        _chosen.reset(token)


def language_from_headers(args_lang: str | None, referrer: str | None, accept) -> str:
    """The language a request asks for: URL ``lang``, else the Referer's, else Accept-Language.

    ``accept`` is werkzeug's LanguageAccept (``request.accept_languages``) or None.

    Examples
    --------
    >>> language_from_headers(None, "http://x/applicants?c=CN&lang=zh", None)
    'zh'
    >>> language_from_headers("en", "http://x/?lang=zh", None)
    'en'
    """
    found = normalise_language(args_lang)
    if found is None and referrer:
        values = parse_qs(urlsplit(referrer).query).get("lang") or [None]
        found = normalise_language(values[0])
    if found is None and accept is not None:
        found = normalise_language(accept.best_match(list(LANGUAGES)))
    return found or DEFAULT_LANGUAGE


def current_language() -> str:
    """The language to answer in now (see the module docstring for the order)."""
    chosen = _chosen.get()
    if chosen is not None:
        return chosen
    from flask import g, has_request_context, request

    if not has_request_context():
        return DEFAULT_LANGUAGE
    if "ev_language" not in g:
        g.ev_language = language_from_headers(
            request.args.get("lang"), request.referrer, request.accept_languages
        )
    return g.ev_language


@cache
def _translations(language: str) -> NullTranslations:
    if language == DEFAULT_LANGUAGE:
        return NullTranslations()  # the English text is the message id
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as handle:
            return Translations(handle, domain=DOMAIN)
    if not po.exists():
        log.warning("no %s catalog in %s: showing English", language, folder)
        return NullTranslations()
    # a checkout where `make` has not compiled the catalog yet (or the .po is newer)
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=_BABEL_LOCALE[language])
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def gettext(message: str) -> str:
    """``message`` in the current language."""
    return _translations(current_language()).gettext(message)


_ = gettext


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n``, in the current language."""
    return _translations(current_language()).ngettext(singular, plural, n)


def _locale() -> str:
    return _BABEL_LOCALE[current_language()]


def format_int(value: float | int) -> str:
    """A whole number with the language's digit grouping: ``12,345``."""
    return format_decimal(round(value), format="#,##0", locale=_locale())


def format_number(value: float, digits: int = 2) -> str:
    """A number with ``digits`` decimals and digit grouping.

    Examples
    --------
    >>> with use_language("zh"):
    ...     format_number(1234.5678, 1)
    '1,234.6'
    """
    pattern = "#,##0." + "0" * digits if digits > 0 else "#,##0"
    return format_decimal(value, format=pattern, locale=_locale())


def format_percent_value(share: float, digits: int = 1) -> str:
    """A share (0.25) as a percentage ("25.0%").

    Examples
    --------
    >>> format_percent_value(0.1234)
    '12.3%'
    """
    pattern = "#,##0." + "0" * digits + "%" if digits > 0 else "#,##0%"
    return format_percent(share, format=pattern, locale=_locale())


def country_name(code: str) -> str | None:
    """The CLDR name of ISO 3166 country ``code`` in the current language (None if unknown).

    Examples
    --------
    >>> with use_language("zh"):
    ...     country_name("KR"), country_name("de")
    ('韩国', '德国')
    """
    return Locale.parse(_locale()).territories.get(str(code).upper())


def install(server, page_paths) -> None:
    """Wire the language into a Flask server.

    - a page load without ``lang`` is redirected to the same URL with the language the
      browser asks for, so every address a user copies names its language;
    - every response says its language (Content-Language), and the browser is told to send
      the page address with same-origin requests (Dash's callbacks take the language from
      it).

    ``page_paths`` is a callable returning the set of page paths (Dash's page registry).
    """
    from flask import redirect, request

    @server.before_request
    def _redirect_to_language():
        if request.method != "GET" or request.path not in page_paths():
            return None
        if normalise_language(request.args.get("lang")) is not None:
            return None
        args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
        args.append(("lang", current_language()))
        return redirect(f"{request.path}?{urlencode(args)}", code=302)

    @server.after_request
    def _say_language(response):
        response.headers.setdefault("Content-Language", HTML_LANG[current_language()])
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response
