"""Event triggers, modality and counts in running text, from per-language word lists.

Every list lives in crosswire/langdata (`event_triggers`, `event_modality`,
`event_counts`, `number_words`, `number_scales`): adding a language is a data change.
The PLOVER vocabulary itself (types, modes, ACLED mapping) is crosswire/text/plover.yaml.
Arabic is matched on a letter-folded copy of the text of the same length (alef, ya and ta
marbuta variants), with proclitics allowed, so offsets stay those of the clean text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
import yaml

from crosswire.langdata import for_language, longest_first
from crosswire.langdata.calendar import calendar_words
from crosswire.langdata.letters import (
    ARABIC_CLITICS,
    ARABIC_MARKS,
    ARABIC_SCRIPT,
    fold_variants,
    fold_word,
)
from crosswire.text.embed import embed
from crosswire.text.quotes import cues

_ARABIC_PREFIX = r"(?:[وف]?(?:[بكل]?ال|لل|[بكل])?)"
_ARABIC_LETTER = re.compile("[\u0621-\u064a]")
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
# How a bomber blowing himself up is typed.
SELF_DETONATION = "ASSAULT/suicide-attack"
MODALITIES = ("denied", "threatened", "claimed", "hypothetical", "planned")
# Violent types one happening is often told with ("an air attack … killed 8").
VIOLENT = ("ASSAULT", "FIGHT")
# How far (characters) before a trigger a modality word still governs it, and how close a
# word of intent, negation or obligation must be ("will not accept", "must withdraw").
MODALITY_WINDOW = 60
INTENT_WINDOW = 30
# A relative pronoun, at most two words ("was", "قد", "باتوا هدفا ل"), then the trigger: a relative clause.
RELATIVE_GAP = r"\s+(?:\S+\s+){0,2}$"
# A count's number and its word may be this many words apart ("8 Iraqi resistance fighters").
COUNT_GAP = 3
# The longest place or complement phrase passed over between a counted noun and its harm word.
COMPLEMENT_WORDS = 7
# Where a sentence ends inside a window of text: a count's words never reach past it.
_SENTENCE_END = re.compile(r"[.!?؟](?:\s|$)")
# A hyphen or dash between the two figures of a range ("33-40", "33 – 40").
_RANGE_DASH = re.compile(r"(?<![-–])\s*[-–]\s*$")
_ASIDE = re.compile(r",[^,.;:]{1,40},")          # a short aside between commas


def same_kind(a: str, b: str) -> bool:
    """Two event types that can tell one happening: equal, or both violent ("an air attack … killed 8")."""
    return a == b or (a in VIOLENT and b in VIOLENT)


@dataclass
class Trigger:
    start: int
    end: int
    type: str
    mode: str | None
    about: list[str] = field(default_factory=list)     # types of the triggers it governs


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, Any]:
    return yaml.safe_load(resources.files("crosswire.text").joinpath("plover.yaml").read_text("utf-8"))


def acled(type_: str, mode: str | None) -> tuple[str | None, str | None]:
    """ACLED event type and sub-event type of a PLOVER type and mode, where ACLED has one."""
    types = vocabulary()["types"]
    found = (types.get(f"{type_}/{mode}") or {}).get("acled") or (types.get(type_) or {}).get("acled")
    return (found[0], found[1]) if found else (None, None)


def symmetric(type_: str) -> bool:
    return bool((vocabulary()["types"].get(type_) or {}).get("symmetric"))


@lru_cache(maxsize=1)
def _examples() -> tuple[np.ndarray, np.ndarray]:
    vocab = vocabulary()
    return embed(vocab["report_examples"]), embed(vocab["commentary_examples"])


def report_likeness(vector: np.ndarray) -> float:
    """How much more a sentence reads like a report of a violent happening than like talk
    about violence (> 0: a report): nearest report example minus nearest commentary one."""
    reports, commentary = _examples()
    return float((reports @ vector).max() - (commentary @ vector).max())


@lru_cache(maxsize=16)
def fold(text: str) -> str:
    """Same-length copy of the text for matching: Arabic letter variants folded. Cached:
    every sentence of a document is matched against the folded whole."""
    return fold_variants(text)


def word_alternative(word: str) -> str:
    escaped = re.escape(fold(word)).replace(r"\*", r"\w*").replace(r"\ ", r"\s+").replace("'", "['’]")
    if ARABIC_SCRIPT.search(word):
        return _ARABIC_PREFIX + _ARABIC_LETTER.sub(lambda m: m.group() + f"[{ARABIC_MARKS}]*", escaped)
    return escaped


_WORD_START = re.compile(r"(?<!\w)\S")


# Every prefix `_ARABIC_PREFIX` lets a word carry, spelled out.
_ARABIC_PREFIXES = tuple(conjunction + article for conjunction in ("", "و", "ف")
                         for article in ("", "ال", "بال", "كال", "لال", "لل", "ب", "ك", "ل"))


@dataclass(frozen=True)
class WordListMatcher:
    """Every (label, word) entry of a labelled list as one alternation, longest word first,
    group `g{i}` standing for label i. A regex alternation tries each of its hundreds of
    words at every word start, where only the few that can begin there can match: so each
    word start is tried against the words whose first letters it holds (a Latin word's
    first two characters, either case; an Arabic word's first letter after any prefix the
    text holds there), each such set compiled when first met. Matches are those of the
    whole alternation."""

    alternatives: list[str]                       # longest word first
    labels: list[str]
    by_first: dict[str, list[int]]                # first character → its words (not Arabic ones)
    seconds: list[str | None]                     # the second character a word needs (None: any)
    by_stem: dict[str, list[int]]                 # an Arabic word's first letter → its words
    _compiled: dict[tuple, re.Pattern[str] | None] = field(default_factory=dict, compare=False)

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> list[re.Match[str]]:
        end = len(text) if end is None else end
        found, position = [], start
        for candidate in _WORD_START.finditer(text, start, end):
            at = candidate.start()
            if at >= position and (match := self._match(text, at, end)):
                found.append(match)
                position = max(match.end(), at + 1)
        return found

    def _match(self, text: str, at: int, end: int) -> re.Match[str] | None:
        """The whole alternation's match at `at`: its first word that matches there, so,
        of the parts that can match, the match of the word listed first."""
        first = text[at]
        if first in _ARABIC_PREFIX_LETTERS or (self.by_stem and ARABIC_SCRIPT.match(first)):
            parts = [("ar", stem) for stem in {text[at + len(p)] for p in _ARABIC_PREFIXES
                                               if at + len(p) < end and text.startswith(p, at)}]
        else:
            # a second character outside ASCII may match a word's case-insensitively in ways
            # `str.lower` does not tell: then every word that starts with the first
            second = text[at + 1].lower() if at + 1 < end else ""
            parts = [(first, second if second.isascii() else None)]
        matches = [m for part in parts if (pattern := self._pattern(part)) and (m := pattern.match(text, at, end))]
        return min(matches, key=lambda m: int(m.lastgroup[1:])) if matches else None

    def _pattern(self, part: tuple[str, str | None]) -> re.Pattern[str] | None:
        """The words of one part, compiled when first met: an Arabic word's first letter's
        ("ar", letter), or a first character's with that second character or any (None)."""
        if part not in self._compiled:
            first, second = part
            words = self.by_stem.get(second, []) if first == "ar" else [
                i for i in self.by_first.get(first, ()) if second is None or self.seconds[i] in (None, second)]
            self._compiled[part] = re.compile(
                r"(?<!\w)(?:" + "|".join(self.alternatives[i] for i in words) + r")(?!\w)",
                re.IGNORECASE) if words else None
        return self._compiled[part]

    def label(self, match: re.Match[str]) -> str:
        return self.labels[int(match.lastgroup[1:])]


