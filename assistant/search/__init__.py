"""Search: a question → the papers that best match it, dense and BM25 fused (retriever), with the field's terms
searched for a question's everyday words (everyday)."""
