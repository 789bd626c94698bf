"""Answer: hits → evidence (whether the collection covers the question, decided in one place) → an extractive
answer offline, or an LLM's with its citations checked."""
