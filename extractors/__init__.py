"""Readers that turn council papers into DocumentContent, and the interpreter that
turns that content into recommendation/progress items."""

# Bump when extraction output changes: stored documents from an older version are
# re-extracted on the next ingest.
EXTRACTOR_VERSION = "0.1.0"
