"""Turn an uploaded file's bytes into source text, or reject it with a reason a person can read.

Order of checks: file type (by extension), empty, too large (before any decoding), binary (magic
numbers, NUL bytes, control characters), then decoding: strict UTF-8 (with or without BOM), a
UTF-16 file that announces itself with a BOM, strict CP949 (a superset of EUC-KR). CP949 is decided
deterministically, never by a statistical guess, and so is the last resort, Windows-1252 for
mostly-ASCII Western text (charset-normalizer was tried and dropped: it reads random high bytes as
confident Cyrillic).
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass

TEXT_EXTENSIONS = {"": "text", ".txt": "text", ".text": "text"}
HTML_EXTENSIONS = {".html": "html", ".htm": "html"}
MARKDOWN_EXTENSIONS = {".md": "markdown", ".markdown": "markdown"}
_FORMATS = {**TEXT_EXTENSIONS, **HTML_EXTENSIONS, **MARKDOWN_EXTENSIONS}

# Leading bytes of common non-text files, and what to call them in the rejection message.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"PK\x07\x08", "a ZIP archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"\x7fELF", "an executable program"),
    (b"MZ\x90\x00", "a Windows executable"),
    (b"BM", None),  # checked more carefully below: "BM" also starts ordinary text
)

_ALLOWED_CONTROL = {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B}
_CONTROL_SHARE_LIMIT = 0.05
_SNIFF_BYTES = 64 * 1024


class UploadRejected(ValueError):
    """The upload cannot be used; `code` is for machines, `message` for the person who uploaded it."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class DecodedUpload:
    text: str  # \n line endings, no BOM, NFC
    encoding: str  # "utf-8", "utf-8-sig", "utf-16", "cp949", ...
    fmt: str  # "text" | "html" | "markdown"