_ARABIC_PREFIX_LETTERS = frozenset(p[0] for p in _ARABIC_PREFIXES if p)


def _second_character(folded: str) -> str | None:
    """The character, lower-cased, a match of a (folded, Latin) word must have second: a
    plain ASCII letter or digit; None (any) for a wildcard, space or other character there."""
    if len(folded) < 2 or not (folded[1].isascii() and folded[1].isalnum()):
        return None
    return folded[1].lower()


def _matcher(entries: list[tuple[str, str]]) -> WordListMatcher:
    entries = list(dict.fromkeys(entries))
    entries.sort(key=lambda e: len(e[1]), reverse=True)
    seen: set[str] = set()
    matcher = WordListMatcher([], [], {}, [], {})
    for label, word in entries:
        if word.lower() in seen:
            continue
        seen.add(word.lower())
        index, folded = len(matcher.labels), fold(word)
        matcher.alternatives.append(f"(?P<g{index}>{word_alternative(word)})")
        matcher.labels.append(label)
        matcher.seconds.append(None if ARABIC_SCRIPT.search(word) else _second_character(folded))
        if ARABIC_SCRIPT.search(word):
            matcher.by_stem.setdefault(folded[0], []).append(index)
            continue
        firsts = {folded[0]} | ({"'", "’"} if folded[0] in "'’" else set())
        for first in {variant for c in firsts for variant in (c, c.lower(), c.upper())}:
            matcher.by_first.setdefault(first, []).append(index)
    return matcher


@lru_cache(maxsize=None)
def _labelled_matcher(lang: str | None, key: str) -> WordListMatcher:
    """The matcher of a labelled list (`event_triggers`, `event_modality`: label → words);
    a bomber blowing himself up (`self_detonations`) is a suicide attack."""
    entries = [(label, word) for data in for_language(lang, key) for label, words in data.items() for word in words]
    if key == "event_triggers":
        entries += [(SELF_DETONATION, word) for data in for_language(lang, "self_detonations") for word in data]
    return _matcher(entries)


def self_detonation(text: str, lang: str | None, start: int, end: int) -> bool:
    """Whether a bomber blows himself up in text[start:end]: one act at one place and time."""
    return bool(language_pattern(lang, "self_detonations").search(fold(text), start, end))


def triggers(text: str, lang: str | None, start: int = 0, end: int | None = None) -> list[Trigger]:
    """Every trigger word in text[start:end], typed and moded."""
    matcher = _labelled_matcher(lang, "event_triggers")
    end = len(text) if end is None else end
    # a set phrase silences the trigger words in it ("ضرب مثلا": an example given, no one
    # beaten; "anti-riot"), but for one that opens its last word ("struck a deal": agreed)
    idioms = [(m.start(), m.end(), m.start() + m.group().rfind(" ") + 1)
              for m in language_pattern(lang, "trigger_idioms").finditer(fold(text), start, end)]
    found = []
    for m in matcher.finditer(fold(text), start, end):
        if any(a <= m.start() < b and m.start() != last for a, b, last in idioms):
            continue
        type_, _, mode = matcher.label(m).partition("/")
        found.append(Trigger(m.start(), m.end(), type_, mode or None))
    return found


def governed(text: str, found: list[Trigger], governors: dict[int, list[int]] | None = None,
             max_words: int = 6) -> list[Trigger]:
    """Fold a trigger into the one that governs it: "threatened to attack" is one THREATEN
    event about an attack, "called for a withdrawal" one DEMAND about a retreat. With a
    parse (`governors`: trigger start → offsets of the words that govern it), governing is read
    from the tree; without one, from a governing trigger a few words before."""
    governing = set(vocabulary()["governing"])
    kept: list[Trigger] = []
    for t in found:
        if governors is not None:
            heads = [k for k in kept if k.type in governing and k.type != t.type and k.start in governors.get(t.start, [])]
        else:
            near = kept[-1:] if kept else []
            heads = [k for k in near if k.type in governing and k.type != t.type and len(text[k.end:t.start].split()) <= max_words
                     and not re.search(r"[.;:!?،؛]", text[k.end:t.start])]
        if heads:
            heads[-1].about.append(t.type)
            continue
        kept.append(t)
    return kept


