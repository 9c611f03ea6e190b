"""The ESF 2014–2020 common indicators for participants, mapped onto our vocabularies.

Codes and wording follow Annex I of Regulation (EU) No 1304/2013 (CO = output, CR = result).
Each indicator is one protected measure (ADR 0012) over one population: participants (cases
with an intake, by year of entry) or leavers (closed cases with an intake, by year of leaving).
`cond` is SQL over `case_facts` (plus `qualified` and `disadvantaged`, see indicators.py);
`None` means Percorsi does not record what the indicator needs, and the table says so instead
of showing 0. The mapping and its arguments are in docs/adr/0017.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Basis = Literal["participants", "leavers"]

EMPLOYED = "('employed', 'self_employed')"
"""Regular work at exit and at follow-up: informal work does not count (EmploymentStatus)."""
_AT_ENTRY_EMPLOYED = "('employed', 'self_employed', 'informal')"
"""At entry ESF follows the ILO: any paid work, informal work included, is employment."""
_INACTIVE = "('inactive', 'in_training')"
_OVER_54 = "age_band IN ('55-59', '60-64', '65+')"
_LEFT = "status = 'closed'"
"""Leaving is closure: a carry-over to the successor programme continues her path (the same
text as outcomes.CLOSED, so both queries name the same measure)."""


@dataclass(frozen=True)
class Indicator:
    """One row of the funders' table."""

    code: str
    basis: Basis
    cond: str | None
    it: str
    en: str

    @property
    def recorded(self) -> bool:
        return self.cond is not None

    def label(self, lang: str) -> str:
        return self.it if lang == "it" else self.en


def _p(code: str, cond: str | None, it: str, en: str) -> Indicator:
    return Indicator(code, "participants", cond, it, en)


def _l(code: str, cond: str | None, it: str, en: str) -> Indicator:
    return Indicator(code, "leavers", None if cond is None else f"{_LEFT} AND {cond}", it, en)


