"""The command line: thin; it parses, calls the public API and prints."""

from .main import main

__all__ = ["main"]
