"""Property-based fuzz test of `scrm validate mentions` (issue 17).

Hypothesis writes CSV and JSON Lines files with random quirks — encodings, quoting, nulls,
huge fields, odd and out-of-range timestamps, stray columns, broken JSON — and the command
must either accept the file (exit 0) or refuse it with exit 2 and a message that says where
(a line, a column or a byte), never with a traceback or the "please report it" fallback.

Fixed seed (``derandomize=True``) and a bounded number of examples keep it reproducible and
well under a minute in CI. The command runs in-process (``scrm_lib.cli.main``) for speed.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scrm_lib import cli

TIMESTAMPS = st.one_of(
    st.sampled_from([
        "2024-03-01T10:00:00Z", "2024-03-01 10:00:00", "2024-03-01T10:00:00+02:00", "1709287200",
        "0001-01-01T00:00:00Z", "1677-01-01T00:00:00Z", "2262-05-01T00:00:00Z", "9999-12-31T23:59:59Z",
        "2024-02-30T00:00:00Z", "yesterday", "", "NaN", "null", "2024-13-01", "1e23", "-1",
    ]),
    st.datetimes().map(lambda d: d.isoformat()),
    st.text(max_size=30),
)
TEXTS = st.one_of(
    st.text(max_size=200),
    st.sampled_from(['"quoted, with comma"', "line\nbreak", "tab\there", "nul\x00byte", "=HYPERLINK(\"x\")",
                     "<script>alert(1)</script>", "\ufeffbom", "😀" * 50, "a\\", ""]),
    st.sampled_from([10_000, 140_000]).map(lambda n: "x" * n),  # huge fields (past the csv module's 131,072 limit)
)
CELL = st.one_of(st.none(), st.text(max_size=20), st.integers(), st.floats(allow_nan=True), st.booleans())
ROW = st.fixed_dictionaries(
    {"post_id": st.one_of(st.text(max_size=12), st.integers(), st.none()),
     "created_at": st.one_of(TIMESTAMPS, st.none()),
     "channel": st.one_of(st.sampled_from(["twitter", "facebook", "reddit", "", "TikTok"]), st.none()),
     "brand": st.one_of(st.sampled_from(["Nimbus", "Kestrel", "[x](javascript:alert(1))", ""]), st.none()),
     "author_id": st.one_of(st.text(max_size=12), st.none()),
     "text": st.one_of(TEXTS, st.none())},
    optional={"is_brand": CELL, "likes": CELL, "extra column": CELL},
)
FILES = st.fixed_dictionaries({
    "rows": st.lists(ROW, min_size=0, max_size=8),
    "format": st.sampled_from(["csv", "jsonl"]),
    "encoding": st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1252"]),
    "quoting": st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC]),
    "delimiter": st.sampled_from([",", ",", ";", "\t"]),
    "drop_header": st.booleans(),
    "garbage": st.one_of(st.none(), st.binary(max_size=40), st.sampled_from([b"{not json", b"[1, 2]", b"null"])),
})

WHERE = re.compile(r"line \d+|lines \d+|column|byte \d+|row \d+")


def _write(spec: dict, folder: Path) -> Path:
    rows = spec["rows"]
    columns = sorted({k for r in rows for k in r}) or ["post_id", "created_at"]
    if spec["format"] == "jsonl":
        path = folder / "m.jsonl"
        text = "".join(json.dumps(r, default=str, allow_nan=True) + "\n" for r in rows)
    else:
        path = folder / "m.csv"
        buf = io.StringIO()
        w = csv.writer(buf, quoting=spec["quoting"], delimiter=spec["delimiter"], lineterminator="\n")
        if not spec["drop_header"]:
            w.writerow(columns)
        for r in rows:
            w.writerow(["" if r.get(c) is None else r.get(c) for c in columns])
        text = buf.getvalue()
    data = text.encode(spec["encoding"], errors="replace")
    if spec["garbage"] is not None:
        data += spec["garbage"]
    path.write_bytes(data)
    return path


@settings(derandomize=True, max_examples=60, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(spec=FILES)
def test_validate_accepts_or_says_where_never_a_traceback(spec: dict) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = _write(spec, Path(tmp))
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = cli.main(["validate", "mentions", str(path)])
            except SystemExit as exc:  # argparse only
                status = exc.code
        message = err.getvalue()
        assert status in (0, 2), (status, message)
        assert "Traceback" not in message and "please report it" not in message, message
        if status == 2:
            assert WHERE.search(message) or "empty" in message or "not a valid" in message, message
        else:
            assert "valid mentions file" in out.getvalue()
