"""Reading the raw HTML the archive serves: forms to submit, and whether anything in it would run."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"}
# Script elements that carry data, not code (the JSON-LD block; Django REST framework's CSRF data).
DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}


@dataclass
class Form:
    method: str
    action: str
    fields: dict[str, str] = field(default_factory=dict)  # hidden inputs


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.problems: list[str] = []
        self.scripts: list[tuple[dict, str]] = []
        self._script: tuple[dict, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {name.lower(): value or "" for name, value in attrs}
        for name, value in attributes.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>: an event handler attribute")
            if name in URL_ATTRIBUTES and "".join(value.split()).lower().startswith(("javascript:", "vbscript:")):
                self.problems.append(f"<{tag} {name}={value!r}>: a script URL")
            if name == "style":
                self.problems.append(f"<{tag} style={value!r}>: an inline style (the CSP refuses it)")
        if tag == "form":
            self.forms.append(Form(attributes.get("method", "get").lower(), attributes.get("action", "")))
        elif tag == "input" and self.forms and attributes.get("type", "").lower() == "hidden":
            self.forms[-1].fields[attributes.get("name", "")] = attributes.get("value", "")
        elif tag == "script":
            self._script = (attributes, [])
        elif tag in ("iframe", "object", "embed", "base"):
            self.problems.append(f"<{tag}>: an element the archive never serves")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.handle_endtag(tag)

    def handle_data(self, data):
        if self._script is not None:
            self._script[1].append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            attributes, parts = self._script
            self.scripts.append((attributes, "".join(parts)))
            self._script = None


def read(html: str) -> _Reader:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader


def forms(html: str) -> list[Form]:
    return read(html).forms


def active_content(html: str, *, allow_nonce: str | None = None, styles: bool = True) -> list[str]:
    """What in this page could run: event handlers, script URLs, inline styles (unless styles=False),
    and scripts that are not a plain `src` load, a data block without markup, or carrying the nonce."""
    reader = read(html)
    problems = [p for p in reader.problems if styles or "inline style" not in p]
    for attributes, body in reader.scripts:
        kind = attributes.get("type", "").lower()
        if kind in DATA_SCRIPT_TYPES:
            if "<" in body:
                problems.append(f"a {kind} block containing '<': {body[:80]!r}")
            continue
        if attributes.get("src") and not body.strip():
            continue
        if allow_nonce and attributes.get("nonce") == allow_nonce:
            continue
        problems.append(f"an inline script: {body[:80]!r}")
    return problems
