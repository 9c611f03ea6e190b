"""The Audit page's words for what the chain check found, Italian first (folded into i18n.TEXT).

The checker (infra/audit) reports kinds and codes with their numbers; these sentences say them
in the reader's language, so an Italian auditor never reads an English line on an Italian page.
"""

from __future__ import annotations

AUDIT_TEXT: dict[str, tuple[str, str]] = {
    # Loading a case: the domain's errors by (code, field), never its English message.
    "audit.error.invalid_value.case_id": (
        "Il codice del percorso non è valido: serve un identificativo come quello mostrato "
        "nella scheda del caso (36 caratteri, con i trattini).",
        "That case id is not valid: use an id as the case record shows it (36 characters, "
        "with hyphens).",
    ),
    "audit.error.not_found.case_id": (
        "Nessun percorso con questo codice.",
        "No case with this id.",
    ),
    "audit.error.not_found.as_of": (
        "Il percorso non esisteva ancora in quella data.",
        "The case did not exist yet on that date.",
    ),
    "audit.error.invalid_value.version": (
        "La versione parte da 1.",
        "Versions start at 1.",
    ),
    "audit.error.invalid_value.as_of": (
        "Indicare una data oppure una versione, non entrambe.",
        "Give a date or a version, not both.",
    ),
    "audit.error.other": (
        "Il percorso non si può mostrare così.",
        "The case cannot be shown that way.",
    ),
    "audit.finding.modified": ("Record modificato", "Record modified"),
    "audit.finding.removed": ("Record rimosso", "Record removed"),
    "audit.finding.inserted": ("Record inserito", "Record inserted"),
    "audit.finding.reordered": ("Record spostati di posizione", "Records reordered"),
    "audit.finding.checkpoint": (
        "Punto di controllo firmato non corrispondente",
        "Signed checkpoint does not match",
    ),
    "audit.finding.other": ("Anomalia", "Anomaly"),
    "audit.finding.at": ("alla posizione {position}", "at position {position}"),
    "audit.finding.outside": ("fuori dalla catena", "outside the chain"),
    "audit.finding.notification": ("notifica n. {id}", "notification no. {id}"),
    "audit.finding.aggregate": ("aggregato {id} v{v}", "aggregate {id} v{v}"),
    "audit.finding.detail": ("Dettaglio tecnico (in inglese)", "Technical detail"),
    "audit.warn.unchained": (
        "Le posizioni da {first} a {last} non sono ancora nella catena: nulla prova che siano "
        "autentiche (`percorsi audit extend` le incatena così come sono).",
        "Positions {first} to {last} are not in the chain yet: nothing proves they are genuine "
        "(`percorsi audit extend` chains them as they are).",
    ),
    "audit.warn.unverified": (
        "Le posizioni da {first} a {last} sono dopo l'ultimo punto di controllo firmato "
        "({checkpoint}): non ancora garantite da una firma.",
        "Positions {first} to {last} come after the last signed checkpoint ({checkpoint}): not "
        "yet vouched for by a signature.",
    ),
    "audit.warn.chain_at_write": (
        "Il salvataggio incatena i propri record: i record non incatenati, se non sono "
        "precedenti all'attivazione, sono stati scritti per altra via.",
        "Saves chain their own records: unless they were stored before that was turned on, the "
        "unchained records were written by other means.",
    ),
    "audit.warn.foreign_key": (
        "La chiave pubblica del file non è la chiave di firma di questo sistema.",
        "The file's public key is not this system's signing key.",
    ),
    "audit.warn.repeat_failure": (
        "Trovato dalla verifica completa del {on}: ripeti la verifica completa quando il "
        "registro sarà ripristinato.",
        "Found by the full verification of {on}: run a full verification again once the log "
        "is restored.",
    ),
    "audit.warn.other": ("Avviso del controllo (in inglese): {text}", "Check warning: {text}"),
}
