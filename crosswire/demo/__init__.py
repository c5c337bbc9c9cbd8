"""The demo corpus in `corpus/` is fictional: its people (Idris al-Marwani, Selin Dravik,
Amira Soltani, Oren Halvek), groups (the Sahil Brigades), places (Talmora, Varesh, Port
Azrel, Qirat) and outlets were invented for crosswire and describe no real events.

It holds, in English, French and Arabic, across every reader (txt, HTML, JSONL, RSS): a
translation pair (English/French), a reprint with a new headline and footer (HTML), name
variants across scripts (al-Marwani / al-Marouani / المرواني), quotes, relays ("according
to Radio Meridian", "نقلا عن إذاعة ميريديان"), a threat, a claimed attack, a denial and
an aid delivery, so that every stage has something to show.
"""
