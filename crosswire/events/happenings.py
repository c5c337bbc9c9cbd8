"""Happenings: the stretches of a document that report one ACLED-codable event, as the
happening model reads its sentences, and the one event record that stands for each.

A sentence reports a happening when the model's most likely label for it is an ACLED
sub-event type rather than `none`; consecutive such sentences tell one happening (a note's
"protesters gathered … police fired tear gas … two were injured"), whose sub-event type is
the one its clearest sentence tells (the highest probability of any sub-event in any of
its sentences: an "air attack" mentioned amid talk of fighting is an air strike). The rule-coded events inside a happening
give it its parties, place, date and counts; the one that fits its type best carries the
ACLED coding, and the others keep only their PLOVER type: rhetoric, commentary and
background never reach the ACLED export.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
import yaml

from crosswire.events.model import NONE, shipped
from crosswire.text.events import Trigger, same_kind

# Sentences of other matters that may stand between two sentences of one happening.
MAX_GAP = 1


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, Any]:
    return yaml.safe_load((resources.files("crosswire.events") / "acled.yaml").read_text("utf-8"))


def coding(sub_event: str) -> dict[str, str]:
    """ACLED event type, disorder type and PLOVER type/mode of a sub-event type."""
    entry = vocabulary()["sub_events"][sub_event]
    plover, _, mode = entry["plover"].partition("/")
    return {"event_type": entry["event_type"], "disorder": entry["disorder"], "plover": plover, "mode": mode or None}


@dataclass(frozen=True)
class Happening:
    sentences: tuple[tuple[int, int], ...]
    sub_event: str
    probability: float              # mean probability of the chosen sub-event over its sentences

    @property
    def start(self) -> int:
        return self.sentences[0][0]

    @property
    def end(self) -> int:
        return self.sentences[-1][1]

    def holds(self, start: int) -> bool:
        return any(a <= start < b for a, b in self.sentences)


def happenings(text: str, spans: list[tuple[int, int]], vectors: np.ndarray, triggers: list[list[Trigger]],
               day: Callable[[tuple[int, int]], str | None] = lambda span: None) -> list[Happening]:
    """The happenings of a document, from its sentence spans, their stored vectors and the
    triggers the word lists found in them: a sentence tells one when the model finds ACLED
    happenings together likelier than none; such sentences close together (one other
    sentence between them at most, an aside or a source line) tell one happening, unless
    one names a day of its own other than the day the happening is on (`day`: the day a
    sentence writes, if any): "On Monday, … On Wednesday, …" tells two."""
    model = shipped()
    probabilities = model.probabilities([text[a:b] for a, b in spans], vectors, triggers)
    none = model.labels.index(NONE)
    telling = [i for i in range(len(spans)) if probabilities[i, none] < 0.5]
    runs: list[list[int]] = []
    days: list[str | None] = []
    for i in telling:
        told = day(spans[i])
        if runs and i - runs[-1][-1] <= MAX_GAP + 1 and (told is None or days[-1] in (None, told)):
            runs[-1].append(i)
            days[-1] = days[-1] or told
        else:
            runs.append([i])
            days.append(told)
    found = []
    for run in runs:
        told = probabilities[run].copy()
        told[:, none] = -1.0
        best = int(np.unravel_index(told.argmax(), told.shape)[1])        # the label its clearest sentence tells
        label = escalated(model.labels[best], [model.labels[int(i)] for i in told.argmax(axis=1)])
        found.append(Happening(tuple(spans[j] for j in run), label, float(probabilities[run, best].mean())))
    return found


def escalated(sub_event: str, told: list[str]) -> str:
    """ACLED's coding of a happening another sentence of which tells a more serious
    sub-event: a demonstration with violence, force or arrests; shelling amid an armed
    clash (acled.yaml `escalation`)."""
    rules = vocabulary().get("escalation", {}).get(sub_event, {})
    return next((becomes for seen, becomes in rules.items() if seen in told), sub_event)


def with_acts_told(happening: Happening, events: list[dict[str, Any]]) -> Happening:
    """The happening coded by what the rules find told in it (acled.yaml): ACLED's precedence
    between weapons told together (`told_beside`: warplanes striking while artillery shells
    is an air strike), and the acts a sub-event needs (`needs_told`: a demonstration is a
    riot only where the demonstrators are told to act violently)."""
    inside = [e for e in events if happening.holds(e["trigger_start"]) and not told_as_past(e)]
    # each event's type, and what each of its words tells ("a mine attack …, and both sides
    # then exchanged fire" is one violent event that tells fighting too)
    told = {f"{e['type']}/{e['mode']}" for e in inside} | {kind for e in inside for kind in e["evidence"].get("told", ())}
    rules = vocabulary().get("told_beside", {}).get(happening.sub_event, {})
    becomes = next((rule if isinstance(rule, str) else rule["becomes"] for seen, rule in rules.items()
                    if seen in told and (isinstance(rule, str) or not _any_told(rule["unless"], told))), None)
    needs = vocabulary().get("needs_told", {}).get(happening.sub_event, [])
    if becomes is None:
        becomes = next((need["otherwise"] for need in needs if not _any_told(need["acts"], told)), None)
    return replace(happening, sub_event=becomes) if becomes else happening


def _any_told(acts: list[str], told: set[str]) -> bool:
    """Whether any of `acts` (PLOVER type/mode, or a type with any mode) is among those told."""
    return any(act in acts or act.split("/")[0] in acts for act in told)


def told_as_past(event: dict[str, Any]) -> bool:
    """Whether the rules read an event as the background of another ("after the truce
    collapsed"), as history recalled ("a car bomb in 1996") or as a habit ("incessant
    attacks"): not a happening reported."""
    return bool(event["evidence"].get("background") or event["evidence"].get("recalled") or event["evidence"].get("habitual"))


def anchor(happening: Happening, events: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The rule-coded event inside the happening that stands for it: the first of the kind
    its sub-event maps to (violence of either PLOVER type counts as one kind: the lead tells
    who did what, a later "one soldier was killed" its toll), of the PLOVER type itself where
    two start together, else the first violent, coercive or protest event, else the first;
    background, history and habit never stand for a happening. None when the rules found no
    other event in it, or found its kind of act told only as a habit ("has been staging
    incessant attacks against the blockaded Gaza Strip": no blockade stands for the attacks),
    or only as history or background beside talk ("he praised the commander killed in a drone
    strike in 2020": no praise stands for the strike)."""
    told = [e for e in events if happening.holds(e["trigger_start"])]
    inside = [e for e in told if not told_as_past(e)]
    wanted = coding(happening.sub_event)["plover"]
    same = [e for e in inside if same_kind(e["type"], wanted)]
    acts = [e for e in inside if e["type"] in ("ASSAULT", "FIGHT", "PROTEST", "COERCE")]
    past = [e for e in told if same_kind(e["type"], wanted) and told_as_past(e)]
    aside = [e for e in past if not e["evidence"].get("main")]     # a clause's, not what the sentence tells
    if not inside or (not same and any(e["evidence"].get("habitual") for e in past)) or (not same and aside and not acts):
        return None
    fitting = same or acts or inside
    first = min(fitting, key=lambda e: e["start"])
    return next((e for e in fitting if e["type"] == wanted and e["start"] == first["start"]), first)
