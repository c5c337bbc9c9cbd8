"""Framing: how each outlet tells a story — the labels it gives actors, the distance it
keeps, the verbs and loaded terms it chooses, the voices it quotes, its generic frames."""
