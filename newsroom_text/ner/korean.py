"""Korean NER: a character-level CRF (python-crfsuite) over kiwipiepy analyser features + post-rules.

One kiwipiepy `tokenize` call per text (through newsroom_text.korean.morphemes); the CRF model is
loaded once per process.  The shipped model is trained on KLUE-NER v1.1 dev (CC BY-SA 4.0), see
models/README.md and scripts/train_ner_ko.py.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from pathlib import Path

from newsroom_text.korean import Morpheme, morphemes
from newsroom_text.spans import Span

from .features_ko import text_features

MODEL_PATH = Path(__file__).with_name("models") / "ko_crf.crfsuite"
# Shipped gzipped (2.7 MB instead of 6.3 MB in the repository) and opened from memory.
SHIPPED_MODEL_PATH = MODEL_PATH.with_suffix(".crfsuite.gz")
MAX_SEGMENT = 1500  # characters tagged in one CRF sequence (split at sentence ends beyond that)

_STRIP_TAGS = ("J", "E", "VCP")  # particles, endings and the copula never end a name
_EDGE_PUNCT = " \t\r\n.,;:!?·‘’'\"“”()[]{}<>《》〈〉「」『』【】-–—~/·…"


def _unpacked(gz_path: Path) -> Path:
    """The gzipped model unpacked once into the temp folder (keyed by content, so updates unpack anew).

    crfsuite memory-maps a file; its in-memory loader mis-reads this model's UTF-8 labels.
    """
    import gzip
    import hashlib
    import os
    import tempfile

    packed = gz_path.read_bytes()
    target = Path(tempfile.gettempdir()) / f"newsroom-{hashlib.sha256(packed).hexdigest()[:16]}-{gz_path.stem}"
    if not target.exists():
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(gzip.decompress(packed))
        os.replace(tmp, target)  # atomic: concurrent workers never see half a model
    return target


class KoreanTagger:
    def __init__(self, model_path: str | Path | None = None):
        import pycrfsuite

        self.tagger = pycrfsuite.Tagger()
        path = Path(model_path) if model_path else (MODEL_PATH if MODEL_PATH.exists() else SHIPPED_MODEL_PATH)
        if path.suffix == ".gz":
            path = _unpacked(path)
        self.tagger.open(str(path))

    def _segments(self, text: str) -> list[tuple[int, int]]:
        segs: list[tuple[int, int]] = []
        start = 0
        n = len(text)
        while start < n:
            nl = text.find("\n", start)
            end = n if nl < 0 else nl
            a = start
            while end - a > MAX_SEGMENT:  # split overlong lines at a sentence end or a space
                cut = max(text.rfind(". ", a, a + MAX_SEGMENT), text.rfind("다.", a, a + MAX_SEGMENT) + 1)
                if cut <= a:
                    cut = text.rfind(" ", a, a + MAX_SEGMENT)
                if cut <= a:
                    cut = a + MAX_SEGMENT
                segs.append((a, cut + 1 if text[cut : cut + 1] in ". " else cut))
                a = segs[-1][1]
            if end > a:
                segs.append((a, end))
            start = end + 1
        return [(a, b) for a, b in segs if text[a:b].strip()]

    def spans(self, text: str, morphs: Sequence[Morpheme] | None = None) -> list[Span]:
        if not text.strip():
            return []
        if morphs is None:
            morphs = morphemes(text)
        positions, feats = text_features(text, morphs)  # whitespace is no item
        raw: list[Span] = []
        tagger = self.tagger
        for a, b in self._segments(text):
            first, stop = bisect_left(positions, a), bisect_left(positions, b)
            if first == stop:
                continue
            tags = tagger.tag(feats[first:stop])
            i = 0
            m = len(tags)
            while i < m:
                t = tags[i]
                if t == "O":
                    i += 1
                    continue
                lab = t[2:]
                j = i + 1
                if t[0] in "BI":  # BILOU: continue over I-/L- of the same label, stop after L-
                    inside, last = "I-" + lab, "L-" + lab
                    while j < m and tags[j] in (inside, last):
                        j += 1
                        if tags[j - 1] == last:
                            break
                conf = sum(tagger.marginal(tags[k], k) for k in range(i, j)) / (j - i)
                # items i..j-1 are characters; the span runs over the spaces between them
                start, end = positions[first + i], positions[first + j - 1] + 1
                raw.append(Span(start, end, lab, text[start:end], round(conf, 3), "crf"))
                i = j
        return clean_spans(text, raw, morphs)


def clean_spans(text: str, spans: list[Span], morphs: Sequence[Morpheme]) -> list[Span]:
    """Strip particles/endings and edge punctuation; join directly adjacent same-label pieces."""
    # tags of the morphemes starting at each offset, only inside the spans (the texts are long, the
    # spans few); morphemes come sorted by start
    offsets = [m.start for m in morphs]
    starts: dict[int, list[str]] = {}
    for s in spans:
        for k in range(bisect_right(offsets, s.start), bisect_left(offsets, s.end)):
            starts.setdefault(offsets[k], []).append(morphs[k].tag)
    out: list[Span] = []
    for s in spans:
        start, end = s.start, s.end
        # trim a trailing run of particles / endings / copula (KT는 -> KT)
        for pos in range(start + 1, end):
            tags = starts.get(pos)
            if (
                tags
                and all(t.startswith(_STRIP_TAGS) for t in tags)
                and all(
                    all(t.startswith(_STRIP_TAGS) for t in starts.get(k, ("J",))) for k in range(pos, end)
                )
            ):
                end = pos
                break
        while start < end and text[start] in _EDGE_PUNCT:
            start += 1
        while end > start and text[end - 1] in _EDGE_PUNCT:
            end -= 1
        # balanced brackets only
        frag = text[start:end]
        if frag.count("(") != frag.count(")") and frag.endswith("("):
            end -= 1
        if end <= start:
            continue
        if out and out[-1].label == s.label and out[-1].end == start:
            prev = out.pop()
            out.append(
                Span(
                    prev.start,
                    end,
                    s.label,
                    text[prev.start : end],
                    min(prev.confidence, s.confidence),
                    s.method,
                )
            )
            continue
        out.append(Span(start, end, s.label, text[start:end], s.confidence, s.method))
    return out


_lock = threading.Lock()
_default: KoreanTagger | None = None


def default_tagger() -> KoreanTagger:
    global _default
    if _default is None:
        with _lock:
            if _default is None:
                _default = KoreanTagger()
    return _default
