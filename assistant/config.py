"""One settings object, read from ASSISTANT_* environment variables (and overridden by CLI flags)."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PACKAGE_DIR = Path(__file__).resolve().parent
SHIPPED_ABSTRACTS = PACKAGE_DIR / "data" / "abstracts"
PROMPTS_DIR = PACKAGE_DIR.parent / "prompts"
DEFAULT_EMBED_MODEL = "all-MiniLM-L6-v2"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", extra="ignore")

    home: Path = Field(
        default_factory=lambda: Path(platformdirs.user_data_dir("paper-assistant")),
        description="Data folder: the Chroma store, BM25 indexes and paper records live here.",
    )
    collection: str = Field("default", description="Named collection inside the store.")
    embed_model: str = Field(
        DEFAULT_EMBED_MODEL,
        description="Embedding model: the bundled all-MiniLM-L6-v2, any sentence-transformers name or path, "
        "or 'openai:<model>' (needs OPENAI_API_KEY).",
    )
    chroma_url: str | None = Field(None, description="Use a Chroma server at this URL instead of the local store.")
    k: int = Field(5, ge=1, le=50, description="Papers retrieved for an answer.")
    max_question_chars: int = Field(2000, ge=10, description="Longest question accepted.")
    bm25_weight: float = Field(
        0.5,
        ge=0,
        le=1,
        description="Weight of BM25 in the hybrid score for statements and keyword queries (the rest goes to "
        "dense retrieval); tuned on SciFact claims.",
    )
    question_bm25_weight: float = Field(
        0.3,
        ge=0,
        le=1,
        description="Weight of BM25 for questions in plain English, whose words rarely match the abstract's; "
        "tuned on the eval set's dev split.",
    )
    exact_search_chunks: int = Field(
        50_000,
        ge=0,
        description="Stores of up to this many chunks are searched exactly (all vectors in memory, 1.5 KB each "
        "with MiniLM); larger ones through Chroma's approximate HNSW index.",
    )
    min_evidence: float = Field(
        0.33,
        description="The assistant declines when none of the papers an answer could cite (the top 5) is this "
        "similar to the question. Chosen on the eval set's trade-off curve (README, 'Declining'): higher "
        "declines more near misses but also more answerable questions in everyday words.",
    )
    mode: Literal["auto", "extractive", "llm"] = Field(
        "auto", description="auto: LLM when OPENAI_API_KEY is set, else extractive."
    )
    model: str = Field("gpt-4o-mini", description="Chat model that writes LLM answers.")
    temperature: float = Field(0.0, ge=0, le=2, description="Sampling temperature of the LLM.")
    token_budget: int = Field(3000, ge=200, description="Most tokens the LLM prompt may use.")
    timeout: float = Field(60.0, gt=0, description="Seconds before an LLM call is given up.")
    weak_support: float = Field(
        0.5,
        ge=0,
        le=1,
        description="A citation whose citing sentence is less similar than this to every sentence of the cited "
        "abstract is marked weak.",
    )
    openai_api_key: str | None = Field(
        None, validation_alias=AliasChoices("OPENAI_API_KEY"), description="Key for OpenAI or a compatible server."
    )
    openai_base_url: str | None = Field(
        None,
        validation_alias=AliasChoices("OPENAI_BASE_URL"),
        description="OpenAI-compatible server (Ollama, vLLM, LM Studio, llama.cpp).",
    )

    @property
    def collection_dir(self) -> Path:
        """Everything of one collection that is not in Chroma: papers, BM25 index, source manifest."""
        return self.home / "collections" / self.collection


@lru_cache(maxsize=1)
def offline_environment() -> None:
    """Keep every library on this machine: no hub downloads, no telemetry, tiktoken from the bundled cache."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    if "TIKTOKEN_CACHE_DIR" not in os.environ:
        import llama_index.core

        cache = Path(llama_index.core.__file__).parent / "_static" / "tiktoken_cache"
        os.environ["TIKTOKEN_CACHE_DIR"] = str(cache)
