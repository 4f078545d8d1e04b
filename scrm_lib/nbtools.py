"""Small helpers for notebooks: headless detection and safe generated prose.

Headless runs (``scrm run``, the test suite) set ``SCRM_HEADLESS=1`` in the
kernel's environment; notebooks then render their default views statically and
skip interactive widgets, so a scheduled run never waits on a control.
"""

from __future__ import annotations

import html
import os
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


def md_text(template: str, **values: Any) -> str:
    """Fill ``template`` (``str.format`` syntax) with HTML-escaped ``values``.

    Use for every sentence generated from data: brand names, terms and post texts
    come from user files and must never be interpreted as HTML.

    >>> md_text("Top term: **{t}**", t="<b>x</b>")
    'Top term: **&lt;b&gt;x&lt;/b&gt;**'
    """
    return template.format(**{k: escape(v) if isinstance(v, str) else v for k, v in values.items()})


def md(template: str, **values: Any) -> None:
    """Display ``md_text(template, **values)`` as Markdown in the notebook."""
    from IPython.display import Markdown, display

    display(Markdown(md_text(template, **values)))
