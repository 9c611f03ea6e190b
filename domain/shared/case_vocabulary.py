"""Vocabularies of the case path: referral, assessment, activities, outcomes, closure."""

from __future__ import annotations

from .labels import LabelledEnum


class ReferringService(LabelledEnum):
    SIAST_Q1 = ("siast_q1", "SIAST Quartiere 1 (Firenze)", "SIAST District 1 (Florence)")
    SOCIAL_SERVICE_FI = (
        "social_fi",
        "Servizio sociale Comune di Firenze",
        "Florence municipal social service",
    )
    SOCIAL_SERVICE_EMPOLI = (
        "social_empoli",
        "Servizi sociali Empolese Valdelsa",
        "Empolese Valdelsa social services",
    )
    SDS_NORD_OVEST = (
        "sds_nord_ovest",
        "Società della Salute Nord Ovest",
        "North-West Health Society",
    )
    HEALTH = ("health", "Servizi sanitari / consultorio", "Health services / family clinic")
    SCHOOL = ("school", "Scuola", "School")
    ANTI_VIOLENCE = ("anti_violence", "Centro antiviolenza", "Anti-violence centre")
    ASSOCIATION = ("association", "Associazione del territorio", "Local association")
    REI_TEAM = ("rei_team", "Équipe REI", "REI team")


class ReferralReason(LabelledEnum):
    EMPLOYMENT = ("employment", "Ricerca di lavoro", "Looking for work")
    INCOME = ("income", "Difficoltà economiche", "Financial hardship")
    HOUSING = ("housing", "Problemi abitativi", "Housing problems")
    LANGUAGE = ("language", "Conoscenza dell'italiano", "Italian language")
    ISOLATION = ("isolation", "Isolamento sociale", "Social isolation")
    PARENTING = ("parenting", "Sostegno alla genitorialità", "Parenting support")
    CHILD_SPECIAL_NEEDS = (
        "child_special_needs",
        "Figli con bisogni speciali",
        "Children with special needs",
    )
    VIOLENCE = ("violence", "Violenza di genere", "Gender-based violence")
    DOCUMENTS = ("documents", "Documenti e permesso di soggiorno", "Documents and permit")
    SERVICE_ACCESS = ("service_access", "Accesso ai servizi", "Access to services")


class ConsentScope(LabelledEnum):
    PROCESSING = (
        "processing",
        "Trattamento dei dati per la presa in carico",
        "Processing for case work",
    )
    ANALYTICS = ("analytics", "Uso anonimo per la valutazione", "Anonymous use for evaluation")


class AssessmentDomain(LabelledEnum):
    """Percorsi's own autonomy domains, each scored 1 (critical) to 10 (autonomous)."""

    WORK = ("work", "Lavoro e occupabilità", "Work and employability")
    LANGUAGE = ("language", "Lingua italiana", "Italian language")
    HOUSING = ("housing", "Stabilità abitativa", "Housing stability")
    MONEY = ("money", "Autonomia economica", "Financial autonomy")
    SERVICES = ("services", "Conoscenza e uso dei servizi", "Knowing and using services")
    NETWORK = ("network", "Rete relazionale", "Social network")
    FAMILY = ("family", "Cura familiare e genitorialità", "Family care and parenting")
    WELLBEING = ("wellbeing", "Benessere e sicurezza", "Wellbeing and safety")


SCORE_MIN, SCORE_MAX = 1, 10


class Need(LabelledEnum):
    JOB = ("job", "Lavoro", "Job")
    LANGUAGE = ("language", "Lingua", "Language")
    HOUSING = ("housing", "Casa", "Housing")
    CHILDCARE = ("childcare", "Cura dei figli", "Childcare")
    DOCUMENTS = ("documents", "Documenti", "Documents")
    HEALTH = ("health", "Salute", "Health")
    LEGAL = ("legal", "Consulenza legale", "Legal advice")
    INCOME = ("income", "Reddito", "Income")
    SAFETY = ("safety", "Sicurezza personale", "Personal safety")


class ActivityKind(LabelledEnum):
    LISTENING_INTERVIEW = (
        "listening_interview",
        "Colloquio allo Spazio di Ascolto",
        "Listening-space interview",
    )
    ORIENTATION = ("orientation", "Orientamento", "Orientation")
    JOB_ACCOMPANIMENT = ("job_accompaniment", "Accompagnamento al lavoro", "Job accompaniment")
    CV_WORKSHOP = ("cv_workshop", "Laboratorio CV", "CV workshop")
    TRAINING = ("training", "Corso di formazione", "Training course")
    ITALIAN_COURSE = ("italian_course", "Corso di italiano", "Italian course")
    CULTURAL_MEDIATION = ("cultural_mediation", "Mediazione culturale", "Cultural mediation")
    GROUP_SESSION = ("group_session", "Incontro di gruppo", "Group session")
    REI_TEAM_REVIEW = ("rei_team_review", "Verifica équipe REI", "REI team review")


