"""The Audit page's chain status: intact or not, and which check said so (ADR 0014).

The quick check names how many records it recomputed after which verified checkpoint, and when
the whole log was last recomputed; a full check says it read everything; while a full check
runs in the background, the page says it is checking (ADR 0024).
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from ..formats import day, number
from ..i18n import t
from ..ports import ChainStatus

INTACT = "catena integra / chain intact"


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
    # The port's message opens with a bilingual "chain intact" that the bold line already says
    # in the reader's language; only what follows it (warnings, or a finding) is shown.
    extra = status.message.removeprefix(INTACT).lstrip("; ")
    return dbc.Alert(
        [
            html.Strong(text),
            html.Span(f" — {extra}", className="small") if extra else None,
            html.Div(how, className="small mt-1", id="audit-chain-mode"),
        ],
        color="success" if status.ok else "danger",
        id="audit-chain-status",
    )
