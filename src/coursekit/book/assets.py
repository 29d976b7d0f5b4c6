"""The built site's stylesheets and icon font, cut down to what its pages can use.

The themes ship every rule of Bootstrap and every Font Awesome icon: ch3's first load parsed
397 KB of theme CSS and fetched a 156 KB icon font for the ten icons the book shows. After the
HTML build, `slim_site` keeps only the CSS rules whose selectors can match (each class and id a
selector needs occurs in some page or script of the site), subsets the icon font to the glyphs
the kept rules draw and inlines it (no late font request holding the page's load event), and
removes source maps, the fonts, theme scripts and vendored packages no page asks for, and the
themes' translation catalogues (read only while building).

It is conservative where it cannot see: a class inside ``:not()`` / ``:is()`` / ``:where()`` /
``:has()`` is not required, attribute selectors are not read, and every word in every script
(and every class prefix a script composes, ``"bs-" + name`` or ```bs-${name}```) counts as used.
"""

from __future__ import annotations

import base64
import io
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tinycss2
from fontTools import subset
from fontTools.ttLib import TTFont

from coursekit.atomic import write_atomic

_ATTRIBUTE = re.compile(r"""\s(?:class|id)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_SCRIPT_SRC = re.compile(r"""<script\b[^>]*\bsrc\s*=\s*["']([^"']+)["']""")
_WORD = re.compile(r"[A-Za-z_][\w-]*")
_COMPOSED_PREFIX = re.compile(r"""([A-Za-z_][\w-]*-)(?:\$\{|["'`]\s*\+)""")
_FONT_URL = re.compile(r"""url\(\s*["']?([^"')]+?\.(?:woff2|woff|ttf))["']?\s*\)""")
_FONT_SRC = re.compile(r"src\s*:[^;}]*")
_DATA_URI = re.compile(r"data:font/woff;base64,([A-Za-z0-9+/=]+)")
_STRING = r"""(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')"""
_DECLARATION = re.compile(rf"""(?<![\w-])(content|--[\w-]+)\s*:((?:{_STRING}|[^;}}"'])*)""")
_QUOTED = re.compile(_STRING)
_VAR = re.compile(r"var\(\s*(--[\w-]+)")
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?|\\(.)")
# At-rules whose block holds rules; any other at-rule (@font-face, @keyframes...) is kept whole.
_GROUPING = {"media", "supports", "container", "layer", "document"}
_NOT_REQUIRED = {"not", "is", "where", "has", "nth-child", "nth-last-child", "host",
                 "host-context"}


@dataclass
class UsedNames:
    """The classes and ids a page of the site can carry."""

    words: set[str] = field(default_factory=set)
    prefixes: set[str] = field(default_factory=set)

    def __contains__(self, name: str) -> bool:
        return name in self.words or any(name.startswith(p) for p in self.prefixes)


@dataclass
class SlimReport:
    """What `slim_site` changed, in bytes."""

    css_before: int = 0
    css_after: int = 0
    removed_files: list[str] = field(default_factory=list)
    removed_bytes: int = 0
    glyphs: int = 0
    font_bytes: int = 0


def used_names(site: Path, scripts: set[Path] | None = None) -> UsedNames:
    """Every class and id written in the site's HTML, and every word and composed class prefix
    in the scripts its pages load (`scripts`: default, `loaded_scripts(site)`)."""
    used = UsedNames()
    for script in loaded_scripts(site) if scripts is None else scripts:
        text = script.read_text(encoding="utf-8", errors="replace")
        used.words.update(_WORD.findall(text))
        used.prefixes.update(_COMPOSED_PREFIX.findall(text))
    for page in site.rglob("*.html"):
        for match in _ATTRIBUTE.finditer(page.read_text(encoding="utf-8", errors="replace")):
            used.words.update((match.group(1) or match.group(2) or "").split())
    return used


def loaded_scripts(site: Path) -> set[Path]:
    """The scripts some page of `site` loads, with every script of a vendored package one of
    them belongs to (``_static/vendor/<package>/``)."""
    scripts: set[Path] = set()
    vendor = site / "_static" / "vendor"
    for page in site.rglob("*.html"):
        for src in _SCRIPT_SRC.findall(page.read_text(encoding="utf-8", errors="replace")):
            path = (page.parent / src.split("?")[0]).resolve()
            if not path.is_file() or not path.is_relative_to(site.resolve()):
                continue
            scripts.add(path)
            if path.is_relative_to(vendor.resolve()):
                package = vendor.resolve() / path.relative_to(vendor.resolve()).parts[0]
                scripts.update(package.rglob("*.js"))
    return scripts


def _split_selectors(prelude: list[Any]) -> list[list[Any]]:
    selectors: list[list[Any]] = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            selectors.append([])
        else:
            selectors[-1].append(token)
    return [_strip(s) for s in selectors if _strip(s)]


def _strip(tokens: list[Any]) -> list[Any]:
    start, end = 0, len(tokens)
    while start < end and tokens[start].type in ("whitespace", "comment"):
        start += 1
    while end > start and tokens[end - 1].type in ("whitespace", "comment"):
        end -= 1
    return tokens[start:end]


def required_names(selector: list[Any]) -> list[str]:
    """The classes and ids an element tree must carry for `selector` to match (those inside a
    functional pseudo-class such as ``:not()`` are not required)."""
    names = []
    for before, token in zip([None, *selector], selector, strict=False):
        if token.type == "hash":
            names.append(token.value)
        elif (token.type == "ident" and before is not None and before.type == "literal"
              and before.value == "."):
            names.append(token.value)
        elif token.type == "function" and token.lower_name not in _NOT_REQUIRED:
            names.extend(required_names(list(token.arguments)))
    return names


def purge_rules(rules: Iterable[Any], used: UsedNames) -> list[Any]:
    """`rules` without the selectors that cannot match; a rule left with none is dropped."""
    kept: list[Any] = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [s for s in _split_selectors(rule.prelude)
                         if all(name in used for name in required_names(s))]
            if selectors:
                prelude = [t for i, s in enumerate(selectors)
                           for t in ([tinycss2.ast.LiteralToken(0, 0, ",")] if i else []) + s]
                kept.append(tinycss2.ast.QualifiedRule(rule.source_line, rule.source_column,
                                                       prelude, rule.content))
        elif rule.type == "at-rule" and rule.lower_at_keyword in _GROUPING and rule.content:
            inner = purge_rules(tinycss2.parse_rule_list(rule.content, skip_comments=True,
                                                         skip_whitespace=True), used)
            if inner:
                kept.append(tinycss2.ast.AtRule(rule.source_line, rule.source_column,
                                                rule.at_keyword, rule.lower_at_keyword,
                                                rule.prelude, inner))
        elif rule.type == "at-rule":
            kept.append(rule)
    return kept


def purge_css(css: str, used: UsedNames) -> str:
    """The stylesheet `css` with only the rules that can apply to a page of the site."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    if any(rule.type == "error" for rule in rules):
        return css  # a sheet the parser does not understand is left exactly as it was
    return "".join(rule.serialize() for rule in purge_rules(rules, used))


def drawn_characters(css: str) -> set[int]:
    """The code points the ``content:`` declarations of `css` can draw (icons are drawn this way),
    directly or through the custom properties they name, followed from one to the next
    (``content: var(--pst-icon-admonition-note)``, ``--pst-icon-admonition-note:
    var(--pst-icon-info-circle)``, ``--pst-icon-info-circle: "\\f05a"``)."""
    drawn: set[int] = set()
    properties: dict[str, list[str]] = {}
    wanted: list[str] = []
    for name, value in _DECLARATION.findall(css):
        if name == "content":
            drawn.update(_characters(value))
            wanted += _VAR.findall(value)
        else:
            properties.setdefault(name, []).append(value)
    seen: set[str] = set()
    while wanted:
        name = wanted.pop()
        if name in seen:
            continue
        seen.add(name)
        for value in properties.get(name, []):
            drawn.update(_characters(value))
            wanted += _VAR.findall(value)
    return drawn


def _characters(value: str) -> set[int]:
    """The code points of the quoted strings in a declaration's value, CSS escapes decoded."""
    points: set[int] = set()
    for quoted in _QUOTED.findall(value):
        text = _CSS_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)) if m.group(1)
                               else m.group(2), quoted[1:-1])
        points.update(ord(c) for c in text)
    return points


