"""Declared columns: the names and Arrow types stages read and assign.

Stages exchange Arrow record batches with these columns, so the same stage function runs
in-process and under a distributed runner (Ray Data's `map_batches`) unchanged.
"""
from __future__ import annotations

import pyarrow as pa

PARAGRAPH = pa.struct([("start", pa.int64()), ("end", pa.int64()), ("lang", pa.string()), ("score", pa.float64())])
FIELD = pa.struct(
    [("key", pa.string()), ("value", pa.string()), ("start", pa.int64()), ("end", pa.int64()), ("basis", pa.string())]
)

SENTENCE = pa.struct([("start", pa.int64()), ("end", pa.int64()), ("vector", pa.binary()), ("anchors", pa.list_(pa.string()))])
SPAN = pa.struct([("start", pa.int64()), ("end", pa.int64())])


def span(pair: tuple[int, int] | list[int] | None) -> dict[str, int] | None:
    """A (start, end) pair as a `SPAN` record."""
    return {"start": pair[0], "end": pair[1]} if pair else None


def pair(record: dict[str, int] | None) -> list[int] | None:
    """A `SPAN` record as the [start, end] pair the tables and the export contract keep."""
    return [record["start"], record["end"]] if record else None


# A sentence of one document aligned with a sentence of another.
ALIGNED = pa.struct([("a", SPAN), ("b", SPAN), ("score", pa.float64())])
LINK = pa.struct([("other", pa.string()), ("kind", pa.string()), ("score", pa.float64()), ("evidence", pa.list_(ALIGNED))])
CANDIDATE = pa.struct([
    ("doc_id", pa.string()), ("lang", pa.string()), ("published", pa.string()), ("text", pa.string()),
    ("sentences", pa.list_(SENTENCE)), ("anchors", pa.list_(pa.string())),
])
KEY_COUNT = pa.struct([("key", pa.string()), ("count", pa.int64())])
NEIGHBOUR = pa.struct([
    ("doc_id", pa.string()), ("story_id", pa.string()), ("link", pa.string()), ("doc_vector", pa.binary()),
    ("anchors", pa.list_(pa.string())), ("published", pa.string()),
])
# How a mention was resolved (or why not): the method, where its kind came from, the
# candidates it could not choose between, the antecedent or the co-mentioned actors it was
# resolved through.
MENTION_EVIDENCE = pa.struct([
    ("resolved_by", pa.string()), ("kind_from", pa.string()), ("kind_corrected_from", pa.string()),
    ("ambiguous", pa.list_(pa.string())), ("antecedent", SPAN), ("context", pa.list_(pa.string())),
    ("unresolved", pa.string()),
])
MENTION = pa.struct([
    ("start", pa.int64()), ("end", pa.int64()), ("kind", pa.string()), ("entity_id", pa.string()), ("method", pa.string()),
    ("score", pa.float64()), ("name", pa.string()), ("evidence", MENTION_EVIDENCE),
])
ROLE_FACT = pa.struct([
    ("start", pa.int64()), ("end", pa.int64()), ("role", pa.string()), ("entity_id", pa.string()),
    ("of_entity_id", pa.string()), ("of_text", pa.string()), ("method", pa.string()),
])
# How a quote's speaker was found, the pronoun's antecedent it was resolved through, and the
# quoted fragments of a mixed quote.
QUOTE_EVIDENCE = pa.struct([("speaker", pa.string()), ("antecedent", SPAN), ("fragments", pa.list_(SPAN))])
QUOTE = pa.struct([
    ("id", pa.string()), ("start", pa.int64()), ("end", pa.int64()), ("kind", pa.string()), ("parts", pa.list_(SPAN)),
    ("speaker_entity_id", pa.string()), ("speaker_start", pa.int64()), ("speaker_end", pa.int64()),
    ("cue_start", pa.int64()), ("cue_end", pa.int64()), ("via", pa.string()), ("via_start", pa.int64()),
    ("via_end", pa.int64()), ("score", pa.float64()), ("method", pa.string()), ("evidence", QUOTE_EVIDENCE),
    ("vector", pa.binary()),
])
RELATED_QUOTE = pa.struct([("id", pa.string()), ("group_id", pa.string()), ("published", pa.string()), ("vector", pa.binary())])
QUOTE_GROUP = pa.struct([("quote_id", pa.string()), ("group_id", pa.string()), ("score", pa.float64())])
# A party to an event (who acted, who was acted on): the mention it was read from and how;
# a pronoun's antecedent; a place struck also says where it is (name, area, country, coordinates).
PARTY = pa.struct([
    ("entity_id", pa.string()), ("text", pa.string()), ("start", pa.int64()), ("end", pa.int64()), ("how", pa.string()),
    ("kind", pa.string()), ("method", pa.string()), ("antecedent", SPAN), ("name", pa.string()), ("country", pa.string()),
    ("admin1", pa.string()), ("lat", pa.float64()), ("lon", pa.float64()),
])
PLACE = pa.struct([
    ("name", pa.string()), ("entity_id", pa.string()), ("start", pa.int64()), ("end", pa.int64()), ("lat", pa.float64()),
    ("lon", pa.float64()), ("how", pa.string()), ("country", pa.string()), ("admin1", pa.string()),
])
# A number the report gives ("fatalities": 5) and where it is written.
COUNT = pa.struct([("key", pa.string()), ("value", pa.int64()), ("start", pa.int64()), ("end", pa.int64())])
# The happening the model read an ACLED-coded event from: its sentences, sub-event type and probability.
HAPPENING = pa.struct([("sentences", pa.list_(SPAN)), ("sub_event", pa.string()), ("probability", pa.float64())])
# Why an event was found and judged as it was: its triggers, the words that set its modality,
# the date's words (none: the publication date), what it is about, and the rules' judgements
# (none on an event the model made: the rules did not judge it).
EVENT_EVIDENCE = pa.struct([
    ("triggers", pa.list_(SPAN)), ("modality", SPAN), ("specific", pa.bool_()), ("report_likeness", pa.float64()),
    ("date", SPAN), ("about", pa.list_(pa.string())), ("reframed", pa.string()), ("main", pa.bool_()),
    ("background", pa.bool_()), ("recalled", pa.bool_()), ("habitual", pa.bool_()), ("parsed", pa.bool_()),
    ("happening", HAPPENING),
])
EVENT = pa.struct([
    ("id", pa.string()), ("type", pa.string()), ("mode", pa.string()), ("acled_event_type", pa.string()),
    ("acled_sub_event_type", pa.string()), ("actors", pa.list_(PARTY)), ("targets", pa.list_(PARTY)), ("location", PLACE),
    ("date", pa.string()), ("date_precision", pa.string()), ("counts", pa.list_(COUNT)), ("modality", pa.string()),
    ("start", pa.int64()), ("end", pa.int64()), ("trigger_start", pa.int64()), ("trigger_end", pa.int64()),
    ("score", pa.float64()), ("method", pa.string()), ("evidence", EVENT_EVIDENCE),
])
RELATED_EVENT = pa.struct([
    ("id", pa.string()), ("group_id", pa.string()), ("doc_id", pa.string()), ("type", pa.string()),
    ("actors", pa.list_(PARTY)), ("targets", pa.list_(PARTY)), ("location", PLACE), ("date", pa.string()),
    ("date_precision", pa.string()),
])
# A name in one of two aligned sentences (crosswire/aliases).
ALIGNED_NAME = pa.struct([("entity_id", pa.string()), ("kind", pa.string()), ("start", pa.int64()), ("end", pa.int64()),
                          ("text", pa.string())])
