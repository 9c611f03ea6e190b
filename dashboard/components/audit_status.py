"""The Audit page's chain status: intact or not, and which check said so (ADR 0014).

The quick check names how many records it recomputed after which verified checkpoint, and when
the whole log was last recomputed; a full check says it read everything; while a full check
runs in the background, the page says it is checking (ADR 0024). What the check found arrives
as kinds and codes with numbers (dashboard/ports.py), worded here per language.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import dash_bootstrap_components as dbc
from dash import html

from ..formats import day, number
from ..i18n import TEXT, t
from ..ports import ChainFinding, ChainStatus, ChainWarning

INTACT = "catena integra / chain intact"


def finding_text(finding: ChainFinding, lang: str) -> str:
    """ "Record modificato alla posizione 1.204 (notifica n. 1.210, aggregato … v3)"."""
    key = f"audit.finding.{finding.kind}"
    head = t(key if key in TEXT else "audit.finding.other", lang)
    if finding.position:
        where = t("audit.finding.at", lang, position=number(finding.position, lang))
    else:
        where = t("audit.finding.outside", lang)
    ident = []
    if finding.notification_id is not None:
        ident.append(t("audit.finding.notification", lang, id=finding.notification_id))
    if finding.originator_id is not None:
        ident.append(
            t(
                "audit.finding.aggregate",
                lang,
                id=finding.originator_id,
                v=finding.originator_version,
            )
        )
    return f"{head} {where}" + (f" ({', '.join(ident)})" if ident else "")


def warning_text(warning: ChainWarning, lang: str) -> str:
    values: dict[str, Any] = dict(warning.values)
    for name in ("first", "last", "checkpoint"):
        if isinstance(values.get(name), int):
            values[name] = number(values[name], lang)
    if warning.code == "repeat_failure":
        on = values.get("on")
        values["on"] = day(datetime.fromisoformat(on), lang) if isinstance(on, str) else "?"
    key = f"audit.warn.{warning.code}"
    if key not in TEXT or warning.code == "other":
        return t("audit.warn.other", lang, text=warning.text)
    return t(key, lang, **values)


def _found(status: ChainStatus, lang: str) -> list[Any]:
    """The finding and the warnings in the reader's language; the checker's own English line
    only for a port that sends no codes (kept for older adapters)."""
    parts: list[Any] = []
    if status.finding is not None:
        parts.append(html.Div(finding_text(status.finding, lang), id="audit-chain-finding"))
        if status.finding.detail:
            parts.append(
                html.Details(
                    [
                        html.Summary(t("audit.finding.detail", lang)),
                        html.Span(status.finding.detail, lang="en"),
                    ],
                    className="small",
                )
            )
    if status.warnings:
        parts.append(
            html.Ul(
                [html.Li(warning_text(w, lang)) for w in status.warnings],
                className="mb-0 mt-1 ps-3",
                id="audit-chain-warnings",
            )
        )
    if not parts:
        extra = status.message.removeprefix(INTACT).lstrip("; ")
        if extra and status.message != "ok":
            parts.append(html.Div(extra, className="small", lang="en"))
    return parts


def chain_alert(status: ChainStatus, lang: str) -> dbc.Alert:
    if status.pending:
        return dbc.Alert(
            [dbc.Spinner(size="sm", spinner_class_name="me-2"), t("audit.chain_pending", lang)],
            color="info",
            id="audit-chain-pending",
        )
    key = "audit.chain_ok" if status.ok else "audit.chain_bad"
    text = t(key, lang, checked=number(status.checked, lang))
    if status.full:
        how = t("audit.chain_full", lang, checked=number(status.checked, lang))
    else:
        last = day(status.last_full_at, lang) if status.last_full_at else t("audit.never", lang)
        how = t(
            "audit.chain_quick",
            lang,
            rechecked=number(status.rechecked, lang),
            start=number(status.verified_from, lang),
            last=last,
        )
    return dbc.Alert(
        [
            html.Strong(text),
            html.Div(_found(status, lang), className="small"),
            html.Div(how, className="small mt-1", id="audit-chain-mode"),
        ],
        color="success" if status.ok else "danger",
        id="audit-chain-status",
    )
