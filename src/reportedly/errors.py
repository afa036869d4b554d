"""The exception tree. Every error a user can cause ends as one line naming the input.

ReportedlyError
├── InputError        the input cannot be read, fetched, decoded or is not an article
│   └── FetchError    a URL could not be fetched or was refused
├── ConfigError       a pipeline config names an unknown or misordered component
└── TimeLimitError    one document took longer than the per-document time limit
"""

from __future__ import annotations


class ReportedlyError(Exception):
    """Base class: the message is one sentence a user can act on."""


class InputError(ReportedlyError):
    """The input named by ``source`` cannot become an article."""

    def __init__(self, source: str, message: str) -> None:
        self.source = source
        self.reason = message
        super().__init__(f"{source}: {message}")


class FetchError(InputError):
    """An http(s) input could not be fetched, or its target is not allowed."""


class ConfigError(ReportedlyError):
    """The pipeline configuration is invalid."""


class TimeLimitError(ReportedlyError):
    """Processing one document exceeded the time limit."""
