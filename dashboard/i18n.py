"""Every word a person reads on the dashboard, Italian first and English beside it.

Pages look texts up by key; a missing key shows the key itself, so a gap is visible, never fatal.
Vocabulary labels (closure reasons, regions, …) come from the domain's LabelledEnums instead.
"""

from __future__ import annotations

from enum import Enum

LANGS = ("it", "en")

TEXT: dict[str, tuple[str, str]] = {
    "app.title": ("Percorsi — analisi d'impatto", "Percorsi — impact analytics"),
    "nav.overview": ("Panoramica", "Overview"),
    "nav.lineage": ("Genealogia", "Lineage"),
    "nav.outcomes": ("Esiti", "Outcomes"),
    "nav.distance": ("Distanza percorsa", "Distance travelled"),
    "nav.activities": ("Attività", "Activities"),
    "nav.network": ("Rete", "Network"),
    "nav.privacy": ("Dati e privacy", "Data & privacy"),
    "nav.audit": ("Audit", "Audit"),
    "nav.signin": ("Accedi", "Sign in"),
    # -- Indicators page (issue 14): the funders' ESF table and the signed report ----------
    "nav.indicators": ("Indicatori FSE", "ESF indicators"),
    "indicators.explain": (
        "Gli indicatori comuni del Fondo sociale europeo 2014–2020 per i partecipanti, come li "
        "chiede il finanziatore: una riga per indicatore (codici CO e CR), una colonna per "
        "progetto e anno. «non rilevato» vuol dire che Percorsi non registra quel dato: non è "
        "uno zero.",
        "The European Social Fund 2014–2020 common indicators for participants, as the funder "
        "asks for them: one row per indicator (CO and CR codes), one column per programme and "
        "year. 'not recorded' means Percorsi does not record that fact: it is not a zero.",
    ),
    "indicators.years": (
        "Gli indicatori di output contano le donne all'anno del colloquio di ingresso; quelli di "
        "risultato all'anno di chiusura del caso (il passaggio al progetto successivo non è "
        "un'uscita). I risultati a sei mesi vengono dai follow-up.",
        "Output indicators count women in the year of their intake; result indicators in the "
        "year their case closed (a carry-over to the successor programme is not leaving). "
        "Six-month results come from the follow-ups.",
    ),
    "indicators.protection": (
        "Ogni cifra è protetta con rumore coerente; «<{k}» indica una cella soppressa.",
        "Every figure is protected with consistent noise; '<{k}' marks a suppressed cell.",
    ),
    "indicators.table_title": (
        "Indicatori comuni FSE 2014–2020 per progetto e anno",
        "ESF 2014–2020 common indicators by programme and year",
    ),
    "indicators.table_sub": (
        "Quante partecipanti per indicatore, come le chiede il finanziatore; scorri a destra "
        "per gli altri anni.",
        "How many participants per indicator, as the funder asks; scroll right for more years.",
    ),
    "indicators.csv": ("Scarica CSV", "Download CSV"),
    "indicators.xlsx": ("Scarica XLSX", "Download XLSX"),
    "indicators.report_programme": ("Rapporto per", "Report for"),
    "indicators.report": ("Scarica il rapporto firmato", "Download the signed report"),
    "indicators.report_ready": ("Rapporto pronto: {name}", "Report ready: {name}"),
    "indicators.report_unavailable": (
        "Rapporto non disponibile su questo server.",
        "The report is not available on this server.",
    ),
    "nav.signout": ("Esci", "Sign out"),
    "filters.programmes": ("Progetti", "Programmes"),
    "filters.territories": ("Territorio", "Territory"),
    "filters.years": ("Anni", "Years"),
    "filters.age_bands": ("Fascia d'età", "Age band"),
    "filters.origin_regions": ("Regione d'origine", "Origin region"),
    "filters.household_types": ("Tipo di nucleo", "Household type"),
    "filters.all": ("Tutti", "All"),
    "filters.reset": ("Azzera filtri", "Reset filters"),
    "signin.title": ("Accesso", "Sign in"),
    "signin.help": (
        "Inserisci il token che ti è stato assegnato per l'API.",
        "Enter the token you were given for the API.",
    ),
    "signin.token": ("Token", "Token"),
    "signin.submit": ("Entra", "Sign in"),
    "signin.bad": ("Token non valido o revocato.", "Unknown or revoked token."),
    "signin.ok": ("Accesso effettuato come {user} ({role}).", "Signed in as {user} ({role})."),
    "signin.needed": ("Accedi per vedere questa pagina.", "Sign in to see this page."),
    "signin.forbidden": (
        "Il tuo ruolo non permette di vedere questa pagina.",
        "Your role may not see this page.",
    ),
    "common.n": ("n = {n}", "n = {n}"),
    "common.position": (
        "Dati aggiornati all'evento n. {position}",
        "Figures as of event no. {position}",
    ),
    "common.suppressed": ("soppresso", "suppressed"),
    "common.suppressed_note": (
        "▨ = cella soppressa (meno di {k} persone, o per non permettere di ricavarla dai totali)",
        "▨ = suppressed cell (fewer than {k} people, or so it cannot be recovered from totals)",
    ),
    "common.csv": ("Scarica CSV", "Download CSV"),
    "common.show_table": ("Mostra tabella", "Show table"),
    "common.hide_table": ("Nascondi tabella", "Hide table"),
    "common.yes": ("sì", "yes"),
    "common.no": ("no", "no"),
    "common.no_data": ("Nessun dato per questa selezione.", "No data for this selection."),
    "common.unavailable": (
        "Analisi non ancora disponibili: {detail}",
        "Analytics not available yet: {detail}",
    ),
    "common.invalid": ("Filtro non valido: {detail}", "Invalid filter: {detail}"),
    "common.year": ("Anno", "Year"),
    "common.programme": ("Progetto", "Programme"),
    "common.count": ("Numero", "Count"),
    "common.share": ("Quota", "Share"),
    "common.rate": ("Tasso", "Rate"),
    "common.cohort": ("Coorte (anno)", "Cohort (year)"),
    "common.generation": ("Generazione", "Generation"),
    "overview.women_supported": ("Donne sostenute", "Women supported"),
    "overview.cases": ("Prese in carico", "Cases taken on"),
    "overview.active_cases": ("Prese in carico attive", "Active cases"),
    "overview.closed_cases": ("Prese in carico chiuse", "Closed cases"),
    "overview.referrals": ("Invii", "Referrals"),
    "overview.referrals_title": ("Invii per anno e progetto", "Referrals per year by programme"),
    "lineage.timeline_title": ("Genealogia dei progetti", "Programme genealogy"),
    "lineage.carry_title": ("Passaggi tra generazioni", "Carry-over between generations"),
    "lineage.carried": ("Prese in carico trasferite", "Cases carried over"),
    "lineage.results_title": (
        "Occupate all'uscita per progetto (IC 95%)",
        "Employed at exit by programme (95% CI)",
    ),
    "lineage.employment_rate": ("Tasso di occupazione all'uscita", "Employment rate at exit"),
    "outcomes.follow_title": (
        "Occupate all'uscita e a 6/12/24 mesi per coorte",
        "Employed at exit and at 6/12/24 months by cohort",
    ),
    "outcomes.checkpoint_exit": ("All'uscita", "At exit"),
    "outcomes.checkpoint_6": ("A 6 mesi", "At 6 months"),
    "outcomes.checkpoint_12": ("A 12 mesi", "At 12 months"),
    "outcomes.checkpoint_24": ("A 24 mesi", "At 24 months"),
    "outcomes.employed": ("Quota occupate", "Share employed"),
    "outcomes.km_title": (
        "Tempo al primo lavoro per generazione (Kaplan–Meier, IC 95%)",
        "Time to first job by generation (Kaplan–Meier, 95% CI)",
    ),
    "outcomes.days": ("Giorni dalla presa in carico", "Days since intake"),
    "outcomes.km_y": ("Ancora senza lavoro", "Still without a job"),
    "outcomes.flows_title": (
        "Condizione occupazionale: ingresso → uscita",
        "Employment status: entry → exit",
    ),
    "outcomes.closures_title": ("Motivi di chiusura", "Closure reasons"),
    "distance.baseline": ("Valutazione iniziale", "Baseline"),
    "distance.latest": ("Ultima valutazione", "Latest"),
    "distance.score": ("Punteggio medio (1–10)", "Mean score (1–10)"),
    "distance.dumbbell_title": (
        "Punteggi per ambito: inizio e ultima valutazione",
        "Scores by domain: baseline and latest",
    ),
    "distance.heat_title": (
        "Variazione media per ambito e coorte",
        "Mean change by domain and cohort",
    ),
    "distance.table_title": ("Distanza percorsa per coorte", "Distance travelled by cohort"),
    "activities.count": ("Attività", "Activities"),
    "activities.mix_title": ("Tipi di attività", "Activity mix"),
    "activities.referrals": ("Invii", "Referrals"),
    "activities.referrals_title": ("Invii ad altri servizi", "Referrals to other services"),
    "activities.sessions": ("Incontri", "Sessions"),
    "activities.groups_title": ("Gruppi: incontri per anno", "Groups: sessions per year"),
    "activities.interviews": ("Colloqui", "Interviews"),
    "activities.listening_title": (
        "Spazio di ascolto: colloqui per anno",
        "Listening space: interviews per year",
    ),
    "network.year": ("Anno", "Year"),
    "network.nodes": ("Organizzazioni", "Organisations"),
    "network.edges": ("Collaborazioni", "Collaborations"),
    "network.growth_title": ("Rete dei soggetti per anno", "Stakeholder network per year"),
    "network.count": (
        "{nodes} organizzazioni, {edges} collaborazioni",
        "{nodes} organisations, {edges} collaborations",
    ),
    "privacy.position": ("Ultimo evento nelle analisi", "Last event in the analytics"),
    "privacy.head": ("Ultimo evento registrato", "Last event recorded"),
    "privacy.lag": ("Eventi ancora da elaborare", "Events still to process"),
    "privacy.last_run": ("Ultimo aggiornamento", "Last run"),
    "privacy.k": ("Soglia di soppressione k = {k}", "Suppression threshold k = {k}"),
    "privacy.suppression_title": ("Celle soppresse per analisi", "Suppressed cells by query"),
    "privacy.completeness_title": ("Completezza dei dati", "Data completeness"),
    "audit.case": ("Identificativo della presa in carico", "Case id"),
    "audit.as_of_date": ("Stato alla data (gg/mm/aaaa)", "State as of date (dd/mm/yyyy)"),
    "common.bad_date": (
        "«{text}» non è una data: scrivila come gg/mm/aaaa, per esempio 30/06/2012.",
        "“{text}” is not a date: write it as dd/mm/yyyy, for example 30/06/2012.",
    ),
    "audit.as_of_version": ("Stato alla versione", "State as of version"),
    "audit.load": ("Mostra storia", "Show history"),
    "audit.chain_ok": (
        "Catena di hash verificata: {checked} record integri.",
        "Hash chain verified: {checked} records intact.",
    ),
    "audit.chain_bad": (
        "Verifica della catena FALLITA ({checked} record controllati).",
        "Chain verification FAILED ({checked} records checked).",
    ),
    "audit.corrects": ("corregge v{v}", "corrects v{v}"),
    "audit.corrected_by": ("corretto da v{v}", "corrected by v{v}"),
    "audit.business_date": ("data dell'evento", "business date"),
    "audit.recorded": ("registrato", "recorded"),
    "audit.state": (
        "Stato alla versione {v} (ultima: {latest})",
        "State at version {v} (latest: {latest})",
    ),
    # -- Audit page: event-type filter, quick and full chain checks (ADR 0014) --------------
    "audit.kinds": ("Tipi di evento", "Event types"),
    "audit.kinds_hint": (
        "Nessuna selezione: tutti gli eventi. Le correzioni restano sotto ciò che correggono.",
        "None selected: every event. Corrections stay under what they correct.",
    ),
    "audit.no_kinds": (
        "Nessun evento dei tipi scelti in questa versione del caso.",
        "No events of the chosen types in this version of the case.",
    ),
    "audit.chain_quick": (
        "Verifica rapida: ricalcolati {rechecked} record registrati dopo il checkpoint firmato "
        "già verificato (posizione {start}). Ultima verifica completa: {last}.",
        "Quick check: recomputed the {rechecked} records stored after the signed checkpoint "
        "already verified (position {start}). Last full verification: {last}.",
    ),
    "audit.chain_full": (
        "Verifica completa: ricalcolato l'intero registro ({checked} record).",
        "Full verification: the whole log recomputed ({checked} records).",
    ),
    "audit.chain_pending": (
        "Verifica completa del registro in corso… Lo stato appare qui appena è finita.",
        "Checking the whole log… The status appears here as soon as it is done.",
    ),
    "audit.chain_full_button": ("Verifica completa", "Full verification"),
    "audit.chain_full_help": (
        "Ricalcola tutto il registro: trova anche un record modificato prima dell'ultimo "
        "checkpoint verificato, che la verifica rapida non rilegge.",
        "Recomputes the whole log: it also finds a record edited before the last verified "
        "checkpoint, which the quick check does not re-read.",
    ),
    "audit.never": ("mai", "never"),
    "audit.page_sub": (
        "La storia completa di una presa in carico, com'era a una versione o a una data; i dati "
        "personali restano mascherati.",
        "A case's whole history, as it was at a version or on a date; personal data stays masked.",
    ),
    "audit.state_region": ("Stato della presa in carico", "State of the case"),
    "audit.chain_title": ("Integrità del registro", "Integrity of the log"),
    "audit.chain_sub": (
        "Nessun evento registrato è stato modificato dopo la firma: verde = integro.",
        "No recorded event was changed after signing: green = intact.",
    ),
    "audit.history_title": ("Storia di una presa in carico", "History of a case"),
    "audit.history_sub": (
        "Incolla l'identificativo: ogni evento in ordine, le correzioni sotto ciò che correggono.",
        "Paste its id: every event in order, corrections under what they correct.",
    ),
    "privacy.explain": (
        "Come sono protette le cifre: ogni numero è la somma di piccoli gruppi di donne (stesso "
        "progetto, anno e profilo), e a ogni gruppo si aggiunge un piccolo scarto casuale, sempre "
        "lo stesso per le stesse donne (in media ±2). Per questo sottrarre due risultati, "
        "cambiare i filtri o ripetere la domanda molte volte non restituisce mai il numero vero. "
        "Dopo la protezione, ogni cifra sotto {k} persone è nascosta («soppresso»). Errore "
        "atteso: circa ±2 su un gruppo piccolo, qualche punto percentuale sulle cifre annuali di "
        "un progetto, meno dell'1% sui totali. I dati personali restano cifrati nel registro "
        "degli eventi: qui ci sono solo pseudonimi, fasce d'età, regioni di origine e mesi.",
        "How figures are protected: every number is a sum of small groups of women (same "
        "programme, year and profile), and each group gets a small random offset that is always "
        "the same for the same women (about ±2). So subtracting two results, changing filters "
        "or asking the same question many times never gives back the true number. After "
        "protection, every figure under {k} people is hidden (\u201csuppressed\u201d). Expected "
        "error: about ±2 on a small group, a few percent on a programme's yearly figures, under "
        "1% on the totals. Personal data stays encrypted in the event log: here there are only "
        "pseudonyms, age bands, regions of origin and months.",
    ),
}


