"""Evaluators against real annotated data; importing this package registers them all."""
from crosswire.eval import (  # noqa: F401  (registration)
    acled,
    actors_seeds,
    aliases,
    events,
    events_seeds,
    export_speed,
    framing,
    ingest_speed,
    lang,
    link,
    link_speed,
    names,
    ner,
    pipeline_speed,
    quotes,
    stage_speed,
    stories,
    web_speed,
)
from crosswire.eval.registry import EVALUATORS, EvalResult, data_root, get, resolve_data

__all__ = ["EVALUATORS", "EvalResult", "data_root", "get", "resolve_data"]
