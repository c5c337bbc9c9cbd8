"""The export contract's record kinds as typed columns (DESIGN.md names the fields): what
the Parquet files hold, and what the flat CSV tables spread into cells."""
from __future__ import annotations

import json
from typing import Any

import pyarrow as pa

_SPAN = pa.list_(pa.int32())
_SPANS = pa.list_(_SPAN)
_STRINGS = pa.list_(pa.string())
_ACTOR_SPAN = pa.struct([("entity_id", pa.string()), ("text", pa.string()), ("start", pa.int32()), ("end", pa.int32()),
                         ("how", pa.string()), ("kind", pa.string()), ("method", pa.string()), ("name", pa.string()),
                         ("country", pa.string()), ("admin1", pa.string()), ("lat", pa.float64()), ("lon", pa.float64())])
_PLACE = pa.struct([("name", pa.string()), ("entity_id", pa.string()), ("start", pa.int32()), ("end", pa.int32()),
                    ("lat", pa.float64()), ("lon", pa.float64()), ("how", pa.string()), ("country", pa.string()),
                    ("admin1", pa.string())])
_WORDS = [("start", pa.int32()), ("end", pa.int32()), ("text", pa.string())]
_VOICE = [("voice", pa.string()), ("quote_id", pa.string())]
_COUNT = pa.struct([("value", pa.float64()), ("start", pa.int32()), ("end", pa.int32())])

