"""The PDFs as a reader sees them: every page of both 2024 PDFs rasterized by two renderers.

Poppler's two rasterizers (``pdftocairo``, through cairo, and ``pdftoppm``, through Splash) draw
what PDF viewers draw, artefacts included: the rule over the notes, once a full-width line masked
white, came out of both as thin vertical bars through the notes. On the body pages no vertical
line may show at all (text never makes one: lines of text are separated by white), and the rule
over the notes must be a short horizontal line where the notes start.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from wsisreport.document import Document
from wsisreport.models import LANGUAGES
from wsisreport.render import pdf

RENDERERS = ("pdftocairo", "pdftoppm")
Pages = dict[tuple[str, str], list[Path]]
DPI = 100
MM = DPI / 25.4  # pixels per millimetre
PT = DPI / 72  # pixels per point
DARK = 200  # grey levels below this are ink (anti-aliased hairlines included)
# Taller than any glyph and than two lines of text touching (8.5 pt notes on 10 pt lines).
VERTICAL = round(20 * PT)
RULE_MIN, RULE_MAX = 30 * MM, 45 * MM  # the rule is 38 mm long
RULE_X = (20 + 12.7) * MM  # it starts at the notes' number column

pytestmark = pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in RENDERERS),
    reason="poppler-utils is not installed (make test installs it)",
)


@pytest.fixture(scope="module")
def pages(document_2024: Document, tmp_path_factory: pytest.TempPathFactory) -> Pages:
    """PNG files of every page, per (language, renderer)."""
    out: dict[tuple[str, str], list[Path]] = {}
    folder = tmp_path_factory.mktemp("raster")
    for lang in LANGUAGES:
        source = folder / f"report.{lang}.pdf"
        source.write_bytes(pdf.render_pdf(document_2024, lang).data)
        for tool in RENDERERS:
            prefix = folder / f"{lang}-{tool}"
            subprocess.run([tool, "-png", "-gray", "-r", str(DPI), str(source), str(prefix)], check=True)
            out[lang, tool] = sorted(folder.glob(f"{lang}-{tool}-*.png"))
    return out


def runs(image: Image.Image, length: int) -> Image.Image:
    """White where ``length`` pixels down from a pixel are all ink (vertical runs), else black.

    The darkest of ``length`` rows is taken by doubling: a window of n rows, then 2n, …
    """
    width, height = image.size
    window, span = image, 1
    while span < length:
        step = min(span, length - span)
        shifted = Image.new("L", image.size, 255)
        shifted.paste(window.crop((0, step, width, height)), (0, 0))
        window = ImageChops.lighter(window, shifted)
        span += step
    return window.point(lambda v: 255 if v < DARK else 0)


def vertical_lines(path: Path) -> tuple[int, int, int, int] | None:
    """The box of the starts of vertical ink runs of VERTICAL pixels or more, if any."""
    return runs(Image.open(path).convert("L"), VERTICAL).getbbox()


def horizontal_lines(path: Path, length: float) -> tuple[int, int, int, int] | None:
    """The box (page coordinates) of the starts of horizontal ink runs of ``length`` or more."""
    turned = Image.open(path).convert("L").transpose(Image.Transpose.ROTATE_270)
    found = runs(turned, round(length)).transpose(Image.Transpose.ROTATE_90)
    return found.getbbox()


def test_both_renderers_see_every_page(pages: Pages) -> None:
    for lang in LANGUAGES:
        counts = {len(pages[lang, tool]) for tool in RENDERERS}
        assert len(counts) == 1 and counts.pop() > 10, lang


@pytest.mark.parametrize("tool", RENDERERS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_vertical_line_on_body_pages(pages: Pages, lang: str, tool: str) -> None:
    # Page 1 has the boxed summary, whose sides are meant to be there.
    found = {n: box for n, path in enumerate(pages[lang, tool][1:], 2) if (box := vertical_lines(path))}
    assert found == {}, "page: box of the vertical lines (px at 100 dpi)"


@pytest.mark.parametrize("tool", RENDERERS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_rule_over_the_notes_is_short_and_where_they_start(pages: Pages, lang: str, tool: str) -> None:
    with_rule = 0
    for number, path in enumerate(pages[lang, tool][1:], 2):
        assert horizontal_lines(path, RULE_MAX) is None, f"a line longer than the rule on page {number}"
        box = horizontal_lines(path, RULE_MIN)
        if box is None:
            continue  # a page without notes
        with_rule += 1
        left, top, right, bottom = box
        # Runs of 30 mm start from the rule's left end up to 8 mm further (38 − 30): one line.
        assert abs(left - RULE_X) <= 1.5, (number, box)
        assert right - left <= 9 * MM, (number, box)
        assert bottom - top <= 2, (number, box)
    assert with_rule > 10
