"""Two languages: the Chinese catalog covers every message in the code, and requests are
answered in the language they ask for (URL, Referer, Accept-Language)."""

from __future__ import annotations

import ast
import json
import re
import string

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from app import i18n
from app.config import REPO_ROOT

CATALOG = REPO_ROOT / "app" / "locale" / "zh" / "LC_MESSAGES" / "messages.po"


def _code_messages() -> dict[str, str]:
    """msgid -> where it is used, for every _(), ngettext() and N_() in app/."""
    with (REPO_ROOT / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        REPO_ROOT / "app", method_map, options_map
    ):
        for msgid in message if isinstance(message, tuple) else (message,):
            if msgid:
                found.setdefault(msgid, f"app/{filename}:{lineno}")
    return found


def _catalog() -> dict[str, str]:
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle)
    out = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for msgid in ids:
            out[msgid] = strings[0]
    return out


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_every_message_in_the_code_has_a_chinese_translation():
    catalog = _catalog()
    missing = {m: where for m, where in _code_messages().items() if not catalog.get(m)}
    assert not missing, (
        f"{len(missing)} messages have no Chinese translation (run `make catalog`, then "
        "write their msgstr in app/locale/zh/LC_MESSAGES/messages.po):\n"
        + "\n".join(f"  {where}: {msgid!r}" for msgid, where in sorted(missing.items())[:40])
    )


def test_translations_keep_the_placeholders_of_their_message():
    wrong = {
        msgid: text
        for msgid, text in _catalog().items()
        if text and _placeholders(msgid) != _placeholders(text)
    }
    assert not wrong, wrong


def test_translations_are_chinese():
    """A msgstr that merely repeats the English (a forgotten translation) is caught."""
    has_han = re.compile(r"[\u4e00-\u9fff]")
    untranslated = [
        msgid
        for msgid, text in _catalog().items()
        if text
        and has_han.search(text) is None
        and re.search(r"[A-Za-z]{4}", re.sub(r"\{\w*\}", "", msgid))
    ]
    assert not untranslated, untranslated[:20]


def test_language_of_a_request_and_of_a_block():
    with i18n.use_language("zh"):
        assert i18n._("Dataset") == "数据集"
        assert i18n.country_name("JP") == "日本"
        assert i18n.format_int(1234567) == "1,234,567"
    with i18n.use_language("en"):
        assert i18n._("Dataset") == "Dataset"
        assert i18n.country_name("KR") == "South Korea"


@pytest.fixture(scope="module")
def client(dash_app):
    return dash_app.server.test_client()


@pytest.mark.parametrize(
    ("accept", "language"),
    [("zh-CN,zh;q=0.9,en;q=0.8", "zh"), ("en-GB,en;q=0.9", "en"), ("de-DE", "en"), (None, "en")],
)
def test_a_page_without_lang_is_redirected_to_the_browser_language(client, accept, language):
    headers = {"Accept-Language": accept} if accept else {}
    response = client.get("/applicants?c=CN", headers=headers)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/applicants?c=CN&lang={language}"


def test_the_url_language_wins_and_names_the_page(client):
    page = client.get("/?lang=zh", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="zh-CN">' in page
    assert "<title>电动汽车电池专利</title>" in page
    page = client.get("/?lang=en", headers={"Accept-Language": "zh-CN"}).get_data(as_text=True)
    assert '<html lang="en">' in page


def test_callbacks_answer_in_the_language_of_the_page_they_come_from(client):
    """Dash's requests carry the page address as Referer; the layout follows its lang."""
    zh = client.get("/_dash-layout", headers={"Referer": "http://localhost/?lang=zh"})
    en = client.get("/_dash-layout", headers={"Referer": "http://localhost/?lang=en"})
    assert "申请人国家" in json.dumps(zh.get_json(), ensure_ascii=False)
    assert "Applicant countries" in json.dumps(en.get_json())
    assert zh.headers["Content-Language"] == "zh-CN"


def _binds_underscore(tree: ast.AST) -> list[int]:
    """Lines where a module or function binds the name ``_`` (assignment, loop, argument)."""
    stored = (
        node
        for node in ast.walk(tree)
        if (isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store) and node.id == "_")
        or (isinstance(node, ast.arg) and node.arg == "_")
    )
    return [node.lineno for node in stored]


def test_no_module_that_translates_uses_underscore_as_a_throwaway_name():
    """``x, _ = pair`` in a function that calls ``_("...")`` breaks translation there."""
    offenders = []
    for path in sorted((REPO_ROOT / "app").rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        if not re.search(r"^from app\.i18n import .*\b_\b", source, re.M):
            continue
        offenders += [
            f"{path.relative_to(REPO_ROOT)}:{line}" for line in _binds_underscore(ast.parse(source))
        ]
    assert not offenders, offenders
