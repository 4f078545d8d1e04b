"""Small helpers for notebooks: headless detection and safe generated prose.

Headless runs (``scrm run``, the test suite) set ``SCRM_HEADLESS=1`` in the
kernel's environment; notebooks then render their default views statically and
skip interactive widgets, so a scheduled run never waits on a control.
"""

from __future__ import annotations

import html
import os
import re
import string
from typing import Any

HEADLESS_ENV = "SCRM_HEADLESS"


def is_headless() -> bool:
    """True when running under ``scrm run``/papermill/tests (``SCRM_HEADLESS`` set to 1)."""
    return os.environ.get(HEADLESS_ENV, "") not in ("", "0", "false", "False")


def widgets_enabled() -> bool:
    """True when interactive ipywidgets should be shown (an interactive JupyterLab session)."""
    if is_headless():
        return False
    try:
        import ipywidgets  # noqa: F401
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - both are dependencies
        return False
    return get_ipython() is not None


def escape(value: Any) -> str:
    """HTML-escape any value for use in Markdown/HTML output (user text may hold <script>)."""
    return html.escape(str(value), quote=True)


class Md(str):
    """Markdown written by the code (trusted): :func:`md_text` inserts it as it is.

    :func:`md_text` returns ``Md``, so a sentence built with it can be a value of another
    ``md_text`` call without being escaped twice. Wrap only text the code wrote itself
    (``Md("a **negative** burst")``); text that holds user data goes through :func:`md_text`
    or :func:`md_inline`.
    """


#: Characters with a meaning in (CommonMark/GFM) Markdown that are backslash-escaped in user text.
MD_SPECIAL = frozenset("\\`*_{}[]()#+-.!|~=^$:")
_WHITESPACE = re.compile(r"[\r\n\t\f\v\u2028\u2029\x85]+")
_HTML_CHARS = {"<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&#x27;"}


def _escape_chars(text: str, special: frozenset[str]) -> str:
    out = []
    for ch in _WHITESPACE.sub(" ", text):
        if ch in _HTML_CHARS:
            out.append(_HTML_CHARS[ch])
        elif ch in special:
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def md_escape(value: Any) -> Md:
    """``value`` as literal text in Markdown *and* HTML: nothing in it can make a link, an image,
    a heading, a list, a table, code, emphasis or an HTML tag.

    Markdown punctuation is backslash-escaped, ``< > & " '`` become HTML entities, and line
    breaks become spaces (a value cannot start a new block).

    >>> md_escape("[x](javascript:alert(1))")
    '\\\\[x\\\\]\\\\(javascript\\\\:alert\\\\(1\\\\)\\\\)'
    """
    return Md(_escape_chars(str(value), MD_SPECIAL))


#: What :func:`md_inline` escapes everywhere: code spans, math, tables, strikethrough, escapes.
_MD_INLINE_SPECIAL = frozenset("\\`$|~")
#: Sequences that close a link or image text (``](``, ``][``) or make a reference definition (``]:``).
_LINK_CLOSE = re.compile(r"\](?=[(\[:])")
#: A block marker at the start of the text (heading, list, quote, thematic break, ordered list).
_BLOCK_START = re.compile(r"^(\s*)([#>+=-])")
_ORDERED_START = re.compile(r"^(\s*\d{1,9})([.)])")


def md_inline(text: Any) -> Md:
    """Text a library function wrote around user text (``**Share of voice:** Acme holds 40% …``),
    made safe to insert as Markdown: emphasis, parentheses and punctuation stay as written, but no
    link, image, reference definition, HTML tag, autolink, code span, math, table cell or block
    (heading, list, quote) can form, whatever the user text inside says.

    ``< > & " '`` become HTML entities, ``](``/``][``/``]:`` lose their meaning (no link or image
    without them), ``\\ ` $ | ~`` are backslash-escaped, a leading block marker is escaped and line
    breaks become spaces.
    """
    out = []
    for ch in _WHITESPACE.sub(" ", str(text)):
        if ch in _HTML_CHARS:
            out.append(_HTML_CHARS[ch])
        elif ch in _MD_INLINE_SPECIAL:
            out.append("\\" + ch)
        else:
            out.append(ch)
    safe = _LINK_CLOSE.sub(r"\\]", "".join(out))
    safe = _BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), safe, count=1)
    return Md(_ORDERED_START.sub(lambda m: m.group(1) + "\\" + m.group(2), safe, count=1))


def _code_span_safe(value: str) -> str:
    # inside `…` nothing is interpreted; only a backtick (which would end the span) and line
    # breaks need care. Renderers HTML-escape code spans themselves.
    return _WHITESPACE.sub(" ", value).replace("`", "\u02cb")


def md_text(template: str, **values: Any) -> Md:
    """Fill ``template`` (``str.format`` syntax) with ``values`` escaped for Markdown *and* HTML.

    Use for every sentence generated from data: brand names, terms and post texts come from
    user files and must never be interpreted as Markdown or HTML (a brand called
    ``[x](javascript:…)`` must not become a link). String values are escaped with
    :func:`md_escape`, or, when the template puts them inside a code span (`` `{path}` ``),
    shown literally; :class:`Md` values (text the code wrote, or an earlier ``md_text``) are
    inserted as they are; numbers and dates are formatted as usual.

    >>> md_text("Top term: **{t}**", t="<b>x</b>")
    'Top term: **&lt;b&gt;x&lt;/b&gt;**'
    """
    out: list[str] = []
    in_code = False
    for literal, field_name, spec, conv in string.Formatter().parse(template):
        out.append(literal)
        in_code ^= literal.count("`") % 2 == 1
        if field_name is None:
            continue
        value = values[field_name] if field_name in values else string.Formatter().get_field(field_name, (), values)[0]
        if conv == "r":
            value = repr(value)
        elif conv in ("s", "a"):
            value = str(value) if conv == "s" else ascii(value)
        spec = spec.format(**values) if spec and "{" in spec else spec
        if isinstance(value, Md):
            text = format(str(value), spec or "")
        elif isinstance(value, str):
            raw = format(str(value), spec or "")
            text = _code_span_safe(raw) if in_code else md_escape(raw)
        else:
            text = format(value, spec or "")
        out.append(text)
    return Md("".join(out))


def md(template: str, **values: Any) -> None:
    """Display ``md_text(template, **values)`` as Markdown in the notebook."""
    from IPython.display import Markdown, display

    display(Markdown(md_text(template, **values)))
