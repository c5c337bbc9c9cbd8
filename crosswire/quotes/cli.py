"""Commands on statements: `quotes` (search) and `quote ID` (renderings and relay chain)."""
from __future__ import annotations

import typer
from rich.table import Table

from crosswire.cli.common import (
    JsonOpt,
    app,
    bold,
    emit_json,
    out,
    reading,
    styled,
)
from crosswire.quotes import storage as quote_storage


@app.command("quotes")
def list_quotes(speaker: str | None = typer.Option(None, "--speaker", help="Actor id or any of its names"),
                contains: str | None = typer.Option(None, "--contains", help="Words the quote contains"),
                lang: str | None = typer.Option(None, "--lang", help="Only documents in this language"),
                limit: int = typer.Option(50, "--limit"), as_json: bool = JsonOpt) -> None:
    """Who said what: quotes with speaker, kind, relay and document."""
    with reading() as db:
        found = quote_storage.list_quotes(db, speaker, contains, lang, limit)
    if as_json:
        return emit_json(found)
    table = Table("id", "kind", "speaker", "via", "lang", "document", "quote")
    for q in found:
        speaker_label = q["speaker_name"] or (f"({q['speaker_text']})" if q["speaker_text"] else "—")
        table.add_row(q["id"][:10], q["kind"], speaker_label, q["via_name"] or "", q["lang"] or "", q["doc_id"][:10],
                      q["text"][:120])
    out.print(table)


@app.command("quote")
def show_quote(ref: str = typer.Argument(..., help="Quote id or unambiguous prefix"), as_json: bool = JsonOpt) -> None:
    """One quote: every rendering in linked documents (outlet, language, date) and its relay chain."""
    with reading() as db:
        quote = quote_storage.get_quote(db, ref)
    if as_json:
        return emit_json(quote)
    out.print(styled(bold(quote["kind"]), f" quote {quote['id']} · how attributed: {quote['evidence'].get('speaker')}"
                     f" (score {quote['score']:.2f})"), highlight=False)
    out.print("chain: " + " → ".join(quote["chain"]), highlight=False)
    out.print(f"“{quote['text']}”", highlight=False)
    table = Table("published", "outlet", "lang", "document", "speaker", "via", "rendering")
    for r in quote["renderings"]:
        table.add_row(r["published"] or "", r["outlet"] or "", r["lang"] or "", r["doc_id"][:10],
                      r["speaker_name"] or r["speaker_text"] or "—", r["via_name"] or "", r["text"][:140])
    out.print(table)
