"""Build data/fairness/first_names.txt: US Census 1990 first names, for identity masking.

Source: the ``names`` package 0.3.0 on PyPI ships the US Census Bureau's 1990 frequency
lists ``dist.female.first`` (4,275 names) and ``dist.male.first`` (1,219) — US government
data, public domain. Kept: names of 3+ letters that are not in the VADER lexicon (so
"Joy", "Hope" or "Precious" keep their sentiment). :func:`scrm_lib.modeling.fairness.mask_identity`
masks a kept name only where it is written in Title case.

Usage: ``.venv/bin/python scripts/make_first_names.py`` (pip-downloads the sdist; no other network).
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    from scrm_lib.text.nltk_data import vader_lexicon_source

    lexicon = {line.split("\t")[0].lower() for line in vader_lexicon_source().read_text(encoding="utf-8").splitlines()}
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:", "--quiet",
                        "-d", tmp, "names==0.3.0"], check=True)
        names: set[str] = set()
        with tarfile.open(next(Path(tmp).glob("names-0.3.0.tar.gz"))) as tar:
            for member in ("names-0.3.0/names/dist.female.first", "names-0.3.0/names/dist.male.first"):
                for line in tar.extractfile(member).read().decode().splitlines():
                    if line.strip():
                        names.add(line.split()[0].lower())
    kept = sorted(n for n in names if len(n) >= 3 and n not in lexicon)
    out = ROOT / "data" / "fairness" / "first_names.txt"
    out.write_text("\n".join(kept) + "\n", encoding="utf-8")
    print(f"{len(kept)} names ({len(names) - len(kept)} dropped: short or in the VADER lexicon) -> {out}")


if __name__ == "__main__":
    main()
