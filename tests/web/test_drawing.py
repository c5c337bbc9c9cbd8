"""What the pages draw, from known inputs: the timeline's axis, the map's frame and the
marks over a document's text."""
from __future__ import annotations

from crosswire.web.annotated import pieces
from crosswire.web.timeline import timeline
from crosswire.web.worldmap import world_map


def test_a_timeline_keeps_empty_days_and_counts_coarser_dates_apart():
    drawn = timeline([("2024-03-01", 2), ("2024-03-04", 1), ("2024", 5), ("2024-03", 1)])
    assert drawn["unit"] == "day"
    assert [(b["label"], b["count"]) for b in drawn["buckets"]] == [
        ("2024-03-01", 2), ("2024-03-02", 0), ("2024-03-03", 0), ("2024-03-04", 1)]
    assert drawn["coarser"] == 6 and drawn["most"] == 2


def test_a_long_span_is_drawn_by_month():
    drawn = timeline([("2023-01-15", 1), ("2023-12-02", 3), ("2023-06", 2)])
    assert drawn["unit"] == "month" and len(drawn["buckets"]) == 12 and drawn["coarser"] == 0
    assert drawn["buckets"][5] == {"label": "2023-06", "count": 2}


def test_the_map_frames_its_points_and_draws_only_the_countries_there():
    drawn = world_map([{"lon": 44.37, "lat": 33.31}, {"lon": 42.44, "lat": 33.8}, {"lon": 44.35, "lat": 36.54}])
    west, north, width, height = map(float, drawn["view_box"].split())
    assert west < 42.44 and west + width > 44.37 and -north > 36.54 and -north - height < 33.31
    names = {c["name"] for c in drawn["countries"]}
    assert {"Iraq", "Syria", "Iran"} <= names and not {"France", "United States of America"} & names
    assert [p["y"] for p in drawn["points"]] == [-33.31, -33.8, -36.54]


def test_a_map_without_points_is_the_world_at_the_coarse_scale():
    drawn = world_map([])
    assert drawn["view_box"].startswith("-180.00") and len(drawn["countries"]) > 150
    assert sum(len(c["path"]) for c in drawn["countries"]) < 400_000


def test_a_name_inside_a_quote_links_to_its_actor_and_the_rest_to_the_quote():
    text = 'He said: "Port Azrel will stay open." Then he left.'
    marks = [{"kind": "quote", "start": 10, "end": 36, "href": "/quotes/q1", "label": "direct quote", "class": "quote"},
             {"kind": "entity", "start": 10, "end": 20, "href": "/actors/a1", "label": "Port Azrel",
              "class": "entity location"}]
    cut = pieces(text, 0, len(text), marks)
    assert "".join(p["text"] for p in cut) == text
    name = next(p for p in cut if p["text"] == "Port Azrel")
    assert name["href"] == "/actors/a1" and name["classes"] == "entity location quote"
    rest = next(p for p in cut if p["text"] == " will stay open.")
    assert rest["href"] == "/quotes/q1" and rest["classes"] == "quote"
    assert cut[0] == {"text": 'He said: "', "start": 0, "classes": "", "href": None, "title": ""}
