"""The Impact page's figures and readable tables (ADR 0016, docs/dashboard-style.md).

The models answer in codes (estimand `hazard_ratio_by_generation`, term `sessions_per_month`,
level `not_enrolled`, programme `LESFEMMES`) and with a long English method string: a manager
reads names in her language, numbers through Babel, and the method once, in words, per card.
"""

from __future__ import annotations

import textwrap
from typing import Any

import polars as pl

from projections.queries.labels import label

from ..formats import number, percent
from ..i18n import t
from ..i18n_impact import IMPACT_NAMES
from .fig import Figure
from .figures import band_and_line
from .style import category_colour, shown_rows

# estimands whose estimate is a share or a difference of shares (shown as percentages)
SHARES = frozenset(
    {
        "employed_12",
        "risk_difference_unweighted",
        "risk_difference_weighted",
        "difference_in_differences_weighted",
    }
)
RATES = ("rate", "ci_low", "ci_high", "worst_case", "best_case", "ipw_rate", "ipw_low", "ipw_high")


def name(code: object, lang: str) -> str:
    """The bilingual name of an estimand, term or level; the code when none is known."""
    pair = IMPACT_NAMES.get(str(code))
    return str(code) if pair is None else pair[1 if lang == "en" else 0]


def level_name(term: str, level: object, lang: str, programmes: dict[str, str]) -> str:
    """A model level as a reader says it ("Generazione 2", "Les Femmes", "per unità")."""
    text = str(level)
    if text == "per unit":
        return t("impact.per_unit", lang)
    first, _, reference = text.partition(" vs ")
    if term == "generation":
        shown = f"{t('common.generation', lang)} {first}"
    elif term == "programme":
        shown = programmes.get(first, first)
    else:
        shown = name(first, lang)
    if reference:
        other = programmes.get(reference, reference) if term == "programme" else reference
        shown += f" ({'vs' if lang == 'en' else 'rispetto a'} {other})"
    return shown


def _decimal(value: Any, lang: str) -> str | None:
    if value is None:
        return None
    text = number(abs(float(value)), lang, 2)
    return ("\u2212" + text) if float(value) < 0 and text.strip("0,.") else text


def _p(value: Any, lang: str) -> str | None:
    if value is None:
        return None
    if float(value) < 0.001:
        return "< " + number(0.001, lang, 3)
    return number(float(value), lang, 3)


def _estimate(estimand: str, value: Any, lang: str) -> str | None:
    if value is None:
        return None
    if estimand in SHARES:
        return ("\u2212" if float(value) < 0 else "") + percent(abs(float(value)), lang)
    return _decimal(value, lang)


def model_table(frame: pl.DataFrame, lang: str, programmes: dict[str, str]) -> pl.DataFrame:
    """A model's rows (Cox, comparison group) with names and formatted estimates."""
    out = []
    for row in frame.iter_rows(named=True):
        estimand = str(row["estimand"])
        out.append(
            {
                "estimand": name(estimand, lang),
                "term": name(row["term"], lang),
                "level": level_name(str(row["term"]), row["level"], lang, programmes),
                "estimate": _estimate(estimand, row["estimate"], lang),
                "ci_low": _estimate(estimand, row["ci_low"], lang),
                "ci_high": _estimate(estimand, row["ci_high"], lang),
                "p_value": _p(row["p_value"], lang),
                "n": row["n"],
                "events": row["events"],
                "suppressed": bool(row["suppressed"]),
            }
        )
    texts = ("estimand", "term", "level", "estimate", "ci_low", "ci_high", "p_value")
    schema: dict[str, Any] = {c: pl.String for c in texts}
    schema |= {"n": pl.Int64, "events": pl.Int64, "suppressed": pl.Boolean}
    return pl.DataFrame(out, schema=schema)


def dose_table(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    """Dose–response rows: the dimension and level in words, the method column dropped."""

    def level(dimension: str, code: str) -> str:
        if dimension == "hours_band":
            return code
        kind = code.removeprefix("not_")
        word = "impact.not_received" if code.startswith("not_") else "impact.received"
        return t(word, lang, kind=label("kind", kind, lang))

    return frame.with_columns(
        pl.struct("dimension", "level")
        .map_elements(lambda r: level(r["dimension"], r["level"]), return_dtype=pl.String)
        .alias("level"),
        pl.col("dimension").map_elements(lambda d: name(d, lang), return_dtype=pl.String),
    ).drop("method")


def incidence_figure(data: pl.DataFrame, lang: str) -> Figure:
    """One cumulative-incidence curve of employment per generation, with its 95% band."""
    fig = Figure()
    shown = shown_rows(data).sort("generation", "timeline_days")
    for i, generation in enumerate(shown["generation"].unique(maintain_order=True).to_list()):
        part = shown.filter(pl.col("generation") == generation)
        curve = f"{t('common.generation', lang)} {generation}"
        band_and_line(fig, part, "cif_employment", category_colour(i), curve)
    last = float(shown.select(pl.col("timeline_days").max()).item() or 0) if shown.height else 0.0
    fig.update_layout(
        # the axis stops with the curves: room past them is for their direct labels only
        xaxis={"range": [0, last * 1.02]} if last else {},
        xaxis_title=t("impact.days", lang),
        yaxis={"range": [0, 1], "title": t("impact.cif", lang), "tickformat": ".0%"},
    )
    return fig


def forest(data: pl.DataFrame, lang: str, programmes: dict[str, str]) -> Figure:
    """Hazard ratios with 95% intervals on a log axis; 1 = no difference from the reference."""
    rows = shown_rows(data).filter(pl.col("estimand").str.starts_with("hazard_ratio"))
    labels = []
    for r in rows.iter_rows(named=True):
        level = level_name(str(r["term"]), r["level"], lang, programmes)
        text = name(r["term"], lang) if r["level"] == "per unit" else level
        labels.append("<br>".join(textwrap.wrap(text, 24)))
    fig = Figure()
    fig.add_scatter(
        x=rows["estimate"].to_list(),
        y=labels,
        mode="markers",
        marker={"color": category_colour(0), "size": 10},
        error_x={
            "type": "data",
            "symmetric": False,
            "array": (rows["ci_high"] - rows["estimate"]).to_list(),
            "arrayminus": (rows["estimate"] - rows["ci_low"]).to_list(),
        },
        name=t("impact.hr", lang),
    )
    fig.update_layout(
        xaxis={"type": "log", "title": t("impact.hr", lang)},
        showlegend=False,
        shapes=[
            {
                "type": "line",
                "x0": 1,
                "x1": 1,
                "y0": 0,
                "y1": 1,
                "yref": "paper",
                "line": {"dash": "dot"},
            }
        ],
    )
    return fig
