"""SYNTHETIC campaign experiments, generated from a seed, for practising A/B-test analysis.

Neither table is real campaign data. They imitate the *design* of experiments campaigns have
run (a 4 × 6 splash-page test in 2008; e-mail subject-line tests in 2012) so that learners can
analyse one end to end. The generative assumptions are stated in each function's docstring.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from coursekit.errors import DataError

__all__ = ["BUTTONS", "MEDIA", "SUBJECTS", "email_test", "splash_page_test"]

BUTTONS = ("Sign up", "Learn more", "Join us now", "Sign up now")
MEDIA = ("Image 1", "Image 2", "Image 3", "Video 1", "Video 2", "Video 3")
SUBJECTS = ("Can you chip in before midnight?", "Hey, it's us")

# Multipliers on the original page's sign-up rate (button "Sign up" with "Video 1").
_BUTTON_LIFT = np.array([1.00, 1.17, 0.95, 1.04])
_MEDIA_LIFT = np.array([1.20, 1.08, 1.12, 1.00, 0.88, 0.80])
_BASE_RATE = 0.07


def splash_page_test(visitors_per_page: int = 12_000, seed: int = 2008) -> pd.DataFrame:
    """Return a SYNTHETIC 4-button × 6-media splash-page test: one row per page variant.

    Columns: ``button`` (str), ``media`` (str), ``visitors`` (int64), ``signups`` (int64).
    The first row is the original page ("Sign up" with "Video 1").

    Assumptions: each variant is shown to `visitors_per_page` visitors, give or take 10%
    (random assignment never splits traffic exactly evenly); a visitor signs up with
    probability 7% × a button multiplier × a media multiplier (every image beats every video,
    and the best pair's true rate is about 40% above the original's); sign-ups are binomial.
    """
    visitors_per_page, seed = _positive(visitors_per_page, "visitors_per_page"), _seed(seed)
    rng = np.random.default_rng(seed)
    button_idx, media_idx = np.meshgrid(np.arange(len(BUTTONS)), np.arange(len(MEDIA)),
                                        indexing="ij")
    order = np.argsort(button_idx.ravel() * 10 + (media_idx.ravel() - 3) % len(MEDIA),
                       kind="stable")  # original page first
    b, m = button_idx.ravel()[order], media_idx.ravel()[order]
    rate = _BASE_RATE * _BUTTON_LIFT[b] * _MEDIA_LIFT[m]
    spread = max(1, visitors_per_page // 10)
    visitors = visitors_per_page + rng.integers(-spread, spread + 1, size=len(b))
    signups = rng.binomial(visitors, rate)
    return pd.DataFrame({
        "button": pd.Series(np.asarray(BUTTONS, dtype=object)[b], dtype="str"),
        "media": pd.Series(np.asarray(MEDIA, dtype=object)[m], dtype="str"),
        "visitors": visitors.astype("int64"),
        "signups": signups.astype("int64"),
    })


def email_test(recipients: int = 40_000, seed: int = 2012) -> pd.DataFrame:
    """Return a SYNTHETIC e-mail subject-line test: one row per recipient.

    Columns: ``recipient_id`` (str, "R000001"...), ``subject`` (str, one of `SUBJECTS`),
    ``opened`` (bool), ``donated`` (bool; only people who opened can donate).

    Assumptions: recipients are split at random into two equal-chance groups; subject 0 is
    opened with probability 20% and subject 1 with 23%; an opener donates with probability
    10% under subject 0 and 11% under subject 1, so the true donation rates are 2.0% and
    about 2.5%. Each recipient's outcomes are independent draws.
    """
    recipients, seed = _positive(recipients, "recipients"), _seed(seed)
    rng = np.random.default_rng(seed)
    arm = rng.integers(0, 2, size=recipients)
    opened = rng.random(recipients) < np.array([0.20, 0.23])[arm]
    donated = opened & (rng.random(recipients) < np.array([0.10, 0.11])[arm])
    return pd.DataFrame({
        "recipient_id": pd.Series([f"R{i:06d}" for i in range(1, recipients + 1)], dtype="str"),
        "subject": pd.Series(np.asarray(SUBJECTS, dtype=object)[arm], dtype="str"),
        "opened": opened,
        "donated": donated,
    })


def _positive(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not (
            1 <= value <= 10_000_000):
        raise DataError(f"{name} must be an integer from 1 to 10000000, got {value!r}")
    return int(value)


def _seed(seed: object) -> int:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise DataError(f"seed must be a non-negative integer, got {seed!r}")
    return int(seed)
