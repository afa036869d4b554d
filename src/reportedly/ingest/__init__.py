"""Ingest: user inputs to raw documents (files, folders, stdin, URLs) and bytes to text."""

from reportedly.ingest.decode import decode, detect_kind
from reportedly.ingest.sources import expand, read

__all__ = ["decode", "detect_kind", "expand", "read"]
