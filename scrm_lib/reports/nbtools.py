"""Small helpers for notebooks: headless detection and safe generated prose.

Headless runs (``scrm run``, the test suite) set ``SCRM_HEADLESS=1`` in the
kernel's environment; notebooks then render their default views statically and
skip interactive widgets, so a scheduled run never waits on a control.

Interactive views (JupyterLab) go through one helper, :func:`interactive_view`: serialised
redraws, figures owned by the view, errors shown as a message.
"""

from __future__ import annotations

import base64
import html
import io
import os
import re
import string
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import Any

HEADLESS_ENV = "SCRM_HEADLESS"


def is_headless() -> bool:
    """True when running under ``scrm run``/papermill/tests (``SCRM_HEADLESS`` set to 1)."""
    return os.environ.get(HEADLESS_ENV, "") not in ("", "0", "false", "False")


def widgets_enabled() -> bool:
    """True when interactive ipywidgets should be shown (an interactive JupyterLab session)."""
    if is_headless():
        return False
    import ipywidgets  # noqa: F401  (dependencies: imported here to keep module import light)
    from IPython import get_ipython

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
    safe = _LINK_CLOSE.sub(r"\\]", _escape_chars(str(text), _MD_INLINE_SPECIAL))
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


# --------------------------------------------------------------------------- interactive views


#: Held while a view draws. JupyterLab sends widget messages on kernel subshells, so two redraws
#: can run in two threads at once, and pyplot is not thread-safe.
_PYPLOT_LOCK = threading.RLock()


class InteractiveView:
    """Controls wired to one redraw function and one output area, safe under real use.

    - **Serialised redraws**: a change that arrives while a redraw runs is not drawn on top of it;
      the view redraws once more with the latest values when the running draw is done (changes
      are coalesced), so no figure is closed or cleared while another draw is using it.
    - **Figures owned by the view**: ``draw(**values)`` returns what to show (matplotlib figures,
      tables, Markdown, text; a list of them) and must not call ``plt.show()``. It runs with
      pyplot's interactive mode off and under one lock: the inline backend's ``post_execute`` hook,
      which the ``comm`` package fires after *every* widget message (on the main thread while a
      redraw runs on a JupyterLab kernel subshell), then neither shows nor closes the figures
      half-way. Figures are rendered to PNG and closed; figures created but not returned are
      shown too.
    - **One state change per redraw**: the output's ``outputs`` are replaced at once, not cleared
      and appended as captured messages that the frontend must route by parent message id.
    - **Errors as a message**: an exception in ``draw`` shows one short line naming the error,
      not a traceback, and the controls keep working.

    Build it with :func:`interactive_view`.
    """

    def __init__(self, draw: Callable[..., Any], controls: Mapping[str, Any],
                 rows: Sequence[Sequence[str]] | None = None) -> None:
        import ipywidgets as w

        self.draw = draw
        self.controls = dict(controls)
        self.out = w.Output(layout=w.Layout(min_height="120px"))
        self.status = w.HTML(value="")
        self.draws = 0
        self.errors: list[str] = []
        self._lock = threading.RLock()
        self._busy = False
        self._pending = False
        for ctl in self.controls.values():
            ctl.observe(self._changed, "value")
        layout = rows or [[name] for name in self.controls]
        self.widget = w.VBox([*[w.HBox([self.controls[n] for n in row]) for row in layout], self.status, self.out])

    def values(self) -> dict[str, Any]:
        """The current value of every control, by name."""
        return {name: ctl.value for name, ctl in self.controls.items()}

    def _changed(self, _change: Any = None) -> None:
        self.redraw()

    def redraw(self) -> None:
        """Draw with the current values (or, during a draw, redraw once it is done)."""
        with self._lock:
            if self._busy:
                self._pending = True
                return
            self._busy = True
        try:
            while True:
                with self._lock:
                    self._pending = False
                self._render(self.values())
                with self._lock:
                    if not self._pending:
                        break
        finally:
            with self._lock:
                self._busy = False

    def _render(self, values: Mapping[str, Any]) -> None:
        import matplotlib.pyplot as plt

        with _PYPLOT_LOCK, plt.ioff():
            self._render_unlocked(values)

    def _render_unlocked(self, values: Mapping[str, Any]) -> None:
        import matplotlib.pyplot as plt

        before = set(plt.get_fignums())
        try:
            result = self.draw(**values)
        except Exception as exc:  # shown as a message; the controls stay usable
            for num in set(plt.get_fignums()) - before:
                plt.close(num)
            message = f"{type(exc).__name__}: {exc}".strip()
            self.errors.append(message)
            self.out.outputs = (_output_bundle(md_text("**Could not draw this view:** {m}", m=message)),)
            self.status.value = '<span class="scrm-view-status" data-state="error">error</span>'
            return
        items = list(result) if isinstance(result, (list, tuple)) else ([] if result is None else [result])
        created = [plt.figure(num) for num in sorted(set(plt.get_fignums()) - before)]
        for fig in created:
            if not any(fig is item for item in items):
                items.append(fig)
        bundles = []
        for item in items:
            bundles.append(_output_bundle(item))
            if _is_figure(item):
                plt.close(item)  # rendered to PNG above; out of pyplot's registry, nothing else can close it
        # One state change replaces the whole output: no clear/append messages that the frontend must
        # route by the parent message id (JupyterLab lost figures of a redraw that way, see issue 16).
        self.out.outputs = tuple(bundles)
        self.draws += 1
        self.status.value = f'<span class="scrm-view-status" data-state="ok" data-draws="{self.draws}"></span>'