def subset_font(font_file: Path, points: set[int]) -> bytes:
    """A WOFF font holding only the glyphs of `points` from `font_file` (a TrueType file)."""
    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = []
    options.name_IDs = []
    options.notdef_outline = True
    font = TTFont(font_file)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=points)
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff"
    font.save(out)
    return out.getvalue()


def _font_faces(css: str) -> list[Any]:
    return [rule for rule in tinycss2.parse_stylesheet(css, skip_comments=True,
                                                       skip_whitespace=True)
            if rule.type == "at-rule" and rule.lower_at_keyword == "font-face"]


def inline_icon_fonts(css: str, css_file: Path, points: set[int]) -> tuple[str, list[Path], int]:
    """`css` with each Font Awesome face subset to `points` and inlined as a data URI, or
    dropped when it draws none of them; also the font files it no longer points at, and the
    number of glyphs kept."""
    replaced: list[Path] = []
    glyphs = 0
    for face in _font_faces(css):
        text = face.serialize()
        urls = _FONT_URL.findall(text)
        files = [(css_file.parent / url).resolve() for url in urls]
        if not any("fontawesome" in file.as_posix() for file in files):
            continue
        truetype = next((f for f in files if f.suffix == ".ttf" and f.is_file()), None)
        if truetype is None:
            continue
        wanted = points & set(TTFont(truetype)["cmap"].getBestCmap())
        replacement = ""
        if wanted:
            data = base64.b64encode(subset_font(truetype, wanted)).decode("ascii")
            replacement = _FONT_SRC.sub(
                f'src:url(data:font/woff;base64,{data}) format("woff")', text, count=1)
            glyphs += len(wanted)
        css = css.replace(text, replacement)
        replaced += [f for f in files if f.is_file()]
    return css, replaced, glyphs


