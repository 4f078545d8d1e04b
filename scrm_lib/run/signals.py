"""Stop signals: SIGTERM (a service manager's stop) and SIGHUP (a closed terminal) stop a run
or a scoring job as Ctrl-C does, so what was done is recorded and temporary files removed."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from typing import Any


class Terminated(KeyboardInterrupt):
    """The run was stopped by a signal (SIGTERM from systemd's stop, SIGHUP from a closed terminal)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextlib.contextmanager
def stop_signals_interrupt() -> Iterator[None]:
    """Within the block, SIGTERM and SIGHUP stop the run as Ctrl-C does (:class:`Terminated`,
    a ``KeyboardInterrupt``): the manifest records ``interrupted``, ``latest`` moves, temporary
    files are removed. Outside the main thread this does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: Any) -> None:
        raise Terminated(signum)

    wanted = [sig for sig in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None)) if sig is not None]
    previous = {}
    for sig in wanted:
        with contextlib.suppress(ValueError, OSError):
            previous[sig] = signal.signal(sig, handler)
    try:
        yield
    finally:
        for sig, old in previous.items():
            with contextlib.suppress(ValueError, OSError):
                signal.signal(sig, old)
