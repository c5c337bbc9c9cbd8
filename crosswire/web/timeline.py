"""Events over time: counts in buckets of one day, month or year (whichever gives a readable
axis for the span), with empty buckets kept so the axis is linear. An event dated more
coarsely than the bucket (only the year, on a daily axis) is counted apart, not guessed."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any

# Longest span drawn by day, then by month; past that, by year.
DAILY_UP_TO, MONTHLY_UP_TO = timedelta(days=120), timedelta(days=3660)
_LENGTH = {"day": 10, "month": 7, "year": 4}


def _parsed(value: str) -> tuple[date, str] | None:
    """An ISO date of any precision, with the precision its form shows."""
    try:
        if len(value) >= 10:
            return date.fromisoformat(value[:10]), "day"
        if len(value) == 7:
            return date(int(value[:4]), int(value[5:7]), 1), "month"
        if len(value) == 4:
            return date(int(value), 1, 1), "year"
    except ValueError:
        return None
    return None


def _next(d: date, unit: str) -> date:
    if unit == "day":
        return d + timedelta(days=1)
    if unit == "month":
        return date(d.year + d.month // 12, d.month % 12 + 1, 1)
    return date(d.year + 1, 1, 1)


def timeline(dates: list[tuple[str, int]]) -> dict[str, Any]:
    """Buckets (`label`, `count`) from the first to the last date, from (date, how many)
    pairs; the unit chosen, and how many were dated too coarsely for it."""
    parsed = [(p[0], p[1], n) for value, n in dates if (p := _parsed(value))]
    if not parsed:
        return {"unit": None, "buckets": [], "coarser": 0, "most": 0}
    fine = [d for d, precision, _ in parsed if precision == "day"] or [d for d, _, _ in parsed]
    span = max(fine) - min(fine)
    unit = "day" if span <= DAILY_UP_TO else "month" if span <= MONTHLY_UP_TO else "year"
    rank = ("day", "month", "year")
    counted = [(d, n) for d, precision, n in parsed if rank.index(precision) <= rank.index(unit)]
    coarser = sum(n for _, _, n in parsed) - sum(n for _, n in counted)
    if not counted:
        return {"unit": unit, "buckets": [], "coarser": coarser, "most": 0}
    counts: dict[str, int] = {}
    for d, n in counted:
        key = d.isoformat()[:_LENGTH[unit]]
        counts[key] = counts.get(key, 0) + n
    buckets, at = [], _parsed(min(counts))[0]  # type: ignore[index]
    last = max(counts)
    while (key := at.isoformat()[:_LENGTH[unit]]) <= last:
        buckets.append({"label": key, "count": counts.get(key, 0)})
        at = _next(at, unit)
    return {"unit": unit, "buckets": buckets, "coarser": coarser, "most": max(counts.values())}
