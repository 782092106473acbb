"""The values the query side accepts, named once for the Python API and the command
line. Kept apart from the queries so the command line can offer them as choices
without loading the database layer."""

from __future__ import annotations

# What theme counts can be grouped by: meeting year, or a paper's committee, council,
# or the council's nation, region or kind in the UK register.
PERIODS = ("year", "committee", "council", "nation", "region", "kind")
# The group papers with no meeting date fall in.
UNDATED = "undated"
EXPORT_FORMATS = ("csv", "parquet", "json")
