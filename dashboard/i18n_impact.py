"""The Impact page's words (ADR 0016), Italian first; merged into i18n's tables in one block."""

from __future__ import annotations

IMPACT_TEXT: dict[str, tuple[str, str]] = {
    "nav.impact": ("Impatto", "Impact"),
    "impact.definition": ("Occupazione significa:", "Employment means:"),
    "impact.intro": (
        "Ogni donna è seguita lungo tutto il suo percorso: se passa al progetto successivo il "
        "tempo continua, non riparte. Chi lavorava già all'accoglienza non entra nel calcolo "
        "del tempo al primo lavoro. Ogni cifra ha accanto il suo n e il metodo.",
        "Each woman is followed along her whole path: if she moves on to the next programme "
        "the clock goes on, it does not restart. Women already in work at intake are left out "
        "of the time to a first job. Every figure has its n and its method beside it.",
    ),
    "impact.days": ("Giorni dalla prima accoglienza", "Days since first intake"),
    "impact.cif": ("Quota con un lavoro", "Share in work"),
    "impact.cif_title": (
        "Quante trovano lavoro nel tempo (con abbandoni a parte)",
        "How many find work over time (dropping out counted apart)",
    ),
    "impact.cif_help": (
        "La curva sale quando una donna trova un lavoro, anche se lo scopriamo al follow-up "
        "dopo la chiusura. Chi abbandona, perde i contatti o si trasferisce non viene trattata "
        "come se potesse ancora trovarlo: è un esito diverso (metodo di Aalen–Johansen).",
        "The curve rises when a woman finds work, also when we learn it at a follow-up after "
        "closure. Women who drop out, lose contact or move away are not treated as if they "
        "could still find it: that is a different ending (Aalen–Johansen method).",
    ),
    "impact.hr": ("Rapporto di rischio (HR)", "Hazard ratio (HR)"),
    "impact.cox_title": (
        "Confronti a parità di profilo",
        "Comparisons for women with the same profile",
    ),
    "impact.cox_help": (
        "Un HR di 2 vuol dire che, a parità di età, origine, nucleo, istruzione, permesso, "
        "italiano e lavoro precedente, il lavoro arriva con una rapidità doppia rispetto a "
        "Billan. La linea tratteggiata (1) è 'nessuna differenza'.",
        "An HR of 2 means that, for women of the same age, origin, household, education, "
        "permit, Italian and past work, a job comes twice as fast as in Billan. The dotted "
        "line (1) is 'no difference'.",
    ),
    "impact.cox_table": ("Modello di Cox e sua verifica", "Cox model and its check"),
    "impact.ph_help": (
        "Il modello assume che le differenze restino costanti nel tempo; le righe «Verifica "
        "dell'ipotesi» lo verificano: un p sotto 0,05 dice che per quel termine l'ipotesi "
        "è dubbia.",
        "The model assumes differences stay constant over time; the 'Assumption check' rows "
        "test it: a p below 0.05 says the assumption is doubtful for that term.",
    ),
    "impact.sustained_title": (
        "Lavoro che dura: 6, 12 e 24 mesi dopo la chiusura",
        "Work that lasts: 6, 12 and 24 months after closure",
    ),
    "impact.sustained_help": (
        "Molte donne non si riescono a ricontattare. Oltre al tasso tra quelle raggiunte "
        "mostriamo il caso peggiore (nessuna delle perse lavora), il migliore (tutte "
        "lavorano) e una stima che pesa di più le donne simili a quelle perse (IPW).",
        "Many women cannot be reached again. Beside the rate among those reached we show the "
        "worst case (none of the lost women works), the best case (all of them do) and an "
        "estimate that gives more weight to women like the lost ones (IPW).",
    ),
    "impact.comparison_title": (
        "Prese in carico e donne segnalate ma non prese in carico",
        "Women taken on and women referred but not taken on",
    ),
    "impact.comparison_help": (
        "Confronta il lavoro a 12 mesi tra chi è stata presa in carico e chi no (ha rinunciato, "
        "era in lista d'attesa o non ammissibile), rendendo simili i due gruppi per ciò che "
        "sappiamo di loro. Non può escludere differenze che non registriamo (motivazione, "
        "un'offerta di lavoro già in mano): è un indizio, non una prova di efficacia.",
        "Compares work at 12 months between women taken on and women who were not (declined, "
        "waiting list, not eligible), making the groups alike in what we know about them. It "
        "cannot rule out differences we do not record (motivation, a job offer in hand): it "
        "is a clue, not proof that the programme works.",
    ),
    "impact.dose_title": (
        "Lavoro entro 12 mesi per ore e tipo di sostegno",
        "Work within 12 months by hours and kind of support",
    ),
    "impact.dose_help": (
        "Descrittivo: chi trova lavoro presto riceve meno ore, per questo le ore alte non "
        "significano 'meno efficace'. L'effetto per sessione mensile di accompagnamento al "
        "lavoro, a parità di profilo, è nella tabella del modello di Cox.",
        "Descriptive: women who find work early receive fewer hours, so high hours do not mean "
        "'less effective'. The effect per monthly session of job accompaniment, for the same "
        "profile, is in the Cox model table.",
    ),
}