COLUMNS: dict[str, tuple[str, str]] = {
    "year": ("Anno", "Year"),
    "programme": ("Progetto", "Programme"),
    "n": ("n", "n"),
    "metric": ("Misura", "Measure"),
    "from_programme": ("Da", "From"),
    "to_programme": ("A", "To"),
    "generation": ("Generazione", "Generation"),
    "cases": ("Prese in carico", "Cases"),
    "closed": ("Chiuse", "Closed"),
    "employed_at_exit": ("Occupate all'uscita", "Employed at exit"),
    "employment_rate": ("Tasso di occupazione", "Employment rate"),
    "ci_low": ("IC 95% inf.", "95% CI low"),
    "ci_high": ("IC 95% sup.", "95% CI high"),
    "cohort_year": ("Coorte", "Cohort"),
    "checkpoint": ("Momento", "Checkpoint"),
    "due": ("Dovute", "Due"),
    "reached": ("Raggiunte", "Reached"),
    "lost_to_follow_up": ("Perse al follow-up", "Lost to follow-up"),
    "employed": ("Occupate", "Employed"),
    "rate": ("Tasso", "Rate"),
    "entry": ("Ingresso", "Entry"),
    "exit": ("Uscita", "Exit"),
    "reason": ("Motivo", "Reason"),
    "domain": ("Ambito", "Domain"),
    "baseline_mean": ("Media iniziale", "Baseline mean"),
    "latest_mean": ("Media ultima", "Latest mean"),
    "change_mean": ("Variazione media", "Mean change"),
    "kind": ("Tipo", "Kind"),
    "women": ("Donne", "Women"),
    "activities": ("Attività", "Activities"),
    "hours": ("Ore", "Hours"),
    "service": ("Servizio", "Service"),
    "group_kind": ("Tipo di gruppo", "Group kind"),
    "groups": ("Gruppi", "Groups"),
    "sessions": ("Incontri", "Sessions"),
    "attendances": ("Presenze", "Attendances"),
    "interviews": ("Colloqui", "Interviews"),
    "nodes": ("Organizzazioni", "Organisations"),
    "edges": ("Collaborazioni", "Collaborations"),
    "new_nodes": ("Nuove organizzazioni", "New organisations"),
    "new_edges": ("Nuove collaborazioni", "New collaborations"),
    "field": ("Campo", "Field"),
    "filled": ("Compilati", "Filled"),
    "total": ("Totale", "Total"),
    "share": ("Quota", "Share"),
    "query": ("Analisi", "Query"),
    "cells": ("Celle", "Cells"),
    "suppressed_cells": ("Celle soppresse", "Suppressed cells"),
}

