"""Published figures on age and job change used in chapter 7, typed in from their sources.

Provenance: typed in by hand (2026) from the EEOC report and the BLS NLSY79 release named below,
as listed in the course fact file (items 5.10 and 5.13), and checked against the BLS release
itself (USDL-25-1322, 26 August 2025) for the five age bands and the 12.9-job total. No data
are downloaded at run time.

These are small tables of REAL published figures (US federal works, public domain under
17 U.S.C. §105), not synthetic data. Each function's docstring names the source; chapter 7 cites
them through `book/references.bib` (keys ``eeoc2024hightech`` and ``bls2025nlsy79``).

There is no official statistic on how many people move into data science at 40 or later: none of
these tables measures that, and the course says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["JOBS_18_TO_58", "high_tech_age", "jobs_by_age"]

JOBS_18_TO_58 = 12.9
"""Average number of jobs held from age 18 to 58 by Americans born 1957–64 (BLS NLSY79 release,
August 2025): each job counted once, so it is less than the sum of the age bands."""


def high_tech_age() -> pd.DataFrame:
    """Share of workers aged over 40 in the US high-tech sector, 2014 and 2022 (per cent).

    Source: U.S. Equal Employment Opportunity Commission, *High Tech, Low Inclusion: Diversity in
    the High Tech Workforce and Sector 2014–2022*, special report, 11 September 2024.
    Columns: ``year`` (int), ``share_over_40`` (float, per cent).
    """
    import pandas as pd

    return pd.DataFrame({"year": [2014, 2022], "share_over_40": [55.9, 52.1]})


def jobs_by_age() -> pd.DataFrame:
    """Average number of jobs held, by age band, by Americans born 1957–64 (NLSY79).

    Source: U.S. Bureau of Labor Statistics, National Longitudinal Survey of Youth 1979, news
    release "Number of jobs, labor market experience, marital status, and health for those born
    1957–1964", August 2025 (12.9 jobs in all from ages 18 to 58). A job that spans two age bands
    counts once in each, so the bands add up to more than the total.
    Columns: ``age_band`` (str), ``first_age``, ``last_age`` (int), ``jobs`` (float).
    """
    import pandas as pd

    return pd.DataFrame({
        "age_band": ["18–24", "25–34", "35–44", "45–54", "55–58"],
        "first_age": [18, 25, 35, 45, 55],
        "last_age": [24, 34, 44, 54, 58],
        "jobs": [5.6, 4.5, 2.9, 2.2, 1.3],
    })

