"""The session-5 listening dashboard (scrm_lib.run.dashboard): what Voilà serves."""

from __future__ import annotations

import asyncio
import select
import time
from pathlib import Path

import nbformat
import pytest
import zmq
import zmq.asyncio
from jupyter_client.channels import AsyncZMQSocketChannel, ZMQSocketChannel
from jupyter_client.session import Session

from scrm_lib.reports.course import cell_tags
from scrm_lib.run import dashboard


def test_dashboard_has_no_course_cells_and_starts_with_the_controls(tmp_path: Path) -> None:
    nb = nbformat.read(dashboard.dashboard_notebook(out_dir=tmp_path), as_version=4)
    assert not any({"exercise", "solution"} & set(cell_tags(c)) for c in nb.cells)
    view = next(i for i, c in enumerate(nb.cells) if dashboard.VIEW_MARKER in c.source)
    first_section = next(i for i, c in enumerate(nb.cells) if c.cell_type == "markdown" and c.source.startswith("## 2"))
    assert view < first_section, "the controls come before the static sections"
    assert nb.cells[view - 1].source.startswith("## Explore")


def test_voila_command_serves_on_loopback_only() -> None:
    cmd = dashboard.voila_command(Path("x.ipynb"), 9999)
    assert "--Voila.ip=127.0.0.1" in cmd and "--port=9999" in cmd and "--no-browser" in cmd


def test_voila_template_fetches_nothing_from_a_cdn(tmp_path: Path) -> None:
    data = dashboard.voila_template(tmp_path)
    index = (data / "voila" / "templates" / dashboard.TEMPLATE / "index.html.j2").read_text(encoding="utf-8")
    assert "cdn.jsdelivr.net" not in index and "{{ super() }}" in index


def _reply_during_send(channel_cls: type) -> bool:
    """Issue 16's race on one socket pair: True when the client still gets the kernel's reply.

    A client awaits a reply on its shell socket (nbclient waiting for ``execute_reply``); the reply
    reaches the socket's queue; before the event loop runs again the client sends on the same
    socket (nbclient mirroring an Output widget's outputs to the kernel as a ``comm_msg``).
    """
    async def scenario() -> bool:
        session = Session(key=b"test")
        kernel = zmq.Context.instance().socket(zmq.ROUTER)
        port = kernel.bind_to_random_port("tcp://127.0.0.1")
        sock = zmq.asyncio.Context.instance().socket(zmq.DEALER)
        sock.connect(f"tcp://127.0.0.1:{port}")
        try:
            channel = channel_cls(sock, session)
            channel.send(session.msg("kernel_info_request"))
            ident = kernel.recv_multipart()[0]
            waiter = asyncio.ensure_future(channel.get_msg(timeout=None))
            await asyncio.sleep(0.05)  # the waiter is polling the socket
            session.send(kernel, session.msg("execute_reply", {"status": "ok"}), ident=ident)
            deadline = time.monotonic() + 10  # the reply is queued: the socket's descriptor signals it
            while not select.select([sock.get(zmq.FD)], [], [], 0.05)[0] and time.monotonic() < deadline:
                pass  # (select does not consume the signal; reading the socket's events would)
            channel.send(session.msg("comm_msg", {"comm_id": "output-widget", "data": {}}))  # no await in between
            try:
                reply = await asyncio.wait_for(waiter, 3)
            except TimeoutError:
                return False
            return reply["msg_type"] == "execute_reply"
        finally:
            sock.close(linger=0)
            kernel.close(linger=0)

    return asyncio.run(scenario())


def test_a_reply_arriving_while_the_server_sends_still_wakes_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 16's root cause, fixed: the dashboard's first view stalled when nbclient's send on the
    shell socket swallowed the wake-up of the ``execute_reply`` that had just arrived."""
    monkeypatch.setattr(AsyncZMQSocketChannel, "send", AsyncZMQSocketChannel.send)  # restored after the test
    dashboard.wake_safe_zmq_channels()
    dashboard.wake_safe_zmq_channels()  # idempotent
    assert all(_reply_during_send(AsyncZMQSocketChannel) for _ in range(5))


def test_without_the_fix_the_reply_is_lost() -> None:
    """The race the fix is for still exists in the pinned jupyter_client/pyzmq (so the regression
    test above can fail). When this fails, upstream fixed it: ``wake_safe_zmq_channels`` can go."""
    class Unpatched(AsyncZMQSocketChannel):
        send = ZMQSocketChannel.send  # jupyter_client's own send, whatever the patch did to the class

    assert not _reply_during_send(Unpatched)
