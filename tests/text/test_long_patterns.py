"""The factored form of a long alternation matches exactly the strings the original matches."""
from __future__ import annotations

import re

from crosswire.text.long_patterns import LONG_PATTERN, factored, long_patterns_factored

# A letter class as long as spaCy's (every Latin letter from À to ɏ, written out).
LETTERS = "".join(chr(c) for c in range(0xC0, 0x250) if chr(c).isalpha()) + "a-z"
HYPHEN = "-|–"
ALTERNATIVES = [
    *(f"^{p}[{HYPHEN}][{LETTERS}][{HYPHEN}{LETTERS}']*$" for p in ("anti", "archi", "r?é?entr", "grande?s?")),
    f"^[ée]tats[{HYPHEN}]uni[{LETTERS}]*$",
    f"^hip[{HYPHEN}]hop[{LETTERS}]*$",
    *(f"^[{LETTERS}]+[{HYPHEN}]{c}[{HYPHEN}](?:l['])?[{LETTERS}]+$" for c in ("en", "de", "sur")),
    "^aujourd'hui$",
]
ORIGINAL = "(?iu)" + "|".join(f"(?:{a})" for a in ALTERNATIVES)
WORDS = ["anti-inflammatoire", "archi-faux", "archi", "anti-", "rentr-x", "grandes-ondes", "États-Unis", "etats-unies",
         "hip-hop", "hip-hopeurs", "hiphop", "Aix-en-Provence", "pet-en-l'air", "saut-de-ski", "sous-sur-x", "chat",
         "aujourd'hui", "AUJOURD'HUI", "porte-parole", "ÉTATS–UNIS", "anti–Âge", "x-en-", "-en-y"]


def test_alternatives_that_share_their_tail_are_one_and_match_the_same_words():
    fast = factored(ORIGINAL)
    assert fast.count(LETTERS) == 9 < ORIGINAL.count(LETTERS) == 16      # 4 and 2 alternatives became 1 each
    original, grouped = re.compile(ORIGINAL), re.compile(fast)
    assert [bool(original.match(w)) for w in WORDS] == [bool(grouped.match(w)) for w in WORDS]
    assert sum(bool(grouped.match(w)) for w in WORDS) >= 10


def test_only_long_alternations_are_factored_while_loading():
    short = "(?:^a[bc]$)|(?:^d[bc]$)"
    with long_patterns_factored():
        assert re.compile(short).pattern == short
        many = "(?iu)" + "|".join(f"(?:^w{n}[{HYPHEN}][{LETTERS}]+$)" for n in range(LONG_PATTERN // len(LETTERS)))
        assert len(many) >= LONG_PATTERN > len(re.compile(many).pattern)
        plain = "a" * LONG_PATTERN                  # long, but no alternation of groups: compiled as written
        assert re.compile(plain).pattern == plain
    assert re.compile(many).pattern == many         # and compiled as written once loading is done


def test_the_french_pipeline_keeps_hyphenated_words_whole():
    from crosswire.text.ner import pipeline

    nlp = pipeline("fr")
    assert len(nlp.tokenizer.token_match.__self__.pattern) < LONG_PATTERN
    words = [t.text for t in nlp("Le porte-parole des États-Unis est arrivé aujourd'hui à Aix-en-Provence.")]
    assert {"porte-parole", "États-Unis", "aujourd'hui", "Aix-en-Provence"} <= set(words)