# Values of the Data & privacy tables that are names in the code (a query, a projected field).
VALUES: dict[str, dict[str, tuple[str, str]]] = {
    "query": {
        "overview_totals": ("Panoramica: totali", "Overview: totals"),
        "referrals_by_year": ("Invii per anno", "Referrals per year"),
        "carry_over": ("Passaggi tra generazioni", "Carry-over between generations"),
        "generation_results": ("Risultati per progetto", "Results by programme"),
        "employment_follow_up": ("Occupazione nel tempo", "Employment over time"),
        "time_to_first_job": ("Tempo al primo lavoro", "Time to first job"),
        "entry_exit_flows": ("Ingresso → uscita", "Entry → exit"),
        "closure_reasons": ("Motivi di chiusura", "Closure reasons"),
        "distance_travelled": ("Distanza percorsa", "Distance travelled"),
        "activity_mix": ("Tipi di attività", "Activity mix"),
        "service_referrals": ("Invii ad altri servizi", "Referrals to services"),
        "groups": ("Gruppi", "Groups"),
        "listening_space": ("Spazio di ascolto", "Listening space"),
    },
    "field": {
        "intake_month": ("Mese della presa in carico", "Intake month"),
        "employment_intake": ("Lavoro all'ingresso", "Employment at intake"),
        "closure_reason": ("Motivo di chiusura", "Closure reason"),
        "employment_exit": ("Lavoro all'uscita", "Employment at exit"),
        "employment_6": ("Lavoro a 6 mesi", "Employment at 6 months"),
        "employment_12": ("Lavoro a 12 mesi", "Employment at 12 months"),
        "employment_24": ("Lavoro a 24 mesi", "Employment at 24 months"),
        "arrival_band": ("Anni dall'arrivo in Italia", "Years since arrival in Italy"),
        "italian_level": ("Livello di italiano", "Italian level"),
    },
}


