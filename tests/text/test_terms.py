"""Content-word weights on the seeds: a store of five articles still weighs the function
words of English and French lightly, through the languages' word frequencies."""
from __future__ import annotations

from collections import Counter

from crosswire.text.terms import content_terms, cosine, weights
from tests.conftest import SEED_FILES


def test_a_seeds_most_used_word_weighs_little_and_no_function_word_is_among_its_heaviest(seeds_dir):
    texts = {key: (seeds_dir / name).read_text("utf-8") for key, name in SEED_FILES.items()}
    terms = {key: content_terms(text) for key, text in texts.items()}
    df = Counter(t for found in terms.values() for t in found)
    for key, lang in (("001", "en"), ("000", "fr")):
        vector = weights(terms[key], df, len(terms), lang)
        heaviest = [t for t, _ in sorted(vector.items(), key=lambda x: -x[1])[:15]]
        assert not {"the", "and", "that", "les", "des", "que", "dans"} & set(heaviest)
        most_used = terms[key].most_common(1)[0][0]
        assert most_used in {"the", "les", "des"} and vector[most_used] < min(vector[t] for t in heaviest)


def test_a_rewrite_of_the_same_story_shares_more_weighted_words_than_another_story(seeds_dir):
    terms = {key: content_terms((seeds_dir / name).read_text("utf-8")) for key, name in SEED_FILES.items()}
    df = Counter(t for found in terms.values() for t in found)
    vector = {key: weights(found, df, len(terms), "fr" if key in ("000", "003") else "en") for key, found in terms.items()}
    assert cosine(vector["001"], vector["001"]) > 0.999
    assert cosine(vector["001"], vector["002"]) > cosine(vector["001"], vector["004"])