# A link this document's run found: the other document, its aligned sentence pairs (this
# document's sentence first), both documents' sentences and resolved names.
LINKED_NAMES = pa.struct([
    ("other", pa.string()), ("other_lang", pa.string()), ("link", pa.string()), ("pairs", pa.list_(ALIGNED)),
    ("sentences_a", pa.list_(SPAN)), ("sentences_b", pa.list_(SPAN)), ("names_a", pa.list_(ALIGNED_NAME)),
    ("names_b", pa.list_(ALIGNED_NAME)),
])
# Two actors named in the same place of two aligned sentences: evidence they are one.
ALIAS_EVIDENCE = pa.struct([
    ("other", pa.string()), ("link", pa.string()), ("kind", pa.string()), ("entity_a", pa.string()),
    ("entity_b", pa.string()), ("lang_a", pa.string()), ("lang_b", pa.string()), ("a", SPAN), ("b", SPAN),
    ("name_a", pa.string()), ("name_b", pa.string()),
])
EVENT_GROUP = pa.struct([("event_id", pa.string()), ("group_id", pa.string()), ("score", pa.float64())])
# One mark of framing a document carries (crosswire/framing): an actor label, a distance
# marker, an attribution verb, a loaded term, a quoted voice or a generic frame, with its words.
FRAMING_ITEM = pa.struct([
    ("kind", pa.string()), ("start", pa.int64()), ("end", pa.int64()), ("value", pa.string()), ("entity_id", pa.string()),
    ("quote_id", pa.string()), ("voice", pa.string()), ("stance", pa.string()), ("about", pa.string()), ("term", SPAN), ("score", pa.float64()),
])
STORY = pa.struct([("story_id", pa.string()), ("score", pa.float64()), ("via", pa.string()), ("merges", pa.list_(pa.string()))])
# A document's story and the topics its story's other documents are on, the earliest placed first.
STORY_TOPIC = pa.struct([("story_id", pa.string()), ("topics", pa.list_(pa.string()))])
TOPIC_NEIGHBOUR = pa.struct([
    ("doc_id", pa.string()), ("lang", pa.string()), ("story_id", pa.string()), ("topic_id", pa.string()),
    ("terms", pa.list_(KEY_COUNT)), ("doc_vector", pa.binary()), ("anchors", pa.list_(pa.string())),
])
TOPIC = pa.struct([("topic_id", pa.string()), ("score", pa.float64()), ("via", pa.string()), ("how", pa.string()),
                   ("merges", pa.list_(pa.string()))])

