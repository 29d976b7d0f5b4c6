"""The PDF edition: the built HTML book printed to ``_build/pdf/book.pdf`` by Debian's Chromium.

No LaTeX and no browser download: the pages of the built site are put, in table-of-contents
order, into one printable HTML document (``_build/pdf/book.html``: each page's article with the
site's own stylesheets, relative links resolved against the built site), which headless Chromium
prints. Solutions stay folded, as in the book without JavaScript; figures, tables and each
chapter's references are printed with it.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from pathlib import Path

import yaml

from coursekit.errors import BuildError

__all__ = ["CHROMIUM", "book_pages", "print_html", "write_pdf"]

CHROMIUM = Path(os.environ.get("COURSEKIT_CHROMIUM", "/usr/bin/chromium"))
PRINT_TIMEOUT_S = 300
_ARTICLE = re.compile(r'<article class="bd-article">(.*?)</article>', re.S)
_STYLESHEET = re.compile(r'<link rel="stylesheet"[^>]*href="([^"]+)"[^>]*/?>')
_PRINT_CSS = """
@page { size: A4; margin: 18mm 16mm; }
body { font-size: 11pt; background: #fff; color: #000; }
.ck-print-chapter { break-before: page; }
.ck-print-chapter:first-child { break-before: auto; }
.coursekit-download, .headerlink, .toggle-button, .ck-explorer script { display: none !important; }
.solution.dropdown > :not(.admonition-title) { display: none !important; }
img { max-width: 100%; }
"""


def book_pages(root: Path) -> list[str]:
    """The book's documents in reading order (the root, then every chapter of ``_toc.yml``)."""
    toc = yaml.safe_load((root / "book" / "_toc.yml").read_text(encoding="utf-8"))
    docs = [toc["root"]]
    for part in toc.get("parts", [{"chapters": toc.get("chapters", [])}]):
        docs += [chapter["file"] for chapter in part.get("chapters", [])]
    return docs


def print_html(html_dir: Path, docs: list[str]) -> str:
    """One HTML document holding the article of every page in `docs`, ready to print."""
    first = _read_page(html_dir, docs[0])
    base = (html_dir / docs[0]).parent.as_uri() + "/"
    sheets = "".join(f'<link rel="stylesheet" href="{html.escape(href)}">'
                     for href in _STYLESHEET.findall(first))
    chapters = []
    for doc in docs:
        found = _ARTICLE.search(_read_page(html_dir, doc))
        if found is None:
            raise BuildError(f"{doc}.html has no <article class=\"bd-article\">: "
                             "cannot print it (was the theme changed?)")
        body = _relative_to(found.group(1), Path(doc).parent, Path(docs[0]).parent)
        body = body.replace(' loading="lazy"', "")  # print every figure, not only the first
        chapters.append(f'<section class="ck-print-chapter">{body}</section>')
    return (f'<!DOCTYPE html><html lang="en" data-theme="light"><head><meta charset="utf-8">'
            f'<base href="{base}"><title>{_title(first)}</title>{sheets}'
            f"<style>{_PRINT_CSS}</style></head><body><main>{''.join(chapters)}</main>"
            "</body></html>")


def _read_page(html_dir: Path, doc: str) -> str:
    path = html_dir / f"{doc}.html"
    if not path.is_file():
        raise BuildError(f"{path} is missing: build the book first (coursekit build)")
    return path.read_text(encoding="utf-8")


def _title(page: str) -> str:
    found = re.search(r"<title>(.*?)</title>", page, re.S)
    return found.group(1).strip() if found else "Book"


def _relative_to(body: str, folder: Path, base_folder: Path) -> str:
    """`body` with its relative src/href links rewritten from `folder` to `base_folder`."""
    if folder == base_folder:
        return body

    def fix(match: re.Match[str]) -> str:
        attr, url = match.group(1), match.group(2)
        if re.match(r"^([a-z]+:|#|/)", url):
            return match.group(0)
        rebased = os.path.relpath(os.path.normpath(folder / url), base_folder)
        return f'{attr}="{Path(rebased).as_posix()}"'

    return re.sub(r'\b(src|href)="([^"]*)"', fix, body)


def write_pdf(root: Path, html_dir: Path, *, chromium: Path = CHROMIUM) -> Path:
    """Print the built book in `html_dir` to ``<root>/_build/pdf/book.pdf`` and return its path.

    Raises BuildError when Chromium is missing or printing fails.
    """
    if not chromium.is_file():
        raise BuildError(f"the PDF edition is printed by Chromium, but {chromium} is missing "
                         "(apt-get install chromium, or set COURSEKIT_CHROMIUM)")
    out_dir = root / "_build" / "pdf"
    out_dir.mkdir(parents=True, exist_ok=True)
    source, target = out_dir / "book.html", out_dir / "book.pdf"
    source.write_text(print_html(html_dir, book_pages(root)), encoding="utf-8")
    target.unlink(missing_ok=True)
    profile = out_dir / ".chromium-profile"
    cmd = [str(chromium), "--headless", "--no-sandbox", "--disable-gpu",
           "--disable-background-networking", "--disable-component-update", "--no-first-run",
           f"--user-data-dir={profile}", "--allow-file-access-from-files",
           "--no-pdf-header-footer", "--run-all-compositor-stages-before-draw",
           "--virtual-time-budget=20000", f"--print-to-pdf={target}", source.as_uri()]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=PRINT_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise BuildError(f"Chromium did not finish printing in {PRINT_TIMEOUT_S} s") from None
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    if done.returncode != 0 or not target.is_file() or target.stat().st_size == 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise BuildError(f"Chromium could not print the book to {target}: {last}")
    return target
