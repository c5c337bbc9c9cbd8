from __future__ import annotations

import codecs

import pytest

from crosswire.errors import InputError
from crosswire.ingest.decode import decode

SAMPLES = [
    ("Le secrétaire général du mouvement a affirmé qu'il n'y aura pas de trêve. Élèves et enseignants ont manifesté à Bagdad.", "latin-1"),
    ("Der Generalsekretär der Bewegung erklärte, dass es keine Waffenruhe geben wird. Größe.", "cp1252"),
    ("Sekretarz generalny ruchu oświadczył, że nie będzie rozejmu. Żółć gęślą jaźń.", "cp1250"),
    ("أكد الأمين العام للحركة أن المقاومة ستستمر في عملياتها ضد القوات الأجنبية في البلاد", "cp1256"),
    ("Генеральный секретарь движения заявил, что перемирия не будет.", "cp1251"),
]


@pytest.mark.parametrize(("text", "encoding"), SAMPLES)
def test_legacy_encodings_round_trip(text, encoding):
    assert decode(text.encode(encoding), "f.txt")[0] == text


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_byte_order_marks(encoding):
    text = "قال المتحدث إن الهدنة صامدة"
    data = text.encode(encoding)
    if encoding == "utf-16":
        assert data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    assert decode(data, "f.txt")[0].lstrip("\ufeff") == text


def test_utf8_with_a_corrupt_byte_names_its_offset():
    data = "Le secrétaire ".encode() + b"\xff" + " général".encode()
    with pytest.raises(InputError) as caught:
        decode(data, "f.txt")
    assert "invalid byte 0xff at offset 15" in str(caught.value)
