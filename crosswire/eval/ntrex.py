"""Reading the NTREX folder format: one `LANG.tsv` per language, `DOC_ID<TAB>segment` lines."""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from crosswire.errors import EvalError

# File-name language codes (ISO 639-3, with script or region) to the codes crosswire
# stores: ISO 639-1 where one exists; Kurmanji falls under the Kurdish macrolanguage `ku`,
# Central Kurdish keeps `ckb`, which has no 639-1 code.
ISO_639_1 = {
    "arb": "ar", "ara": "ar", "ckb": "ckb", "deu": "de", "eng": "en", "fas": "fa", "pes": "fa", "fra": "fr",
    "heb": "he", "ita": "it", "kmr": "ku", "por": "pt", "rus": "ru", "spa": "es", "tur": "tr", "ukr": "uk",
    "urd": "ur", "zho": "zh", "cmn": "zh", "jpn": "ja", "kor": "ko", "nld": "nl", "pol": "pl", "hin": "hi",
}


def expected_lang(path: Path) -> str:
    code = path.stem.split("-", 1)[0].lower()
    return ISO_639_1.get(code, code)


def read_ntrex(folder: Path) -> dict[str, dict[str, list[str]]]:
    """{file stem: {document id: [segments in order]}}."""
    files = sorted(folder.glob("*.tsv"))
    if not files:
        raise EvalError(str(folder), "no *.tsv files in NTREX format (DOC_ID<TAB>text)")
    corpus: dict[str, dict[str, list[str]]] = {}
    for path in files:
        docs: dict[str, list[str]] = defaultdict(list)
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            if "\t" not in line:
                raise EvalError(f"{path}:{number}", "expected DOC_ID<TAB>text")
            doc_id, text = line.split("\t", 1)
            docs[doc_id].append(text.strip())
        corpus[path.stem] = dict(docs)
    return corpus