# The design pass: one line under each card's title, how to read it, the method in words, and
# the names of the models' estimands, terms and levels (codes stay in the query layer).
IMPACT_TEXT |= {
    "impact.cif_sub": (
        "Quota di donne con un lavoro, per generazione, nei giorni dalla prima accoglienza.",
        "Share of women in work, by generation, over the days since first intake.",
    ),
    "impact.cox_sub": (
        "Più a destra di 1 vuol dire lavoro più rapido, a parità di profilo.",
        "Right of 1 means work comes faster, for women of the same profile.",
    ),
    "impact.cox_table_sub": (
        "Le cifre del grafico sopra, con la verifica dell'ipotesi del modello.",
        "The figures of the chart above, with the check of the model's assumption.",
    ),
    "impact.sustained_sub": (
        "Quota occupata tra le donne raggiunte, con il caso peggiore e il migliore.",
        "Share in work among the women reached, with the worst and the best case.",
    ),
    "impact.comparison_sub": (
        "Lavoro a 12 mesi: prese in carico e non prese in carico a confronto.",
        "Work at 12 months: women taken on compared with women not taken on.",
    ),
    "impact.dose_sub": (
        "Quota con un lavoro entro 12 mesi, per ore di sostegno e per tipo di attività.",
        "Share in work within 12 months, by hours of support and by kind of activity.",
    ),
    "impact.how": ("Come leggerlo", "How to read it"),
    "impact.method": ("Metodo: {method}", "Method: {method}"),
    "impact.method_cif": (
        "Aalen–Johansen per percorso dalla prima accoglienza, IC 95%.",
        "Aalen–Johansen per path from first intake, 95% CI.",
    ),
    "impact.method_cox": (
        "modello di Cox per percorso dalla prima accoglienza, errori robusti, corretto per il "
        "profilo all'ingresso; verifica con i residui di Schoenfeld. Le stime hanno un rumore "
        "pari a due volte il peso di una sola donna; quelle che una sola donna sposta troppo "
        "non sono mostrate.",
        "Cox model per path from first intake, robust errors, adjusted for the profile at "
        "intake; checked with Schoenfeld residuals. Estimates carry noise of twice one "
        "woman's influence; those one woman moves too much are not shown.",
    ),
    "impact.method_sustained": (
        "tasso tra le raggiunte (IC 95% di Wilson); limiti: le perse tutte senza / tutte con "
        "lavoro; IPW: modello logistico di essere raggiunte.",
        "rate among women reached (Wilson 95% CI); bounds: all lost women out of / in work; "
        "IPW: logistic model of being reached.",
    ),
    "impact.method_comparison": (
        "pesi ATT (al massimo 10) da un modello logistico di presa in carico; differenze con IC "
        "95% robusti e un rumore pari a due volte il peso di una sola donna.",
        "ATT weights (at most 10) from a logistic model of being taken on; differences with "
        "robust 95% CI and noise of twice one woman's influence.",
    ),
    "impact.method_dose": (
        "quota occupata entro 12 mesi dalla prima accoglienza (IC 95% di Wilson).",
        "share in work within 12 months of first intake (Wilson 95% CI).",
    ),
    "impact.hours": ("Ore di sostegno: {band}", "Hours of support: {band}"),
    "impact.received": ("{kind}: ricevuto", "{kind}: received"),
    "impact.not_received": ("{kind}: non ricevuto", "{kind}: not received"),
    "impact.per_unit": ("per unità", "per unit"),
}

# Estimands, terms and levels of the models' tables, by their code in the query layer.
IMPACT_NAMES: dict[str, tuple[str, str]] = {
    "hazard_ratio_by_generation": (
        "Rapporto di rischio (per generazione)",
        "Hazard ratio (by generation)",
    ),
    "hazard_ratio_by_programme": (
        "Rapporto di rischio (per progetto)",
        "Hazard ratio (by programme)",
    ),
    "ph_check_generation": ("Verifica dell'ipotesi (generazione)", "Assumption check (generation)"),
    "ph_check_programme": ("Verifica dell'ipotesi (progetto)", "Assumption check (programme)"),
    "employed_12": ("Occupate a 12 mesi", "In work at 12 months"),
    "risk_difference_unweighted": ("Differenza, senza pesi", "Difference, unweighted"),
    "risk_difference_weighted": ("Differenza, con pesi", "Difference, weighted"),
    "difference_in_differences_weighted": (
        "Differenza nelle differenze, con pesi",
        "Difference in differences, weighted",
    ),
    "balance_prior_work_smd_unweighted": (
        "Equilibrio sul lavoro precedente (DMS), senza pesi",
        "Balance on past work (SMD), unweighted",
    ),
    "balance_prior_work_smd_weighted": (
        "Equilibrio sul lavoro precedente (DMS), con pesi",
        "Balance on past work (SMD), weighted",
    ),
    "prior_work_months": ("Mesi di lavoro precedente", "Months of past work"),
    "sessions_per_month": (
        "Sessioni di accompagnamento al lavoro al mese",
        "Job-accompaniment sessions a month",
    ),
    "generation": ("Generazione", "Generation"),
    "programme": ("Progetto", "Programme"),
    "arm": ("Gruppo", "Group"),
    "enrolled": ("Prese in carico", "Taken on"),
    "not_enrolled": ("Non prese in carico", "Not taken on"),
    "hours_band": ("Ore di sostegno", "Hours of support"),
    "kind": ("Tipo di attività", "Kind of activity"),
}

IMPACT_COLUMNS: dict[str, tuple[str, str]] = {
    "estimand": ("Stima", "Estimand"),
    "term": ("Termine", "Term"),
    "level": ("Livello", "Level"),
    "estimate": ("Valore", "Estimate"),
    "p_value": ("p", "p"),
    "events": ("Eventi", "Events"),
    "method": ("Metodo", "Method"),
    "months": ("Mesi", "Months"),
    "worst_case": ("Caso peggiore", "Worst case"),
    "best_case": ("Caso migliore", "Best case"),
    "ipw_rate": ("Tasso IPW", "IPW rate"),
    "ipw_low": ("IPW min", "IPW low"),
    "ipw_high": ("IPW max", "IPW high"),
    "dimension": ("Dimensione", "Dimension"),
}
