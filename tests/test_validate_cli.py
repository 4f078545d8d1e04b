"""``scrm validate``: exit 0 + one-line summary on valid data, exit 2 + a clear message
(no traceback) on every kind of bad input. Run as real subprocesses for exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

HEADER = "post_id,created_at,channel,brand,author_id,text,likes"
GOOD = HEADER + "\n1,2024-03-01T12:00:00Z,X,Acme,u1,hi,3\n2,2024-03-01T13:00:00Z,fb,Acme,u2,\"<script>alert(1)</script>\",0\n"


def scrm(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scrm_lib.cli", *args], capture_output=True,
                          text=True, timeout=120)


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return p


def test_valid_mentions_exit_0_with_summary(tmp_path):
    r = scrm("validate", "mentions", str(write(tmp_path, "m.csv", GOOD)))
    assert r.returncode == 0, r.stderr
    assert r.stdout.count("\n") == 1
    assert "valid mentions file: 2 rows" in r.stdout and "2 channels (facebook, twitter)" in r.stdout
    assert r.stderr == ""


def test_naive_timestamps_warn_on_stderr_but_pass(tmp_path):
    r = scrm("validate", "mentions", str(write(tmp_path, "m.csv", GOOD.replace("T12:00:00Z", " 12:00"))))
    assert r.returncode == 0
    assert "warning:" in r.stderr and "1 naive created_at value" in r.stderr


BAD_CASES = {
    "missing column": ("post_id,created_at,channel,brand,text\n1,2024-01-01T00:00:00Z,x,A,t\n",
                       "required column is missing: 'author_id'"),
    "duplicate post_id": (GOOD + "1,2024-03-01T12:00:00Z,X,Acme,u1,hi,3\n", "lines 2, 4, column 'post_id'"),
    "unparseable timestamp": (HEADER + "\n1,31/02/2024 25:00,x,A,u,t,1\n", "line 2, column 'created_at'"),
    "negative count": (HEADER + "\n1,2024-01-01T00:00:00Z,x,A,u,t,-5\n", "negative count"),
    "non-numeric count": (HEADER + "\n1,2024-01-01T00:00:00Z,x,A,u,t,five\n", "not a number (found 'five'"),
    "empty file": (b"", "the file is empty"),
    "header only": (HEADER + "\n", "header but no data rows"),
    "undecodable bytes": (b"post_id,created_at,channel,brand,author_id,text\n1,2024-01-01T00:00:00Z,x,A,u,\xff\xfe\xfa\n",
                          "--encoding"),
    "binary as csv": (bytes(range(256)) * 40, "binary file"),
    "duplicate column names": ("post_id,post_id,created_at,channel,brand,author_id,text\n1,2,2024-01-01T00:00:00Z,x,A,u,t\n",
                               "duplicate column name"),
    "NUL bytes": (HEADER + "\n1,2024-01-01T00:00:00Z,x,A,u,a\x00b,1\n", "NUL byte"),
}


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_mentions_exit_2_without_traceback(tmp_path, case):
    content, fragment = BAD_CASES[case]
    p = write(tmp_path, "m.csv", content)
    r = scrm("validate", "mentions", str(p))
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert "Traceback" not in r.stderr and r.stdout == ""
    assert r.stderr.startswith(f"error: {p}: not a valid mentions file")
    assert fragment in r.stderr, r.stderr


def test_malformed_json_line_named(tmp_path):
    good = '{"post_id": "1", "created_at": "2024-01-01T00:00:00Z", "channel": "x", "brand": "A", "author_id": "u", "text": "t"}'
    p = write(tmp_path, "m.jsonl", good + "\n" + good.replace('"1"', '"2"') + "\n{\"post_id\": \"3\", oops}\n")
    r = scrm("validate", "mentions", str(p))
    assert r.returncode == 2 and "line 4" not in r.stderr
    assert "line 3: malformed JSON" in r.stderr and "Traceback" not in r.stderr


def test_format_mapping_encoding_options(tmp_path):
    export = "ID;When;Where;Who;What\n1;2024-03-01T12:00:00Z;Twitter;u1;caf\xe9\n".encode("cp1252")
    data = write(tmp_path, "export.txt", export)
    mapping = write(tmp_path, "map.yaml", "rename: {ID: post_id, When: created_at, Where: channel, "
                    "Who: author_id, What: text}\nconstants: {brand: Acme}\ndelimiter: ';'\n")
    r = scrm("validate", "mentions", str(data), "--format", "csv", "--mapping", str(mapping),
             "--encoding", "cp1252")
    assert r.returncode == 0, r.stderr
    r2 = scrm("validate", "mentions", str(data), "--format", "csv", "--mapping", str(mapping))
    assert r2.returncode == 2 and "cannot decode byte 0xe9" in r2.stderr


def test_survey_and_usecases(tmp_path):
    s = write(tmp_path, "s.csv", "group,item,n,k,source\nconsumer,discounts,1056,644,x\nexecutive,discounts,331,120,synthetic\n")
    r = scrm("validate", "survey", str(s))
    assert r.returncode == 0 and "aggregated form" in r.stdout
    bad = write(tmp_path, "s2.csv", "group,item,n,pct,source\nconsumer,discounts,0,140,x\n")
    r = scrm("validate", "survey", str(bad))
    assert r.returncode == 2 and "n = 0" in r.stderr and "out of range" in r.stderr
    u = write(tmp_path, "u.csv", "id,name,category,market_demand,tech_maturity,source\nF1,Insights,finance,6,2,A\n")
    r = scrm("validate", "usecases", str(u))
    assert r.returncode == 2 and "unknown category" in r.stderr and "market demand out of range" in r.stderr


def test_missing_file_and_usage_errors(tmp_path):
    r = scrm("validate", "mentions", str(tmp_path / "nope.csv"))
    assert r.returncode == 2 and "file not found" in r.stderr and "Traceback" not in r.stderr
    r = scrm("validate", "tweets", "x.csv")
    assert r.returncode == 2 and "invalid choice" in r.stderr  # argparse usage error
