"""Hits → an LLM-written answer: the client, the prompt within a token budget, streaming, failures that fall
back to the extractive answer, and follow-up questions made standalone."""

from __future__ import annotations

import re
import string
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any, Literal
from urllib.parse import urlparse

from ..config import PROMPTS, Settings, offline_environment
from ..errors import LLMError, SettingError
from ..records import Answer, Hit, Usage
from . import extractive as answers
from .citations import HeldMarkers, strip_markers, verify
from .evidence import Coverage, Reader

MAX_TRIES = 3  # the openai client retries 429 (honouring Retry-After), 5xx and timeouts: 1 try + 2 retries
MIN_SOURCE_TOKENS = 50  # less of an abstract than this is not worth sending
CONDENSE_TURNS = 4  # earlier turns rarely matter to what "they" refers to
CONDENSE_ANSWER_CHARS = 600
IMAGINED = 256  # hypothetical abstracts kept per Writer
IMAGINED_CHARS = 2000  # the prompt asks for about 120 words
LABEL = re.compile(r"^\W*(?:standalone question|question)[*_]*\s*:[\s*_]*", re.IGNORECASE)


def resolve_mode(settings: Settings) -> Literal["llm", "extractive"]:
    """auto means: an LLM when there is a key. The key never changes the embedding model."""
    if settings.mode == "llm" and not settings.openai_api_key:
        raise SettingError(
            "ASSISTANT_MODE=llm needs OPENAI_API_KEY; set it (any text will do for a local server such as "
            "Ollama) or use ASSISTANT_MODE=extractive"
        )
    if settings.mode == "auto":
        return "llm" if settings.openai_api_key else "extractive"
    return settings.mode


# --- prompts and the token budget ---------------------------------------------------------------------------
@lru_cache(maxsize=8)
def prompt_text(name: str) -> str:
    return PROMPTS.joinpath(f"{name}.txt").read_text(encoding="utf-8").strip()


def fill(name: str, **values: str) -> str:
    """prompts/<name>.txt with its placeholders filled; a placeholder the code does not fill (or the reverse)
    is a mistake in the prompt file, caught here rather than sent to the model."""
    template = prompt_text(name)
    wanted = {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}
    if wanted != set(values):
        raise RuntimeError(
            f"prompts/{name}.txt has placeholders {sorted(wanted)}; the code fills {sorted(values)}"
        )
    return template.format(**values)


def system_prompt() -> str:
    return fill("system", abstain_phrase=answers.ABSTAIN_PHRASE)


@lru_cache(maxsize=8)
def encoding(model: str) -> Any:
    """tiktoken's encoding for an OpenAI model (exact counts); cl100k_base approximates any other model."""
    offline_environment()  # tiktoken reads its files from the cache bundled with LlamaIndex
    import tiktoken

    try:
        return tiktoken.encoding_for_model(model)
    except KeyError:
        return tiktoken.get_encoding("cl100k_base")


def count_tokens(messages: list[Any], model: str) -> int:
    """Prompt tokens as OpenAI bills a chat request: each message's role and content plus 3 tokens of framing,
    and 3 more that prime the reply."""
    enc = encoding(model)
    return 3 + sum(3 + len(enc.encode(m.role.value)) + len(enc.encode(m.content or "")) for m in messages)


def source_line(n: int, title: str, text: str) -> str:
    # A source cannot close the sources block early: its own tags are defused.
    text = text.replace("<sources>", "‹sources›").replace("</sources>", "‹/sources›")
    return f"[{n}] {title} — {text}"


@dataclass
class Prompt:
    messages: list[Any]
    sources: list[Hit]
    tokens: int


