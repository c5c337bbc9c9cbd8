"""Two documents as rows of aligned sentences, in reading order, with what only one side says."""
from __future__ import annotations

from dataclasses import dataclass

from crosswire.text.align import Comparison, View

# An unaligned sentence this similar to the other side is part of a longer sentence there
# (one sentence rendered as two), not something only one side says.
CONTAINED_MIN = 0.45


@dataclass
class Row:
    a: tuple[int, int] | None  # sentence span in the first document, None where only the second speaks
    b: tuple[int, int] | None
    score: float  # similarity of the pair, or of a lone sentence's best match on the other side

    @property
    def aligned(self) -> bool:
        return self.a is not None and self.b is not None

    @property
    def only_one_side(self) -> bool:
        return not self.aligned and self.score < CONTAINED_MIN


def side_by_side(a: View, b: View, comparison: Comparison) -> list[Row]:
    """Aligned pairs in the first document's order; each unmatched sentence of either side
    is placed just before the next aligned pair that follows it."""
    pairs = sorted(comparison.pairs)
    matched_b = {j for _, j, _ in pairs}
    rows: list[Row] = []
    next_a, next_b = 0, 0
    for i, j, score in pairs + [(len(a.spans), len(b.spans), None)]:
        rows += [Row(a.spans[k], None, comparison.best_a[k]) for k in range(next_a, i)]
        if j >= next_b:
            rows += [Row(None, b.spans[k], comparison.best_b[k]) for k in range(next_b, j) if k not in matched_b]
            next_b = j + 1
        if score is not None:
            rows.append(Row(a.spans[i], b.spans[j], score))
        next_a = i + 1
    rows += [Row(None, b.spans[k], comparison.best_b[k]) for k in range(next_b, len(b.spans)) if k not in matched_b]
    return rows
