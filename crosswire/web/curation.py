"""Edits from the web app: each is a form on a page and a POST under /api, made through the
KB's analyst-edit functions (kb/edits.py) on the store opened for writing only while the
edit runs, and signed with the app's analyst name."""
from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import FastAPI, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from crosswire.errors import CrosswireError
from crosswire.kb import edits
from crosswire.store import open_store
from crosswire.store.sql import SQLStore

Text = Annotated[str, Form()]
OptionalText = Annotated[str | None, Form()]


def add_routes(app: FastAPI, db: str, who: str, editable: bool,
               render_error: Callable[[Request, str, int], Response]) -> None:
    def edit(path: str, back: str) -> Callable[[Callable[..., dict[str, Any]]], Callable[..., Any]]:
        """POST `path` (a form, answered by a redirect to `back`) and /api`path` (JSON)."""
        def register(fn: Callable[..., dict[str, Any]]) -> Callable[..., Any]:
            def run(**kw: Any) -> tuple[dict[str, Any] | None, str | None, int]:
                if not editable:
                    return None, "this app was started read-only (crosswire serve --read-only)", 403
                try:
                    with open_store(db, create=False) as store:
                        return fn(store, **kw), None, 200
                except CrosswireError as exc:
                    return None, str(exc), 400

            async def as_form(request: Request, ref: str, **kw: Any) -> Response:
                done, error, status = run(ref=ref, **kw)
                if error:
                    return render_error(request, error, status)
                return RedirectResponse(back.format(ref=ref, **(done or {})), status_code=303)

            async def as_json(request: Request, ref: str, **kw: Any) -> Response:
                done, error, status = run(ref=ref, **kw)
                return JSONResponse(done if not error else {"error": error}, status_code=status)

            params = [p for name, p in inspect.signature(fn).parameters.items() if name != "store"]
            request = inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Request)
            for handler in (as_form, as_json):
                handler.__signature__ = inspect.Signature([request, *params])  # type: ignore[attr-defined]
            app.post(path, include_in_schema=False)(as_form)
            app.post("/api" + path, name=fn.__name__, summary=fn.__doc__)(as_json)
            return fn
        return register

    @edit("/actors/{ref}/aliases", "/actors/{actor}")
    def add_alias(store: SQLStore, ref: str, alias: Text, lang: OptionalText = None) -> dict[str, Any]:
        """Give an actor another name (recorded as an analyst edit)."""
        return edits.add_alias(store, ref, alias, lang, who)

    @edit("/actors/{ref}/merge", "/actors/{kept}")
    def merge(store: SQLStore, ref: str, other: Text) -> dict[str, Any]:
        """Fold another actor into this one (recorded; split undoes it)."""
        return edits.merge_actors(store, ref, other, who)

    @edit("/actors/{ref}/split", "/actors/{kept}")
    def split(store: SQLStore, ref: str, absorbed: Text) -> dict[str, Any]:
        """Undo the latest merge of `absorbed` into this actor."""
        return edits.split_actors(store, ref, absorbed, who)

    @edit("/quotes/{ref}/speaker", "/quotes/{ref}")
    def reattribute(store: SQLStore, ref: str, actor: Text) -> dict[str, Any]:
        """Attribute a quote to another actor; kept when the quotes stage runs again."""
        return edits.correct_quote_speaker(store, ref, actor, who)

    @edit("/events/{ref}/type", "/events/{ref}")
    def retype(store: SQLStore, ref: str, type: Text, acled_event_type: OptionalText = None,
               acled_sub_event_type: OptionalText = None) -> dict[str, Any]:
        """Give an event another type; kept when the events stage runs again."""
        return edits.correct_event_type(store, ref, type, acled_event_type, acled_sub_event_type, who)
