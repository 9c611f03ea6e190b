"""The link function: the page-at-a-time version agrees with the definition, and is injective
enough that moving a byte between fields changes the link."""

from __future__ import annotations

from types import SimpleNamespace
from uuid import UUID, uuid4

from infra.audit.links import GENESIS, chain_page, link


def records(count: int) -> list[SimpleNamespace]:
    return [
        SimpleNamespace(
            id=i * 3,
            originator_id=uuid4() if i % 3 else f"text-{i}",
            originator_version=i,
            topic=f"mod:Agg.Ev{i % 4}",
            state=bytes(range(i % 250)) * 3,
        )
        for i in range(1, 120)
    ]


def test_chain_page_equals_the_link_definition_across_pages() -> None:
    rows = records(119)
    expected, previous = [], GENESIS
    for n in rows:
        previous = link(previous, n.id, n.originator_id, n.originator_version, n.topic, n.state)
        expected.append(previous)
    topics: dict[str, bytes] = {}
    first = chain_page(GENESIS, rows[:50], topics)
    assert first + chain_page(first[-1], rows[50:], topics) == expected


def test_every_field_is_bound_into_the_link() -> None:
    oid = UUID(int=7)
    base = link(GENESIS, 5, oid, 2, "a:B", b"xy")
    variants = [
        link(GENESIS, 6, oid, 2, "a:B", b"xy"),
        link(GENESIS, 5, UUID(int=8), 2, "a:B", b"xy"),
        link(GENESIS, 5, oid, 3, "a:B", b"xy"),
        link(GENESIS, 5, oid, 2, "a:Bx", b"y"),
        link(GENESIS, 5, oid, 2, "a:B", b"xz"),
        link(base, 5, oid, 2, "a:B", b"xy"),
    ]
    assert len({base, *variants}) == 7