def build_prompt(question: str, hits: list[Hit], model: str, budget: int, missing: list[str] | None = None) -> Prompt:
    """System and user messages with the hits as numbered sources, at most `budget` tokens: the lowest-ranked
    sources are dropped first, and the last one left is cut short if it alone is too long. `missing` names the
    question's terms that no paper of the collection mentions, so the model does not pretend otherwise."""
    from llama_index.core.llms import ChatMessage

    note = ""
    if missing:
        terms = " or ".join(f"“{t}”" for t in missing)
        note = "\n\n" + fill("missing", terms=terms, abstain_phrase=answers.ABSTAIN_PHRASE)

    def messages(lines: list[str]) -> list[Any]:
        user = fill("answer", sources="\n\n".join(lines), question=question) + note
        return [ChatMessage(role="system", content=system_prompt()), ChatMessage(role="user", content=user)]

    lines = [source_line(n, h.paper.title, h.paper.abstract) for n, h in enumerate(hits, 1)]
    while lines:
        tokens = count_tokens(messages(lines), model)
        if tokens <= budget:
            return Prompt(messages(lines), hits[: len(lines)], tokens)
        if len(lines) == 1:
            break
        lines.pop()
    best = hits[0].paper
    room = budget - count_tokens(messages([source_line(1, best.title, "")]), model)
    if room < MIN_SOURCE_TOKENS:
        raise LLMError(f"the question leaves no room for sources in ASSISTANT_TOKEN_BUDGET={budget}")
    enc = encoding(model)
    while True:  # decoding a cut can merge tokens differently; shave until the count fits
        text = enc.decode(enc.encode(best.abstract)[:room]) + "…"
        chat = messages([source_line(1, best.title, text)])
        tokens = count_tokens(chat, model)
        if tokens <= budget:
            return Prompt(chat, hits[:1], tokens)
        room = max(0, room - (tokens - budget))


# --- the client and its failures -------------------------------------------------------------------------
def is_openai(settings: Settings) -> bool:
    return not settings.openai_base_url or urlparse(settings.openai_base_url).hostname == "api.openai.com"


def make_llm(settings: Settings) -> Any:
    """LlamaIndex's OpenAI LLM for OpenAI's own models, OpenAILike for any other server or model name."""
    import openai
    from llama_index.llms.openai import OpenAI
    from llama_index.llms.openai.utils import ALL_AVAILABLE_MODELS
    from llama_index.llms.openai_like import OpenAILike

    # The openai client does the retrying, honouring Retry-After; LlamaIndex's own retry loop is off
    # (max_retries=0) so that the two do not multiply into nine tries.
    client = openai.OpenAI(
        api_key=settings.openai_api_key,
        base_url=settings.openai_base_url,
        timeout=settings.timeout,
        max_retries=MAX_TRIES - 1,
    )
    common: dict[str, Any] = {
        "model": settings.model,
        "temperature": settings.temperature,
        "api_key": settings.openai_api_key,
        "api_base": settings.openai_base_url,
        "timeout": settings.timeout,
        "max_retries": 0,
        "openai_client": client,
    }
    if is_openai(settings) and settings.model in ALL_AVAILABLE_MODELS:
        # Usage in a stream is opt-in; other servers may refuse the option, so they are counted with tiktoken.
        return OpenAI(**common, additional_kwargs={"stream_options": {"include_usage": True}})
    return OpenAILike(**common, is_chat_model=True)


def failures() -> tuple[type[BaseException], ...]:
    """What an LLM call can fail with: the openai client's errors, a broken stream, a model LlamaIndex
    refuses."""
    import httpx
    import openai

    return (openai.OpenAIError, httpx.HTTPError, ValueError)


