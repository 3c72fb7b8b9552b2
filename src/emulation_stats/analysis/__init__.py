"""Analysis: year-over-year comparison, awards, scoring and its robustness."""