def modality(text: str, lang: str | None, sentence: tuple[int, int], trigger: Trigger) -> tuple[str, tuple[int, int] | None]:
    """Whether the event happened as told, or is claimed, threatened, denied, planned or
    supposed: the strongest cue in the words before the trigger, or a claim formula after it."""
    if trigger.type == "THREATEN":
        return "threatened", None
    matcher = _labelled_matcher(lang, "event_modality")
    lo = max(sentence[0], trigger.start - MODALITY_WINDOW)
    hits = [(matcher.label(m), (m.start(), m.end())) for m in matcher.finditer(fold(text), lo, trigger.start)
            if not _in_date(text, m.start(), m.end())]
    hits += [("claimed", (m.start(), m.end())) for m in matcher.finditer(fold(text), trigger.end, sentence[1])
             if matcher.label(m) == "claimed" and " " in m.group()]
    # a denial governs its whole clause, however long the denier's titles ("نفى العميد X،
    # الناطق باسم …، أمس تعرض Y للاغتصاب"), until another speech verb opens a new one
    hits += [("denied", (m.start(), m.end())) for m in matcher.finditer(fold(text), sentence[0], lo)
             if matcher.label(m) == "denied" and not cues().search(text, m.end(), trigger.start)]
    for label in MODALITIES:
        spans = [span for found, span in hits if found == label]
        if spans:
            return label, spans[-1]
    return "reported", None


def _in_date(text: str, start: int, end: int) -> bool:
    """A cue word written beside a number is a month in a date ("24 May 2022", "mai 2021"),
    not a modal verb."""
    return bool(_NUMBER_AFTER.match(text, end) or _NUMBER_BEFORE.search(text[max(0, start - 6):start]))


_NUMBER_AFTER = re.compile(r"[ \t]*\d")
_NUMBER_BEFORE = re.compile(r"\d[ \t]*$")


@lru_cache(maxsize=None)
def language_pattern(lang: str | None, *keys: str, before: str = r"(?<!\w)", after: str = r"(?!\w)") -> re.Pattern[str]:
    """Any word or phrase of the language's lists `keys`, longest first, to match against
    folded text (a list that is empty, or missing, matches nothing)."""
    words = longest_first(fold(w) for key in keys for data in for_language(lang, key) for w in data)
    return re.compile(before + "(?:" + ("|".join(word_alternative(w) for w in words) or "(?!)") + ")" + after, re.IGNORECASE)


def reframe(text: str, lang: str | None, sentence: tuple[int, int], trigger: Trigger, mood: str,
            mood_span: tuple[int, int] | None) -> tuple[str, str | None, str]:
    """PLOVER's reading of stated intent (see `intent` in plover.yaml): the event's type,
    why it differs from the trigger's (negation, obligation, intent), and its modality."""
    vocab = vocabulary()
    lo = max(sentence[0], trigger.start - INTENT_WINDOW)
    before = fold(text[lo:trigger.start])
    if trigger.type in vocab["negated"] and language_pattern(lang, "negations").search(before):
        return "REJECT", "negation", mood
    if _negated_here(fold(text), lang, lo, trigger.start):
        return trigger.type, "negation", "denied"       # "did not attack", "failed to identify and destroy"
    if language_pattern(lang, "obligations").search(before):
        return "DEMAND", "obligation", mood
    if mood in ("planned", "hypothetical") and mood_span and mood_span[1] >= lo:        # "will visit", "would blockade"
        for stated, types in vocab["intent"].items():
            if trigger.type in types:
                return stated, "intent", "threatened" if stated == "THREATEN" else mood
    return trigger.type, None, mood


def _negated_here(folded: str, lang: str | None, lo: int, start: int) -> bool:
    """Whether a negation governs the trigger at `start` directly: nothing between them, or
    one word and a conjunction. A negated verb before a nominal trigger ("لم يسفر الهجوم عن")
    negates the verb, not the event."""
    joined = language_pattern(lang, "negations", after=r"(?:\s+\w+\s+" + _conjunction(lang) + r")?\s+$")
    return bool(joined.search(folded, lo, start))


@lru_cache(maxsize=None)
def _conjunction(lang: str | None) -> str:
    words = [fold(w) for data in for_language(lang, "conjunctions") for w in data]
    return "(?:" + ("|".join(re.escape(w) for w in words) or "(?!)") + ")"


def definite(text: str, lang: str | None, trigger: Trigger) -> bool:
    """Whether the trigger names an event already known ("the attack", "الهجوم") rather than
    reporting one ("attacked", "an attack", "هجوم")."""
    word = fold(text[trigger.start:trigger.end]).lstrip(ARABIC_CLITICS) if ARABIC_SCRIPT.search(text[trigger.start:trigger.end]) else ""
    if any(word.startswith(fold(p)) for data in for_language(lang, "definite_prefixes") for p in data):
        return True
    before = text[max(0, trigger.start - 12):trigger.start].split()
    articles = {w.lower() for data in for_language(lang, "definite_articles") for w in data}
    return bool(before) and (before[-1].lower() in articles or any(before[-1].lower().endswith(a) for a in articles if a[-1] in "'’"))


def occurred(text: str, lang: str | None, trigger: Trigger) -> bool:
    """Whether a verb says the trigger's event took place, at most one word before it
    ("ووقع الهجوم", "نفذت عملية الاغتيال") or after it ("the attack took place", "l'attaque a eu lieu")."""
    folded = fold(text)
    before = language_pattern(lang, "occurrence_verbs", after=r"\s+(?:\w+\s+)?$")
    after = language_pattern(lang, "occurrence_verbs", before=r"^\s+(?:\w+\s+)?")
    return bool(before.search(folded[max(0, trigger.start - 30):trigger.start])
                or after.search(folded[trigger.end:trigger.end + 40]))


