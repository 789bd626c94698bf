"""Storage: the only code that knows file names, SQLite tables, Chroma's metadata and bm25s's internals.
Everything above it gets typed results: a commit, papers, a vector matrix, a BM25 handle, an upload folder."""
