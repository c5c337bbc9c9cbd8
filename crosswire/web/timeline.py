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


def timeline(dates: list[str]) -> dict[str, Any]:
    """Buckets (`label`, `count`) from the first to the last date, the unit chosen, and how
    many dates were too coarse for it."""
    parsed = [p for p in map(_parsed, dates) if p]
    if not parsed:
        return {"unit": None, "buckets": [], "coarser": 0, "most": 0}
    fine = [d for d, precision in parsed if precision == "day"] or [d for d, _ in parsed]
    span = max(fine) - min(fine)
    unit = "day" if span <= DAILY_UP_TO else "month" if span <= MONTHLY_UP_TO else "year"
    rank = ("day", "month", "year")
    counted = [d for d, precision in parsed if rank.index(precision) <= rank.index(unit)]
    if not counted:
        return {"unit": unit, "buckets": [], "coarser": len(parsed), "most": 0}
    counts: dict[str, int] = {}
    for d in counted:
        key = d.isoformat()[:_LENGTH[unit]]
        counts[key] = counts.get(key, 0) + 1
    buckets, at = [], _parsed(min(counts))[0]  # type: ignore[index]
    last = max(counts)
    while (key := at.isoformat()[:_LENGTH[unit]]) <= last:
        buckets.append({"label": key, "count": counts.get(key, 0)})
        at = _next(at, unit)
    return {"unit": unit, "buckets": buckets, "coarser": len(parsed) - len(counted), "most": max(counts.values())}