def background(text: str, lang: str | None, sentence: tuple[int, int], trigger: Trigger) -> bool:
    """A happening told as the background of another ("after militants seized 13 trucks",
    "بعد أن خطف متشددون", "charged with bombing"), inside a relative clause about someone
    ("الصحافي الذي اختطف"), asked about, or weapons dealt in rather than used ("smuggling
    rockets"): not what the sentence reports."""
    if re.search(r"[?؟][\s»”\"')\]]*$", text[sentence[0]:sentence[1]]):      # also a quoted question
        return True
    lo = max(sentence[0], trigger.start - INTENT_WINDOW)
    before = re.split(r"[,،;؛]", fold(text[lo:trigger.start]))[-1]        # "after the truce collapsed, gunmen…"
    return bool(language_pattern(lang, "background_cues", "arms_dealing_cues").search(before)
                or language_pattern(lang, "relative_pronouns", after=RELATIVE_GAP).search(before))


def habitual(text: str, lang: str | None, sentence: tuple[int, int], trigger: Trigger) -> bool:
    """Whether the trigger's clause tells a habit or a campaign rather than one happening
    ("has been staging incessant attacks", "continue de cibler", "تواصل استهداف")."""
    lo = max(sentence[0], trigger.start - MODALITY_WINDOW)
    clause = re.split(r"[,،;؛]", fold(text[lo:trigger.start]))[-1]
    return bool(language_pattern(lang, "habitual_cues").search(clause))


@lru_cache(maxsize=None)
def _numbers(lang: str | None) -> tuple[re.Pattern[str], dict[str, int], dict[str, int]]:
    words: dict[str, int] = {}
    scales: dict[str, int] = {}
    for data in for_language(lang, "number_words"):
        words.update({fold(k).lower(): v for k, v in data.items()})
    for data in for_language(lang, "number_scales"):
        scales.update({fold(k).lower(): v for k, v in data.items()})
    alternatives = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in longest_first(words)) or "(?!)"   # digits only
    scale = "|".join(re.escape(w) for w in longest_first(scales))
    digits = r"[0-9٠-٩۰-۹]+(?:[.,][0-9٠-٩۰-۹]+)*"
    pattern = rf"(?<!\w)(?P<n>{digits}|{alternatives})(?:\s+(?P<scale>{scale}))?(?!\w)" if scale else \
        rf"(?<!\w)(?P<n>{digits}|{alternatives})(?!\w)"
    return re.compile(pattern, re.IGNORECASE), words, scales


def _value(m: re.Match[str], words: dict[str, int], scales: dict[str, int]) -> int | None:
    raw = m.group("n").translate(_DIGITS).lower()
    if raw[0].isdigit():
        digits = re.sub(r"[.,](?=\d{3}(?!\d))", "", raw).replace(",", ".")
        try:
            number = float(digits)
        except ValueError:
            return None
    else:
        number = words.get(re.sub(r"\s+", " ", raw))
        if number is None:
            return None
    if m.groupdict().get("scale"):
        number *= scales[m.group("scale").lower()]
    return int(number)


@lru_cache(maxsize=None)
def _count_words(lang: str | None) -> list[tuple[str, str, re.Pattern[str]]]:
    """Per count: its words after a number, before one, and in the dual (which count two)."""
    found = []
    for data in for_language(lang, "event_counts"):
        for key, sides in data.items():
            for side in ("after", "before", "dual"):
                words = longest_first(fold(w) for w in sides.get(side, []))
                if words:
                    alternatives = "|".join(word_alternative(w) for w in words)
                    found.append((key, side, re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)))
    return found