COLUMNS: dict[str, pa.DataType] = {
    "doc_id": pa.string(),
    "body": pa.string(),
    "text": pa.string(),
    "title": pa.string(),
    "url": pa.string(),
    "outlet": pa.string(),
    "outlet_key": pa.string(),
    "hints": pa.map_(pa.string(), pa.string()),
    "repeated_lines": pa.list_(pa.string()),
    "lang": pa.string(),
    "published": pa.string(),
    "published_precision": pa.string(),
    "relayed_from": pa.string(),
    "paragraphs": pa.list_(PARAGRAPH),
    "fields": pa.list_(FIELD),
    "sentences": pa.list_(SENTENCE),
    "doc_vector": pa.binary(),
    "anchors": pa.list_(pa.string()),
    "lsh_bands": pa.list_(pa.string()),
    "terms": pa.list_(KEY_COUNT),
    "term_counts": pa.list_(KEY_COUNT),
    "candidates": pa.list_(CANDIDATE),
    "anchor_counts": pa.list_(KEY_COUNT),
    "topic_anchor_counts": pa.list_(KEY_COUNT),
    "corpus_size": pa.int64(),
    "links": pa.list_(LINK),
    "neighbours": pa.list_(NEIGHBOUR),
    "story": STORY,
    "story_topic": STORY_TOPIC,
    "topic_neighbours": pa.list_(TOPIC_NEIGHBOUR),
    "topic": TOPIC,
    "mentions": pa.list_(MENTION),
    "role_facts": pa.list_(ROLE_FACT),
    "quotes": pa.list_(QUOTE),
    "related_quotes": pa.list_(RELATED_QUOTE),
    "quote_groups": pa.list_(QUOTE_GROUP),
    "events": pa.list_(EVENT),
    "related_events": pa.list_(RELATED_EVENT),
    "event_groups": pa.list_(EVENT_GROUP),
    "linked_names": pa.list_(LINKED_NAMES),
    "alias_evidence": pa.list_(ALIAS_EVIDENCE),
    "framing": pa.list_(FRAMING_ITEM),
}

# Columns stored on the document row itself; the rest live in tables of their own.
DOCUMENT_COLUMNS = ("text", "title", "lang", "published", "published_precision", "outlet", "relayed_from")
# Columns the store computes from what stages assigned: a stage reading one runs after
# the stages that assign its sources.
DERIVED_FROM: dict[str, tuple[str, ...]] = {
    "candidates": ("doc_vector", "anchors", "lsh_bands", "sentences", "lang", "published"),
    "anchor_counts": ("anchors",),
    "corpus_size": ("doc_vector",),
    "neighbours": ("doc_vector", "anchors", "links", "published"),
    "related_quotes": ("quotes", "links", "story", "published"),
    "related_events": ("events", "links", "story"),
    "term_counts": ("terms",),
    "topic_anchor_counts": ("anchors", "terms", "lang", "story", "doc_vector", "links"),
    "story_topic": ("story",),
    "topic_neighbours": ("terms", "lang", "story", "doc_vector", "anchors", "links"),
    "linked_names": ("mentions", "links", "lang", "sentences"),
}
# Modules (besides the store's own) whose code computes a derived column: part of the
# fingerprint of every stage that reads it.
DERIVED_IN: dict[str, tuple[str, ...]] = {
    "candidates": ("crosswire.links.storage", "crosswire.links.candidates"),
    "anchor_counts": ("crosswire.links.storage",),
    "related_quotes": ("crosswire.quotes.storage",),
    "related_events": ("crosswire.events.storage",),
    "neighbours": ("crosswire.stories.storage",),
    "term_counts": ("crosswire.topics.storage",),
    "topic_anchor_counts": ("crosswire.topics.storage",),
    "story_topic": ("crosswire.topics.storage",),
    "topic_neighbours": ("crosswire.topics.storage",),
    "linked_names": ("crosswire.aliases.storage",),
}
def schema(names: tuple[str, ...]) -> pa.Schema:
    unknown = [n for n in names if n not in COLUMNS]
    if unknown:
        raise KeyError(f"undeclared column(s): {', '.join(unknown)}")
    return pa.schema([(n, COLUMNS[n]) for n in names])
