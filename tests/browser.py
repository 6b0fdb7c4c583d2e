"""Pages opened the way their readers open them: in headless Chromium, at a phone's or a
desktop's width, checked by axe-core, and printed to PDF.

A test that reads the HTML source only sees words; this sees what a person sees: whether the
page overflows a phone, whether a chart label is cut off, whether the figures are on screen.
``render`` drives tests/clients/render.mjs (playwright-core driving the system's Chromium) and
skips the test, saying how to install what is missing, when the machine lacks a client.

    page = render(path, width=390)
    assert page.overflow == 0 and not page.violations and not page.console_errors
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import pytest
from pypdf import PdfReader

CLIENTS = Path(__file__).parent / "clients"
CHROMIUM = Path(os.environ.get("SSA_CHROMIUM", "/usr/bin/chromium"))
_SCRIPT = CLIENTS / "render.mjs"
_INSTALL_NPM = "npm ci --prefix tests/clients"


@attrs.frozen
class Link:
    """A link as the browser resolved it (``href``) and as the page wrote it (``raw``)."""

    href: str
    raw: str
    text: str


@attrs.frozen
class Rendered:
    """What one page showed in one viewport."""

    url: str
    width: int
    console_errors: tuple[str, ...]
    scroll_width: int
    viewport_width: int
    text: str
    title: str
    lang: str
    violations: tuple[Mapping[str, Any], ...]
    links: tuple[Link, ...]
    ids: frozenset[str]
    json_ld: tuple[str, ...]
    #: Texts the browser draws cut off: SVG text past its drawing, or boxes hiding overflow.
    clipped: tuple[str, ...]
    #: Each SVG shape's computed ``fill``, ``stroke`` and ``cls`` (its class attribute).
    graphics: tuple[Mapping[str, str], ...]
    #: For each selector given to ``render(collect=...)``, the matching elements' ``text``,
    #: ``visible``, ``left`` and ``right``.
    collected: Mapping[str, tuple[Mapping[str, Any], ...]]
    pdf: Path | None

    @property
    def overflow(self) -> int:
        """How many pixels the page is wider than the viewport (a reader scrolls sideways)."""
        return max(0, self.scroll_width - self.viewport_width)

    def json_ld_data(self) -> list[Any]:
        return [json.loads(block) for block in self.json_ld]

    def violation_summary(self) -> str:
        """Readable in an assertion message: rule, impact and the elements at fault."""
        return "\n".join(
            f"{v['id']} ({v['impact']}): {v['help']} at {', '.join(v['nodes'][:5])}"
            for v in self.violations
        )

    def broken_links(self, timeout: float = 10) -> list[str]:
        """The links whose target is missing, each with why.

        A fragment must name an element of its page (this page for its own fragments), a
        ``file:`` link an existing file, an ``http(s):`` link answer below 400; a ``webcal:``
        link is what a calendar fetches over HTTP, so it is checked as ``http:``. Other
        schemes (``mailto:``, ``tel:``) leave the browser and are not checked.
        """
        broken: list[str] = []
        own = urllib.parse.urldefrag(self.url).url
        for link in self.links:
            target, fragment = urllib.parse.urldefrag(link.href)
            scheme = urllib.parse.urlsplit(target).scheme
            if target == own:
                if fragment and fragment not in self.ids:
                    broken.append(f"{link.raw}: no element with id {fragment!r}")
                continue
            if scheme == "webcal":
                target = "http" + target[len("webcal") :]
                scheme = "http"
            if scheme == "file":
                path = Path(urllib.request.url2pathname(urllib.parse.urlsplit(target).path))
                if not path.exists():
                    broken.append(f"{link.raw}: {path} does not exist")
            elif scheme in {"http", "https"}:
                try:
                    with urllib.request.urlopen(target, timeout=timeout) as answer:  # noqa: S310 (http only)
                        status = answer.status
                except urllib.error.HTTPError as error:
                    status = error.code
                except OSError as error:
                    broken.append(f"{link.raw}: {error}")
                    continue
                if status >= 400:
                    broken.append(f"{link.raw}: HTTP {status}")
        return broken


def require_browser() -> None:
    """Skip the calling test, saying what to install, when Chromium or its driver is missing."""
    if not CHROMIUM.exists():
        pytest.skip(f"needs Chromium at {CHROMIUM}: apt-get install chromium")
    if shutil.which("node") is None:
        pytest.skip("needs Node.js to drive Chromium: apt-get install nodejs npm")
    for package in ("playwright-core", "axe-core"):
        if not (CLIENTS / "node_modules" / package).is_dir():
            pytest.skip(f"needs the npm package {package}: {_INSTALL_NPM}")


def render(
    target: Path | str,
    *,
    width: int = 1280,
    pdf: Path | None = None,
    axe: bool = True,
    locale: str = "de-DE",
    collect: Sequence[str] = (),
) -> Rendered:
    """Open ``target`` (a file or a URL) at ``width`` pixels and report what it showed.

    With ``pdf`` the page is also printed, under its print stylesheet, into that file.
    """
    return render_widths(target, (width,), pdf=pdf, axe=axe, locale=locale, collect=collect)[width]


def render_widths(
    target: Path | str,
    widths: Sequence[int],
    *,
    height: int = 900,
    pdf: Path | None = None,
    axe: bool = True,
    locale: str = "de-DE",
    collect: Sequence[str] = (),
    screenshots: Path | None = None,
    timeout: float = 240,
) -> dict[int, Rendered]:
    """``render`` at each of ``widths`` in one browser (starting Chromium is the slow part).

    ``pdf`` is printed from the page opened at the first width; with ``screenshots`` (a
    folder) each width's whole page is also saved there as ``WIDTH.png``, to look at.
    """
    require_browser()
    url = target.resolve().as_uri() if isinstance(target, Path) else target
    prints = [pdf if i == 0 else None for i in range(len(widths))]
    views = [
        {
            "width": w,
            "height": height,
            "pdf": str(p) if p is not None else None,
            "screenshot": str(screenshots / f"{w}.png") if screenshots is not None else None,
        }
        for w, p in zip(widths, prints, strict=True)
    ]
    request = {
        "url": url,
        "views": views,
        "axe": axe,
        "locale": locale,
        "collect": list(collect),
        "executable": str(CHROMIUM),
    }
    done = subprocess.run(
        ["node", str(_SCRIPT), json.dumps(request)],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise AssertionError(f"Chromium could not render {url}:\n{done.stderr}")
    return {
        width: Rendered(
            url=url,
            width=width,
            console_errors=tuple(facts["consoleErrors"]),
            scroll_width=facts["scrollWidth"],
            viewport_width=facts["viewportWidth"],
            text=facts["text"],
            title=facts["title"],
            lang=facts["lang"],
            violations=tuple(facts["violations"]),
            links=tuple(Link(**link) for link in facts["links"]),
            ids=frozenset(facts["ids"]),
            json_ld=tuple(facts["jsonLd"]),
            clipped=tuple(facts["clipped"]),
            graphics=tuple(facts["graphics"]),
            collected={key: tuple(found) for key, found in facts["collected"].items()},
            pdf=printed,
        )
        for width, printed, facts in zip(widths, prints, json.loads(done.stdout), strict=True)
    }


def contrast(first: str, second: str) -> float:
    """The WCAG contrast ratio of two CSS colours as a browser computes them (``rgb(r, g, b)``)."""

    def luminance(color: str) -> float:
        channels = [int(part) / 255 for part in color[color.index("(") + 1 : -1].split(",")[:3]]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def pdf_pages(pdf: Path) -> list[str]:
    """The text of each printed page, as a PDF reader extracts it (pypdf)."""
    return [page.extract_text() for page in PdfReader(pdf).pages]


def pdf_fill(pdf: Path, margin_bottom: float = 18 / 25.4 * 72) -> list[float]:
    """How far down each printed page its content reaches, as a share of the space between
    the top of the first text and the bottom margin (text in the margin, a running footer,
    is not content). A page that ends half-way has about 0.5."""
    fills = []
    for page in PdfReader(pdf).pages:
        ys: list[float] = []

        def visit(text: str, cm: Any, tm: Any, font: Any, size: Any, ys: list[float] = ys) -> None:
            if text.strip():
                ys.append(float(cm[5]) + float(tm[5]) * float(cm[3]))

        page.extract_text(visitor_text=visit)
        content = [y for y in ys if y > margin_bottom]
        if not content:
            fills.append(0.0)
            continue
        top = max(content)
        fills.append((top - min(content)) / (top - margin_bottom))
    return fills


def pdf_smallest_text(pdf: Path) -> list[float]:
    """The size, in points as printed, of the smallest text on each page: what a page
    scaled down to fit shrinks."""
    smallest = []
    for page in PdfReader(pdf).pages:
        sizes: list[float] = []

        def visit(
            text: str, cm: Any, tm: Any, font: Any, size: Any, sizes: list[float] = sizes
        ) -> None:
            if text.strip():
                sizes.append(float(size) * abs(float(tm[3] or tm[0])) * abs(float(cm[3] or cm[0])))

        page.extract_text(visitor_text=visit)
        smallest.append(min(sizes, default=0.0))
    return smallest
