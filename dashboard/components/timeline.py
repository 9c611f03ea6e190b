"""An auditor's view of one case: its events in order, corrections under what they correct.

Texts arrive from the audit port already written in both languages, personal values masked.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

import dash_bootstrap_components as dbc
from dash import html
from dash.development.base_component import Component

from projections.history import kind_label

from ..formats import day, number
from ..i18n import t
from ..ports import CaseHistory, HistoryEntry


def named(text: str, names: Mapping[str, str]) -> str:
    """Programme codes in a history text replaced by their display names ("BILLAN" → "Billan"):
    the style guide keeps codes for machines, and an auditor reads names like everyone else."""
    if not names:
        return text
    pattern = r"\b(" + "|".join(re.escape(c) for c in sorted(names, key=len, reverse=True)) + r")\b"
    return re.sub(pattern, lambda m: names[m.group(1)], text)


def _entry(
    entry: HistoryEntry, lang: str, correction: bool, names: Mapping[str, str]
) -> dbc.ListGroupItem:
    details = entry.details
    badges = []
    if entry.corrects is not None:
        badges.append(
            dbc.Badge(
                t("audit.corrects", lang, v=entry.corrects), color="warning", className="me-1"
            )
        )
    for v in details.get("corrected_by") or []:
        badges.append(
            dbc.Badge(t("audit.corrected_by", lang, v=v), color="secondary", className="me-1")
        )
    occurred = day(entry.occurred_on, lang) if entry.occurred_on else "—"
    meta = " · ".join(
        [
            f"{t('audit.business_date', lang)} {occurred}",
            f"{t('audit.recorded', lang)} {day(entry.recorded_at, lang)}"
            if entry.recorded_at
            else "",
            f"{entry.actor} ({entry.role})",
            entry.source,
        ]
    )
    text = named(str(details.get(lang) or entry.kind), names)
    return dbc.ListGroupItem(
        [
            html.Div([html.Span(f"v{entry.version}", className="badge bg-dark me-2"), *badges]),
            html.Div(html.Del(text) if details.get("void") else text, className="my-1"),
            html.Div(meta, className="small text-muted"),
        ],
        className="audit-correction ms-4" if correction else "",
        id=f"audit-v{entry.version}",
    )


def timeline(
    history: CaseHistory,
    lang: str,
    kinds: Collection[str] = (),
    names: Mapping[str, str] | None = None,
) -> Component:
    """Events in version order, each correction placed right under what it corrects.

    `kinds` keeps only events of those kinds (all when empty); a kept event keeps its
    corrections under it, and a correction of an event not kept shows on its own when
    corrections are among the kinds.
    """
    wanted, names = set(kinds), names or {}
    by_version = {e.version: e for e in history.entries}
    corrections: dict[int, list[HistoryEntry]] = {}
    for e in history.entries:
        if e.corrects is not None and e.corrects in by_version:
            corrections.setdefault(e.corrects, []).append(e)
    placed = {c.version for cs in corrections.values() for c in cs}
    items = []
    for e in history.entries:
        if e.version in placed:
            target = by_version[e.corrects] if e.corrects is not None else e
            if wanted and target.kind not in wanted and e.kind in wanted:
                items.append(_entry(e, lang, True, names))
            continue
        if wanted and e.kind not in wanted:
            continue
        items.append(_entry(e, lang, e.corrects is not None, names))
        items += [_entry(c, lang, True, names) for c in corrections.get(e.version, [])]
    if not items:
        return dbc.Alert(t("audit.no_kinds", lang), color="info", id="audit-no-kinds")
    return dbc.ListGroup(items, className="audit-timeline")


def kind_options(history: CaseHistory, lang: str) -> list[dict[str, str]]:
    """The event kinds of this history, in order of first appearance, with their counts."""
    counts: dict[str, int] = {}
    for e in history.entries:
        counts[e.kind] = counts.get(e.kind, 0) + 1
    return [
        {"label": f"{kind_label(kind, lang)} ({number(n, lang)})", "value": kind}
        for kind, n in counts.items()
    ]


def state_table(
    history: CaseHistory, lang: str, names: Mapping[str, str] | None = None
) -> dbc.Card:
    pairs = history.state.get(lang) or []
    rows = [
        html.Tr(
            [
                html.Th(str(k), className="small"),
                html.Td(named(str(v), names or {}), className="small"),
            ]
        )
        for k, v in pairs
    ]
    title = t("audit.state", lang, v=history.version, latest=history.latest_version)
    return dbc.Card(
        [
            dbc.CardHeader(title, className="small fw-semibold"),
            dbc.CardBody(dbc.Table(html.Tbody(rows), size="sm", className="mb-0")),
        ]
    )