def _extension(filename: str) -> str:
    """The lower-cased extension: ".txt" for "a/b/story.TXT", "" for "README" or ".profile"."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    stem = name.lstrip(".")
    if "." not in stem:
        return ""
    return "." + stem.rsplit(".", 1)[1].lower()


def _format_for_extension(filename: str) -> str:
    ext = _extension(filename)
    fmt = _FORMATS.get(ext)
    if fmt is None:
        raise UploadRejected(
            "unknown_type",
            f"{filename or 'the file'} has the extension {ext!r}; only .txt, .text, .html, .htm, .md and "
            ".markdown files (or files without an extension) can be uploaded",
        )
    return fmt


def _sniff_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")):
        return True
    return any(tag in head for tag in ("<body", "<head>", "<p>", "<div", "<h1", "<article"))


def _sniff_markdown(text: str) -> bool:
    lines = [ln for ln in text[:8192].split("\n") if ln.strip()]
    if not lines:
        return False
    marked = sum(1 for ln in lines if ln.lstrip().startswith(("# ", "## ", "### ", "> ", "* ", "```")))
    return lines[0].startswith("# ") or marked >= 3


def detect_format(filename: str, text: str) -> str:
    """Return "text", "html" or "markdown" from the extension; a file without one is sniffed.

    Raises UploadRejected("unknown_type") for any other extension.
    """
    fmt = _format_for_extension(filename)
    if _extension(filename) == "":
        if _sniff_html(text):
            return "html"
        if _sniff_markdown(text):
            return "markdown"
    return fmt


def _looks_binary(data: bytes) -> str | None:
    """What the bytes look like when they are not text, else None."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            if what is None:  # BMP: "BM" + little-endian file size + 4 reserved zero bytes
                if len(data) >= 14 and data[6:10] == b"\x00\x00\x00\x00":
                    return "a BMP image"
                continue
            return what
    if data[:4] == b"RIFF" and data[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return {b"WEBP": "a WebP image", b"WAVE": "a WAV audio file", b"AVI ": "an AVI video"}[data[8:12]]
    if data[4:8] == b"ftyp":
        return "an MP4/HEIC media file"
    sample = data[:_SNIFF_BYTES]
    if b"\x00" in sample or b"\x00" in data:
        return "a binary file (it contains NUL bytes)"
    control = sum(1 for b in sample if (b < 0x20 and b not in _ALLOWED_CONTROL) or b == 0x7F)
    if sample and control / len(sample) > _CONTROL_SHARE_LIMIT:
        return "a binary file (too many control characters)"
    return None


def _hangul_share(text: str) -> float:
    """Share of Hangul syllables among the non-ASCII letters of a CP949 decoding."""
    non_ascii = [ch for ch in text if ord(ch) > 0x7F and not ch.isspace()]
    if not non_ascii:
        return 1.0
    hangul = sum(1 for ch in non_ascii if "\uac00" <= ch <= "\ud7a3" or "\u3130" <= ch <= "\u318f")
    return hangul / len(non_ascii)


def _has_valid_utf8_multibyte(data: bytes) -> bool:
    """True when the bytes contain at least one well-formed multi-byte UTF-8 sequence."""
    i, n = 0, len(data)
    while i < n:
        b = data[i]
        if b < 0x80:
            i += 1
            continue
        need = 1 if 0xC2 <= b <= 0xDF else 2 if 0xE0 <= b <= 0xEF else 3 if 0xF0 <= b <= 0xF4 else 0
        tail = data[i + 1 : i + 1 + need]
        if need and len(tail) == need and all(0x80 <= c <= 0xBF for c in tail):
            return True
        i += 1
    return False


def _normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n").replace("\x85", "\n")
    text = text.replace("\x0b", "\n").replace("\x0c", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    return unicodedata.normalize("NFC", text)


def _decode(data: bytes, filename: str) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise UploadRejected(
                "undecodable",
                f"{filename} starts with a UTF-8 byte-order mark but byte {exc.start + 3} is not valid UTF-8",
            ) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("cp949")
    except UnicodeDecodeError as exc:
        text = None
        _refuse_cut_cp949(data, exc, filename)
    if text is not None and _hangul_share(text) >= 0.5:
        return text, "cp949"
    if _has_valid_utf8_multibyte(data):
        raise UploadRejected(
            "undecodable",
            f"{filename} is mostly UTF-8 but is broken at byte {utf8_error.start} "
            f"(a cut or corrupted multi-byte character); save it again as UTF-8",
        )
    fallback = _western_guess(data)
    if fallback is not None:
        return fallback
    raise UploadRejected(
        "undecodable",
        f"{filename} is neither UTF-8 nor CP949/EUC-KR text (invalid byte at position {utf8_error.start}); "
        "save it as UTF-8 and upload it again",
    )


def _refuse_cut_cp949(data: bytes, exc: UnicodeDecodeError, filename: str) -> None:
    """Refuse a CP949 file that ends in the middle of a character, saying so.

    Without this check such a file fell through to the UTF-8 message ("mostly UTF-8 but broken at
    byte 0"): CP949 Hangul pairs such as C4 A1 happen to be well-formed UTF-8, so the advice named
    the wrong encoding and the wrong place.
    """
    if exc.start != len(data) - 1 or "incomplete" not in exc.reason:
        return
    try:
        head = data[: exc.start].decode("cp949")
    except UnicodeDecodeError:
        return
    if _hangul_share(head) >= 0.5:
        raise UploadRejected(
            "undecodable",
            f"{filename} looks like Korean CP949/EUC-KR text cut off in the middle of a character at its "
            f"last byte ({exc.start}); upload the whole file, or save it as UTF-8",
        )


def _western_guess(data: bytes) -> tuple[str, str] | None:
    """Windows-1252 (a superset of Latin-1's printable range) for mostly-ASCII Western text, else None.

    Deterministic on purpose: a statistical detector turns random high bytes into confident Cyrillic.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    non_ascii = [ch for ch in text if ord(ch) > 0x7F]
    if len(non_ascii) > 0.1 * len(text):
        return None
    if any(unicodedata.category(ch)[0] not in "LPSZ" for ch in non_ascii):
        return None
    return text, "cp1252"


def decode_upload(data: bytes, filename: str, *, max_bytes: int = 5_000_000) -> DecodedUpload:
    """Decode an uploaded file or raise UploadRejected with code empty/too_large/binary/unknown_type/undecodable."""
    name = filename or "the file"
    _format_for_extension(filename)  # unknown_type before anything else
    if not data:
        raise UploadRejected("empty", f"{name} is empty")
    if len(data) > max_bytes:
        raise UploadRejected("too_large", f"{name} is {len(data):,} bytes; the limit is {max_bytes:,} bytes")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and not data.startswith(
        codecs.BOM_UTF32_LE
    ):
        try:
            text, encoding = data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise UploadRejected("undecodable", f"{name} announces UTF-16 but is not valid UTF-16") from None
    else:
        what = _looks_binary(data)
        if what is not None:
            raise UploadRejected("binary", f"{name} looks like {what}, not text")
        text, encoding = _decode(data, name)
    text = _normalise(text)
    if not text.strip():
        raise UploadRejected("empty", f"{name} contains only whitespace")
    return DecodedUpload(text=text, encoding=encoding, fmt=detect_format(filename, text))
