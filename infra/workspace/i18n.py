"""The workspace's words, Italian first, and domain errors in the user's language.

Domain errors carry a stable `code` and an English message free of personal data; the Italian
sentence is chosen by code here, so the rule itself stays written once, in the domain.
"""

from __future__ import annotations

LANGS = ("it", "en")

WORDS: dict[str, tuple[str, str]] = {
    "app": ("Percorsi — area operatori", "Percorsi — caseworkers' workspace"),
    "skip": ("Vai al contenuto", "Skip to content"),
    "signin": ("Accedi", "Sign in"),
    "signout": ("Esci", "Sign out"),
    "token": ("Codice di accesso (token)", "Access token"),
    "token_help": (
        "Il codice personale ricevuto dall'amministratore (percorsi users add).",
        "The personal token your administrator gave you (percorsi users add).",
    ),
    "bad_token": ("Codice sconosciuto o revocato.", "Unknown or revoked token."),
    "not_casework": (
        "Il tuo ruolo non registra percorsi: usa la dashboard.",
        "Your role does not record cases: use the dashboard.",
    ),
    "caseload": ("I miei percorsi", "My caseload"),
    "groups": ("Gruppi", "Groups"),
    "sheet": ("Foglio presenze", "Attendance sheet"),
    "present": ("Presenti", "Present"),
    "sessions": ("incontri", "sessions"),
    "no_groups": ("Nessun gruppo nei tuoi programmi.", "No group in your programmes."),
    "no_members": ("Nessun percorso attivo in questo programma.", "No active case here."),
    "find": ("Cerca o registra una donna", "Find or register a woman"),
    "nav": ("Navigazione principale", "Main navigation"),
    "lang_switch": ("English", "Italiano"),
    "programme": ("Programma", "Programme"),
    "status": ("Stato", "Status"),
    "due": ("Da fare", "Due"),
    "due_on": ("Entro il", "By"),
    "overdue": ("scaduto", "overdue"),
    "referred_on": ("Segnalata il", "Referred on"),
    "case": ("Percorso", "Case"),
    "filter": ("Filtra", "Filter"),
    "all": ("Tutti", "All"),
    "only_due": ("Solo con scadenze superate", "Only overdue"),
    "sort": ("Ordina per", "Sort by"),
    "open": ("Apri", "Open"),
    "nothing_due": ("Niente in scadenza", "Nothing due"),
    "cases_shown": ("percorsi mostrati", "cases shown"),
    "no_cases": ("Nessun percorso corrisponde ai filtri.", "No case matches the filters."),
    "search": ("Cerca", "Search"),
    "fiscal_code": ("Codice fiscale", "Fiscal code"),
    "full_name": ("Nome e cognome", "Full name"),
    "birth_date": ("Data di nascita", "Birth date"),
    "search_help": (
        "Codice fiscale, oppure nome e data di nascita.",
        "Fiscal code, or name and birth date.",
    ),
    "results": ("Risultati", "Results"),
    "no_match": (
        "Nessuna donna registrata corrisponde (nei tuoi programmi).",
        "No registered woman matches (in your programmes).",
    ),
    "duplicate": (
        "Attenzione: una donna con questi dati è già registrata. Apri la sua scheda invece di "
        "registrarla di nuovo, oppure conferma che è un'altra persona.",
        "Warning: a woman with these data is already registered. Open her record instead of "
        "registering her again, or confirm she is someone else.",
    ),
    "confirm_new": ("È un'altra persona: registra comunque", "She is someone else: register"),
    "register": ("Registra una nuova donna", "Register a new woman"),
    "person": ("Scheda della donna", "Her record"),
    "her_cases": ("I suoi percorsi", "Her cases"),
    "refer": ("Apri un percorso (segnalazione)", "Open a case (referral)"),
    "timeline": ("Storia del percorso", "Case timeline"),
    "recorded_by": ("registrato da", "recorded by"),
    "recorded_at": ("il", "at"),
    "corrected_by": ("corretto da", "corrected by"),
    "corrects": ("corregge la voce", "corrects entry"),
    "original": ("Voce originale", "Original entry"),
    "correction": ("Correzione", "Correction"),
    "actions": ("Registra", "Record"),
    "save": ("Registra", "Record"),
    "reapply": ("Registra di nuovo sulla versione attuale", "Record again on the current version"),
    "recorded": ("Registrato.", "Recorded."),
    "replayed": (
        "Era già stato registrato: nessun doppione.",
        "It had already been recorded: no duplicate.",
    ),
    "conflict": (
        "Nel frattempo qualcun altro ha modificato questo percorso. Ecco cosa è cambiato; i tuoi "
        "dati sono ancora nel modulo: controllali e registra di nuovo.",
        "Someone else changed this case meanwhile. Here is what changed; your entries are still "
        "in the form: check them and record again.",
    ),
    "fix_errors": ("Correggi i campi indicati.", "Please fix the fields marked."),
    "required": ("obbligatorio", "required"),
    "optional": ("facoltativo", "optional"),
    "version": ("versione", "version"),
    "back_case": ("Torna al percorso", "Back to the case"),
    "pick_entry": ("Voce da correggere", "Entry to correct"),
    "choose": ("Scegli", "Choose"),
    "why": ("Motivo della correzione", "Reason for the correction"),
    "void": (
        "Annulla questa voce (registrata per errore)",
        "Void this entry (recorded by mistake)",
    ),
    "no_correctable": ("Nessuna voce correggibile.", "No entry can be corrected."),
    "state": ("Situazione attuale", "Current state"),
    "not_found": ("Non trovato.", "Not found."),
    "forbidden": (
        "Questo percorso appartiene a un programma in cui non lavori.",
        "This case belongs to a programme you do not work in.",
    ),
    "yes": ("sì", "yes"),
    "no": ("no", "no"),
    "date": ("Data", "Date"),
}

