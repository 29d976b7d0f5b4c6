"""Typical wrong answers for chapter 6, with a fragment of the feedback each must produce."""

_NATIONAL = 'national_rows = oews[oews.area_type == "N"]\n'

_RATIO = '''
national_rows = oews[oews.area_type == "N"]
base = national_rows.loc[national_rows.soc_code == "00-0000", "{base}"].iloc[0]
pay_ratio = national_rows.loc[national_rows.soc_code != "00-0000", ["occupation", "{column}"]]
pay_ratio = pay_ratio.rename(columns={{"{column}": "median"}})
pay_ratio = pay_ratio.assign(ratio_to_all=pay_ratio["median"] / base)
'''

_PROPORTION = '''
def percentile_of(wage, points):
    for (p_lo, w_lo), (p_hi, w_hi) in zip(points, points[1:]):
        if w_lo <= wage <= w_hi:
            return (p_lo + (p_hi - p_lo) * (wage - w_lo) / (w_hi - w_lo)) / 100
'''

_EVENLY_SPACED = '''
import numpy as np

def percentile_of(wage, points):
    return float(np.interp(wage, [w for _, w in points], [0, 25, 50, 75, 100]))
'''

_DS = '''
import numpy as np
ds_row = oews[(oews.area_type == "N") & (oews.soc_code == "15-2051")].iloc[0]
below = float(np.interp(ds_row.annual_mean,
                        [ds_row.p10, ds_row.p25, ds_row["median"], ds_row.p75, ds_row.p90],
                        [10, 25, 50, 75, 90]))
'''

_STATES = '''
state_rows = oews[(oews.area_type == "S") & oews["median"].notna()]
national = oews[(oews.area_type == "N") & (oews.soc_code == "15-2051")].iloc[0]
higher = state_rows["median"] > national["median"]
'''

_POLITICAL = '''
row = industries[(industries.industry_code == "813900")
                 & (industries.soc_code == "15-2051")].iloc[0]
'''

WRONG = {
    "q1": [
        (_NATIONAL + 'spread = national_rows[["occupation"]].assign('
                     'p90_p10=national_rows.p75 / national_rows.p25)', "75th over the 25th"),
        (_NATIONAL + 'spread = national_rows[["occupation"]].assign('
                     'p90_p10=national_rows.p90 - national_rows.p10)', "difference in dollars"),
    ],
    "q2": [
        (_RATIO.format(base="annual_mean", column="median"),
         "divided by the all-occupations mean"),
        (_RATIO.format(base="annual_mean", column="annual_mean"), "those are mean wages"),
    ],
    "q3": [
        (_PROPORTION, "returns a proportion"),
        (_EVENLY_SPACED, "treats the five points as 0, 25, 50, 75 and 100"),
    ],
    "q4": [
        (_DS + "below_mean_pct = 100 - below", "earning more than the mean"),
        (_DS + "below_mean_pct = below / 100", "that is a proportion"),
        ("below_mean_pct = 50", "what the median promises"),
    ],
    "q5": [
        (_STATES + "share_in_higher_states = 100 * higher.mean()", "share of states above"),
        (_STATES + 'share_in_higher_states = 100 * state_rows.loc[higher, "employment"].sum()'
                   ' / national.employment', "divided by the national employment"),
    ],
    "q6": [
        ('range_advice = "The range is fine, go for it."', "write at least 50"),
        ("range_advice = 90000", "write your reflection as a string"),
    ],
    "q7": [
        (_POLITICAL + "se = row.wage_rse / 100 * row.annual_mean\n"
                      "political_interval = [row.annual_mean - se, row.annual_mean + se]",
         "one standard error either side"),
        (_POLITICAL + "se = row.employment_rse / 100 * row.annual_mean\n"
                      "political_interval = [row.annual_mean - 1.96 * se, "
                      "row.annual_mean + 1.96 * se]", "employment rse"),
        (_POLITICAL + "political_interval = [row.annual_mean - 1.96 * row.wage_rse, "
                      "row.annual_mean + 1.96 * row.wage_rse]", "not a number of dollars"),
    ],
    "q8": [
        ('politics_verdict = "a"', "serve every kind of client"),
        ('politics_verdict = "c"', "an industry is not a job"),
        ('politics_verdict = "d"', "small is not the same as silent"),
    ],
}
