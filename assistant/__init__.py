"""Ask questions of a collection of research-paper abstracts; every claim cites the paper it came from."""

from .api import Assistant, ask
from .errors import AssistantError, QuestionError
from .records import Answer, Chunk, Citation, Hit, Paper, Usage

__all__ = [
    "Answer", "Assistant", "AssistantError", "Chunk", "Citation", "Hit", "Paper", "QuestionError", "Usage", "ask"
]
