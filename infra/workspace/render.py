"""Rendering: one Jinja2 environment, the request's language, posted values kept for re-display."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from domain.shared.errors import DomainError
from domain.shared.typed_dates import format_label

from .display import day, moment, programme_names
from .fields import SCORE_DOMAINS, Field
from .i18n import error_text, word
from .session import LANG_COOKIE, Session, language

BASE = "/workspace"
HERE = Path(__file__).parent
ENV = Environment(
    loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"])
)


class Values:
    """Posted (or default) values, with `getlist` for checkbox groups."""

    def __init__(self, data: Mapping[str, Any] | None = None) -> None:
        self._data: dict[str, list[str]] = {}
        if data is None:
            return
        items = data.multi_items() if hasattr(data, "multi_items") else data.items()
        for key, value in items:
            self._data.setdefault(key, []).append(str(value))

    def get(self, key: str, default: str = "") -> str:
        found = self._data.get(key)
        return found[-1] if found else default

    def getlist(self, key: str) -> list[str]:
        return self._data.get(key, [])

    def set(self, key: str, value: str) -> None:
        self._data[key] = [value]

    def add(self, key: str, value: str) -> None:
        self._data.setdefault(key, []).append(value)


def page(
    request: Request,
    template: str,
    session: Session | None,
    *,
    status: int = 200,
    **context: Any,
) -> HTMLResponse:
    lang = session.lang if session else language(request)
    names = programme_names(request)
    html = ENV.get_template(template).render(
        base=BASE,
        lang=lang,
        session=session,
        t=lambda key: word(key, lang),
        score_domains=SCORE_DOMAINS,
        day=lambda value: day(value, lang),
        moment=lambda value: moment(value, lang),
        programme=lambda code: names.get(str(code), str(code)),
        date_format=format_label(lang),
        **context,
    )
    response = HTMLResponse(html, status_code=status)
    if request.query_params.get("lang") == lang:
        response.set_cookie(LANG_COOKIE, lang, samesite="strict", httponly=True)
    return response


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def field_errors(
    error: DomainError, fields: list[Field] | tuple[Field, ...], lang: str
) -> tuple[dict[str, str], list[str]]:
    """A domain error next to the field it names (or the field its name starts with)."""
    text = error_text(error.code, error.message, lang)
    name = error.field or ""
    names = {f.name for f in fields}
    subnames = {
        f"{f.name}.{code}" for f in fields if f.kind == "scores" for code, *_ in SCORE_DOMAINS
    }
    aliases = {"goals": "goal1.domain", "scores": "scores", "baseline": "baseline"}
    if name in names or name in subnames:
        return {name: text}, []
    head, tail = name.split(".", 1)[0], name.rsplit(".", 1)[-1]
    for candidate in (head, tail):
        if candidate in names:
            return {candidate: text}, []
    if head in aliases and aliases[head] in names:
        return {aliases[head]: text}, []
    return {}, [text]


def all_errors(
    errors: list[DomainError], fields: list[Field] | tuple[Field, ...], lang: str
) -> tuple[dict[str, str], list[str]]:
    """Every error placed by `field_errors`, the first one per field kept."""
    placed: dict[str, str] = {}
    general: list[str] = []
    for error in errors:
        found, rest = field_errors(error, fields, lang)
        for name, text in found.items():
            placed.setdefault(name, text)
        general += rest
    return placed, general
