"""`crosswire train`: rebuild a shipped model from the data it was made from."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer

from crosswire.cli.common import JsonOpt, app, emit_json, out

train_app = typer.Typer(help="Rebuild shipped models from the project's own training data.", no_args_is_help=True)
app.add_typer(train_app, name="train")


def _train(train: Callable[[Path | None], dict[str, Any]], out_dir: Path | None, as_json: bool, shipped: str) -> None:
    """Run one trainer and say what it learned from and where the weights went."""
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
    card = train(out_dir)
    if as_json:
        return emit_json(card)
    out.print(f"trained on {sum(card['examples'].values())} examples ({', '.join(f'{k} {v}' for k, v in card['examples'].items())})"
              f" → {out_dir or Path(shipped).parent}/{Path(shipped).name}", highlight=False)


@train_app.command("events")
def train_events(out_dir: Path = typer.Option(None, "--out", help="Folder for model.npz and model.json [default: the package's]"),
                 as_json: bool = JsonOpt) -> None:
    """The happening model: which ACLED happening a sentence reports, from crosswire/events/examples."""
    from crosswire.events.train import train

    _train(train, out_dir, as_json, "crosswire/events/model.npz")


@train_app.command("framing")
def train_framing(out_dir: Path = typer.Option(None, "--out", help="Folder for frames.npz and frames.json [default: the package's]"),
                  as_json: bool = JsonOpt) -> None:
    """The frame model: one vector per generic frame, from crosswire/framing/examples."""
    from crosswire.framing.train import train

    _train(train, out_dir, as_json, "crosswire/framing/frames.npz")