def _is_figure(item: Any) -> bool:
    from matplotlib.figure import Figure

    return isinstance(item, Figure)


def _output_bundle(item: Any) -> dict[str, Any]:
    """One display_data output (nbformat dict) for a figure, Markdown string or displayable object.

    Figures become PNG (``bbox_inches="tight"``, the figure's own dpi), strings Markdown; anything
    else goes through IPython's display formatter (tables' HTML), or ``repr`` outside IPython.
    """
    from IPython import get_ipython
    from IPython.display import Markdown

    if _is_figure(item):
        buf = io.BytesIO()
        item.savefig(buf, format="png", bbox_inches="tight")
        data: dict[str, Any] = {"image/png": base64.b64encode(buf.getvalue()).decode("ascii"),
                                "text/plain": repr(item)}
        return {"output_type": "display_data", "data": data, "metadata": {}}
    if isinstance(item, str):
        item = Markdown(item)
    shell = get_ipython()
    if shell is not None:
        data, metadata = shell.display_formatter.format(item)
    elif isinstance(item, Markdown):
        data, metadata = {"text/markdown": item.data, "text/plain": item.data}, {}
    else:
        html_repr = getattr(item, "_repr_html_", None)
        data = {"text/plain": repr(item)}
        if callable(html_repr) and (rendered := html_repr()) is not None:
            data["text/html"] = rendered
        metadata = {}
    return {"output_type": "display_data", "data": dict(data), "metadata": dict(metadata)}


def interactive_view(draw: Callable[..., Any], controls: Mapping[str, Any],
                     rows: Sequence[Sequence[str]] | None = None, show: bool = True) -> InteractiveView:
    """Show ``controls`` (name → ipywidget) above one output that ``draw(**values)`` fills, and draw once.

    ``rows`` lays the controls out (lists of control names per row; default one per row). See
    :class:`InteractiveView` for the guarantees (serialised redraws, figures owned by the view,
    errors as a message). Call it only when :func:`widgets_enabled`.
    """
    from IPython.display import display

    view = InteractiveView(draw, controls, rows)
    if show:
        display(view.widget)
    view.redraw()
    return view


def slider_style() -> dict[str, Any]:
    """Keyword arguments for sliders and dropdowns whose descriptions and readouts are not cut off."""
    import ipywidgets as w

    return {"style": {"description_width": "initial"}, "layout": w.Layout(width="auto", min_width="280px")}
