"""The web address an output folder is published at, checked once for every writer that links
into its own folder (the OParl endpoint, the feed folder's page)."""

from __future__ import annotations

from urllib.parse import urlsplit


def check_base_url(url: str) -> str:
    """``url`` without a trailing slash; ValueError unless it is an http(s) URL with a host
    and without query or fragment (a static server cannot answer either)."""
    parts = urlsplit(url.strip())
    if (
        parts.scheme not in ("http", "https")
        or not parts.netloc
        or parts.query
        or parts.fragment
        or any(c.isspace() or ord(c) < 32 for c in url.strip())
    ):
        raise ValueError(f"not an http(s) base URL without query or fragment: {url!r}")
    return url.strip().rstrip("/")
