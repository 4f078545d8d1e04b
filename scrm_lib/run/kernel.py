"""The kernel every run uses: the Python running ``scrm``, headless (``SCRM_HEADLESS=1``), from
a temporary kernel spec, so runs never depend on whatever ``python3`` kernel a user has."""

from __future__ import annotations

import contextlib
import json
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from scrm_lib.reports.nbtools import HEADLESS_ENV

#: Kernel spec name used for every run (argv = the Python running ``scrm``).
KERNEL_NAME = "scrm-workbench"


@contextlib.contextmanager
def project_kernel(python: str | None = None) -> Iterator[type]:
    """A kernel manager class that starts the project's Python with ``SCRM_HEADLESS=1``.

    The kernel spec (argv = ``python`` or the interpreter running ``scrm``) lives in a
    temporary folder for the duration of the context, so runs never depend on whatever
    ``python3`` kernel happens to be installed for the user.
    """
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import default

    with tempfile.TemporaryDirectory(prefix="scrm-kernel-") as tmp:
        spec_dir = Path(tmp) / KERNEL_NAME
        spec_dir.mkdir()
        spec = {
            "argv": [
                python or sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}",
                "--IPKernelApp.log_level=ERROR",  # not the TCP-transport warning in every run's log
            ],
            "display_name": "Python (Social CRM Workbench)",
            "language": "python",
            "env": {HEADLESS_ENV: "1", "MPLBACKEND": "module://matplotlib_inline.backend_inline"},
            "metadata": {"debugger": False},
        }
        (spec_dir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")

        class ProjectKernelManager(AsyncKernelManager):
            @default("kernel_spec_manager")
            def _default_ksm(self) -> KernelSpecManager:
                return KernelSpecManager(kernel_dirs=[tmp])

        yield ProjectKernelManager
