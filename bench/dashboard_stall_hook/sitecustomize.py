"""Diagnosis only (issue 16): put this folder on a server's PYTHONPATH (``bench/dashboard_stall.py --hook``).

In every Python process but kernels, two signal handlers that write to ``$DS_DUMP_DIR``:

- SIGUSR2: every asyncio task with its stack (nbclient's waits show their ``msg_id`` and ``timeout``)
  and every thread's stack (``tasks-PID-TIME.txt``);
- SIGUSR1: every open ``zmq.asyncio`` socket's ``EVENTS`` (POLLIN = a message is queued), the events
  its loop is watching and its pending receives (``sockets-PID-TIME.txt``); with ``DS_KICK`` set,
  then re-checks every socket's events (what ``scrm_lib.run.dashboard.wake_safe_zmq_channels`` does after
  each send). A stalled server that resumes after this lost a ZeroMQ wake-up.
"""

from __future__ import annotations

import asyncio
import gc
import os
import signal
import sys
import time
import traceback


def _path(kind: str) -> str:
    return os.path.join(os.environ.get("DS_DUMP_DIR", "/tmp"), f"{kind}-{os.getpid()}-{int(time.time())}.txt")


def _tasks(signum, frame) -> None:  # noqa: ANN001
    with open(_path("tasks"), "w") as fh:
        fh.write(" ".join(sys.argv) + "\n")
        try:
            loop = asyncio.get_event_loop_policy().get_event_loop()
            for task in asyncio.all_tasks(loop):
                fh.write(f"\n--- {task!r}\n")
                for f in task.get_stack(limit=30):
                    fh.write(f"  {f.f_code.co_filename}:{f.f_lineno} {f.f_code.co_name}\n")
                    for k in ("msg_id", "timeout", "new_timeout", "cell_index"):
                        if f.f_code.co_name.startswith(("_async_poll", "async_execute")) and k in f.f_locals:
                            fh.write(f"      {k}={f.f_locals[k]!r}\n")
        except Exception:  # noqa: BLE001 - a diagnosis must not raise
            fh.write(traceback.format_exc())
        fh.write("\n=== threads\n")
        for tid, fr in sys._current_frames().items():
            fh.write(f"thread {tid}\n" + "".join(traceback.format_stack(fr)) + "\n")


def _sockets(signum, frame) -> None:  # noqa: ANN001
    import zmq
    import zmq.asyncio

    socks = [o for o in gc.get_objects() if isinstance(o, zmq.asyncio.Socket) and not o.closed]
    with open(_path("sockets"), "w") as fh:
        for s in socks:
            try:
                ev = s.get(zmq.EVENTS)
                fh.write(f"type={s.type} fd={s._fd} EVENTS={ev} POLLIN={bool(ev & zmq.POLLIN)} "
                         f"watching={getattr(s, '_state', None)} recv_futures={len(getattr(s, '_recv_futures', []))}\n")
            except Exception as e:  # noqa: BLE001
                fh.write(f"{s!r}: {e}\n")
        if os.environ.get("DS_KICK"):
            for s in socks:
                s._call_later(0, s._handle_events)
            fh.write("kicked: _handle_events scheduled on every socket\n")


if "ipykernel" not in " ".join(sys.argv):
    signal.signal(signal.SIGUSR2, _tasks)
    signal.signal(signal.SIGUSR1, _sockets)