def counts(text: str, lang: str | None, start: int, end: int) -> dict[str, dict[str, int]]:
    """Numbers in text[start:end] tied to what they count: "killing 8" and "8 were killed"
    are fatalities, "two drones" drones, "3 operations" operations."""
    pattern, words, scales = _numbers(lang)
    approximate = language_pattern(lang, "count_approximators", before=r"(?:^|(?<=\s))", after=r"\s*$")
    measure = language_pattern(lang, "measure_units", before=r"\s*")
    agent = language_pattern(lang, "event_agent_preps")
    joiner = language_pattern(lang, "conjunctions")      # "was killed and | 2 others were injured": no toll of 2
    # "3 soldiers were reported to have been killed" counts as "were killed" (blanks keep the offsets)
    folded = language_pattern(lang, "count_hedges").sub(lambda m: " " * len(m.group()), fold(text))
    found: dict[str, dict[str, int]] = {}
    for m in pattern.finditer(folded, start, end):
        value = _value(m, words, scales)
        if value is None or (m.group("n").isdigit() and len(m.group("n")) == 4 and 1900 <= value <= 2100) \
                or measure.match(folded, m.end()) or _in_a_date(folded, m, lang) or _designated(folded, m, lang):
            continue                                  # a year, a measure, a day of the month or a name, not a count
        after = _SENTENCE_END.split(folded[m.end():min(end, m.end() + 80)], maxsplit=1)[0]   # not into the next sentence
        after = _ASIDE.sub(" ", after, count=1)       # "1 to 3 armed men, including their leader, were killed"
        after = _without_inclusion(after, lang)       # "three civilians including a child died": 3
        before = folded[max(start, m.start() - 40):m.start()]
        if near_number := approximate.search(before):
            before = before[:near_number.start()]     # "killing at least 15"
        low = _range_low(before, lang)
        if low is not None and low < value:
            value = low                               # "33-40 civilians were killed": the lower figure, as tolls are coded
        # the word right before a number says what it counts ("a blessé 12 passants et a tué
        # 3": 12 injured), else a word after it
        # ... but not through "by" ("killed by two men": two attackers)
        led = [key for key, side, words_re in _count_words(lang) if side == "before" and key not in found
               and any(len(before[w.end():].split()) <= 1 and not agent.fullmatch(before[w.end():].strip())
                       and not joiner.fullmatch(before[w.end():].strip()) for w in words_re.finditer(before))]
        followed = [key for key, side, words_re in _count_words(lang) if side == "after" and key not in found
                    and any(_gap(_noun_phrase(after[:w.start()], lang)) <= COUNT_GAP and not pattern.search(after[:w.start()])
                            and not _with_object(after, w.end(), lang)
                            for w in words_re.finditer(after))]            # the nearest number counts
        if not (followed or led):                     # "nine soldiers and a policeman were killed": 10
            joined = [(key, party) for key, side, words_re in _count_words(lang) if side == "after" and key not in found
                      for w in words_re.finditer(after) if (party := _joined_party(lang, after[:w.start()]))]
            followed = list(dict.fromkeys(key for key, _ in joined))
            value += bool(joined and joined[0][1].group("one"))
        if followed and low is None and (earlier := _coordinated_numbers(lang, before)):
            value += earlier                          # "thirteen soldiers and two fighters were killed": 15
        elif led and low is None:
            value += _coordinated_numbers_after(lang, after)    # "killing three soldiers and two civilians": 5
        if "casualties" in followed:                  # "51 were killed or wounded": how many died is not told
            followed = [key for key in followed if key not in ("fatalities", "injured")]
        for key in dict.fromkeys(led or followed):
            found[key] = {"value": value, "start": m.start(), "end": m.end()}
    return {**_unknown_tolls(folded, lang, start, end), **_singulars(folded, lang, start, end),
            **_indefinite_victims(folded, lang, start, end), **_duals(folded, lang, start, end), **found}


def _with_object(after: str, at: int, lang: str | None) -> bool:
    """Whether the harm word ending at `at` takes an object ("two gunmen killed a man", "…
    killed 3 farmers", "… killed and dismembered a girl"): then the number counts who did it,
    not who died. One space only: a wider gap is where an aside was taken out ("three were
    killed, five wounded, 11 …")."""
    determiner = language_pattern(lang, "determiners", before=" ", after=r"\s")
    at = _past_joined_verbs(after, at, len(after), lang)      # "shot, killed and dismembered | a girl": one object
    return bool(determiner.match(after, at) or re.match(r" \d", after[at:]))


def _past_joined_verbs(text: str, at: int, end: int, lang: str | None) -> int:
    """Where the verbs joined to the one ending at `at` end ("shot, killed and dismembered | a girl")."""
    while more := _joined_verb(lang).match(text, at, end):
        at = more.end()
    return at


@lru_cache(maxsize=None)
def _joined_verb(lang: str | None) -> re.Pattern[str]:
    """Another verb joined to one by a comma or a conjunction, not a phrase an article or a
    conjunction opens (", and a woman was injured")."""
    conjunction = language_pattern(lang, "conjunctions").pattern
    article = language_pattern(lang, "determiners", before="", after=r"\s").pattern
    return re.compile(rf"(?:\s*,(?:\s+{conjunction})?|\s+{conjunction})\s+(?!{article}|{conjunction})[^\W\d]+", re.IGNORECASE)


def _without_inclusion(after: str, lang: str | None) -> str:
    """The words after a number without a phrase naming some of those it counts, which
    runs from "including"/"dont"/"بينهم" to the first word telling what happened to them."""
    inclusion = language_pattern(lang, "count_inclusions").search(after)
    if not inclusion or _gap(after[:inclusion.start()]) > COUNT_GAP:
        return after
    told = [w.start() for key, side, words_re in _count_words(lang) if side == "after"
            for w in words_re.finditer(after, inclusion.end())]
    return after[:inclusion.start()] + after[min(told):] if told else after


def _unknown_tolls(folded: str, lang: str | None, start: int, end: int) -> dict[str, dict[str, int]]:
    """A death toll told as unknown ("an unknown number of people were killed", "un nombre
    indéterminé de civils ont été tués", "suffered losses") or only as vague ("several
    soldiers were killed"): `unknown_fatalities`, at least two."""
    if told := language_pattern(lang, "unknown_toll_phrases").search(folded, start, end):    # "suffered losses"
        return {"unknown_fatalities": {"value": 2, "start": told.start(), "end": told.end()}}
    unknown = language_pattern(lang, "unknown_amounts", "vague_amounts")
    for m in unknown.finditer(folded, start, end):
        after = _SENTENCE_END.split(folded[m.end():min(end, m.end() + 60)], maxsplit=1)[0]
        if any(_gap(after[:w.start()]) <= COUNT_GAP for key, side, words_re in _count_words(lang)
               if key == "fatalities" and side == "after" for w in words_re.finditer(after)):
            return {"unknown_fatalities": {"value": 2, "start": m.start(), "end": m.end()}}
    return {}


def _designated(folded: str, number: re.Match[str], lang: str | None) -> bool:
    """A number that names rather than counts: right after a capitalized word inside a
    sentence ("Barrio 18", "Delmas 6") or after a designator ("battalion 101", "route 9")."""
    window = folded[max(0, number.start() - 40):number.start()]
    before = re.search(r"(\S+)\s+$", window)
    if not before:
        return False
    word = before.group(1)
    inside = bool(re.search(r"\w\W*\s+\S+\s+$", window)) and not re.search(r"[.!?:;]\s+\S+\s+$", window)
    return (inside and word[0].isupper() and word.isalpha() and fold_word(word) not in calendar_words(lang)) \
        or (fold_word(word) in _designators(lang) and not re.search(r"[.,;:!?؟،]$", word)) or word.lower() in _designators(lang)


