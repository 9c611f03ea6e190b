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

for _key, (_it, _en) in {
    "overview_totals": ("Totali", "Totals"),
    "referrals_by_year": ("Invii per anno", "Referrals by year"),
    "closure_reasons": ("Motivi di chiusura", "Closure reasons"),
    "entry_exit_flows": ("Flussi ingresso → uscita", "Entry → exit flows"),
}.items():
    TEXTS.setdefault(
        _key,
        _both(
            Text(_it, "Conteggi per categoria.", _PEOPLE_IT, "Conteggi protetti."),
            Text(_en, "Counts by category.", _PEOPLE_EN, "Protected counts."),
        ),
    )
