"""The vocabulary every stage shares: errors, reference tables, text, the catalogues, the
tables' schemas, phrases in Vietnamese and English, and frame helpers. Imports nothing above it."""
