"""Every error a user can cause, under one base class that the CLI and the page catch: the message names what
was wrong and how to fix it, and is shown as one line, never as a traceback."""

from __future__ import annotations


class AssistantError(Exception):
    """A problem with the input, the settings or the store that the user can fix; the message says how."""


class SettingError(AssistantError, ValueError):
    """The settings ask for something impossible; the message names the setting to fix."""


class QuestionError(AssistantError, ValueError):
    """The question itself is unusable (empty, too long); the message says why."""


class ReadError(AssistantError, ValueError):
    """A file that cannot be read as abstracts; from `read_file` the message names the file (the path as
    given) and what was wrong, from a reader only what was wrong."""


class StoreError(AssistantError, RuntimeError):
    """The store cannot be opened or written; the message says where and what to do."""


class CollectionBusy(StoreError):
    """Another process is ingesting into the collection and the caller chose not to wait."""


class UnknownCollection(StoreError):
    """A reader asked for a collection that no ingest has created."""


class CatalogError(AssistantError, ValueError):
    """A page or source file that the collection does not have; the message says what there is."""


class HistoryError(AssistantError, ValueError):
    """A history entry or citation number that does not exist; the message names it."""


class LLMError(AssistantError, RuntimeError):
    """The LLM gave no answer, for good; the message says why and which setting to check."""


class FetchError(AssistantError, RuntimeError):
    """A catalogue (arXiv, OpenAlex) refused a request, or failed every try; the message names it, its host and
    the cause."""


class MissingPath(ReadError, FileNotFoundError):
    """A file or folder given to read that does not exist."""
