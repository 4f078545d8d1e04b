"""Machine description shared by the model benchmarks (nproc, CPU, load average, Python)."""

from __future__ import annotations

import os
import platform


def machine() -> dict:
    """nproc, CPU model, load average at the time of the call, platform, Python version."""
    cpu = "unknown"
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "cpu": cpu, "load_average": [round(x, 2) for x in os.getloadavg()],
            "platform": platform.platform(), "python": platform.python_version(),
            "note": "shared machine: other engineers' jobs run concurrently; CPU-time rates are less affected than wall rates"}
