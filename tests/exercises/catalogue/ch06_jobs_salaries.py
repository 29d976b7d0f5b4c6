"""Typical wrong answers for chapter 6, with a fragment of the feedback each must produce."""

_DS = 'ds_row = oews[(oews.area_type == "N") & (oews.soc_code == "15-2051")].iloc[0]\n'

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

_STATES = '''
state_rows = oews[oews.area_type == "S"]
national_ds = oews[(oews.area_type == "N") & (oews.soc_code == "15-2051")].iloc[0]
states_above_national = int((state_rows["{state}"] > national_ds["{national}"]).sum())
'''

WRONG = {
    "q1": [
        (_DS + "ds_iqr = ds_row.p90 - ds_row.p10", "10th-to-90th percentile range"),
        (_DS + 'ds_iqr = ds_row.p75 - ds_row["median"]', "subtract the 25th percentile"),
    ],
    "q2": [
        (_RATIO.format(base="annual_mean", column="median"),
         "divided by the all-occupations mean"),
        (_RATIO.format(base="annual_mean", column="annual_mean"), "those are mean wages"),
    ],
    "q4": [
        (_PROPORTION, "returns a proportion"),
        (_EVENLY_SPACED, "treats the five points as 0, 25, 50, 75 and 100"),
    ],
    "q3": [
        ('average_claim = "a"', "that is what the median promises"),
        ('average_claim = "c"', "says nothing about starting pay"),
        ('average_claim = "d"', "state medians range widely"),
    ],
    "q5": [
        (_STATES.format(state="median", national="annual_mean"),
         "compared state medians with the national mean"),
        (_STATES.format(state="annual_mean", national="annual_mean"),
         "you compared mean wages"),
        ('state_rows = oews[oews.area_type == "S"]\n'
         'national_ds = oews[(oews.area_type == "N") & (oews.soc_code == "15-2051")].iloc[0]\n'
         'states_above_national = int((~(state_rows["median"] > national_ds["median"])).sum())',
         "counts the states at or below"),
    ],
    "q6": [
        ('range_advice = "The range is fine, go for it."', "write at least 50"),
        ("range_advice = 90000", "write your reflection as a string"),
    ],
}
