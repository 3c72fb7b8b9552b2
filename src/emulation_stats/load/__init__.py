"""Tables from grids: report forms and award lists, field parsers, the problems of a load,
duplicates and repeats, one loader per table kind, the rubric and the dataset folder."""
