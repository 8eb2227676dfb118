"""The compliance list's filters and sorts as plain Python over gathered rows: the reference
that ``services.standing_list`` (SQL over the kept standing) must agree with
(tests/region/test_kept_standing.py compares both on random data)."""

from __future__ import annotations

from typing import Any

from charter.services.compliance_facts import (
    ROW_STATUSES,
    VERDICTS,
    ComplianceFilters,
    ComplianceRow,
    fold,
)


def apply(rows: list[ComplianceRow], filters: ComplianceFilters) -> list[ComplianceRow]:
    """The rows matching ``filters``, sorted as asked (ties by name, then SIRET)."""
    needle = fold(filters.text.strip())
    digits = "".join(c for c in filters.text if c.isdigit())
    kept = [
        r
        for r in rows
        if (not filters.department or r.department == filters.department)
        and (not filters.status or r.status == filters.status)
        and (not filters.verdict or r.verdict.code == filters.verdict)
        and (not filters.service or r.offers(filters.service))
        and (not filters.version or r.charter_label == filters.version)
        and (
            not needle
            or needle in r.folded_name
            or (len(digits) >= 3 and digits == needle.replace(" ", "") and digits in r.siret)
        )
    ]
    kept.sort(key=lambda r: (r.folded_name, r.siret))
    key = _SORTS.get(filters.sort, _SORTS["name"])
    present = [r for r in kept if key(r) is not None]
    missing = [r for r in kept if key(r) is None]
    present.sort(key=key, reverse=filters.descending)
    return present + missing  # empty values last, whatever the direction


_SORTS: dict[str, Any] = {
    "name": lambda r: r.folded_name,
    "siret": lambda r: r.siret,
    "department": lambda r: r.department,
    "version": lambda r: r.charter_label,
    "signed": lambda r: r.signed_on,
    "expires": lambda r: r.valid_until,
    "status": lambda r: ROW_STATUSES.index(r.status),
    "index": lambda r: r.index,
    "assessed": lambda r: r.assessed_on,
    "accompanied": lambda r: r.accompanied,
    "verdict": lambda r: VERDICTS.index(r.verdict.code),
}
