"""Common English words that are capitalised only because they start a sentence or a headline
(spaCy's English stop-word list, MIT, plus a hand list)."""

from __future__ import annotations

try:
    from spacy.lang.en.stop_words import STOP_WORDS as _SPACY_STOP
except Exception:  # pragma: no cover
    _SPACY_STOP = set()

_HAND = """however meanwhile typically although though while when where after before since during despite
because if unless until yet still also officials official police authorities witnesses experts analysts critics
residents people many most some several few both each every all another other such this that these those there
here today yesterday tomorrow earlier later last next new old first second third final previously currently
initially recently finally overall instead indeed thus therefore according asked speaking addressing in on at by
for with from into about against between among through under over without within across toward towards near
he she it they we you i his her its their our your the a an and but or nor so no not yes what which who whom
whose how why as than then once now soon already just only even ever never always often sometimes perhaps maybe
security troops soldiers forces rebels militants insurgents gunmen protesters demonstrators lawmakers leaders
government ministers minister president prime chief state national federal international global world local
news report reports reporting said says say told added noted stated warned urged called announced confirmed
north south east west northern southern eastern western central upper lower greater
company companies group groups bank market markets oil gas prices price economy trade talks deal agreement
industry business investors shares stock stocks data study research survey results sources source insider
other others meanwhile separately elsewhere further furthermore moreover nevertheless nonetheless likewise
this week month year day night morning evening afternoon weekend monday tuesday wednesday thursday friday
saturday sunday us them me him her it cloud service services technology technologies mobile online digital
the a an under-secretary secretary-general former acting interim senior top deputy vice co
""".split()

COMMON_WORDS = frozenset(w.lower() for w in _SPACY_STOP) | frozenset(_HAND)

# Words that never begin an organisation's name, even before a head noun ("Meanwhile Parliament"):
# the stop words plus sentence adverbs and time words, but not adjectives such as "National" or "General".
FUNCTION_WORDS = frozenset(w.lower() for w in _SPACY_STOP) | frozenset(
    """however meanwhile typically although though while when where after before since during despite because
    if unless until yet still also today yesterday tomorrow earlier later last next previously currently initially
    recently finally instead indeed thus therefore according separately elsewhere furthermore moreover
    nevertheless nonetheless likewise overall officials authorities witnesses experts analysts critics residents
    people many most some several few both each every all another other such""".split()
)
