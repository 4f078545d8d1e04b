"""The dask engine gives the pandas engine's summaries (exact counts, ratios to 1e-12) on the sample
and on the real airline and TWCS data; `scrm summarise` and `scrm score --engine dask` (issue 15).

The tests start and stop their own LocalCluster: 2 workers in this process (``processes=False``).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

from scrm_lib import metrics as L
from scrm_lib.cli import main
from scrm_lib.cli.summarise import summarise_files
from scrm_lib.core.config import SAMPLES_DIR
from scrm_lib.core.errors import ScrmError
from scrm_lib.engine import PROCESS_BYTES, expand_inputs, get_engine, local_processes
from scrm_lib.metrics import aggregates as A
from tests.conftest import external_file

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def dask_engine():
    """A LocalCluster with 2 in-process workers, stopped after the module."""
    with get_engine("dask", n_workers=2, processes=False, quiet=True) as engine:
        yield engine


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return L.resolve_sentiment(L.load_sources([SAMPLES_DIR / "mentions.csv"]), "vader")


def _all_aggregates() -> list[A.Aggregate]:
    return [*A.listening_summaries(), A.volume("D", ["brand", "channel"]), A.reach("brand", freq="W"),
            A.response_times(30, ["brand", "channel"]), A.themes(None, n=12, min_count=3)]


def assert_same_summaries(dask_engine, frame: pd.DataFrame, npartitions: int) -> dict[str, pd.DataFrame]:
    """Every summary of the dask engine (``frame`` in ``npartitions``) equals the pandas engine's:
    counts exactly (integer columns compared as they are), ratios within 1e-12 (relative)."""
    aggs = _all_aggregates()
    with get_engine("pandas") as pe:
        expected = pe.summarise(frame, aggs)
    got = dask_engine.summarise(dask_engine.frame(frame, npartitions), aggs)
    assert set(got) == set(expected)
    for name, table in expected.items():
        assert len(table) > 0 or name == "spikes", f"{name}: empty summary proves nothing"
        pd.testing.assert_frame_equal(got[name], table, check_exact=False, rtol=1e-12, atol=0, obj=name)
        for col in table.columns:
            if pd.api.types.is_integer_dtype(table[col]):
                assert got[name][col].tolist() == table[col].tolist(), f"{name}.{col}: counts differ"
    return got


def test_sample_dask_equals_pandas(dask_engine, sample: pd.DataFrame) -> None:
    got = assert_same_summaries(dask_engine, sample, npartitions=7)
    assert int(got["volume"]["mentions"].sum()) == len(L.earned(sample))
    # themes in one pass with the data's names = themes with the names given
    pd.testing.assert_frame_equal(got["themes"], A.themes(L.theme_drop_terms(sample), n=12, min_count=3).compute(sample),
                                  check_exact=False, rtol=1e-12, atol=0)
    assert got["response_times"]["answered"].sum() > 0


def test_airline_dask_equals_pandas(dask_engine) -> None:
    path = external_file("twitter-us-airline-sentiment/Tweets.csv")
    frame = L.resolve_sentiment(L.load_sources([path], "airline"), "column")
    got = assert_same_summaries(dask_engine, frame, npartitions=5)
    assert int(got["sentiment"]["posts"].sum()) == len(L.earned(frame))


def test_twcs_dask_equals_pandas(dask_engine) -> None:
    path = external_file("customer-support-on-twitter/twcs_first5000.csv")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frame = L.resolve_sentiment(L.load_sources([path], "twcs"), "vader")
    got = assert_same_summaries(dask_engine, frame, npartitions=6)
    assert got["response_times"]["answered"].sum() > 0  # the brand replies found their posts across partitions


def test_existing_scheduler_address(dask_engine, sample: pd.DataFrame) -> None:
    """With an address the engine joins that cluster and leaves it running when closed."""
    with get_engine("dask", dask_engine.cluster.scheduler_address) as other:
        assert other.cluster is None and other.n_workers() == 2
        got = other.summarise(sample, [A.sentiment()])["sentiment"]
    pd.testing.assert_frame_equal(got, A.sentiment().compute(sample))
    assert dask_engine.n_workers() == 2


def test_dask_scoring_equals_pandas(dask_engine, sample: pd.DataFrame) -> None:
    part = sample.iloc[:900].drop(columns=["sentiment"])
    with get_engine("pandas") as pe:
        expected = pe.score(part, "fast", "trait")
    got = dask_engine.score(dask_engine.frame(part, 3), "fast", "trait").compute(scheduler=dask_engine.client)
    pd.testing.assert_frame_equal(got.reset_index(drop=True), expected.reset_index(drop=True),
                                  check_exact=False, rtol=1e-12, atol=1e-12)


@pytest.fixture(scope="module")
def parquet_parts(tmp_path_factory, sample: pd.DataFrame) -> Path:
    """The sample as a folder of 3 Parquet parts (what `scrm summarise` reads from a cluster's storage)."""
    folder = tmp_path_factory.mktemp("parts")
    raw = L.load_sources([SAMPLES_DIR / "mentions.csv"]).assign(sentiment=sample["sentiment"])
    for i in range(3):
        raw.iloc[i::3].to_parquet(folder / f"part-{i}.parquet", index=False)
    return folder


@pytest.mark.parametrize("processes", [False, True])
def test_summarise_files_both_engines(processes: bool, parquet_parts: Path, tmp_path: Path) -> None:
    """Threads or worker processes (the second passes' aggregates travel to the workers too: the
    parts cut threads, so response times need one)."""
    a = summarise_files([str(parquet_parts / "*.parquet")], tmp_path / "pd", echo=False)
    b = summarise_files([str(parquet_parts)], tmp_path / "dk", "dask", workers=2, processes=processes, echo=False)
    assert a["tables"] == b["tables"] and len(a["inputs"]) == 3
    for f in sorted((tmp_path / "pd").glob("*.parquet")):
        pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "dk" / f.name), pd.read_parquet(f),
                                      check_exact=False, rtol=1e-12, atol=0, obj=f.name)
    assert {"volume.parquet", "sentiment.parquet", "response_times.parquet", "spikes.parquet",
            "themes.parquet"} <= {f.name for f in (tmp_path / "dk").iterdir()}


