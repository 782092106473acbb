"""The read side: questions researchers ask of the store, full-text search, the
HTML report, charts and the Datasette browser."""
