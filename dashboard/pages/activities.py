"""Activities: the mix of activities, referrals on to services, groups, the listening space."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, callback, html

from projections.queries.activities import (
    activity_mix,
    groups,
    listening_space,
    service_referrals,
)

from ..components.figures import bars, finish, graph, labels_for, relabel, total
from ..components.names import programme_names
from ..components.page import Request, card, frame, render
from ..components.tables import table
from ..i18n import t


def layout(**params: Any) -> html.Div:
    return frame("activities", params, "nav.activities")


dash.register_page(__name__, path="/activities", name="activities", order=4, layout=layout)


def draw(request: Request) -> tuple[list[Any], int]:
    lang, k, f, reader = request.lang, request.k, request.view.filters, request.reader
    year = t("common.year", lang)
    names = programme_names(reader)
    mix, refs = activity_mix(reader, f, k), service_referrals(reader, f, k)
    grp, listen = groups(reader, f, k), listening_space(reader, f, k)
    mix_data = mix.frame.sort("year")
    mix_fig = finish(
        bars(
            mix_data,
            "year",
            "activities",
            "kind",
            lang,
            year,
            t("activities.count", lang),
            colour_label=labels_for(mix_data, "kind", lang),
        ),
        t("activities.mix_title", lang),
        total(mix_data, "activities"),
        lang,
        k,
        mix.suppressed_cells,
    )
    ref_data = refs.frame.sort("year")
    ref_fig = finish(
        bars(
            ref_data,
            "year",
            "n",
            "service",
            lang,
            year,
            t("activities.referrals", lang),
            colour_label=labels_for(ref_data, "service", lang),
        ),
        t("activities.referrals_title", lang),
        total(ref_data, "n"),
        lang,
        k,
        refs.suppressed_cells,
    )
    grp_data = grp.frame.sort("year")
    grp_fig = finish(
        bars(
            grp_data,
            "year",
            "sessions",
            "programme",
            lang,
            year,
            t("activities.sessions", lang),
            colour_label=names,
        ),
        t("activities.groups_title", lang),
        total(grp_data, "sessions"),
        lang,
        k,
        grp.suppressed_cells,
    )
    lis_data = listen.frame.sort("year")
    lis_fig = finish(
        bars(
            lis_data,
            "year",
            "interviews",
            "programme",
            lang,
            year,
            t("activities.interviews", lang),
            colour_label=names,
        ),
        t("activities.listening_title", lang),
        total(lis_data, "interviews"),
        lang,
        k,
        listen.suppressed_cells,
    )
    body = [
        dbc.Row(
            [
                card(
                    t("activities.mix_title", lang),
                    graph("activities-mix", mix_fig),
                    table(
                        "activities-mix-table",
                        relabel(mix_data, "kind", lang),
                        lang,
                        ["women", "activities", "hours"],
                    ),
                    width=6,
                ),
                card(
                    t("activities.referrals_title", lang),
                    graph("activities-referrals", ref_fig),
                    table(
                        "activities-referrals-table",
                        relabel(ref_data, "service", lang),
                        lang,
                        ["n"],
                    ),
                    width=6,
                ),
            ]
        ),
        dbc.Row(
            [
                card(
                    t("activities.groups_title", lang),
                    graph("activities-groups", grp_fig),
                    table(
                        "activities-groups-table",
                        relabel(grp_data, "group_kind", lang),
                        lang,
                        ["groups", "sessions", "attendances", "women", "hours"],
                        names=names,
                    ),
                    width=6,
                ),
                card(
                    t("activities.listening_title", lang),
                    graph("activities-listening", lis_fig),
                    table(
                        "activities-listening-table",
                        lis_data,
                        lang,
                        ["interviews", "women", "hours"],
                        names=names,
                    ),
                    width=6,
                ),
            ]
        ),
    ]
    return body, min(mix.position, refs.position, grp.position, listen.position)


@callback(
    Output("activities-body", "children"),
    Output("activities-position", "children"),
    Input("activities-view", "data"),
    Input("session-token", "data"),
)
def fill(view: Any, token: Any) -> tuple[list[Any], str]:
    return render(view, token, draw)