@pytest.mark.parametrize(("argv", "needle"), [
    (["summarise", "no/such/*.parquet"], "INPUT 'no/such/*.parquet': no file matches"),
    (["summarise", str(SAMPLES_DIR / "mentions.csv"), "--scheduler", "tcp://127.0.0.1:9"], "--scheduler"),
    (["summarise", str(SAMPLES_DIR / "mentions.csv"), "--workers", "0", "--engine", "dask"], "--workers 0"),
    (["score", str(SAMPLES_DIR / "mentions.csv"), "--engine", "dask", "--out", "x.csv"], "folder of Parquet parts"),
])
def test_bad_input_exits_2_naming_the_parameter(argv: list[str], needle: str, capsys, tmp_path: Path) -> None:
    if "--out" not in argv:
        argv = [*argv, "--out", str(tmp_path / "out")]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert needle in err and "Traceback" not in err


def test_unknown_engine_is_a_clear_error() -> None:
    with pytest.raises(ScrmError, match="engine: expected one of pandas, dask, got 'spark'"):
        get_engine("spark")


@pytest.mark.parametrize("kind", ["threads", "processes"])
def test_invalid_file_on_a_worker_exits_2(kind: str, tmp_path: Path, capsys) -> None:
    """A worker thread or a worker process: the loader's error reaches the command, exit status 2."""
    bad = tmp_path / "bad.csv"
    bad.write_text("post_id,created_at,text\n1,not a date,hello\n", encoding="utf-8")
    assert main(["summarise", str(bad), "--engine", "dask", "--workers", "1", "--processes", kind,
                 "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "bad.csv" in err and "Traceback" not in err


def test_local_cluster_kind_follows_the_input_size(tmp_path: Path) -> None:
    """Threads of this process for small inputs, worker processes from PROCESS_BYTES on."""
    small = tmp_path / "small.parquet"
    small.write_bytes(b"x" * 1000)
    big = tmp_path / "big.csv"
    with big.open("wb") as f:
        f.truncate(PROCESS_BYTES)  # a sparse file: the size on disk is what counts, not its content
    assert not local_processes([small])
    assert local_processes([big]) and local_processes([small, big])


def test_expand_inputs_globs_folders_and_files(parquet_parts: Path) -> None:
    assert len(expand_inputs([parquet_parts])) == 3
    assert len(expand_inputs([str(parquet_parts / "part-*.parquet"), parquet_parts / "part-0.parquet"])) == 3


@pytest.mark.notebook
def test_notebook_01_with_engine_dask_shows_the_checked_figures(tmp_path: Path) -> None:
    """`scrm run` of notebook 01 with ``engine: dask`` prints the same checked outputs
    (``# NBVAL_CHECK_OUTPUT``: share of voice, net sentiment, spikes, response times) as the
    committed notebook, which nbval checks against the pandas run."""
    import json
    import os
    import subprocess
    import sys

    import nbformat

    from scrm_lib.core.config import PROJECT_ROOT

    params = tmp_path / "nb01-dask.yaml"
    params.write_text("notebook: 01_listening_analysis\nengine: dask\n", encoding="utf-8")
    out = tmp_path / "runs"
    proc = subprocess.run([sys.executable, "-m", "scrm_lib.cli", "run", "--params", str(params), "--out", str(out)],
                          cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=1800, check=False,
                          env={**os.environ, "SCRM_HEADLESS": "1"})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    manifest = json.loads((out / "latest" / "manifest.json").read_text(encoding="utf-8"))
    ran = nbformat.read(out / "latest" / manifest["notebooks"][0]["output"], as_version=4)
    committed = nbformat.read(PROJECT_ROOT / "notebooks" / "01_listening_analysis.ipynb", as_version=4)

    def checked(nb) -> list[str]:
        return ["".join(o.get("text", "") for o in c.outputs) for c in nb.cells
                if c.cell_type == "code" and "# NBVAL_CHECK_OUTPUT" in c.source]

    expected = checked(committed)
    assert len(expected) >= 4 and all(expected)
    assert checked(ran) == expected
    assert any("dask LocalCluster" in "".join(str(o.get("data", "")) for o in c.get("outputs", [])) for c in ran.cells)


def test_score_posts_engine_parameter_gives_the_same_scores(sample: pd.DataFrame) -> None:
    """Notebooks 05 and 07: ``engine: dask`` scores the posts on a LocalCluster, same as pandas."""
    from scrm_lib.engine import score_posts

    posts = sample.iloc[:700].drop(columns=["sentiment"])
    expected = score_posts(posts, "fast", "trait", engine="pandas", trait_abstain_below=0.4)
    got = score_posts(posts, "fast", "trait", engine="dask", trait_abstain_below=0.4)
    # check_like: triage.score_posts puts ``lang`` last when its scores come from the cache, in place when fresh
    pd.testing.assert_frame_equal(got, expected, check_exact=False, rtol=1e-12, atol=1e-12, check_like=True)
    assert got.attrs["scoring"].startswith(expected.attrs["scoring"]) and "dask" in got.attrs["scoring"]