@lru_cache(maxsize=None)
def _designators(lang: str | None) -> frozenset[str]:
    """As folded words, and as written where the word holds its own full stop ("no.")."""
    return frozenset(form for data in for_language(lang, "designator_words") for w in data for form in (fold_word(w), w.lower()))


def _noun_phrase(words: str, lang: str | None) -> str:
    """The words between a number and a harm word, less a short place or complement phrase
    closing its noun ("seven civilians | in different districts of the city | were killed")."""
    tokens = words.split()
    preps, openers = _noun_phrase_preps(lang), _clause_openers(lang)
    for i, token in enumerate(tokens[1:COUNT_GAP + 1], start=1):
        if token.lower() in preps and _gap(" ".join(tokens[:i])) <= 1 and len(tokens) - i <= COMPLEMENT_WORDS \
                and not re.search(r"[,;:()]", words) and not any(t.lower() in openers for t in tokens[i:]):
            return " ".join(tokens[:i])
    return words


@lru_cache(maxsize=None)
def _clause_openers(lang: str | None) -> frozenset[str]:
    return frozenset(fold(w).lower() for key in ("clause_openers", "relative_pronouns") for data in for_language(lang, key)
                     for w in data)


@lru_cache(maxsize=None)
def _noun_phrase_preps(lang: str | None) -> frozenset[str]:
    """One-word prepositions that open a place or a complement after a noun ("in", "of", "dans")."""
    return frozenset(fold(w).lower() for key in ("event_place_preps", "noun_complement_preps")
                     for data in for_language(lang, key) for w in data if " " not in w)


def _gap(words: str) -> int:
    """How many words stand between a number and what it counts; a name's capitalized words
    belong to the noun ("Three Ukrainian National Guard officers were killed": one)."""
    return sum(not w[0].isupper() for w in words.split())


def _in_a_date(folded: str, number: re.Match[str], lang: str | None) -> bool:
    """A number written next to a month's name is a day ("killed on 12 March", "March 12")."""
    after = re.match(r"\s+(\w+)", folded[number.end():number.end() + 20])
    before = re.search(r"(\w+)\s+$", folded[max(0, number.start() - 20):number.start()])
    return any(word and fold_word(word.group(1)) in calendar_words(lang) for word in (after, before))


def _range_low(before: str, lang: str | None) -> int | None:
    """The first figure of a range ending right before a count's number: "33-40", "two to
    three" (langdata `range_joiners`), "between 1 and 3" (`range_between` opens such a
    pair, `range_between_joiners` joins it)."""
    pattern, words, scales = _numbers(lang)
    joined = _RANGE_DASH.search(before) or language_pattern(lang, "range_joiners", before=r"\s+", after=r"\s+$").search(before)
    pair = None if joined else language_pattern(lang, "range_between_joiners", before=r"\s+", after=r"\s+$").search(before)
    head = before[:(joined or pair).start()] if joined or pair else ""
    numbers = [n for n in pattern.finditer(head) if not head[n.end():].strip()]
    if not numbers:
        return None
    if pair and not language_pattern(lang, "range_between", after=r"\s+$").search(head[:numbers[-1].start()]):
        return None                               # "killed 2 and | 3 …" is no range; "between 2 and | 3" is
    return _value(numbers[-1], words, scales)


def _joined_party(lang: str | None, words: str) -> re.Match[str] | None:
    """The words between a number and what is told of it, when they are two short noun
    phrases joined: "| military troops and a PDF member | were killed" (`one`: the second is a
    single person), "| soldiers and militiamen | died"."""
    found = _joined_phrases(lang).fullmatch(words)
    if not found or _gap(found.group()) > COUNT_GAP + 2 or _numbers(lang)[0].search(words):
        return None                                   # "three policemen and two militiamen": the numbers add up instead
    return found


@lru_cache(maxsize=None)
def _joined_phrases(lang: str | None) -> re.Pattern[str]:
    articles = "|".join(re.escape(a) for a in longest_first(_indefinite_articles(lang))) or "(?!)"
    return re.compile(rf"\s*(?:[^\W\d_][\w'’-]*\s+){{1,2}}{_conjunction(lang)}\s+(?P<one>(?:{articles})\s+)?"
                      rf"(?:[^\W\d_][\w'’-]*\s+){{1,3}}", re.IGNORECASE)


def _coordinated_numbers(lang: str | None, before: str) -> int:
    """The sum of the numbers coordinated before a count's number, each with a few words of
    its own ("thirteen soldiers and | two…", "3 policemen, 2 soldiers and | 4…")."""
    pattern, words, scales = _numbers(lang)
    joiner = language_pattern(lang, "conjunctions", before=r"(?:,|\s)\s*", after=r"\s*$")
    total = 0
    while (join := joiner.search(before)) or (total and (join := re.search(r",\s*$", before))):
        head = before[:join.start()]
        numbers = [n for n in pattern.finditer(head) if len(head[n.end():].split()) <= COUNT_GAP and not _in_a_date(head, n, lang)]
        if not numbers or (value := _value(numbers[-1], words, scales)) is None \
                or any(side == "after" and words_re.search(head, numbers[-1].end()) for _, side, words_re in _count_words(lang)) \
                or any(side == "before" and len(head[w.end():numbers[-1].start()].split()) <= 1
                       for _, side, words_re in _count_words(lang) for w in words_re.finditer(head, 0, numbers[-1].start())):
            break                                     # "three were killed and | 4 wounded", "killed 3 and | 2 were wounded"
        total, before = total + value, head[:numbers[-1].start()]
    return total


