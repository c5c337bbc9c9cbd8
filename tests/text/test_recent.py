"""The bounded memory of model results: each missing key is computed once, in one batch,
results come back in the order asked, and the least recently used are forgotten first."""
from __future__ import annotations

from crosswire.text.recent import Recent
from crosswire.text.syntax import parse_sentences


def test_missing_keys_are_computed_once_in_one_batch_and_the_oldest_forgotten():
    batches: list[list[str]] = []

    def upper(keys: list[str]) -> list[str]:
        batches.append(keys)
        return [k.upper() for k in keys]

    recent: Recent[str] = Recent(3)
    assert recent.many(["a", "b", "a"], upper) == ["A", "B", "A"]
    assert recent.many(["b", "c", "d"], upper) == ["B", "C", "D"]      # "a" is now the least recently used
    assert recent.many(["a", "d"], upper) == ["A", "D"]
    assert batches == [["a", "b"], ["c", "d"], ["a"]]


def test_a_sentence_parsed_again_is_the_same_parse():
    text = "The minister said the port would reopen on Monday. Talks resume in Geneva."
    spans = [(0, 50), (51, len(text))]
    first = parse_sentences(text, spans, "en")
    again = parse_sentences("Earlier: " + text, [(a + 9, b + 9) for a, b in spans], "en")
    assert [[(t.text, t.dep_, t.head.i) for t in doc] for doc in first.values()] == \
           [[(t.text, t.dep_, t.head.i) for t in doc] for doc in again.values()]
    assert next(iter(first.values())) is next(iter(again.values()))     # read from memory, not parsed again
