"""Abstracts → sentences: what an answer quotes, and whose vectors an ingest can keep for it."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _segmenter():  # type: ignore[no-untyped-def]
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


@lru_cache(maxsize=4096)
def _split(text: str) -> tuple[str, ...]:
    return tuple(s.strip() for s in _segmenter().segment(text) if len(s.strip()) > 20)


def sentences(text: str) -> list[str]:
    """Whole sentences (pysbd: abbreviations, "e.g.", decimals and brackets do not end one), stripped."""
    return list(_split(text))
