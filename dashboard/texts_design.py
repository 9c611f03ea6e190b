"""The design pass's words (issue 16), Italian first: subtitles, empty states, the filter bar.

Kept apart from i18n.TEXT so the pages' own keys and these merge without conflict; i18n
folds them in.
"""

from __future__ import annotations

DESIGN_TEXT: dict[str, tuple[str, str]] = {
    "common.too_few": (
        # short lines: the note sits in a chart that is 330 px wide on a phone
        "Non ci sono abbastanza donne<br>in questa selezione per mostrarlo<br>in sicurezza "
        "(almeno {k} per cella).<br>Allarga i filtri.",
        "Not enough women<br>in this selection to show it safely<br>"
        "(at least {k} per cell).<br>Widen the filters.",
    ),
    "common.menu": ("Menu", "Menu"),
    "filters.title": ("Filtri", "Filters"),
    "filters.none": ("nessun filtro attivo: tutti i dati", "no filter: all data"),
    "filters.replay": ("Riprodurre un report passato", "Reproduce a past report"),
    "filters.as_of": ("Com'era dopo l'evento n.", "As it was after event no."),
    "filters.as_of_date": ("Com'era alla data (gg/mm/aaaa)", "As it was on date (dd/mm/yyyy)"),
    "filters.range": (
        "Eventi da 1 a {head}; date dal {first} al {last}. Vuoto = dati di oggi.",
        "Events 1 to {head}; dates {first} to {last}. Empty = today's data.",
    ),
    "filters.range_follow": (
        "Eventi da 1 a {head}. Donne inviate dal {first} al {last}; i follow-up dopo la "
        "chiusura continuano fino al {recorded}. Vuoto = dati di oggi.",
        "Events 1 to {head}. Women referred {first} to {last}; follow-ups after closure run "
        "to {recorded}. Empty = today's data.",
    ),
    "filters.not_here": (
        "Questa pagina conta organizzazioni, non donne: il filtro non si applica qui.",
        "This page counts organisations, not women: the filter does not apply here.",
    ),
    "overview.period": ("Periodo {first}–{last}", "Period {first}–{last}"),
    "overview.trend": ("Invii nel {year}", "Referrals in {year}"),
    "overview.trend_vs": ("{change} rispetto al {year}", "{change} on {year}"),
    "overview.referrals_sub": (
        "Quante donne sono state inviate ogni anno, e da quale progetto.",
        "How many women were referred each year, and by which programme.",
    ),
    "lineage.timeline_sub": (
        "Ogni progetto dal suo avvio alla fine, in ordine di tempo; le frecce portano al "
        "progetto che lo ha raccolto.",
        "Each programme from start to end, in time order; arrows lead to its successor.",
    ),
    "lineage.carry_sub": (
        "Quante prese in carico sono passate da un progetto al successivo.",
        "How many cases moved on from one programme to the next.",
    ),
    "lineage.results_sub": (
        "Quota di donne occupate all'uscita, per progetto in ordine di avvio; la barretta è "
        "l'incertezza.",
        "Share of women employed at exit, programmes in start order; whiskers show the "
        "uncertainty.",
    ),
    "outcomes.follow_sub": (
        "Un riquadro per momento: la quota di occupate per coorte d'ingresso. Più in alto è "
        "meglio.",
        "One panel per checkpoint: the share employed by intake cohort. Higher is better.",
    ),
    "outcomes.km_sub": (
        "Quanto in fretta si trova il primo lavoro: una curva che scende presto è meglio.",
        "How quickly a first job is found: a curve that falls early is better.",
    ),
    "outcomes.flows_sub": (
        "Da quale condizione entrano le donne e in quale escono; i flussi soppressi sono "
        "elencati sotto.",
        "Which status women enter with and leave with; suppressed flows are listed below.",
    ),
    "outcomes.closures_sub": (
        "Perché si chiudono le prese in carico, per progetto.",
        "Why cases close, by programme.",
    ),
    "outcomes.suppressed_flows": ("Flussi soppressi: {flows}", "Suppressed flows: {flows}"),
    "distance.dumbbell_sub": (
        "Per ogni ambito, il punteggio medio iniziale (○) e l'ultimo (●): più lunga la linea "
        "verso destra, più strada fatta.",
        "For each domain, the mean score at baseline (○) and latest (●): the longer the line to "
        "the right, the further travelled.",
    ),
    "distance.heat_sub": (
        "Variazione media per ambito e coorte: arancio = miglioramento, viola = peggioramento.",
        "Mean change by domain and cohort: orange = improvement, purple = decline.",
    ),
    "distance.table_sub": (
        "Tutti i valori, per coorte e ambito.",
        "Every value, by cohort and domain.",
    ),
    "activities.mix_sub": (
        "Quali attività si fanno di più, sul periodo scelto (somma delle cifre mostrate).",
        "Which activities happen most over the chosen period (sum of the figures shown).",
    ),
    "activities.referrals_sub": (
        "Verso quali servizi sono state inviate le donne, anno per anno (▨ = soppresso).",
        "Which services women were referred to, year by year (▨ = suppressed).",
    ),
    "activities.groups_sub": (
        "Incontri di gruppo per anno, per progetto.",
        "Group sessions per year, by programme.",
    ),
    "activities.listening_sub": (
        "Colloqui dello spazio di ascolto per anno, per progetto.",
        "Listening-space interviews per year, by programme.",
    ),
    "activities.total": ("Totale sul periodo", "Total over the period"),
    "network.growth_sub": (
        "Organizzazioni e collaborazioni attive a fine anno.",
        "Organisations and collaborations active at the end of each year.",
    ),
    "network.types_title": ("Rete per tipo di organizzazione", "Network by organisation type"),
    "network.types_sub": (
        "Ogni cerchio è un tipo di organizzazione (grandezza = quante); lo spessore delle linee "
        "dice quante collaborazioni. Nell'anno scelto.",
        "Each circle is a type of organisation (size = how many); line width says how many "
        "collaborations. In the chosen year.",
    ),
    "network.none": (
        "Nessuna organizzazione registrata per questa selezione.",
        "No organisation recorded for this selection.",
    ),
    "network.full": ("Mostra la rete completa", "Show the full network"),
    "network.key": ("Legenda", "Key"),
    "privacy.plain_title": ("In breve", "In short"),
    "privacy.plain_1": (
        "Qui non ci sono nomi né dati personali: solo conteggi di gruppi di donne.",
        "There are no names or personal data here: only counts of groups of women.",
    ),
    "privacy.plain_2": (
        "Una cifra che riguarda meno di {k} donne non viene mostrata: si legge «soppresso».",
        "A figure about fewer than {k} women is not shown: it reads \u201csuppressed\u201d.",
    ),
    "privacy.plain_3": (
        "Ogni cifra ha un piccolo scarto casuale (circa ±2) che protegge le persone e non "
        "cambia le tendenze.",
        "Each figure carries a small random offset (about ±2) that protects people and does "
        "not change trends.",
    ),
    "privacy.more": ("Come funziona, nel dettaglio", "How it works, in detail"),
    "privacy.suppression_sub": (
        "Quante cifre sono state nascoste in ogni analisi con i filtri scelti.",
        "How many figures each analysis hid under the chosen filters.",
    ),
    "privacy.completeness_sub": (
        "Per ogni informazione, la quota di prese in carico in cui è compilata.",
        "For each item, the share of cases where it is filled in.",
    ),
    "privacy.freshness": ("Aggiornamento dei dati", "Data freshness"),
}