def describe(error: BaseException, settings: Settings) -> str:
    """Why the call failed, naming the setting to fix."""
    import httpx
    import openai

    where = settings.openai_base_url or "api.openai.com"
    model = settings.model
    if isinstance(error, openai.AuthenticationError):
        return f"{where} rejected the API key (HTTP 401); check OPENAI_API_KEY"
    if isinstance(error, openai.PermissionDeniedError):
        return (
            f"{where} refused access to model '{model}' (HTTP 403); check OPENAI_API_KEY and ASSISTANT_MODEL"
        )
    if isinstance(error, openai.NotFoundError):
        return f"{where} has no model '{model}' (HTTP 404); check ASSISTANT_MODEL and OPENAI_BASE_URL"
    if isinstance(error, openai.RateLimitError):
        return f"{where} is still rate-limiting (HTTP 429) after {MAX_TRIES} tries; ask again later"
    if isinstance(error, (openai.APITimeoutError, httpx.TimeoutException)):
        return f"{where} did not reply within ASSISTANT_TIMEOUT={settings.timeout:g}s"
    if isinstance(error, openai.APIConnectionError):
        return f"cannot reach {where}; check OPENAI_BASE_URL"
    if isinstance(error, openai.InternalServerError):
        return f"{where} failed with HTTP {error.status_code} {MAX_TRIES} times"
    if isinstance(error, openai.APIStatusError):
        return f"{where} refused the request (HTTP {error.status_code}): {error.message}"
    return f"{type(error).__name__}: {error}"


def add(a: Usage, b: Usage) -> Usage:
    return Usage(
        prompt_tokens=a.prompt_tokens + b.prompt_tokens,
        completion_tokens=a.completion_tokens + b.completion_tokens,
        latency_s=a.latency_s + b.latency_s,
    )


