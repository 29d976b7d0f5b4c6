"""Site-wide rules for the course book's HTML (a Sphinx extension).

* **Every image has alt text.** An image without ``alt`` fails the build (a warning, fatal under
  ``-W``) naming the page and the image: docutils would otherwise fall back to the file name,
  which a screen reader then reads out as gibberish. A notebook figure gets its alt text from the
  code cell's metadata ``{"mystnb": {"image": {"alt": "..."}}}``; a Markdown image or figure
  from its ``:alt:`` option.
* **Launch buttons open the learner notebook.** sphinx-book-theme points Binder, JupyterHub and
  Colab at the page's *source* notebook (solutions included). On lesson pages the links are
  rewritten to the learner notebook that the build writes to ``_static/learner/<lesson>.ipynb``,
  as published on the site's branch (``coursekit_learner_branch``, default ``gh-pages``).
  They stay plain links: nothing is fetched until a reader clicks one. **While the course's
  repository (``repository.url``) or a launcher (``launch_buttons.*_url``) is a placeholder**
  (a ``PLACEHOLDER`` marker, or a reserved ``example.*`` host), its buttons are hidden and the
  build says so in one line — a message, not a warning, so the strict build still passes.
* **Pages load only what they use.** Jupyter Book puts MathJax on every page; it is kept only on
  pages with math. The widget renderer (``nb_ipywidgets_js``) is kept only on pages that show a
  widget (myst-nb adds it wherever a notebook saved widget state, shown or not). Thebe's loader
  (live code, off in this book) is dropped unless ``launch_buttons.thebe`` is on, and then
  included once (sphinx-thebe adds its inline config twice, which throws "Identifier
  'THEBE_JS_URL' has already been declared"). sphinx-design's stylesheet and script are kept only
  on pages that use its components.
* **Figures load as the reader nears them** (``loading="lazy"``): those below the first
  screen do not hold up a page's load.
* **Stylesheets and the icon font hold what pages use.** After the build,
  `coursekit.book.assets.slim_site` drops the theme's CSS rules no page can match, cuts Font
  Awesome to the glyphs drawn and inlines it, and removes source maps and unused theme scripts.
* **Solutions stay folded without JavaScript** (a ``<noscript>`` style in every page's head).
* **Bibliographies are valid lists.** docutils writes citations as ``role="doc-biblioentry"``
  items of a ``role="list"``; a list may only hold ``listitem`` children (axe-core:
  aria-required-children, critical), so the entries become list items.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

__all__ = ["has_math", "is_placeholder", "lazy_images", "learner_launch_url",
           "listitem_citations", "missing_alt_images", "setup"]

_LOGGER = logging.getLogger(__name__)
_LESSON_DOC_PREFIX = "notebooks/"
LEARNER_DIR = "_static/learner"
ALT_HINT = ('for a notebook figure set its code cell\'s metadata '
            '{"mystnb": {"image": {"alt": "what the figure shows"}}}; for a Markdown image or '
            'figure use the :alt: option')


def missing_alt_images(doctree: nodes.Node) -> list[nodes.image]:
    """The image nodes of `doctree` whose alt text is missing or blank."""
    return [image for image in doctree.findall(nodes.image)
            if not str(image.get("alt", "")).strip()]


def _check_alt_text(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for image in missing_alt_images(doctree):
        uri = str(image.get("uri", "?")).rsplit("/", 1)[-1]
        _LOGGER.warning("image %s has no alt text: %s", uri, ALT_HINT, location=image,
                        type="coursekit", subtype="alt_text")


def learner_launch_url(provider: str, *, launcher_url: str, repo_url: str, branch: str,
                       site_branch: str, lesson: str) -> str:
    """The URL that opens lesson `lesson`'s learner notebook on `provider`.

    `provider` is ``binder``, ``jupyterhub`` or ``colab``; the learner notebook is read from the
    published site (branch `site_branch` of `repo_url`), the environment (Binder) from `branch`.
    """
    org, repo = repo_url.rstrip("/").split("/")[-2:]
    path = f"{LEARNER_DIR}/{lesson}.ipynb"
    pull = urlencode({"repo": repo_url, "branch": site_branch,
                      "urlpath": f"lab/tree/{repo}/{path}"}, safe="/")
    launcher_url = launcher_url.rstrip("/")
    if provider == "colab":
        return f"{launcher_url}/github/{org}/{repo}/blob/{site_branch}/{path}"
    if provider == "jupyterhub":
        return f"{launcher_url}/hub/user-redirect/git-pull?{pull}"
    if provider == "binder":
        return (f"{launcher_url}/v2/gh/{org}/{repo}/{branch}?urlpath="
                + quote(f"git-pull?{pull}", safe=""))
    raise ValueError(f"unknown launch provider {provider!r}")


def is_placeholder(url: str) -> bool:
    """True for a URL that is not a real address yet: empty, marked PLACEHOLDER, or on a
    reserved example host (example.com, jupyterhub.example.edu, ...)."""
    host = urlsplit(url).hostname or ""
    return (not url.strip() or "placeholder" in url.lower()
            or re.search(r"(^|\.)example\.(com|org|net|edu)$", host) is not None)


def _placeholders(app: Sphinx) -> set[str]:
    """The launch providers whose buttons must stay hidden (all of them without a repository)."""
    options = app.config.html_theme_options
    launch = options.get("launch_buttons") or {}
    providers = set(_LAUNCHER_KEY)
    if is_placeholder(str(options.get("repository_url", ""))):
        return providers
    return {p for p in providers if is_placeholder(str(launch.get(_LAUNCHER_KEY[p], "")))}


def _announce_placeholders(app: Sphinx) -> None:
    hidden = _placeholders(app)
    if hidden:
        _LOGGER.info("coursekit: launch buttons hidden (%s): set repository.url and "
                     "launch_buttons in _config.yml to the course's public repository and hub "
                     "(README, \"Publish the book\")", ", ".join(sorted(hidden)))


_PROVIDER_BY_ICON = {"logo_binder": "binder", "logo_jupyterhub": "jupyterhub",
                     "logo_colab": "colab"}
_LAUNCHER_KEY = {"binder": "binderhub_url", "jupyterhub": "jupyterhub_url",
                 "colab": "colab_url"}


def _point_launch_buttons_at_learner(app: Sphinx, pagename: str, templatename: str,
                                     context: dict[str, Any], doctree: Any) -> None:
    if not pagename.startswith(_LESSON_DOC_PREFIX):
        return
    options = app.config.html_theme_options
    launch, repo_url = options.get("launch_buttons") or {}, options.get("repository_url", "")
    if not repo_url:
        return
    lesson = pagename[len(_LESSON_DOC_PREFIX):]
    hidden = _placeholders(app)
    groups = []
    for group in context.get("header_buttons", []):
        if group.get("label") != "launch-buttons":
            groups.append(group)
            continue
        kept = [b for b in group.get("buttons", []) if _provider(b) not in hidden]
        if kept:
            groups.append({**group, "buttons": kept})
        for button in kept:
            provider = _provider(button)
            if provider is None:
                continue
            button["url"] = learner_launch_url(
                provider, launcher_url=launch[_LAUNCHER_KEY[provider]], repo_url=repo_url,
                branch=options.get("repository_branch") or "main",
                site_branch=app.config.coursekit_learner_branch, lesson=lesson)
            button["tooltip"] = f"Open the learner notebook ({lesson}.ipynb) on {button['text']}"
    context["header_buttons"] = groups


def _provider(button: dict[str, Any]) -> str | None:
    icon = str(button.get("icon", "")).rsplit("/", 1)[-1].split(".")[0]
    return _PROVIDER_BY_ICON.get(icon)


def has_math(doctree: nodes.Node | None) -> bool:
    """True when the page holds inline or display math."""
    if doctree is None:
        return False
    return any(True for _ in doctree.findall(
        lambda node: isinstance(node, (nodes.math, nodes.math_block))))


WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"


def _script_kind(script: Any, widget_js: set[str]) -> str:
    filename = str(getattr(script, "filename", "") or "")
    body = str(getattr(script, "attributes", {}).get("body", ""))
    if "mathjax" in filename.lower() or "window.MathJax" in body:
        return "mathjax"
    if filename.endswith("sphinx-thebe.js") or "THEBE_JS_URL" in body:
        return "thebe"
    attributes = getattr(script, "attributes", {})
    if (filename.removeprefix("_static/") in widget_js
            or attributes.get("type") == "application/vnd.jupyter.widget-state+json"):
        return "widgets"
    return "other"


def _trim_page_assets(app: Sphinx, pagename: str, templatename: str,
                      context: dict[str, Any], doctree: nodes.document | None) -> None:
    scripts = context.get("script_files")
    if scripts is None:
        return
    thebe_on = bool((app.config.html_theme_options.get("launch_buttons") or {}).get("thebe"))
    keep_math = has_math(doctree)
    keep_widgets = WIDGET_VIEW_MIME in str(context.get("body", ""))
    widget_js = {str(name) for name in getattr(app.config, "nb_ipywidgets_js", {}) or {}}
    kept, seen = [], set()
    for script in scripts:
        kind = _script_kind(script, widget_js)
        if ((kind == "mathjax" and not keep_math) or (kind == "thebe" and not thebe_on)
                or (kind == "widgets" and not keep_widgets)):
            continue
        key = (str(getattr(script, "filename", "")), str(getattr(script, "attributes", {})))
        if kind == "thebe" and key in seen:
            continue
        seen.add(key)
        kept.append(script)
    context["script_files"] = kept  # a new list: the builder's own is shared by every page
    uses_design = 'class="sd-' in str(context.get("body", ""))
    if not uses_design:
        context["script_files"] = [s for s in kept
                                   if not _filename(s).endswith("design-tabs.js")]
    if context.get("css_files") is not None:
        unused = [] if thebe_on else ["sphinx-thebe.css"]
        unused += [] if uses_design else ["sphinx-design.min.css"]
        context["css_files"] = [css for css in context["css_files"]
                                if not any(_filename(css).endswith(n) for n in unused)]


def _filename(asset: Any) -> str:
    return str(getattr(asset, "filename", "")).split("?")[0]


def listitem_citations(body: str) -> str:
    """`body` with each citation of a ``role="list"`` citation list marked as a list item."""
    return body.replace('role="doc-biblioentry"', 'role="listitem"')


def _rewrite_body(app: Sphinx, pagename: str, templatename: str,
                  context: dict[str, Any], doctree: Any) -> None:
    if isinstance(context.get("body"), str):
        context["body"] = lazy_images(listitem_citations(context["body"]))


#: Without JavaScript togglebutton.js never runs: keep solutions folded anyway (title shown).
NOSCRIPT_FOLD = ("<noscript><style>.solution.dropdown > :not(.admonition-title),"
                 ".admonition.dropdown > :not(.admonition-title)"
                 "{display:none !important}</style></noscript>")


def _fold_solutions_without_js(app: Sphinx, pagename: str, templatename: str,
                               context: dict[str, Any], doctree: Any) -> None:
    if isinstance(context.get("metatags"), str):
        context["metatags"] += NOSCRIPT_FOLD


_IMG = re.compile(r"<img\b(?![^>]*\bloading=)")


def lazy_images(body: str) -> str:
    """`body` with each image fetched and decoded only as the reader nears it: figures below
    the first screen no longer hold up the page's load."""
    return _IMG.sub('<img loading="lazy" decoding="async"', body)