ERRORS: dict[str, tuple[str, str]] = {
    "required": ("Campo obbligatorio", "This field is required"),
    "invalid_value": ("Valore non valido", "Invalid value"),
    "future_date": ("La data è nel futuro", "The date is in the future"),
    "outside_programme_period": (
        "La data è fuori dal periodo del programma",
        "The date is outside the programme's period",
    ),
    "date_out_of_sequence": (
        "La data precede un evento già registrato",
        "The date comes before an event already recorded",
    ),
    "case_closed": ("Il percorso è chiuso", "The case is closed"),
    "case_already_closed": ("Il percorso è già chiuso", "The case is already closed"),
    "case_suspended": ("Il percorso è sospeso", "The case is suspended"),
    "case_not_suspended": ("Il percorso non è sospeso", "The case is not suspended"),
    "intake_required": ("Serve prima la presa in carico", "Complete the intake first"),
    "intake_already_done": ("La presa in carico è già registrata", "Intake is already recorded"),
    "consent_required": ("Serve prima il consenso", "Consent is required first"),
    "consent_not_given": ("Il consenso non era stato dato", "Consent had not been given"),
    "plan_required": ("Serve prima il progetto personalizzato", "Agree a plan first"),
    "permission_denied": ("Il tuo ruolo non lo consente", "Your role may not do this"),
    "not_found": ("Non trovato", "Not found"),
    "already_exists": ("Esiste già", "Already exists"),
    "person_erased": ("I dati di questa donna sono stati cancellati", "Her data was erased"),
    "invalid_correction": ("Correzione non valida", "Invalid correction"),
    "invalid_transfer": ("Passaggio non valido", "Invalid transfer"),
    "follow_up_before_closure": (
        "I follow-up si registrano dopo la chiusura",
        "Follow-ups are recorded after closure",
    ),
    "follow_up_already_recorded": ("Follow-up già registrato", "Follow-up already recorded"),
    "idempotency_key_reused": ("Modulo già usato: ricaricalo", "Form already used: reload it"),
    "invalid_text": ("Testo non valido (caratteri di controllo)", "Invalid text"),
    "group_closed": ("Il gruppo è concluso", "The group has ended"),
}


def word(key: str, lang: str) -> str:
    it, en = WORDS.get(key, (key, key))
    return en if lang == "en" else it


def error_text(code: str, message: str, lang: str) -> str:
    """Italian by code (then the domain's own detail); English is the domain's message."""
    if lang == "en":
        return message
    it, _ = ERRORS.get(code, ("Dato non accettato", ""))
    return it if code == "required" else f"{it} ({message})"
