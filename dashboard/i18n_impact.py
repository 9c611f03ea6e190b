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
        "Il modello assume che le differenze restino costanti nel tempo; le righe 'ph_check' "
        "lo verificano: un p sotto 0,05 dice che per quel termine l'ipotesi è dubbia.",
        "The model assumes differences stay constant over time; the 'ph_check' rows test it: "
        "a p below 0.05 says the assumption is doubtful for that term.",
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