def slim_site(site: Path) -> SlimReport:
    """Cut the stylesheets and icon fonts of the built HTML site `site` down to what its pages
    use, and remove what no page uses (see the module's docstring); returns what changed."""
    site = site.resolve()
    report = SlimReport()
    loaded = loaded_scripts(site)
    unused = _slim_sheets(site, used_names(site, loaded), report)
    unused.update(p for p in (site / "_static").rglob("*.map"))
    unused.update(p for p in (site / "_static" / "scripts").glob("*.js") if p not in loaded)
    for path in sorted(unused):
        report.removed_bytes += path.stat().st_size
        report.removed_files.append(str(path.relative_to(site)))
        path.unlink()
    for folder in unused_folders(site, loaded):
        report.removed_bytes += sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
        report.removed_files.append(f"{folder.relative_to(site)}/")
        shutil.rmtree(folder)
    return report


def _slim_sheets(site: Path, used: UsedNames, report: SlimReport) -> set[Path]:
    """Purge and rewrite every stylesheet under ``_static``; returns the font files the
    inlined icon font replaces."""
    originals = {sheet: sheet.read_text(encoding="utf-8")
                 for sheet in sorted((site / "_static").rglob("*.css"))}
    purged = {sheet: purge_css(css, used) for sheet, css in originals.items()}
    points = set().union(*(drawn_characters(css) for css in purged.values()))
    replaced_fonts: set[Path] = set()
    for sheet, css in purged.items():
        before = originals[sheet]
        css, replaced, glyphs = inline_icon_fonts(css, sheet, points)
        replaced_fonts.update(replaced)
        report.glyphs += glyphs
        report.font_bytes += sum(len(m) * 3 // 4 for m in _DATA_URI.findall(css))
        report.css_before += len(before.encode())
        report.css_after += len(css.encode())
        if css != before:
            write_atomic(sheet, css)
    return replaced_fonts


def unused_folders(site: Path, loaded: set[Path]) -> list[Path]:
    """The vendored packages (``_static/vendor/<package>/``) that no page loads a script from
    and no page or stylesheet points into (a book without math ships no MathJax), and the
    themes' translation catalogues (``_static/locales``: used while building, never read by
    a page)."""
    static = site / "_static"
    vendor = static / "vendor"
    pointers = [*(p for p in site.rglob("*.html") if not p.is_relative_to(static)),
                *(p for p in static.rglob("*.css") if not p.is_relative_to(vendor))]
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in pointers]
    folders = [static / "locales"] if (static / "locales").is_dir() else []
    for package in sorted(p for p in vendor.iterdir() if p.is_dir()) if vendor.is_dir() else []:
        if any(script.is_relative_to(package) for script in loaded):
            continue
        if not any(f"vendor/{package.name}/" in text for text in texts):
            folders.append(package)
    return folders
