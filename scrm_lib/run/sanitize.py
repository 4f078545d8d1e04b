"""Sanitising report HTML: user text in notebook outputs never runs as script or markup.

:func:`output_sanitizer` cleans code-cell outputs while nbconvert exports (allowed tags
:data:`SAFE_OUTPUT_TAGS`); :func:`neutralise_urls` removes, as defence in depth, every script
URL and every image fetched from elsewhere from the finished page, and :func:`unsafe_urls`
lists any that remain.
"""

from __future__ import annotations

import html
import re
from typing import Any

#: HTML tags allowed in notebook *outputs* of reports (tables, text structure, images).
#: Anything else (``<script>``, ``<iframe>``, ``<style>``, event handlers ...) is escaped
#: and shows as text.
SAFE_OUTPUT_TAGS: tuple[str, ...] = (
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "div",
    "dl", "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre",
    "s", "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "u", "ul",
)
SAFE_OUTPUT_ATTRIBUTES: dict[str, list[str]] = {
    "*": ["class", "id", "title"],
    "a": ["href", "title"],
    "img": ["src", "alt", "width", "height"],
    "table": ["border"],
    "td": ["colspan", "rowspan", "align"],
    "th": ["colspan", "rowspan", "align"],
}
_STYLE_BLOCK = re.compile(r"<style\b[^>]*>.*?</style\s*>", re.IGNORECASE | re.DOTALL)


def output_sanitizer() -> Any:
    """An nbconvert preprocessor that sanitises code-cell outputs only.

    Markdown cells are the notebook's own (committed, reviewed) text and keep their
    formatting; outputs carry user data and are cleaned: ``text/html`` and
    ``text/markdown`` through bleach with :data:`SAFE_OUTPUT_TAGS`, JavaScript, SVG and
    widget outputs dropped. Streams, errors and ``text/plain`` are escaped by the template.
    """
    from nbconvert.preprocessors.sanitize import SanitizeHTML

    class OutputSanitizer(SanitizeHTML):
        def sanitize_html_tags(self, html_str: str) -> str:
            # pandas prefixes its tables with a <style scoped> block; the report's own CSS
            # styles tables, so style blocks are dropped rather than shown as escaped text
            return super().sanitize_html_tags(_STYLE_BLOCK.sub("", html_str))

        def preprocess_cell(self, cell: Any, resources: Any, cell_index: int) -> Any:
            if cell.cell_type == "code":
                cell.outputs = self.sanitize_code_outputs(cell.outputs)
            return cell, resources

    return OutputSanitizer(tags=list(SAFE_OUTPUT_TAGS), attributes=SAFE_OUTPUT_ATTRIBUTES, strip=False)


# Defence in depth: whatever Markdown an output renders to, the published HTML never holds a
# script URL (javascript:, vbscript:, data: outside images) or an image fetched from elsewhere
# (a remote image is a tracking beacon that leaks who opened the report).
_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9:-]*)(\s[^<>]*?)?(/?)>", re.DOTALL)
_URL_ATTR = re.compile(
    r"""(\s)(href|src|srcset|xlink:href|action|formaction|poster|background|data|lowsrc|dynsrc|ping)"""
    r"""(\s*=\s*)("[^"]*"|'[^']*'|[^\s"'>]+)""",
    re.IGNORECASE,
)
_SCHEME_NOISE = re.compile(r"[\x00-\x20\x7f]+")


def _url_scheme(value: str) -> str:
    text = _SCHEME_NOISE.sub("", html.unescape(html.unescape(value.strip("\"'")))).lower()
    return text.split(":", 1)[0] if ":" in text.split("/", 1)[0] else ""


def _unsafe_url(tag: str, attr: str, value: str) -> str | None:
    """Why ``tag``'s ``attr`` = ``value`` may not stay in a report (``None`` when it may)."""
    scheme = _url_scheme(value)
    if scheme in ("javascript", "vbscript", "livescript", "mocha"):
        return f"{scheme}: URL"
    if scheme == "data" and not (tag == "img" and attr == "src"):
        return "data: URL outside an image"
    if tag in ("img", "image", "input", "video", "audio", "source", "picture") and attr.lower() in (
        "src", "srcset", "lowsrc", "dynsrc", "poster", "xlink:href"
    ) and scheme != "data":
        return "remote image"
    if attr.lower() in ("background", "ping", "formaction", "action", "data"):
        return f"{attr} URL"
    return None


def unsafe_urls(page: str) -> list[str]:
    """Every ``tag attr="url"`` of an HTML page that could run script or fetch a remote image."""
    found = []
    for m in _TAG.finditer(page):
        tag = m.group(1).lower()
        for a in _URL_ATTR.finditer(m.group(2) or ""):
            why = _unsafe_url(tag, a.group(2).lower(), a.group(4))
            if why:
                found.append(f"<{tag} {a.group(2)}={a.group(4)[:60]}>: {why}")
    return found


def neutralise_urls(page: str) -> str:
    """``page`` with every URL that :func:`unsafe_urls` reports replaced by ``#`` (links) or
    removed (images keep their ``alt`` text); everything else unchanged."""

    def fix_tag(m: re.Match[str]) -> str:
        tag, attrs = m.group(1).lower(), m.group(2) or ""
        if not attrs or not _URL_ATTR.search(attrs):
            return m.group(0)

        def fix_attr(a: re.Match[str]) -> str:
            if _unsafe_url(tag, a.group(2).lower(), a.group(4)) is None:
                return a.group(0)
            return f'{a.group(1)}{a.group(2)}="#" data-scrm-removed="unsafe URL"' if tag == "a" else ""

        return f"<{m.group(1)}{_URL_ATTR.sub(fix_attr, attrs)}{m.group(3)}>"

    return _TAG.sub(fix_tag, page)