INDICATORS: tuple[Indicator, ...] = (
    _p("TOT", "TRUE", "Partecipanti (ingressi)", "Participants (entries)"),
    _p(
        "CO01",
        "employment_intake = 'unemployed_seeking'",
        "Disoccupati, compresi i disoccupati di lungo periodo",
        "Unemployed, including long-term unemployed",
    ),
    _p("CO02", None, "Disoccupati di lungo periodo", "Long-term unemployed"),
    _p("CO03", f"employment_intake IN {_INACTIVE}", "Inattivi", "Inactive"),
    _p(
        "CO04",
        "employment_intake = 'inactive'",
        "Inattivi che non seguono corsi di istruzione o formazione",
        "Inactive, not in education or training",
    ),
    _p(
        "CO05",
        f"employment_intake IN {_AT_ENTRY_EMPLOYED}",
        "Occupati, compresi i lavoratori autonomi",
        "Employed, including self-employed",
    ),
    _p("CO06", "age_band IN ('<20', '20-24')", "Persone di età inferiore a 25 anni", "Below 25"),
    _p(
        "AGE25_54",
        "age_band NOT IN ('<20', '20-24', '55-59', '60-64', '65+')",
        "Persone di età compresa tra 25 e 54 anni",
        "Aged 25 to 54",
    ),
    _p("CO07", _OVER_54, "Persone di età superiore a 54 anni", "Above 54"),
    _p(
        "CO08",
        f"{_OVER_54} AND employment_intake IN ('unemployed_seeking', 'inactive')",
        "Oltre 54 anni, disoccupati o inattivi non in istruzione o formazione",
        "Above 54, unemployed or inactive not in education or training",
    ),
    _p("ISCED0", "education = 'none'", "Nessun titolo (ISCED 0)", "No schooling (ISCED 0)"),
    _p(
        "CO09",
        "education IN ('primary', 'lower_secondary')",
        "Titolo ISCED 1 o 2",
        "Primary or lower secondary (ISCED 1–2)",
    ),
    _p(
        "CO10",
        "education IN ('upper_secondary', 'vocational')",
        "Titolo ISCED 3 o 4",
        "Upper secondary or post-secondary (ISCED 3–4)",
    ),
    _p("CO11", "education = 'tertiary'", "Titolo ISCED 5–8", "Tertiary (ISCED 5–8)"),
    _p("CO12", None, "In famiglie senza lavoro", "In jobless households"),
    _p(
        "CO13",
        None,
        "In famiglie senza lavoro con figli a carico",
        "In jobless households with dependent children",
    ),
    _p(
        "CO14",
        "household_type = 'single_mother'",
        "In famiglie di un unico adulto con figli a carico",
        "In single-adult households with dependent children",
    ),
    _p(
        "CO15",
        "foreign_background",
        "Migranti, persone di origine straniera, minoranze",
        "Migrants, participants with a foreign background, minorities",
    ),
    _p("CO16", None, "Partecipanti con disabilità", "Participants with disabilities"),
    _p("CO17", None, "Altre persone svantaggiate", "Other disadvantaged people"),
    _p(
        "CO18",
        "housing_intake IN ('shelter', 'precarious')",
        "Senza dimora o colpiti da esclusione abitativa",
        "Homeless or affected by housing exclusion",
    ),
    _p("CO19", None, "Provenienti da zone rurali", "From rural areas"),
    _l("LEFT", "TRUE", "Partecipanti usciti", "Participants leaving"),
    _l(
        "CR01",
        f"employment_intake IN {_INACTIVE} AND employment_exit = 'unemployed_seeking'",
        "Inattivi che cercano lavoro alla fine della partecipazione",
        "Inactive participants engaged in job searching upon leaving",
    ),
    _l(
        "CR02",
        "employment_exit = 'in_training'",
        "Impegnati in istruzione/formazione alla fine della partecipazione",
        "In education or training upon leaving",
    ),
    _l(
        "CR03",
        "qualified",
        "Che ottengono una qualifica alla fine della partecipazione",
        "Gaining a qualification upon leaving",
    ),
    _l(
        "CR04",
        f"employment_exit IN {EMPLOYED}",
        "Occupati, anche autonomi, alla fine della partecipazione",
        "In employment, including self-employment, upon leaving",
    ),
    _l(
        "CR05",
        "disadvantaged AND (employment_exit IN ('unemployed_seeking', 'in_training', "
        "'employed', 'self_employed') OR qualified)",
        "Svantaggiati che cercano lavoro, in formazione, qualificati o occupati all'uscita",
        "Disadvantaged: job searching, in education/training, qualified or employed on leaving",
    ),
    _l("DUE6", "due_6", "Usciti da almeno sei mesi", "Left at least six months before"),
    _l(
        "REACHED6",
        "employment_6 IS NOT NULL AND employment_6 <> 'lost'",
        "Raggiunti al follow-up dei sei mesi",
        "Reached at the six-month follow-up",
    ),
    _l(
        "CR06",
        f"employment_6 IN {EMPLOYED}",
        "Occupati, anche autonomi, entro i sei mesi successivi all'uscita",
        "In employment, including self-employment, six months after leaving",
    ),
    _l(
        "CR07",
        f"employment_intake = 'informal' AND employment_6 IN {EMPLOYED}",
        "Con una situazione migliore sul mercato del lavoro entro i sei mesi successivi",
        "With an improved labour market situation six months after leaving",
    ),
    _l(
        "CR08",
        f"{_OVER_54} AND employment_6 IN {EMPLOYED}",
        "Oltre 54 anni, occupati entro i sei mesi successivi all'uscita",
        "Above 54, in employment six months after leaving",
    ),
    _l(
        "CR09",
        f"disadvantaged AND employment_6 IN {EMPLOYED}",
        "Svantaggiati occupati entro i sei mesi successivi all'uscita",
        "Disadvantaged, in employment six months after leaving",
    ),
)
"""The rows in the funders' order. Codes without an ESF number (TOT, AGE25_54, ISCED0, LEFT,
DUE6, REACHED6) are the denominators and splits a funder asks for beside the common ones."""

BY_CODE = {i.code: i for i in INDICATORS}

DISADVANTAGED = (
    "(foreign_background OR household_type = 'single_mother' "
    "OR housing_intake IN ('shelter', 'precarious'))"
)
"""Disadvantaged, for CR05 and CR09: any of CO14, CO15, CO18 (the ones Percorsi records)."""

QUALIFICATIONS = ("training_completed", "language_certified")
"""Outcomes that are a qualification gained (a recognised title is not gained here)."""
