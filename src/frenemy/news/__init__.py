"""Documents in: files, feeds, URLs, encodings, language, dedup; ingest and Dask workers."""