# --- answers -----------------------------------------------------------------------------------------------
class Writer:
    """Writes answers with the configured LLM. An LLM failure is never raised: the answer is extractive."""

    def __init__(self, settings: Settings, reader: Reader) -> None:
        self.settings = settings
        self.reader = reader
        self.embedder = reader.embedder
        self._imagined: dict[str, tuple[str, Usage]] = {}

    @cached_property
    def llm(self) -> Any:
        return make_llm(self.settings)

    def stream(
        self,
        question: str,
        hits: list[Hit],
        spent: Usage | None = None,
        live: bool = True,
        covered: bool | None = None,
    ) -> Iterator[str | Answer]:
        """Yield the answer's text as the model writes it (all at once when not `live`), then the Answer.
        Without good evidence the model is not asked: the answer abstains at once. `covered` is whether the
        collection covers the question, when the caller has judged it with an imagined abstract (by default,
        `Reader.near`). The model reads every hit, in rank order: it judges which ones answer, and the token
        budget trims the tail."""
        spent = spent or Usage()
        coverage = self.reader.coverage(question, self.reader.read(question, hits))
        chosen = list(hits) if (self.reader.near(hits) if covered is None else covered) else []
        if not chosen:
            declined = answers.abstain(question, hits, coverage).model_copy(update={"mode": "llm", "usage": spent})
            yield declined.text
            yield declined
            return
        try:
            settings = self.settings
            prompt = build_prompt(question, chosen, settings.model, settings.token_budget, coverage.missing)
            text, usage = yield from self._generate(prompt, live)
        except LLMError as error:
            yield self.fallback(question, hits, str(error), spent)
            return
        yield self.finish(question, text, prompt, hits, add(spent, usage), coverage)

    def _generate(self, prompt: Prompt, live: bool) -> Generator[str, None, tuple[str, Usage]]:
        parts: list[str] = []
        reported: dict[str, Any] = {}
        shown = HeldMarkers(set(range(1, len(prompt.sources) + 1)))  # a "[99]" is never shown, even briefly
        try:
            for piece, counts in self._reply(prompt.messages, live):
                if piece:
                    parts.append(piece)
                    if text := shown.feed(piece):
                        yield text
                if "prompt_tokens" in counts:
                    reported = counts
            if rest := shown.flush():
                yield rest
        except failures() as error:
            raise LLMError(describe(error, self.settings)) from error
        text = "".join(parts)
        return text, Usage(
            prompt_tokens=reported.get("prompt_tokens") or prompt.tokens,
            completion_tokens=reported.get("completion_tokens")
            or len(encoding(self.settings.model).encode(text)),
        )

    def _reply(self, messages: list[Any], live: bool) -> Iterator[tuple[str, dict[str, Any]]]:
        """(text, token counts the server reported) pieces of the model's reply."""
        if not live:
            response = self.llm.chat(messages)
            yield response.message.content or "", response.additional_kwargs
            return
        for chunk in self.llm.stream_chat(messages):
            yield chunk.delta or "", chunk.additional_kwargs

    def finish(
        self, question: str, text: str, prompt: Prompt, hits: list[Hit], usage: Usage, coverage: Coverage | None = None
    ) -> Answer:
        checked = verify(text, prompt.sources, self.embedder, self.settings.weak_support)
        missing = coverage.missing if coverage else []
        notes = []
        if missing and checked.citations:
            notes.append(
                f"No paper in the collection mentions {answers.listing(missing)}: the cited papers are about the "
                "rest of the question, not about that."
            )
        if checked.dropped:
            listed = ", ".join(f"[{n}]" for n in checked.dropped)
            notes.append(f"Removed citation numbers that match no source: {listed}.")
        if not checked.grounded:
            notes.append("The model cited none of the sources, so nothing in this answer is backed by them.")
        return Answer(
            question=question,
            text=checked.text,
            citations=checked.citations,
            abstained=checked.abstained,
            mode="llm",
            usage=usage,
            hits=hits,
            notice=" ".join(notes) or None,
            dropped_citations=checked.dropped,
            grounded=checked.grounded,
            # The model cited papers for a question holding a name that none of them mentions.
            hedged=bool(missing and checked.citations),
            related=answers.related(hits) if checked.abstained else [],
            missing=missing,
        )

    def fallback(self, question: str, hits: list[Hit], reason: str, spent: Usage) -> Answer:
        """The extractive answer from the same hits, saying why the model did not write it."""
        result = answers.extractive(question, hits, self.reader)
        result.notice = (
            f"The language model could not answer ({reason}), so this answer is extractive, "
            "quoted from the same retrieved papers."
        )
        result.usage = spent
        return result

    def imagine(self, question: str) -> tuple[str, Usage]:
        """An abstract the model imagines for `question` (HyDE), which retrieval reads beside the question: it
        names in the field's words what a question asks in everyday ones. Kept per question, so that the eval's
        retrieve and ask of one question search alike. Raises LLMError."""
        if question not in self._imagined:
            if len(self._imagined) >= IMAGINED:
                self._imagined.clear()
            text, usage = self._complete(fill("hypothetical", question=question))
            self._imagined[question] = text[:IMAGINED_CHARS], usage  # a rambling reply is cut, not embedded whole
        return self._imagined[question]

    def _complete(self, content: str) -> tuple[str, Usage]:
        """The model's whole reply to one user message, and what it cost. Raises LLMError."""
        from llama_index.core.llms import ChatMessage

        messages = [ChatMessage(role="user", content=content)]
        try:
            response = self.llm.chat(messages)
        except failures() as error:
            raise LLMError(describe(error, self.settings)) from error
        text = (response.message.content or "").strip()
        counts = response.additional_kwargs
        return text, Usage(
            prompt_tokens=counts.get("prompt_tokens") or count_tokens(messages, self.settings.model),
            completion_tokens=counts.get("completion_tokens") or len(encoding(self.settings.model).encode(text)),
        )

    def condense(self, message: str, history: list[tuple[str, str]]) -> tuple[str, Usage]:
        """The follow-up `message` rewritten by the model as a question that stands alone. Raises LLMError."""
        turns = "\n\n".join(
            f"User: {q.strip()}\nAssistant: {strip_markers(a)[:CONDENSE_ANSWER_CHARS]}"
            for q, a in history[-CONDENSE_TURNS:]
        )
        reply, usage = self._complete(fill("condense", history=turns, message=message))
        lines = [s.strip() for s in reply.splitlines() if s.strip()]
        # Small models like to label or quote their rewrite: 'Standalone question: "…"'.
        question = LABEL.sub("", lines[0]).strip("\"'“” ") if lines else ""
        if not question or len(question) > self.settings.max_question_chars:
            question = message  # a rewrite we cannot use; the message as typed is still a question
        return question, usage
