"""The PDF edition: `coursekit build --pdf` prints every chapter with Debian's Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from coursekit.book.pdf import CHROMIUM, book_pages, print_html, write_pdf
from coursekit.errors import BuildError

from ..conftest import REPO


def chapter_titles(root: Path) -> list[str]:
    """The first heading of every chapter notebook in the table of contents."""
    titles = []
    for doc in book_pages(root)[1:]:
        nb = nbformat.read(str(root / f"{doc}.ipynb"), as_version=4)
        first = next(c.source for c in nb.cells if c.cell_type == "markdown")
        titles.append(re.match(r"#\s+(.+)", first).group(1).strip())
    return titles


def words(text: str) -> str:
    """Text with every run of whitespace as one space (PDF text breaks lines anywhere)."""
    return re.sub(r"\s+", " ", text.replace("\u00ad", "")).strip()


def fake_site(tmp_path: Path) -> Path:
    html = tmp_path / "html"
    for doc, body in (("book/intro", '<img src="../_images/a.svg" alt="A">'),
                      ("notebooks/01-x", '<a href="02-y.html">next</a><h1>One</h1>')):
        (html / doc).parent.mkdir(parents=True, exist_ok=True)
        (html / f"{doc}.html").write_text(
            '<html><head><title>T</title><link rel="stylesheet" href="../_static/s.css" />'
            f'</head><body><article class="bd-article">{body}</article></body></html>')
    return html


def test_print_html_holds_every_article_with_links_resolved_from_the_first_page(
        tmp_path: Path) -> None:
    html = fake_site(tmp_path)
    doc = print_html(html, ["book/intro", "notebooks/01-x"])
    assert doc.count('class="ck-print-chapter"') == 2
    assert '<base href="' + (html / "book").as_uri() + '/">' in doc
    assert 'href="../_static/s.css"' in doc and 'src="../_images/a.svg"' in doc
    assert 'href="../notebooks/02-y.html"' in doc, "a chapter's link, seen from book/"


def test_print_html_names_a_page_without_an_article(tmp_path: Path) -> None:
    html = fake_site(tmp_path)
    (html / "notebooks" / "01-x.html").write_text("<html><body>no article</body></html>")
    with pytest.raises(BuildError, match=r"01-x\.html has no <article"):
        print_html(html, ["book/intro", "notebooks/01-x"])


def test_write_pdf_without_chromium_says_what_to_install(tmp_path: Path) -> None:
    with pytest.raises(BuildError, match="apt-get install chromium"):
        write_pdf(REPO, fake_site(tmp_path), chromium=tmp_path / "no-chromium")


@pytest.mark.slow
def test_build_pdf_prints_every_chapter_title(built_book: Path) -> None:
    if not CHROMIUM.is_file() or shutil.which("pdftotext") is None:
        pytest.skip("needs Debian chromium and poppler-utils (pdftotext): ./dev.sh test")
    result = subprocess.run([sys.executable, "-m", "coursekit", "build", "--pdf", "--quiet",
                             "--root", str(built_book)], capture_output=True, text=True,
                            timeout=900)
    assert result.returncode == 0, result.stderr
    pdf = built_book / "_build" / "pdf" / "book.pdf"
    assert f"PDF: {pdf}" in result.stdout
    text = words(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                                text=True, check=True).stdout)
    missing = [t for t in chapter_titles(built_book) if words(t) not in text]
    assert not missing, f"chapter titles not in the PDF: {missing}"
    # titles are also listed on the home page: each chapter's own exercises prove its pages
    chapters = [f"Exercise {n}.1" for n in range(1, len(chapter_titles(built_book)) + 1)]
    assert not [c for c in chapters if c not in text], "a chapter's exercises are missing"
    assert "References" in text or "Bibliography" in text or "[1.1]" in text
