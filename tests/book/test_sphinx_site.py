"""The site-wide Sphinx rules: alt text, learner launch links, lean pages, valid citation lists."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import nbformat
import pytest
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document

from coursekit.book.sphinx_site import (
    has_math,
    is_placeholder,
    lazy_images,
    learner_launch_url,
    listitem_citations,
    missing_alt_images,
    redirect_page,
)

REPO_URL = "https://github.com/example-org/election-course"
PLOT_CELL = ("import matplotlib.pyplot as plt\nfig, ax = plt.subplots()\nax.plot([1, 2])\n"
             "ax.set_title('Rising')\nplt.show()")


def _doc(*children: nodes.Node) -> nodes.document:
    document = new_document("test", get_default_settings(Parser))
    document.extend(children)
    return document


def test_images_without_alt_or_with_blank_alt_are_reported() -> None:
    good = nodes.image(uri="a.png", alt="Turnout rises from 50% to 66%.")
    missing, blank = nodes.image(uri="b.png"), nodes.image(uri="c.png", alt="  ")
    assert missing_alt_images(_doc(good, missing, nodes.paragraph("", "", blank))) == [
        missing, blank]


def test_math_is_found_inline_and_displayed() -> None:
    assert not has_math(_doc(nodes.paragraph(text="$5 and $10 are money, not math")))
    assert has_math(_doc(nodes.paragraph("", "", nodes.math(text="k"))))
    assert has_math(_doc(nodes.math_block(text="e^\\varepsilon")))
    assert not has_math(None)


def test_citation_entries_become_list_items() -> None:
    body = ('<div role="list" class="citation-list">\n'
            '<div class="citation" id="x" role="doc-biblioentry">X</div></div>')
    assert 'role="listitem"' in listitem_citations(body)
    assert "doc-biblioentry" not in listitem_citations(body)


def _launch(provider: str, launcher: str) -> str:
    return learner_launch_url(provider, launcher_url=launcher, repo_url=REPO_URL, branch="main",
                              site_branch="gh-pages", lesson="04-privacy")


def test_colab_opens_the_learner_notebook_from_the_published_site() -> None:
    assert _launch("colab", "https://colab.research.google.com/") == (
        "https://colab.research.google.com/github/example-org/election-course/blob/gh-pages/"
        "_static/learner/04-privacy.ipynb")


def test_jupyterhub_pulls_the_published_site_and_opens_the_learner_notebook() -> None:
    url = urlsplit(_launch("jupyterhub", "https://hub.example.edu"))
    assert url.path == "/hub/user-redirect/git-pull"
    query = parse_qs(url.query)
    assert query == {"repo": [REPO_URL], "branch": ["gh-pages"],
                     "urlpath": ["lab/tree/election-course/_static/learner/04-privacy.ipynb"]}


def test_binder_builds_from_the_source_branch_and_pulls_the_learner_notebook() -> None:
    url = urlsplit(_launch("binder", "https://mybinder.org"))
    assert url.path == "/v2/gh/example-org/election-course/main"
    inner = urlsplit(unquote(parse_qs(url.query)["urlpath"][0]))
    assert inner.path == "git-pull"
    assert parse_qs(inner.query)["urlpath"] == [
        "lab/tree/election-course/_static/learner/04-privacy.ipynb"]
    assert parse_qs(inner.query)["branch"] == ["gh-pages"]


def test_an_unknown_launch_provider_is_refused() -> None:
    with pytest.raises(ValueError, match="deepnote"):
        _launch("deepnote", "https://deepnote.com")


@pytest.mark.slow
def test_a_notebook_figure_without_alt_text_fails_the_build(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from .test_build import mini_book, run_build

    monkeypatch.delenv("MPLBACKEND", raising=False)  # let the kernel draw inline, as in a build

    root = mini_book(tmp_path, [PLOT_CELL])
    result = run_build(root)
    assert result.returncode != 0
    error = result.stderr.strip().splitlines()[-1]
    assert "has no alt text" in error and '"mystnb": {"image": {"alt"' in error


@pytest.mark.slow
def test_a_notebook_figure_with_alt_text_in_cell_metadata_builds(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from .test_build import mini_book, run_build

    monkeypatch.delenv("MPLBACKEND", raising=False)

    root = mini_book(tmp_path, [PLOT_CELL])
    path = root / "notebooks" / "99-mini.ipynb"
    nb = nbformat.read(str(path), as_version=4)
    nb.cells[1].metadata["mystnb"] = {"image": {"alt": "A line rising from 1 to 2."}}
    nbformat.write(nb, str(path))
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    page = (root / "_build" / "html" / "notebooks" / "99-mini.html").read_text()
    assert 'alt="A line rising from 1 to 2."' in page
    assert "vendor/mathjax" not in page and "THEBE_JS_URL" not in page
    assert '<img loading="lazy" decoding="async" alt="A line rising' in page
    front = (root / "_build" / "html" / "index.html").read_text()
    assert '<link rel="icon" href="_static/' in front and "<title>" in front


def test_placeholder_addresses_are_recognised() -> None:
    assert is_placeholder("https://github.com/PLACEHOLDER/election-data-ethics")
    assert is_placeholder("https://jupyterhub.example.edu") and is_placeholder("")
    assert not is_placeholder(REPO_URL)
    assert not is_placeholder("https://mybinder.org")


def test_images_load_lazily_unless_the_page_says_otherwise() -> None:
    body = '<p><img alt="a" src="a.svg"/><img loading="eager" alt="b" src="b.svg"/></p>'
    assert lazy_images(body) == ('<p><img loading="lazy" decoding="async" alt="a" src="a.svg"/>'
                                 '<img loading="eager" alt="b" src="b.svg"/></p>')


def test_the_front_door_redirects_names_the_book_and_its_icon() -> None:
    page = redirect_page("book/intro.html", "Data & Ethics", "favicon.svg")
    assert '<meta http-equiv="Refresh" content="0; url=book/intro.html">' in page
    assert "<title>Data &amp; Ethics</title>" in page and 'lang="en"' in page
    assert '<link rel="icon" href="_static/favicon.svg">' in page
    assert '<a href="book/intro.html">' in page
    assert "rel=\"icon\"" not in redirect_page("a.html", "T", None)