def _slim_assets(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    from coursekit.book.assets import slim_site

    report = slim_site(Path(app.outdir))
    _LOGGER.info("coursekit: stylesheets %d KB -> %d KB, icon font cut to %d glyphs (%.1f KB, "
                "inlined), %d unused theme files removed (%d KB)", report.css_before // 1000,
                report.css_after // 1000, report.glyphs, report.font_bytes / 1000,
                len(report.removed_files), report.removed_bytes // 1000)


_BARE_REDIRECT = re.compile(r'\s*<meta http-equiv="Refresh" content="0; url=([^"]+)" />\s*')


def redirect_page(target: str, title: str, favicon: str | None) -> str:
    """The site's front door: a page that sends the reader on to `target`, with a title, the
    book's icon (a browser asks for /favicon.ico on a page that names none: a 404) and a link
    for a reader whose browser does not follow the refresh."""
    icon = f'<link rel="icon" href="_static/{html.escape(favicon)}">' if favicon else ""
    href = html.escape(target)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title>{icon}"
            f'<meta http-equiv="Refresh" content="0; url={href}"></head>'
            f'<body><p><a href="{href}">{html.escape(title)}</a></p></body></html>\n')


def _write_redirect_index(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    index = Path(app.outdir) / "index.html"
    if index.exists() and not _BARE_REDIRECT.fullmatch(index.read_text(encoding="utf-8")):
        return  # a real page, or ours already
    target = app.builder.get_target_uri(app.config.root_doc)
    favicon = Path(str(app.config.html_favicon)).name if app.config.html_favicon else None
    index.write_text(redirect_page(target, app.config.html_title or app.config.project,
                                   favicon), encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the alt-text check, the learner launch links and the asset trimming."""
    app.add_config_value("coursekit_learner_branch", "gh-pages", "html")
    app.connect("doctree-resolved", _check_alt_text)
    app.connect("builder-inited", _announce_placeholders)
    # after sphinx-book-theme builds its launch buttons (priority 501)
    app.connect("html-page-context", _point_launch_buttons_at_learner, priority=600)
    app.connect("html-page-context", _trim_page_assets, priority=900)
    app.connect("html-page-context", _rewrite_body)  # citation list items, lazy figures
    app.connect("html-page-context", _fold_solutions_without_js)
    app.connect("build-finished", _slim_assets)
    app.connect("build-finished", _write_redirect_index, priority=900)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
