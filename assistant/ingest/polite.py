"""A polite HTTP client for the open catalogues (`assistant fetch`): it names the assistant in its User-Agent (with
the ASSISTANT_MAILTO address when set), keeps a catalogue's pace (arXiv asks for one request every 3 s, counted
from the start of the one before), and tries again with exponential backoff, or after the Retry-After the
catalogue gives, when the catalogue is busy (429) or down (5xx, no connection, no answer). A failure after the
last try, or a request the catalogue refuses, is one FetchError line naming the catalogue, its host and the cause."""

from __future__ import annotations

import time
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import httpx
from tenacity import RetryCallState, Retrying, retry_if_exception_type, stop_after_attempt

from ..config import Settings
from ..errors import FetchError

TIMEOUT_S = 30.0  # for one request; a catalogue that says nothing for this long is tried again
BACKOFF_S = 1.0  # the first wait before another try, doubled at each try
BACKOFF_CAP_S = 30.0
RETRY_AFTER_CAP_S = 60.0  # a Retry-After longer than this is not waited out in full
try:
    _VERSION = version("assistant")
except PackageNotFoundError:  # run from a source tree that was never installed
    _VERSION = "0"


class _Busy(Exception):
    """A failure worth another try: no connection, no answer in time, 429 Too Many Requests, or a 5xx."""

    def __init__(self, cause: str, retry_after: float | None = None) -> None:
        super().__init__(cause)
        self.retry_after = retry_after


def _backoff(state: RetryCallState) -> float:
    """The Retry-After the catalogue asked for (capped), else exponential backoff."""
    error = state.outcome.exception() if state.outcome else None
    if isinstance(error, _Busy) and error.retry_after is not None:
        return min(error.retry_after, RETRY_AFTER_CAP_S)
    return float(min(BACKOFF_S * 2 ** (state.attempt_number - 1), BACKOFF_CAP_S))


def retry_after(response: httpx.Response) -> float | None:
    """Seconds the server asks us to wait: Retry-After as seconds or as an HTTP date; None when it does not say."""
    value = response.headers.get("Retry-After", "").strip()
    if value.replace(".", "", 1).isdigit():
        return float(value)
    try:
        return max(0.0, (parsedate_to_datetime(value) - datetime.now(timezone.utc)).total_seconds())
    except (TypeError, ValueError, IndexError):
        return None


class Client:
    """Requests to one catalogue, kept to its pace and tried again with backoff; after the last try, a FetchError
    naming the catalogue, its host and the cause."""

    def __init__(self, name: str, settings: Settings, delay: float = 0.0) -> None:
        self.name = name
        self.tries = settings.fetch_retries + 1
        self.delay = delay
        self._last: float | None = None
        contact = f"; mailto:{settings.mailto}" if settings.mailto else ""
        agent = f"paper-assistant/{_VERSION} (assistant fetch{contact})"
        self.http = httpx.Client(timeout=TIMEOUT_S, headers={"User-Agent": agent}, follow_redirects=True)

    def get(self, url: str, params: dict[str, Any]) -> httpx.Response:
        retrying = Retrying(
            stop=stop_after_attempt(self.tries), wait=_backoff, retry=retry_if_exception_type(_Busy), reraise=True
        )
        try:
            return retrying(self._once, url, params)
        except _Busy as err:
            raise FetchError(
                f"{self.name} ({httpx.URL(url).host}) failed {self.tries} time(s), the last with: {err}; try again "
                "later (ASSISTANT_FETCH_RETRIES sets how often to try again)"
            ) from None

    def _once(self, url: str, params: dict[str, Any]) -> httpx.Response:
        self._pace()
        try:
            response = self.http.get(url, params=params)
        except httpx.TimeoutException:
            raise _Busy(f"no answer within {TIMEOUT_S:g} s") from None
        except httpx.TransportError as err:
            raise _Busy(str(err) or type(err).__name__) from None
        status = response.status_code
        if status == 429 or status >= 500:
            raise _Busy(f"HTTP {status} {response.reason_phrase}".strip(), retry_after(response))
        if status >= 400:
            raise FetchError(f"{self.name} ({response.url.host}) refused the request: HTTP {status} {_said(response)}")
        return response

    def _pace(self) -> None:
        """Wait until `delay` seconds have passed since the last request began (arXiv asks for 3)."""
        if self._last is not None:
            time.sleep(max(0.0, self._last + self.delay - time.monotonic()))
        self._last = time.monotonic()

    def close(self) -> None:
        self.http.close()


def _said(response: httpx.Response) -> str:
    """What an error answer says: OpenAlex's JSON message, or the start of the text."""
    try:
        body = response.json()
        said = str(body.get("message") or body.get("error") or "") if isinstance(body, dict) else ""
    except ValueError:
        said = response.text
    return " ".join(said.split())[:200]
