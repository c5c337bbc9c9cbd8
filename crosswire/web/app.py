"""The web app: routes, templates and static files wired to one read-only store.

Every page is registered once with `page()`, which serves its data as JSON under `/api`
and as HTML at the same path, so the OpenAPI description covers everything a page shows.
Edits (curation.py) open the store for writing only while they run."""
from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from importlib import resources
from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader

from crosswire.errors import CrosswireError
from crosswire.framing.storage import actor_framing, story_framing
from crosswire.relations import RELATIONS, Window
from crosswire.store import open_store
from crosswire.store.sql import SQLStore
from crosswire.web import curation, pages
from crosswire.web.network import edge_evidence
from crosswire.web.network import network as network_of
from crosswire.web.search import Filters


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("crosswire.web"), autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.filters["short"] = lambda value, n=12: (value or "")[:n]
    env.globals["query"] = lambda **kw: urlencode({k: v for k, v in kw.items() if v not in (None, "")})
    return env


class Web:
    """The app's state: the store it reads, and who signs the edits. The store is opened on
    the server's event loop, where every page runs (SQLite connections stay on one thread)."""

    def __init__(self, db: str, who: str, editable: bool) -> None:
        self.db, self.who, self.editable = db, who, editable
        self._store: SQLStore | None = None

    @property
    def store(self) -> SQLStore:
        if self._store is None:
            self._store = open_store(self.db, create=False, readonly=True)  # type: ignore[assignment]
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def create_app(db: str, *, who: str = "analyst", editable: bool = True) -> FastAPI:
    """The app over the store at `db` (a SQLite file or a postgresql:// URL), which must exist."""
    web = Web(db, who, editable)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        web.close()

    app = FastAPI(title="crosswire", lifespan=lifespan, description="The knowledge base crosswire built: documents, stories, actors,"
                  " quotes, events and their network, each fact linked to the words behind it.",
                  docs_url="/api/docs", redoc_url=None, openapi_url="/api/openapi.json")
    app.state.web = web
    templates = Jinja2Templates(env=_environment())
    app.mount("/static", StaticFiles(directory=str(resources.files("crosswire.web") / "static")), name="static")

    def render(request: Request, template: str, data: Any, status: int = 200) -> Response:
        return templates.TemplateResponse(request, template, {"data": data, "editable": web.editable,
                                                              "path": request.url.path}, status_code=status)

    def page(path: str, template: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """Serve `fn(store, **query)` as JSON at /api`path` and as `template` at `path`."""
        def register(fn: Callable[..., Any]) -> Callable[..., Any]:
            signature = inspect.signature(fn)
            params = [p for name, p in signature.parameters.items() if name != "store"]

            async def as_json(**kw: Any) -> Any:
                return fn(web.store, **kw)

            async def as_html(request: Request, **kw: Any) -> Response:
                return render(request, template, fn(web.store, **kw))

            as_json.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
            request = inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Request)
            as_html.__signature__ = signature.replace(parameters=[request, *params],  # type: ignore[attr-defined]
                                                      return_annotation=Response)
            app.get("/api" + (path if path != "/" else "/overview"), name=fn.__name__, summary=fn.__doc__)(as_json)
            app.get(path, response_class=HTMLResponse, include_in_schema=False)(as_html)
            return fn
        return register

    @app.exception_handler(CrosswireError)
    async def not_found(request: Request, exc: CrosswireError) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": str(exc)}, status_code=404)
        return render(request, "error.html", {"error": str(exc)}, status=404)

    @app.middleware("http")
    async def same_origin_edits(request: Request, call_next: Callable[..., Any]) -> Response:
        """An edit must come from this app's own pages: a page elsewhere that posts a form
        here (cross-site request forgery) is refused."""
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            origin = request.headers.get("origin") or request.headers.get("referer")
            if origin and urlsplit(origin).netloc != request.url.netloc:
                return JSONResponse({"error": "edits are accepted only from this app's pages"}, status_code=403)
        return await call_next(request)

    # Pages whose parameters are the path's and the query's as they are.
    for path, template, show in (("/documents/{ref}", "document.html", pages.document),
                                 ("/documents/{ref}/sources", "sources.html", pages.raw_sources),
                                 ("/compare", "compare.html", pages.compare),
                                 ("/stories", "stories.html", pages.stories), ("/stories/{ref}", "story.html", pages.story),
                                 ("/stories/{ref}/framing", "story_framing.html", story_framing),
                                 ("/actors/{ref}/framing", "actor_framing.html", actor_framing),
                                 ("/topics", "topics.html", pages.topics), ("/topics/{ref}", "topic.html", pages.topic),
                                 ("/actors/{ref}", "actor.html", pages.actor), ("/quotes/{ref}", "quote.html", pages.quote),
                                 ("/events/{ref}", "event.html", pages.event)):
        page(path, template)(show)

    @page("/", "index.html")
    def overview(store: SQLStore) -> dict[str, Any]:
        """What the knowledge base holds."""
        return pages.overview(store)

    @page("/search", "search.html")
    def search(store: SQLStore, q: str | None = None, lang: str | None = None, outlet: str | None = None,
               since: str | None = None, until: str | None = None, actor: str | None = None,
               event_type: str | None = None, story: str | None = None, offset: int = 0) -> dict[str, Any]:
        """Documents by full text and filters, matched words marked."""
        return pages.search(store, Filters(q, lang, outlet, since, until, actor, event_type, story), offset)

    @page("/actors", "actors.html")
    def actors(store: SQLStore, kind: str | None = None) -> dict[str, Any]:
        """Actors ranked by mentions."""
        return pages.actors(store, kind or None)

    @page("/quotes", "quotes.html")
    def quotes(store: SQLStore, speaker: str | None = None, contains: str | None = None,
               lang: str | None = None) -> dict[str, Any]:
        """Quotes, newest first."""
        return pages.quotes(store, speaker or None, contains or None, lang or None)

    @page("/events", "events.html")
    def events(store: SQLStore, event_type: str | None = None, actor: str | None = None, since: str | None = None,
               until: str | None = None, lang: str | None = None, outlet: str | None = None,
               story: str | None = None, offset: int = 0) -> dict[str, Any]:
        """Events with a timeline and a map of the located ones."""
        return pages.events(store, Filters(None, lang, outlet, since, until, actor, event_type, story), offset)

    @page("/network", "network.html")
    def network(store: SQLStore, since: str | None = None, until: str | None = None,
                relation: Annotated[list[str] | None, Query()] = None, around: str | None = None) -> dict[str, Any]:
        """Actors linked by co-mention, meetings, attacks, threats, cooperation and quotes."""
        chosen = tuple(r for r in relation or RELATIONS if r in RELATIONS) or RELATIONS
        return network_of(store, Window(since or None, until or None, chosen, around or None))

    @page("/network/edge", "edge.html")
    def edge(store: SQLStore, a: str, b: str, relation: str, since: str | None = None,
             until: str | None = None) -> dict[str, Any]:
        """The evidence of one edge of the network."""
        return edge_evidence(store, a, b, relation, Window(since or None, until or None))

    curation.add_routes(app, db, who, editable, lambda request, error, status: render(
        request, "error.html", {"error": error, "title": "Edit refused"}, status))

    @app.get("/healthz", include_in_schema=False)
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    return app
