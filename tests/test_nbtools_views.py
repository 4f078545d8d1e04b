"""The one widget helper (scrm_lib.reports.nbtools.interactive_view): serialised redraws, errors as messages."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import ipywidgets as w  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402

from scrm_lib.reports.nbtools import InteractiveView  # noqa: E402
from scrm_lib.reports.viz.usecases import _renderer  # noqa: E402


def test_a_change_during_a_draw_is_drawn_after_it_not_on_top_of_it() -> None:
    slider = w.IntSlider(value=1, min=0, max=10)
    seen: list[int] = []
    active = []

    def draw(n: int):
        active.append(n)
        assert len(active) == 1, "two draws at once"
        if n == 1 and len(seen) == 0:
            slider.value = 5  # a user moves the slider while this draw is running
            slider.value = 7
        seen.append(n)
        fig, ax = plt.subplots()
        ax.set_title(str(n))
        active.pop()
        return fig

    view = InteractiveView(draw, {"n": slider})
    view.redraw()
    assert seen == [1, 7]  # the two changes were coalesced into one redraw with the latest value
    assert view.draws == 2 and not view.errors
    assert plt.get_fignums() == []  # the view's figures are not left in pyplot's registry


def test_an_error_is_a_message_and_the_view_keeps_working() -> None:
    slider = w.IntSlider(value=0, min=0, max=3)

    def draw(n: int):
        if n == 0:
            raise ValueError("no posts for this selection")
        return "ok"

    view = InteractiveView(draw, {"n": slider})
    view.redraw()
    assert view.errors == ["ValueError: no posts for this selection"]
    slider.value = 2
    assert view.draws == 1 and 'data-state="ok"' in view.status.value


def test_renderer_works_for_a_figure_with_a_base_canvas() -> None:
    from matplotlib.figure import Figure

    fig = Figure()  # canvas is FigureCanvasBase: it has no get_renderer()
    fig.add_subplot().text(0.5, 0.5, "label")
    assert _renderer(fig) is not None


def test_a_redraw_replaces_the_whole_output_in_one_state_change() -> None:
    """JupyterLab lost a redraw's figures when they were sent as captured display messages."""
    slider = w.IntSlider(value=1, min=0, max=3)

    def draw(n: int):
        fig, ax = plt.subplots()
        ax.plot(range(n + 1))
        return [f"**{n}** posts", fig]

    view = InteractiveView(draw, {"n": slider})
    view.redraw()
    slider.value = 2
    outputs = view.out.outputs
    assert [sorted(o["data"]) for o in outputs] == [["text/markdown", "text/plain"], ["image/png", "text/plain"]]
    assert outputs[0]["data"]["text/markdown"] == "**2** posts"  # the latest draw only, not appended
    import base64

    assert base64.b64decode(outputs[1]["data"]["image/png"])[:8] == b"\x89PNG\r\n\x1a\n"
    assert view.draws == 2 and plt.get_fignums() == []


def test_an_error_message_escapes_the_exception_text() -> None:
    slider = w.IntSlider(value=0, min=0, max=3)

    def draw(n: int):
        raise ValueError("<b>*bad*</b>")

    view = InteractiveView(draw, {"n": slider})
    view.redraw()
    text = view.out.outputs[0]["data"]["text/markdown"]
    assert "<b>" not in text and "\\*bad\\*" in text


def test_a_draw_does_not_arm_the_inline_backends_flush() -> None:
    """The inline backend's post_execute hook (fired after every widget message, possibly on another
    thread) shows and closes every pyplot figure if a figure was created in interactive mode."""
    slider = w.IntSlider(value=1, min=0, max=3)
    seen: list[bool] = []

    def draw(n: int):
        seen.append(plt.isinteractive())
        fig, ax = plt.subplots()
        return fig

    plt.ion()
    try:
        view = InteractiveView(draw, {"n": slider})
        view.redraw()
        assert seen == [False] and plt.isinteractive()  # drawn with interactive mode off, then restored
    finally:
        plt.ioff()
