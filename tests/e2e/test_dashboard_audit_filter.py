"""The Audit page's pure parts: the event-type filter of the timeline and the check's wording."""

from __future__ import annotations

from datetime import UTC, date, datetime

from dashboard.components.audit_status import chain_alert
from dashboard.components.timeline import kind_options, timeline
from dashboard.ports import CaseHistory, ChainStatus, HistoryEntry


def entry(version: int, kind: str, corrects: int | None = None) -> HistoryEntry:
    return HistoryEntry(
        version,
        None,
        kind,
        date(2015, 1, version),
        datetime(2026, 1, 1),
        "op-1",
        "coordinator",
        "api",
        {"it": f"v{version}", "en": f"v{version}"},
        corrects,
    )


HISTORY = CaseHistory(
    "c",
    [
        entry(1, "Referred"),
        entry(2, "ActivityRecorded"),
        entry(3, "ActivityRecorded"),
        entry(4, "Corrected", corrects=2),
        entry(5, "Closed"),
    ],
    {"it": [], "en": []},
    5,
    5,
)


def ids(kinds: list[str]) -> list[str]:
    return [item.id for item in timeline(HISTORY, "it", kinds).children]


def test_the_filter_keeps_chosen_kinds_with_their_corrections_under_them() -> None:
    assert ids([]) == ["audit-v1", "audit-v2", "audit-v4", "audit-v3", "audit-v5"]
    assert ids(["ActivityRecorded"]) == ["audit-v2", "audit-v4", "audit-v3"]
    assert ids(["Referred", "Closed"]) == ["audit-v1", "audit-v5"]
    assert ids(["Corrected"]) == ["audit-v4"]  # shown alone: what it corrects is filtered out


def test_no_event_of_the_chosen_kinds_says_so() -> None:
    found = timeline(HISTORY, "en", ["FollowedUp"])
    assert found.id == "audit-no-kinds" and "No events" in found.children


def test_the_options_name_each_kind_once_with_its_count_in_the_readers_language() -> None:
    options = kind_options(HISTORY, "it")
    assert [o["value"] for o in options] == ["Referred", "ActivityRecorded", "Corrected", "Closed"]
    assert options[1]["label"] == "Attività svolta (2)"
    assert kind_options(HISTORY, "en")[3]["label"] == "Case closed (1)"


def test_the_status_says_which_check_ran() -> None:
    quick = ChainStatus(
        True,
        31_000,
        31_000,
        "ok",
        full=False,
        rechecked=412,
        verified_from=30_000,
        last_full_at=datetime(2026, 12, 1, 9, 30, tzinfo=UTC),
    )
    text = str(chain_alert(quick, "it").children[2].children)
    assert "412" in text and "30.000" in text and "1 dic 2026" in text
    full = str(chain_alert(ChainStatus(True, 31_000, 31_000, "ok"), "en").children[2].children)
    assert full.startswith("Full verification") and "31,000" in full