def _coordinated_numbers_after(lang: str | None, after: str) -> int:
    """The sum of the numbers coordinated after a led count's number, each a few words from
    the one before ("killing three soldiers | and two civilians", "one soldier and one
    police"), up to one that counts something else ("killing 3 | and wounding 2", "killed 3
    | and 2 were wounded") or names a day ("and 2 March")."""
    pattern, words, scales = _numbers(lang)
    joined = language_pattern(lang, "conjunctions", before=r"(?:,\s*|\s+)", after=r"\s+")
    measure = language_pattern(lang, "measure_units", before=r"\s*")
    total = 0
    while (join := joined.search(after)) and len(after[:join.start()].split()) <= COUNT_GAP \
            and re.search(r"^[^,;:]*$", after[:join.start()]) and (number := pattern.match(after, join.end())) \
            and (value := _value(number, words, scales)) is not None and not _in_a_date(after, number, lang) \
            and not measure.match(after, number.end()):
        rest = after[number.end():]
        if any(_gap(rest[:w.start()]) <= COUNT_GAP for _, side, words_re in _count_words(lang) if side == "after"
               for w in words_re.finditer(rest)):
            break
        total, after = total + value, rest
    return total


def harmed_uncounted(text: str, lang: str | None, start: int, end: int, keys: frozenset[str]) -> bool:
    """Whether text[start:end] tells a toll of the counts `keys` without a number: a count's
    `before` word then a vague amount ("إصابة عدد منهم", "killing several"), or no one
    harmed ("لم يسفر عن وقوع إصابات", "no one was hurt")."""
    folded = fold(text)
    vague = language_pattern(lang, "vague_amounts", before=r"\s+")
    return bool(language_pattern(lang, "no_casualties").search(folded, start, end)) or any(
        vague.match(folded, w.end()) for key, side, words_re in _count_words(lang) if key in keys and side == "before"
        for w in words_re.finditer(folded, start, end))


def _singulars(folded: str, lang: str | None, start: int, end: int) -> dict[str, dict[str, int]]:
    """Counts of one told by a singular victim noun: a count's `before` word then the noun
    ("مقتل شخص", "killing a policeman"), or the noun then an `after` word ("a soldier was
    killed")."""
    found: dict[str, dict[str, int]] = {}
    for m in language_pattern(lang, "singular_victims").finditer(folded, start, end):
        before, after = folded[max(start, m.start() - 25):m.start()], folded[m.end():min(end, m.end() + 30)]
        for key, side, words_re in _count_words(lang):
            if key in found or side == "dual":
                continue
            near = ([w for w in words_re.finditer(before) if not before[w.end():].strip()] if side == "before" else
                    [w for w in words_re.finditer(after) if len(after[:w.start()].split()) <= 1])
            if near:
                found[key] = {"value": 1, "start": m.start(), "end": m.end()}
    return found


def _indefinite_victims(folded: str, lang: str | None, start: int, end: int) -> dict[str, dict[str, int]]:
    """Counts of one told by any indefinite noun phrase of up to three words, a singular
    noun phrase or a personal pronoun followed by a singular harm ("a taxi driver was shot
    and killed", "un enseignant a été tué", "he died in custody"), or right
    after a count's `before` word ("killing a Burundian refugee")."""
    found: dict[str, dict[str, int]] = {}
    for key, harm in _singular_harm(lang):
        for m in harm.finditer(folded, start, end):
            words = _SENTENCE_END.split(folded[max(start, m.start() - 60):m.start()])[-1].split()
            indefinite = next((i for i in range(len(words) - 2, max(-1, len(words) - 5), -1)
                               if words[i].lower() in _indefinite_articles(lang)), None)
            # "The victim died", "a former commander of the uprising forces was shot dead"
            determined = _determiner(words, lang)
            phrase = words[determined + 1:] if determined is not None else words
            at = next((i for i in range(1, len(phrase)) if phrase[i].lower() in _complement_preps(lang)), len(phrase))
            head = phrase[at - 1] if phrase else ""     # "a commander | of uprising forces | was shot dead"
            singular = bool(words) and not head.lower().endswith(_plural_suffixes(lang)) \
                and not any(_numbers(lang)[0].fullmatch(w) for w in phrase[:at])     # "a captain from battalion 101"
            pronoun = bool(words) and words[-1].lower() in _singular_pronouns(lang)   # "he was killed"
            if (indefinite is not None or (determined is not None and singular) or pronoun) and key not in found:
                found[key] = {"value": 1, "start": m.start(), "end": m.end()}
    vague = language_pattern(lang, "vague_amounts", before=r"\s*")
    for key, side, words_re in _count_words(lang):
        if side != "before" or key in found:
            continue
        for m in words_re.finditer(folded, start, end):       # "killed a Burundian refugee", "killing the owner of the house"
            at = _past_joined_verbs(folded, m.end(), end, lang)      # "shot, killed and dismembered | a girl"
            after = folded[at:min(end, at + 40)].split()
            if len(after) > 1 and not vague.match(folded, at) and (
                    after[0].lower() in _indefinite_articles(lang) or _definite_singular(after, lang)
                    or _object_pronoun(after, lang)):
                found[key] = {"value": 1 + _coordinated_indefinites(folded, lang, at, end), "start": m.start(),
                              "end": m.end()}
                break
    return found


def _definite_singular(words: list[str], lang: str | None) -> bool:
    """Whether `words` open with a singular determiner and a noun phrase whose head is
    singular, the head closed within four words by a complement ("the commander | of the
    unit"), a conjunction, a place preposition or a punctuation mark."""
    if words[0].lower() not in _singular_determiners(lang):
        return False
    closers, determiners = _phrase_bounds(lang)
    for i, word in enumerate(words[1:5], start=1):
        if word.lower() in determiners:
            return False                          # "the soldiers guarding | the bridge": no head found
        if word.lower() in closers and i > 1:
            phrase = words[1:i]
        elif re.search(r"[,;:.،؛]$", word):
            phrase = [*words[1:i], word.rstrip(",;:.،؛")]
        else:
            continue
        return not _numbers(lang)[0].search(" ".join(phrase)) \
            and not any(w.lower().endswith(_plural_suffixes(lang)) for w in phrase)   # "the fighters hiding | in"
    return False


