"""One settings object, read from ASSISTANT_* environment variables (and overridden by CLI flags)."""

from __future__ import annotations

import importlib.util
import os
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from .errors import SettingError

# What the package reads at run time, shipped inside it (pyproject.toml's package data): the collection, the
# thesaurus, and the prompts (the top-level prompts/ folder, installed as assistant.prompts).
DATA_DIR = Path(__file__).resolve().parent / "data"
SHIPPED_ABSTRACTS = DATA_DIR / "abstracts"
THESAURUS = DATA_DIR / "everyday.txt"
PROMPTS = resources.files("assistant.prompts")
DEFAULT_EMBED_MODEL = "all-MiniLM-L6-v2"
COLLECTION_NAME = r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}"  # plain: a folder name and part of Chroma's name


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", extra="ignore")

    home: Path = Field(
        default_factory=lambda: Path(platformdirs.user_data_dir("paper-assistant")),
        description="Data folder: the Chroma store, BM25 indexes and paper records live here.",
    )
    collection: str = Field(
        "default",
        pattern=f"^{COLLECTION_NAME}$",
        description="Named collection inside the store: letters, digits, '-' and '_' (an ingest creates it).",
    )
    embed_model: str = Field(
        DEFAULT_EMBED_MODEL,
        description="Embedding model: the bundled all-MiniLM-L6-v2, any sentence-transformers name or path, "
        "or 'openai:<model>' (needs OPENAI_API_KEY).",
    )
    chroma_url: str | None = Field(None, description="Use a Chroma server at this URL instead of the local store.")
    k: int = Field(5, ge=1, le=50, description="Papers retrieved for an answer.")
    max_question_chars: int = Field(2000, ge=10, description="Longest question accepted.")
    max_title_chars: int = Field(1000, ge=10, description="A record with a longer title is skipped, with a warning.")
    max_abstract_chars: int = Field(
        20_000, ge=100, description="A longer abstract is cut to this length, with a warning naming its record."
    )
    max_number_digits: int = Field(
        4, ge=1, le=100, description="A record's year with more characters than this is left out, with a warning."
    )
    max_upload_mb: int = Field(50, ge=1, description="Largest file the chat page accepts (MB); larger: `ingest`.")
    bm25_weight: float = Field(
        0.4,
        ge=0,
        le=1,
        description="Weight of BM25 in the hybrid score for statements and keyword queries (the rest goes to "
        "dense retrieval); tuned on SciFact's train claims.",
    )
    question_bm25_weight: float = Field(
        0.3,
        ge=0,
        le=1,
        description="Weight of BM25 for questions in plain English, whose words rarely match the abstract's; "
        "tuned on the eval set's dev split.",
    )
    everyday: bool = Field(
        True,
        description="Search a question's everyday words also as the field's terms ('chatbots': large language "
        "model), from the bundled thesaurus (assistant/data/everyday.txt); off for a collection outside machine "
        "learning.",
    )
    exact_search_chunks: int = Field(
        50_000,
        ge=0,
        description="Stores of up to this many chunks are searched exactly (all vectors in memory, 1.5 KB each "
        "with MiniLM); larger ones through Chroma's approximate HNSW index.",
    )
    bm25_merge_share: float = Field(
        0.05,
        ge=0,
        description="An ingest puts the papers added or changed since BM25's whole index was built into a small "
        "segment beside it, until they pass this share of it; then it builds one whole index again (0: always). "
        "Adding 100 papers to 200k then tokenizes 100 abstracts, not 200k.",
    )
    keep_sentences: bool = Field(
        False,
        description="An ingest also embeds every sentence of the abstracts it adds and keeps the vectors (in the "
        "embedding cache), which answers then read instead of embedding the sentences they may quote: about 200 ms "
        "less an offline answer, for more than twice the embedding work of an ingest (for large collections "
        "embedded by a server).",
    )
    min_evidence: float = Field(
        0.33,
        description="The assistant declines when none of the papers an answer could cite (the top 5) is this "
        "similar to the question. Chosen on the eval set's trade-off curve (docs/declining.md): higher "
        "declines more near misses but also more answerable questions in everyday words.",
    )
    mode: Literal["auto", "extractive", "llm"] = Field(
        "auto", description="auto: LLM when OPENAI_API_KEY is set, else extractive."
    )
    model: str = Field("gpt-4o-mini", description="Chat model that writes LLM answers.")
    hypothetical: bool = Field(
        True,
        description="With an LLM, search with the question and an abstract the model imagines for it (HyDE), "
        "which finds papers described in everyday words; off: one LLM call per question fewer.",
    )
    min_imagined: float = Field(
        0.62,
        ge=0,
        le=1,
        description="With an LLM and ASSISTANT_HYPOTHETICAL, the assistant declines when no passage of the "
        "collection is this similar to the abstract the model imagines for the question (a near miss); chosen "
        "on the eval set's dev split (docs/declining.md); 0 turns it off.",
    )
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
    log: bool = Field(
        True,
        description="Keep every answered question in the history database under ASSISTANT_HOME "
        "(`assistant history`); ASSISTANT_LOG=off turns it off.",
    )
    auth: str | None = Field(
        None, description="user:password that the chat page asks for (no login when unset)."
    )
    openai_api_key: str | None = Field(
        None, validation_alias=AliasChoices("OPENAI_API_KEY"), description="Key for OpenAI or a compatible server."
    )
    openai_base_url: str | None = Field(
        None,
        validation_alias=AliasChoices("OPENAI_BASE_URL"),
        description="OpenAI-compatible server (Ollama, vLLM, LM Studio, llama.cpp).",
    )
    arxiv_url: str = Field("https://export.arxiv.org/api/query", description="arXiv's API (`assistant fetch`).")
    openalex_url: str = Field("https://api.openalex.org", description="OpenAlex's API (`assistant fetch`).")
    mailto: str | None = Field(
        None, description="Your e-mail, sent to OpenAlex with each request (its polite pool), as it asks."
    )
    arxiv_delay: float = Field(
        3.0, ge=0, description="Seconds between two requests to arXiv (its API's documented pace is one per 3 s)."
    )
    fetch_retries: int = Field(4, ge=0, le=10, description="Tries again, with backoff, when a catalogue fails.")

    @property
    def login(self) -> tuple[str, str] | None:
        """ASSISTANT_AUTH as (user, password), or None when the page needs no login."""
        if not self.auth:
            return None
        user, sep, password = self.auth.partition(":")
        if not (sep and user and password):
            raise SettingError("ASSISTANT_AUTH must look like user:password")
        return user, password


@lru_cache(maxsize=1)
def offline_environment() -> None:
    """Keep every library on this machine: no hub downloads, no telemetry, tiktoken from the bundled cache."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    if "TIKTOKEN_CACHE_DIR" not in os.environ:
        # Found without importing llama_index.core (about a second), which a question may never need.
        spec = importlib.util.find_spec("llama_index.core")
        assert spec is not None and spec.origin is not None, "llama-index-core is a dependency"
        os.environ["TIKTOKEN_CACHE_DIR"] = str(Path(spec.origin).parent / "_static" / "tiktoken_cache")
