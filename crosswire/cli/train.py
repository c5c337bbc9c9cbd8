"""`crosswire train`: rebuild a shipped model from the data it was made from."""
from __future__ import annotations

from pathlib import Path

import typer

from crosswire.cli.common import JsonOpt, app, emit_json, out

train_app = typer.Typer(help="Rebuild shipped models from the project's own training data.", no_args_is_help=True)
app.add_typer(train_app, name="train")


@train_app.command("events")
def train_events(out_dir: Path = typer.Option(None, "--out", help="Folder for model.npz and model.json [default: the package's]"),
                 as_json: bool = JsonOpt) -> None:
    """The happening model: which ACLED happening a sentence reports, from crosswire/events/examples."""
    from crosswire.events.train import train

    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
    card = train(out_dir)
    if as_json:
        return emit_json(card)
    out.print(f"trained on {sum(card['examples'].values())} examples ({', '.join(f'{k} {v}' for k, v in card['examples'].items())})"
              f" → {out_dir or 'crosswire/events'}/model.npz", highlight=False)


@train_app.command("framing")
def train_framing(out_dir: Path = typer.Option(None, "--out", help="Folder for frames.npz and frames.json [default: the package's]"),
                  as_json: bool = JsonOpt) -> None:
    """The frame model: one vector per generic frame, from crosswire/framing/examples."""
    from crosswire.framing.train import train

    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
    card = train(out_dir)
    if as_json:
        return emit_json(card)
    out.print(f"trained on {sum(card['examples'].values())} examples ({', '.join(f'{k} {v}' for k, v in card['examples'].items())})"
              f" → {out_dir or 'crosswire/framing'}/frames.npz", highlight=False)