class ServiceKind(LabelledEnum):
    """Services a woman may be referred on to."""

    EMPLOYMENT_CENTRE = ("employment_centre", "Centro per l'impiego", "Job centre")
    HEALTH = ("health", "Servizi sanitari", "Health services")
    MENTAL_HEALTH = ("mental_health", "Salute mentale", "Mental health")
    ANTI_VIOLENCE = ("anti_violence", "Centro antiviolenza", "Anti-violence centre")
    LEGAL_AID = ("legal_aid", "Assistenza legale", "Legal aid")
    HOUSING_OFFICE = ("housing_office", "Ufficio casa", "Housing office")
    CHILDCARE = ("childcare", "Nido e servizi per l'infanzia", "Childcare services")
    ADULT_EDUCATION = ("adult_education", "CPIA (istruzione adulti)", "Adult education (CPIA)")
    PATRONATO = ("patronato", "Patronato / CAF", "Welfare advice bureau")
    DISABILITY = ("disability", "Servizi per la disabilità", "Disability services")


class OutcomeKind(LabelledEnum):
    JOB_STARTED = ("job_started", "Inizio lavoro", "Job started")
    TRAINING_COMPLETED = ("training_completed", "Formazione completata", "Training completed")
    LANGUAGE_CERTIFIED = ("language_certified", "Certificazione linguistica", "Language certified")
    HOUSING_SECURED = ("housing_secured", "Casa stabile ottenuta", "Housing secured")
    PERMIT_OBTAINED = (
        "permit_obtained",
        "Permesso ottenuto o rinnovato",
        "Permit obtained or renewed",
    )
    BENEFITS_LEFT = ("benefits_left", "Uscita dai sostegni pubblici", "Left public benefits")
    QUALIFICATION_RECOGNISED = (
        "qualification_recognised",
        "Titolo di studio riconosciuto",
        "Qualification recognised",
    )
    DRIVING_LICENCE = ("driving_licence", "Patente conseguita", "Driving licence obtained")


class ContractKind(LabelledEnum):
    PERMANENT = ("permanent", "Tempo indeterminato", "Permanent")
    FIXED_TERM = ("fixed_term", "Tempo determinato", "Fixed-term")
    APPRENTICESHIP = ("apprenticeship", "Apprendistato", "Apprenticeship")
    AGENCY = ("agency", "Somministrazione", "Temporary agency")
    DOMESTIC = ("domestic", "Lavoro domestico", "Domestic work")
    INTERNSHIP = ("internship", "Tirocinio", "Work placement")
    SELF_EMPLOYED = ("self_employed", "Lavoro autonomo", "Self-employed")
    OCCASIONAL = ("occasional", "Prestazione occasionale", "Occasional work")


class SuspensionReason(LabelledEnum):
    MATERNITY = ("maternity", "Maternità", "Maternity")
    HEALTH = ("health", "Salute", "Health")
    ABROAD = ("abroad", "Soggiorno all'estero", "Time abroad")
    FAMILY = ("family", "Motivi familiari", "Family reasons")
    OTHER = ("other", "Altro", "Other")


class ClosureReason(LabelledEnum):
    GOALS_ACHIEVED = ("goals_achieved", "Obiettivi raggiunti", "Goals achieved")
    AUTONOMY = ("autonomy", "Autonomia raggiunta", "Autonomy reached")
    REFERRED_ELSEWHERE = (
        "referred_elsewhere",
        "Inviata ad altro servizio",
        "Referred to another service",
    )
    MOVED_AWAY = ("moved_away", "Trasferita altrove", "Moved away")
    DROPPED_OUT = ("dropped_out", "Abbandono", "Dropped out")
    LOST_CONTACT = ("lost_contact", "Contatto perso", "Lost contact")
    CONSENT_WITHDRAWN = ("consent_withdrawn", "Consenso revocato", "Consent withdrawn")
    PROGRAMME_ENDED = ("programme_ended", "Fine del progetto", "Programme ended")
    TRANSFERRED = (
        "transferred",
        "Passata al progetto successivo",
        "Carried over to the successor programme",
    )
    NOT_TAKEN_ON = ("not_taken_on", "Non presa in carico", "Not taken on")


class NotTakenOnReason(LabelledEnum):
    """Why a referred woman was not taken on: the comparison group of ADR 0016."""

    DECLINED = ("declined", "Ha rinunciato", "Declined")
    WAITING_LIST = ("waiting_list", "Lista d'attesa", "Waiting list")
    NOT_ELIGIBLE = ("not_eligible", "Non ammissibile", "Not eligible")


PRIOR_WORK_WINDOW_MONTHS = 24
"""Pre-referral labour history: months in work in this many months before the referral."""


FOLLOW_UP_MONTHS = (6, 12, 24)