@lru_cache(maxsize=None)
def _singular_harm(lang: str | None) -> list[tuple[str, re.Pattern[str]]]:
    """Per count, its singular-harm phrases (langdata `singular_harm`) as one pattern."""
    return [(key, re.compile(r"(?<!\w)(?:" + "|".join(word_alternative(w) for w in longest_first(phrases)) + r")(?!\w)",
                             re.IGNORECASE))
            for data in for_language(lang, "singular_harm") for key, phrases in data.items()]


def _coordinated_indefinites(folded: str, lang: str | None, start: int, end: int) -> int:
    """How many more people are coordinated with the one at `start`, within its clause
    ("killed a member of the militia and a civilian": one more; "… a colonel and 40 of his
    soldiers": forty more)."""
    clause = re.split(r"[,;:.،؛]", folded[start:min(end, start + 80)], maxsplit=1)[0]
    pattern, words, scales = _numbers(lang)
    joined = list(re.finditer(rf"(?<!\w){_conjunction(lang)}\s+(?=\S)", clause, re.IGNORECASE))
    measure = language_pattern(lang, "measure_units", before=r"\s*")
    numbers = [n for j in joined if (n := pattern.match(clause, j.end())) and not _in_a_date(clause, n, lang)
               and not measure.match(clause, n.end())]
    definite = [j for j in joined if _definite_singular(clause[j.end():].split() + ["."], lang)]   # "her and | her husband"
    return len(_joined_indefinite(lang).findall(clause)) + len(definite) + sum(_value(n, words, scales) or 0 for n in numbers)


def _object_pronoun(words: list[str], lang: str | None) -> bool:
    """Whether `words` open with a singular object pronoun closing its phrase ("killed him,",
    "killed her and her husband"): one person."""
    closers, _ = _phrase_bounds(lang)
    return words[0].rstrip(",;:.") in _folded_words(lang, "singular_object_pronouns") and (
        words[0][-1] in ",;:." or words[1].lower() in closers)


@lru_cache(maxsize=None)
def _joined_indefinite(lang: str | None) -> re.Pattern[str]:
    """A conjunction then an indefinite article and a word: "and a civilian", "et un soldat"."""
    articles = "|".join(re.escape(a) for a in longest_first(_indefinite_articles(lang))) or "(?!)"
    return re.compile(rf"(?<!\w){_conjunction(lang)}\s+(?:{articles})\s+\w", re.IGNORECASE)


@lru_cache(maxsize=None)
def _folded_words(lang: str | None, key: str) -> frozenset[str]:
    """A language's words of a langdata key, folded and in lower case, as phrases are compared."""
    return frozenset(fold(w).lower() for data in for_language(lang, key) for w in data)


def _singular_determiners(lang: str | None) -> frozenset[str]:
    return _folded_words(lang, "singular_determiners")


def _singular_pronouns(lang: str | None) -> frozenset[str]:
    return _folded_words(lang, "singular_pronouns")


@lru_cache(maxsize=None)
def _phrase_bounds(lang: str | None) -> tuple[frozenset[str], frozenset[str]]:
    """Words that close a noun phrase's head (a complement, a conjunction, a place
    preposition), and words that open another phrase (any determiner or article)."""
    closers = _complement_preps(lang) | {fold(w).lower() for key in ("conjunctions", "event_place_preps")
                                         for data in for_language(lang, key) for w in data}
    openers = _singular_determiners(lang) | _indefinite_articles(lang) | {
        fold(w).lower() for data in for_language(lang, "definite_articles") for w in data}
    return frozenset(closers), frozenset(openers)


def _determiner(words: list[str], lang: str | None) -> int | None:
    """Where the noun phrase ending a clause starts: its determiner, at most eight words back,
    passing over a complement's own ("A captain from | the military battalion 101")."""
    determiners = _singular_determiners(lang) | _indefinite_articles(lang)
    found = None
    for i in range(len(words) - 2, max(-1, len(words) - 9), -1):
        if words[i].lower() in determiners and (found is None or (found > 0 and words[found - 1].lower() in _complement_preps(lang))):
            found = i
    return found


def _complement_preps(lang: str | None) -> frozenset[str]:
    return _folded_words(lang, "noun_complement_preps")


@lru_cache(maxsize=None)
def _plural_suffixes(lang: str | None) -> tuple[str, ...]:
    return tuple(fold(w).lower() for data in for_language(lang, "plural_suffixes") for w in data)


def _indefinite_articles(lang: str | None) -> frozenset[str]:
    return _folded_words(lang, "indefinite_articles")


def _duals(folded: str, lang: str | None, start: int, end: int) -> dict[str, dict[str, int]]:
    """Counts of two told by the dual: a dual count word, or a count's `before` word followed
    by a noun in the dual ("إصابة حارسين"), unless that word is a given name ("مقتل حسين")."""
    suffixes = "|".join(re.escape(fold(s)) for data in for_language(lang, "dual_suffixes") for s in data)
    names = {fold(n) for data in for_language(lang, "given_names") for n in data}
    found: dict[str, dict[str, int]] = {}
    for key, side, words_re in _count_words(lang) if suffixes else ():
        if key in found or side == "after":
            continue
        for w in words_re.finditer(folded, start, end):
            noun = re.compile(rf"\s+(?!ال)\w{{3,}}(?:{suffixes})(?!\w)").match(folded, w.end()) if side == "before" else w
            if noun and noun.group().strip() not in names:
                found[key] = {"value": 2, "start": noun.start() + (len(noun.group()) - len(noun.group().lstrip())),
                              "end": noun.end()}
                break
    return found
