"""The ingest pipeline (write side: discover, extract, tag, store) and the query layer
(read side: questions, search, report, browsing), with the command line over both."""