# Each kind's columns, with what each holds (the README written beside the files).
SCHEMAS: dict[str, list[tuple[str, pa.DataType, str]]] = {
    "documents": [
        ("id", pa.string(), "document id"), ("sources", _STRINGS, "every path or URL it was ingested from"),
        ("title", pa.string(), ""), ("text", pa.string(), "clean text; every span elsewhere points into it"),
        ("lang", pa.string(), "ISO 639-1"), ("published", pa.string(), "date as precise as known (YYYY, YYYY-MM, YYYY-MM-DD)"),
        ("published_precision", pa.string(), "year | month | day | …"), ("outlet", pa.string(), ""),
        ("relayed_from", pa.string(), "the outlet it credits"), ("url", pa.string(), ""),
        ("ingested_at", pa.string(), "ISO timestamp"), ("paragraph_langs", _STRINGS, "language of each paragraph"),
        ("metadata", pa.map_(pa.string(), _STRINGS), "fields read from the page or feed")],
    "links": [
        ("a", pa.string(), "document id"), ("b", pa.string(), "document id"),
        ("kind", pa.string(), "translation | near_duplicate | same_story"), ("score", pa.float64(), ""),
        ("evidence", pa.list_(pa.struct([("a", _SPAN), ("b", _SPAN), ("score", pa.float64())])),
         "aligned sentence spans [start, end] in a and b")],
    "stories": [
        ("id", pa.string(), ""), ("title", pa.string(), ""), ("documents", pa.int32(), ""), ("first", pa.string(), "date"),
        ("last", pa.string(), "date"), ("langs", _STRINGS, ""), ("outlets", _STRINGS, ""), ("topic", pa.string(), "topic id"),
        ("doc_ids", _STRINGS, "")],
    "topics": [
        ("id", pa.string(), ""), ("title", pa.string(), ""), ("stories", pa.int32(), ""), ("documents", pa.int32(), ""),
        ("first", pa.string(), "date"), ("last", pa.string(), "date"), ("langs", _STRINGS, ""), ("keywords", _STRINGS, ""),
        ("doc_ids", _STRINGS, "")],
    "entities": [
        ("id", pa.string(), "KB id, or local:… for an actor only the documents know"),
        ("kind", pa.string(), "person | organization | location | …"), ("name", pa.string(), ""),
        ("aliases", _STRINGS, "the KB's names and every spelling seen"), ("ids", pa.map_(pa.string(), pa.string()),
                                                                            "external ids (wikidata, cameo, …)"),
        ("roles", pa.list_(pa.struct([("role", pa.string()), ("of", pa.string()), ("start", pa.string()),
                                      ("end", pa.string())])), ""),
        ("affiliations", pa.list_(pa.struct([("actor", pa.string()), ("role", pa.string())])), ""),
        ("location", pa.struct([("lat", pa.float64()), ("lon", pa.float64())]), ""),
        ("origin", pa.string(), "kb | local")],
    "mentions": [
        ("doc_id", pa.string(), ""), ("start", pa.int32(), ""), ("end", pa.int32(), ""), ("text", pa.string(), "the words"),
        ("kind", pa.string(), ""), ("entity_id", pa.string(), ""), ("method", pa.string(), ""), ("score", pa.float64(), "")],
    "quotes": [
        ("id", pa.string(), ""), ("doc_id", pa.string(), ""), ("start", pa.int32(), ""), ("end", pa.int32(), ""),
        ("text", pa.string(), "the quoted words"), ("kind", pa.string(), "direct | indirect | mixed"),
        ("speaker_entity_id", pa.string(), ""), ("speaker_start", pa.int32(), ""), ("speaker_end", pa.int32(), ""),
        ("cue_start", pa.int32(), ""), ("cue_end", pa.int32(), ""), ("via", pa.string(), "relaying outlet or person"),
        ("via_start", pa.int32(), ""), ("via_end", pa.int32(), ""), ("group_id", pa.string(), "one utterance across documents"),
        ("score", pa.float64(), ""), ("method", pa.string(), ""), ("parts", _SPANS, "the quote's spans"),
        ("evidence", pa.struct([("speaker", pa.string()), ("antecedent", _SPAN), ("fragments", _SPANS)]),
         "how the speaker was found")],
    "events": [
        ("id", pa.string(), ""), ("doc_id", pa.string(), ""), ("type", pa.string(), "PLOVER"), ("mode", pa.string(), ""),
        ("acled_event_type", pa.string(), ""), ("acled_sub_event_type", pa.string(), ""), ("actors", _STRINGS, "entity ids"),
        ("targets", _STRINGS, "entity ids"), ("actor_spans", pa.list_(_ACTOR_SPAN), ""), ("target_spans", pa.list_(_ACTOR_SPAN), ""),
        ("location", _PLACE, ""), ("date", pa.string(), ""), ("date_precision", pa.string(), ""),
        ("counts", pa.map_(pa.string(), _COUNT), "fatalities, injured, … with their spans"),
        ("modality", pa.string(), "reported | claimed | denied | threatened | …"),
        ("evidence", pa.list_(pa.struct([("doc_id", pa.string()), ("start", pa.int32()), ("end", pa.int32())])), ""),
        ("group_id", pa.string(), "one happening across reports"), ("score", pa.float64(), ""), ("method", pa.string(), ""),
        ("sentence_start", pa.int32(), ""), ("sentence_end", pa.int32(), ""), ("triggers", _SPANS, "trigger word spans"),
        ("details", pa.string(), "the stage's reasoning, as JSON (its keys vary with the rules that fired)")],
    "framing": [
        ("doc_id", pa.string(), ""), ("outlet", pa.string(), ""), ("lang", pa.string(), ""), ("published", pa.string(), ""),
        ("frames", _STRINGS, "SemEval-2023 generic frames, strongest first"),
        ("frame_scores", pa.list_(pa.struct([("frame", pa.string()), ("score", pa.float64()), *_WORDS])),
         "each frame's confidence and the sentence that carries it most"),
        ("labels", pa.list_(pa.struct([*_WORDS, ("entity_id", pa.string()), ("actor", pa.string()), ("actor_span", _SPAN),
                                       *_VOICE])), "descriptors the document gives actors; voice: outlet | reported | quoted | distanced"),
        ("markers", pa.list_(pa.struct([*_WORDS, ("kind", pa.string()), ("term", pa.string()), ("term_span", _SPAN)])),
         "distance markers: so_called | scare_quotes, with the words they mark"),
        ("loaded_terms", pa.list_(pa.struct([*_WORDS, ("term", pa.string()), ("stance", pa.string()), ("about", pa.string()),
                                             *_VOICE])), "words that take a side: stance for | against, about whom; voice as for labels"),
        ("attributions", pa.list_(pa.struct([*_WORDS, ("tone", pa.string()), ("speaker_entity_id", pa.string()),
                                             ("speaker", pa.string()), ("quote_id", pa.string())])),
         "the reporting verb chosen for each quote, with its tone"),
        ("voices", pa.list_(pa.struct([*_WORDS, ("speaker", pa.string()), ("speaker_entity_id", pa.string()),
                                       ("speaker_span", _SPAN), ("share", pa.float64()), ("kind", pa.string()),
                                       ("via", pa.string()), ("quote_id", pa.string())])),
         "quoted statements: who, relayed by whom, and the share of the text")],
}


def schema(kind: str) -> pa.Schema:
    return pa.schema([(name, kind_) for name, kind_, _ in SCHEMAS[kind]])


def typed_row(kind: str, record: dict[str, Any]) -> dict[str, Any]:
    """A record in its kind's column shapes: maps as key/value pairs, the free-form event
    details as JSON beside their typed trigger spans."""
    row = dict(record)
    if kind == "events":
        row["triggers"] = (record.get("details") or {}).get("triggers")
        row["details"] = json.dumps(record.get("details"), ensure_ascii=False)
        row["counts"] = list((record.get("counts") or {}).items())
    elif kind == "entities":
        row["ids"] = [(k, str(v)) for k, v in (record.get("ids") or {}).items()]
    elif kind == "documents":
        row["metadata"] = list((record.get("metadata") or {}).items())
    return row
