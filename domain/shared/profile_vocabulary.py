"""Vocabularies describing a woman's non-identifying profile and household."""

from __future__ import annotations

from .labels import LabelledEnum


class CEFRLevel(LabelledEnum):
    """Italian level on the Common European Framework scale (pre-A1 for no Italian)."""

    PRE_A1 = ("pre_a1", "Pre-A1 (nessuna conoscenza)", "Pre-A1 (no Italian)")
    A1 = ("a1", "A1", "A1")
    A2 = ("a2", "A2", "A2")
    B1 = ("b1", "B1", "B1")
    B2 = ("b2", "B2", "B2")
    C1 = ("c1", "C1", "C1")
    C2 = ("c2", "C2 / madrelingua", "C2 / native")

    @property
    def rank(self) -> int:
        """Position on the scale, 0 for pre-A1."""
        return list(CEFRLevel).index(self)


class EducationLevel(LabelledEnum):
    NONE = ("none", "Nessun titolo", "No schooling")
    PRIMARY = ("primary", "Primaria", "Primary")
    LOWER_SECONDARY = ("lower_secondary", "Secondaria di primo grado", "Lower secondary")
    UPPER_SECONDARY = ("upper_secondary", "Secondaria di secondo grado", "Upper secondary")
    VOCATIONAL = ("vocational", "Formazione professionale", "Vocational")
    TERTIARY = ("tertiary", "Laurea", "Tertiary")


class PermitKind(LabelledEnum):
    """Residence status; EU citizens and Italian citizens need no permit."""

    EU_CITIZEN = ("eu_citizen", "Cittadina UE", "EU citizen")
    FAMILY = ("family", "Permesso per motivi familiari", "Family permit")
    WORK = ("work", "Permesso per lavoro", "Work permit")
    INTERNATIONAL_PROTECTION = (
        "international_protection",
        "Protezione internazionale",
        "International protection",
    )
    SPECIAL = ("special", "Protezione speciale / umanitaria", "Special / humanitarian protection")
    LONG_TERM = ("long_term", "Permesso UE soggiornanti di lungo periodo", "EU long-term resident")
    CITIZENSHIP = ("citizenship", "Cittadinanza italiana", "Italian citizenship")
    PENDING = ("pending", "In attesa di rilascio/rinnovo", "Pending issue or renewal")
    NONE = ("none", "Senza permesso", "No permit")


class HouseholdType(LabelledEnum):
    ALONE = ("alone", "Donna sola", "Woman alone")
    SINGLE_MOTHER = ("single_mother", "Madre sola con figli", "Single mother")
    COUPLE_WITH_CHILDREN = ("couple_children", "Coppia con figli", "Couple with children")
    COUPLE_NO_CHILDREN = ("couple", "Coppia senza figli", "Couple without children")
    EXTENDED = ("extended", "Famiglia allargata", "Extended family")


class EmploymentStatus(LabelledEnum):
    UNEMPLOYED_SEEKING = ("unemployed_seeking", "Disoccupata in cerca", "Unemployed, seeking")
    INACTIVE = ("inactive", "Non in cerca", "Not seeking work")
    INFORMAL = ("informal", "Lavoro irregolare", "Informal work")
    EMPLOYED = ("employed", "Occupata", "Employed")
    SELF_EMPLOYED = ("self_employed", "Lavoratrice autonoma", "Self-employed")
    IN_TRAINING = ("in_training", "In formazione", "In training")

    @property
    def is_employed(self) -> bool:
        """Regular work counts; informal work does not."""
        return self in (EmploymentStatus.EMPLOYED, EmploymentStatus.SELF_EMPLOYED)


class IncomeSource(LabelledEnum):
    NONE = ("none", "Nessun reddito", "No income")
    OWN_WORK = ("own_work", "Lavoro proprio", "Own work")
    PARTNER = ("partner", "Partner", "Partner")
    FAMILY = ("family", "Famiglia", "Family")
    BENEFITS = ("benefits", "Sostegni pubblici (REI/RdC)", "Public benefits (REI/RdC)")
    MIXED = ("mixed", "Misto", "Mixed")


class HousingStatus(LabelledEnum):
    RENTED = ("rented", "Affitto regolare", "Rented")
    SHARED = ("shared", "Coabitazione", "Shared")
    SOCIAL = ("social", "Edilizia pubblica", "Social housing")
    HOSTED = ("hosted", "Ospite di parenti o conoscenti", "Hosted by relatives or friends")
    SHELTER = ("shelter", "Struttura di accoglienza", "Shelter")
    PRECARIOUS = ("precarious", "Abitazione precaria", "Precarious housing")

    @property
    def is_secure(self) -> bool:
        return self in (HousingStatus.RENTED, HousingStatus.SOCIAL)
