"""Ingest: files → papers (readers), papers → chunks → vectors (embedding, the bundled MiniLM), and the whole
index brought in step with its sources in one commit (indexer)."""
