"""The events slice (growing): which happenings a text reports, learned from examples the
project writes (`examples/`, `train.py`, `model.py`), and the ACLED vocabulary they are
coded in (`acled.yaml`)."""
