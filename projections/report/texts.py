"""What each report section says about its figure, in Italian and English.

A query without an entry here still gets a section, explained by its own docstring.
"""

from __future__ import annotations

from typing import NamedTuple


class Text(NamedTuple):
    title: str
    definition: str
    denominator: str
    method: str


PROTECTION = {
    "it": (
        "Ogni cifra è una somma di microcelle protette con rumore coerente a chiave (σ = 2) e "
        "poi soppressa sotto k = {k} (ADR 0012); celle soppresse in questa tabella: "
        "{suppressed}."
    ),
    "en": (
        "Every figure is a sum of microcells protected with keyed, consistent noise (σ = 2), "
        "then suppressed under k = {k} (ADR 0012); suppressed cells in this table: "
        "{suppressed}."
    ),
}

_PEOPLE_IT = "Casi con consenso all'uso anonimo, nel programma del rapporto."
_PEOPLE_EN = "Cases with consent to anonymous use, in the report's programme."


def _both(it: Text, en: Text) -> dict[str, Text]:
    return {"it": it, "en": en}


TEXTS: dict[str, dict[str, Text]] = {
    "esf_indicators": _both(
        Text(
            "Indicatori FSE 2014–2020 (comuni di output e di risultato)",
            "Indicatori comuni per i partecipanti dell'Allegato I del Regolamento (UE) "
            "1304/2013; righe senza codice: denominatori e fasce richiesti dal finanziatore. "
            "«non rilevato»: Percorsi non registra il dato.",
            "Output: partecipanti (casi con colloquio di ingresso) per anno di ingresso. "
            "Risultati: partecipanti usciti (chiusura del caso) per anno di uscita.",
            "Conteggi di ingressi; il passaggio al progetto successivo non è un'uscita; "
            "mappatura dei vocabolari nell'ADR 0017.",
        ),
        Text(
            "ESF 2014–2020 indicators (common output and result)",
            "Common indicators for participants of Annex I to Regulation (EU) No 1304/2013; "
            "rows without a code: denominators and splits the funder asks for. "
            "'not recorded': Percorsi does not record what the indicator needs.",
            "Outputs: participants (cases with an intake) by year of entry. Results: "
            "participants leaving (case closed) by year of leaving.",
            "Counts of entries; a carry-over to the successor programme is not leaving; "
            "the mapping of our vocabularies is in ADR 0017.",
        ),
    ),
    "employment_follow_up": _both(
        Text(
            "Occupazione all'uscita e ai follow-up",
            "Occupate (lavoro regolare, anche autonomo) tra le raggiunte, all'uscita e a 6, 12 "
            "e 24 mesi dalla chiusura.",
            "Casi chiusi il cui controllo è scaduto (dovuti), e tra questi le raggiunte.",
            "Tasso sulle raggiunte con intervallo di Wilson al 95%; perse = dovute − raggiunte.",
        ),
        Text(
            "Employment at exit and at follow-ups",
            "Employed (regular work, self-employment included) among those reached, at exit "
            "and 6, 12 and 24 months after closure.",
            "Closed cases whose checkpoint has come (due), and among them those reached.",
            "Rate over those reached with a 95% Wilson interval; lost = due − reached.",
        ),
    ),
    "time_to_first_job": _both(
        Text(
            "Tempo al primo lavoro (Kaplan–Meier)",
            "Giorni dal colloquio di ingresso al primo lavoro.",
            "Casi con colloquio di ingresso; censurati alla chiusura o all'ultima data.",
            "Kaplan–Meier (lifelines) su conteggi protetti per intervalli di 30 giorni.",
        ),
        Text(
            "Time to first job (Kaplan–Meier)",
            "Days from intake to the first job.",
            "Cases with an intake; censored at closure or at the data's last date.",
            "Kaplan–Meier (lifelines) on protected counts per 30-day interval.",
        ),
    ),
}
"""Sections written out; every other query explains itself (its docstring)."""

_COUNTS: dict[str, tuple[str, str, str, str]] = {
    "overview_totals": (
        "Totali",
        "Totals",
        "Donne seguite (una volta per progetto e anno di invio), casi, casi attivi e chiusi.",
        "Women supported (once per programme and referral year), cases, active and closed cases.",
    ),
    "referrals_by_year": (
        "Invii per anno",
        "Referrals by year",
        "Casi inviati dai servizi, per anno di invio.",
        "Cases referred by the services, by referral year.",
    ),
    "carry_over": (
        "Passaggi tra generazioni",
        "Carry-over between generations",
        "Casi passati dal progetto al suo successore.",
        "Cases carried over from a programme to its successor.",
    ),
    "generation_results": (
        "Risultati per generazione",
        "Results by generation",
        "Casi, chiusi e occupate all'uscita per progetto, con tasso e intervallo di Wilson.",
        "Cases, closed and employed at exit per programme, with rate and Wilson interval.",
    ),
    "closure_reasons": (
        "Motivi di chiusura",
        "Closure reasons",
        "Casi chiusi per motivo (il passaggio al successore appare come tale).",
        "Closed cases by reason (a carry-over appears as such).",
    ),
    "entry_exit_flows": (
        "Flussi ingresso → uscita",
        "Entry → exit flows",
        "Casi chiusi per condizione lavorativa all'ingresso e all'uscita.",
        "Closed cases by employment status at intake and at exit.",
    ),
    "distance_travelled": (
        "Distanza percorsa",
        "Distance travelled",
        "Punteggi 1–10 per dominio: media iniziale, ultima e variazione (intervallo t al 95%).",
        "Scores 1–10 per domain: mean baseline, latest and change (95% t interval).",
    ),
    "activity_mix": (
        "Attività",
        "Activities",
        "Attività, ore e donne per tipo di attività e anno.",
        "Activities, hours and women by kind of activity and year.",
    ),
    "service_referrals": (
        "Invii ad altri servizi",
        "Referrals to other services",
        "Invii per servizio e anno, e donne inviate.",
        "Referrals by service and year, and women referred.",
    ),
    "groups": (
        "Gruppi",
        "Groups",
        "Gruppi, incontri, presenze, donne e ore per tipo di gruppo e anno.",
        "Groups, sessions, attendances, women and hours by kind of group and year.",
    ),
    "listening_space": (
        "Spazio di Ascolto",
        "Listening space",
        "Colloqui, donne e ore allo Spazio di Ascolto per anno.",
        "Interviews, women and hours at the listening space by year.",
    ),
}
for _key, (_it, _en, _def_it, _def_en) in _COUNTS.items():
    TEXTS.setdefault(
        _key,
        _both(
            Text(_it, _def_it, _PEOPLE_IT, "Somme di microcelle protette (ADR 0012)."),
            Text(_en, _def_en, _PEOPLE_EN, "Sums of protected microcells (ADR 0012)."),
        ),
    )
