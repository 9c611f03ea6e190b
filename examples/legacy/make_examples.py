"""Writes cases.csv and cases.xlsx: the documented legacy layout with four fictitious women.

Run `uv run python examples/legacy/make_examples.py`; every name and note here is invented.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from openpyxl import Workbook

from infra.legacy.layout import COLUMNS

HERE = Path(__file__).parent
SAMIRA = {
    "full_name": "Samira Esempio",
    "fiscal_code": "SMRSMP85C45Z330K",
    "birth_date": "1985-03-05",
    "phone": "+39 333 0000001",
    "email": "samira.esempio@example.org",
    "address": "Via di Prova 1, 50122 Firenze",
    "birth_year": "1985",
    "country": "MA",
    "arrival_year": "2009",
    "first_language": "ar",
    "italian_level": "a2",
    "education": "lower_secondary",
    "permit": "family",
    "municipality": "Firenze",
    "household": "single_mother",
    "children": "2010|2013*",
}
OLENA = {
    "full_name": "Olena Prova",
    "fiscal_code": "PRVLNO79M52Z138T",
    "birth_date": "1979-08-12",
    "phone": "+39 347 0000002",
    "email": "olena.prova@example.net",
    "address": "Viale Finto 22, 50127 Firenze",
    "birth_year": "1979",
    "country": "UA",
    "arrival_year": "2011",
    "first_language": "uk",
    "italian_level": "a1",
    "education": "tertiary",
    "permit": "work",
    "municipality": "Firenze",
    "household": "alone",
}
ROSA = {
    "full_name": "Rosa Campione",
    "fiscal_code": "CMPRSO88A41Z611F",
    "birth_date": "1988-01-01",
    "phone": "+39 320 0000003",
    "email": "rosa.campione@example.com",
    "address": "Via Inventata 3, 50053 Empoli",
    "birth_year": "1988",
    "country": "PE",
    "arrival_year": "2015",
    "first_language": "es",
    "italian_level": "a2",
    "education": "upper_secondary",
    "permit": "family",
    "municipality": "Empoli",
    "household": "couple_children",
    "children": "2012*|2016",
}
NADIA = {
    "full_name": "Nadia Fittizia",
    "fiscal_code": "FTTNDA90D50Z352W",
    "birth_date": "1990-04-10",
    "phone": "+39 331 0000004",
    "address": "Piazza Immaginaria 4, 50053 Empoli",
    "birth_year": "1990",
    "country": "TN",
    "arrival_year": "2016",
    "first_language": "ar",
    "italian_level": "a1",
    "education": "upper_secondary",
    "permit": "family",
    "municipality": "Empoli",
    "household": "couple_children",
    "children": "2017",
}
BASELINE = "work=3|language=4|housing=5|money=2|services=4|network=3|family=6|wellbeing=5"


def row(case: str, person: str, day: str, action: str, **cells: str) -> dict[str, str]:
    return {"case_ref": case, "person_ref": person, "date": day, "action": action, **cells}


ROWS = [
    row(
        "LF-2017-001",
        "P001",
        "2017-03-06",
        "referral",
        programme="LESFEMMES",
        referring_service="social_fi",
        reasons="employment|language",
        **SAMIRA,
    ),
    row("LF-2017-001", "P001", "2017-03-06", "consent", scope="processing"),
    row("LF-2017-001", "P001", "2017-03-06", "consent", scope="analytics"),
    row(
        "LF-2017-001",
        "P001",
        "2017-03-20",
        "intake",
        scores=BASELINE,
        employment="unemployed_seeking",
        income_source="benefits",
        housing="rented",
        needs="job|language|childcare",
        notes="Nota di esempio: nessun dato reale",
    ),
    row("LF-2017-001", "P001", "2017-04-03", "plan", goals="work:2017-12-31|language:2017-10-31"),
    row("LF-2017-001", "P001", "2017-04-10", "activity", kind="italian_course", hours="3"),
    row("LF-2017-001", "P001", "2017-05-15", "activity", kind="job_accompaniment", hours="2"),
    row("LF-2017-001", "P001", "2017-06-12", "service_referral", kind="employment_centre"),
    row("LF-2017-001", "P001", "2017-07-20", "assessment", scores="work=4|language=5"),
    row(
        "LF-2017-001",
        "P001",
        "2017-09-04",
        "outcome",
        kind="job_started",
        contract_kind="fixed_term",
        weekly_hours="24",
    ),
    row(
        "LF-2017-001",
        "P001",
        "2017-11-30",
        "closure",
        reason="goals_achieved",
        employment="employed",
    ),
    row(
        "LF-2017-001",
        "P001",
        "2018-06-05",
        "follow_up",
        months="6",
        reached="yes",
        employment="employed",
        income_source="own_work",
        housing="rented",
    ),
    row("LF-2017-001", "P001", "2018-12-03", "follow_up", months="12", reached="no"),
    row(
        "B2-2013-014",
        "P002",
        "2013-10-07",
        "referral",
        programme="BILLAN2",
        referring_service="social_fi",
        reasons="employment|housing",
        **OLENA,
    ),
    row("B2-2013-014", "P002", "2013-10-07", "consent", scope="processing"),
    row(
        "B2-2013-014",
        "P002",
        "2013-10-21",
        "intake",
        scores=BASELINE,
        employment="informal",
        income_source="own_work",
        housing="shared",
    ),
    row("B2-2013-014", "P002", "2013-11-04", "plan", goals="work:2014-06-30"),
    row("B2-2013-014", "P002", "2013-12-02", "activity", kind="orientation", hours="2"),
    row("B2-2013-014", "P002", "2014-02-10", "suspension", reason="health"),
    row("B2-2013-014", "P002", "2014-04-07", "resumption"),
    row("B2-2013-014", "P002", "2014-05-12", "activity", kind="cv_workshop", hours="2"),
    row("B2-2013-014", "P002", "2014-06-16", "outcome", kind="qualification_recognised"),
    row(
        "B2-2013-014",
        "P002",
        "2014-10-31",
        "closure",
        reason="referred_elsewhere",
        employment="unemployed_seeking",
    ),
    row(
        "LF-2018-022",
        "P002",
        "2018-02-12",
        "referral",
        programme="LESFEMMES",
        referring_service="social_fi",
        reasons="employment",
    ),
    row("LF-2018-022", "P002", "2018-02-12", "consent", scope="processing"),
    row("LF-2018-022", "P002", "2018-02-12", "consent", scope="analytics"),
    row(
        "LF-2018-022",
        "P002",
        "2018-02-26",
        "intake",
        scores=BASELINE,
        employment="unemployed_seeking",
        income_source="none",
        housing="rented",
    ),
    row("LF-2018-022", "P002", "2018-03-12", "plan", goals="work:2018-12-31"),
    row("LF-2018-022", "P002", "2018-04-09", "activity", kind="training", hours="4"),
    row("LF-2018-022", "P002", "2018-06-11", "outcome", kind="language_certified", cefr_level="b1"),
    row(
        "LF-2018-022",
        "P002",
        "2018-07-02",
        "outcome",
        kind="job_started",
        contract_kind="domestic",
        weekly_hours="20",
    ),
    row("LF-2018-022", "P002", "2018-09-28", "closure", reason="autonomy", employment="employed"),
    row(
        "LF-2018-022",
        "P002",
        "2019-04-01",
        "follow_up",
        months="6",
        reached="yes",
        employment="employed",
    ),
    row(
        "EMP-2019-007",
        "P003",
        "2019-01-14",
        "referral",
        programme="EMP",
        referring_service="social_empoli",
        reasons="child_special_needs|isolation",
        **ROSA,
    ),
    row("EMP-2019-007", "P003", "2019-01-14", "consent", scope="processing"),
    row("EMP-2019-007", "P003", "2019-01-14", "consent", scope="analytics"),
    row(
        "EMP-2019-007",
        "P003",
        "2019-01-28",
        "intake",
        scores=BASELINE,
        employment="inactive",
        income_source="partner",
        housing="rented",
        needs="childcare",
    ),
    row("EMP-2019-007", "P003", "2019-02-11", "plan", goals="family:2019-09-30|network:2019-12-31"),
    row("EMP-2019-007", "P003", "2019-02-18", "activity", kind="listening_interview", hours="1"),
    row("EMP-2019-007", "P003", "2019-03-18", "activity", kind="rei_team_review", hours="1"),
    row(
        "EMP-2019-007",
        "P003",
        "2019-04-15",
        "activity",
        kind="cultural_mediation",
        hours="2",
        notes="Mediazione di esempio, testo inventato",
    ),
    row("EMP-2019-007", "P003", "2019-06-10", "service_referral", kind="disability"),
    row("EMP-2019-007", "P003", "2019-09-16", "assessment", scores="family=6|network=5"),
    row("EMP-2019-007", "P003", "2019-10-01", "consent_withdrawal", scope="analytics"),
    row(
        "EMP-2019-007", "P003", "2020-01-31", "closure", reason="dropped_out", employment="inactive"
    ),
    # Nadia: first put on the waiting list (not taken on, ADR 0016), reached at 6 months,
    # referred again and taken on; both times she was asked her months in work before.
    row(
        "EMP-2018-031",
        "P004",
        "2018-05-07",
        "referral",
        programme="EMP",
        referring_service="social_empoli",
        reasons="employment|language",
        **NADIA,
    ),
    row("EMP-2018-031", "P004", "2018-05-07", "consent", scope="processing"),
    row(
        "EMP-2018-031",
        "P004",
        "2018-05-21",
        "not_taken_on",
        reason="waiting_list",
        employment="unemployed_seeking",
        months_worked_prior_24="5",
    ),
    row(
        "EMP-2018-031",
        "P004",
        "2018-11-26",
        "follow_up",
        months="6",
        reached="yes",
        employment="informal",
    ),
    row(
        "EMP-2019-002",
        "P004",
        "2019-01-14",
        "referral",
        programme="EMP",
        referring_service="social_empoli",
        reasons="employment",
    ),
    row("EMP-2019-002", "P004", "2019-01-14", "consent", scope="processing"),
    row(
        "EMP-2019-002",
        "P004",
        "2019-01-28",
        "intake",
        scores=BASELINE,
        employment="informal",
        income_source="partner",
        housing="rented",
        needs="job|language",
        months_worked_prior_24="8",
    ),
]


def write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(COLUMNS))
        writer.writeheader()
        writer.writerows({c: r.get(c, "") for c in COLUMNS} for r in rows)


def write_xlsx(path: Path, rows: list[dict[str, str]]) -> None:
    """Dates as real Excel dates, as a spreadsheet exported by hand would have them."""
    book = Workbook()
    sheet = book.active
    sheet.append(list(COLUMNS))
    for r in rows:
        cells: list[object] = [r.get(c, "") or None for c in COLUMNS]
        cells[COLUMNS.index("date")] = date.fromisoformat(r["date"])
        sheet.append(cells)
    book.save(path)


if __name__ == "__main__":
    write_csv(HERE / "cases.csv", ROWS)
    write_xlsx(HERE / "cases.xlsx", ROWS)
    print(f"written {len(ROWS)} rows to cases.csv and cases.xlsx")