def value_names(column: str, lang: str = "it") -> dict[str, str]:
    """Code → readable name for the values of `column` ({} when it has no catalogue here)."""
    index = 1 if lang == "en" else 0
    return {code: pair[index] for code, pair in VALUES.get(column, {}).items()}


def column_name(column: str, lang: str = "it") -> str:
    """A table header in `lang`; unknown columns keep their code."""
    pair = COLUMNS.get(column)
    return column if pair is None else pair[1 if lang == "en" else 0]


def t(key: str, lang: str = "it", **values: object) -> str:
    """The text for `key` in `lang` (Italian unless "en"), with {placeholders} filled."""
    pair = TEXT.get(key)
    text = key if pair is None else pair[1 if lang == "en" else 0]
    return text.format(**values) if values else text


def label(member: Enum | None, lang: str = "it") -> str:
    """The bilingual label of a vocabulary member, or its value when it has none."""
    if member is None:
        return ""
    fn = getattr(member, "label", None)
    return str(fn(lang)) if callable(fn) else str(member.value)


def clean_lang(value: object) -> str:
    return "en" if value == "en" else "it"


# -- Impact page (ADR 0016): its words live in one module, merged here in one block. ----------
from .i18n_impact import IMPACT_COLUMNS, IMPACT_TEXT  # noqa: E402

TEXT.update(IMPACT_TEXT)
COLUMNS.update(IMPACT_COLUMNS)

from .i18n_audit import AUDIT_TEXT  # noqa: E402

TEXT.update(AUDIT_TEXT)

from .texts_design import DESIGN_TEXT  # noqa: E402  (folded in after the page texts)

TEXT.update(DESIGN_TEXT)
