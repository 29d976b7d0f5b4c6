"""The site's stylesheets and icon font cut to what its pages use (coursekit.book.assets)."""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from coursekit.book.assets import (
    UsedNames,
    drawn_characters,
    inline_icon_fonts,
    loaded_scripts,
    purge_css,
    slim_site,
    used_names,
)

FA_FONTS = Path(__import__("pydata_sphinx_theme").__file__).parent / (
    "theme/pydata_sphinx_theme/static/vendor/fontawesome/webfonts")
BARS, MOON, GITHUB = 0xF0C9, 0xF186, 0xF09B


def used(*words: str, prefixes: tuple[str, ...] = ()) -> UsedNames:
    return UsedNames(set(words), set(prefixes))


# --- purge_css ---

def test_a_rule_whose_classes_all_occur_is_kept() -> None:
    assert purge_css(".nav .link{color:red}", used("nav", "link")) == ".nav .link{color:red}"


def test_a_rule_needing_a_class_no_page_carries_is_dropped() -> None:
    assert purge_css(".nav .tooltip{color:red}p{margin:0}", used("nav")) == "p{margin:0}"


def test_ids_count_like_classes() -> None:
    css = "#top{a:1}#gone{b:2}"
    assert purge_css(css, used("top")) == "#top{a:1}"


def test_only_the_matching_selectors_of_a_list_stay() -> None:
    assert purge_css(".a,.b,div{x:1}", used("b")) == ".b,div{x:1}"


def test_classes_inside_not_is_where_are_not_required() -> None:
    css = ".a:not(.gone){x:1}:is(.gone,.a) span{y:2}:where(.gone){z:3}"
    assert purge_css(css, used("a")) == css


def test_a_pseudo_class_does_not_hide_the_classes_around_it() -> None:
    assert purge_css(".a:hover .gone{x:1}", used("a")) == ""


def test_element_attribute_and_root_selectors_are_kept() -> None:
    css = 'html[data-theme=dark]{x:1}:root{y:2}[class*=highlight]{z:3}a:focus-visible{w:4}'
    assert purge_css(css, used()) == css


def test_media_blocks_are_purged_inside_and_dropped_when_empty() -> None:
    css = "@media (min-width:960px){.a{x:1}.gone{y:2}}@media print{.gone{z:3}}"
    assert purge_css(css, used("a")) == "@media (min-width:960px){.a{x:1}}"


def test_font_faces_keyframes_and_imports_are_kept_whole() -> None:
    css = ('@import "../basic.css";@font-face{font-family:X;src:url(x.woff)}'
           "@keyframes spin{0%{opacity:0}to{opacity:1}}")
    assert purge_css(css, used()) == css


def test_a_class_a_script_composes_from_a_prefix_is_kept() -> None:
    assert purge_css(".bs-tooltip-top{x:1}", used(prefixes=("bs-",))) == ".bs-tooltip-top{x:1}"


def test_a_stylesheet_the_parser_rejects_is_left_as_it_was() -> None:
    broken = ".a{x:1} .gone{y:2} .cut-off"  # a file truncated mid-rule
    assert purge_css(broken, used("a")) == broken


# --- used_names / loaded_scripts ---

def _site(tmp_path: Path) -> Path:
    (tmp_path / "_static" / "vendor" / "pkg" / "parts").mkdir(parents=True)
    (tmp_path / "_static" / "scripts").mkdir()
    (tmp_path / "page.html").write_text(
        '<div class="nav  wide" id="top"><script src="_static/app.js?v=1"></script>'
        "<script src='_static/vendor/pkg/main.js'></script></div>", encoding="utf-8")
    (tmp_path / "_static" / "app.js").write_text(
        'el.classList.add("shown"); el.className = "bs-" + place; t = `pop-${x}`;',
        encoding="utf-8")
    (tmp_path / "_static" / "vendor" / "pkg" / "main.js").write_text("load('part')")
    (tmp_path / "_static" / "vendor" / "pkg" / "parts" / "part.js").write_text("'lazyclass'")
    (tmp_path / "_static" / "scripts" / "unused.js").write_text("'neverloaded'")
    return tmp_path


def test_used_names_are_the_pages_classes_and_ids_and_the_loaded_scripts_words(
        tmp_path: Path) -> None:
    names = used_names(_site(tmp_path))
    for word in ("nav", "wide", "top", "shown", "lazyclass"):
        assert word in names
    assert "bs-popover-auto" in names and "pop-up" in names
    assert "neverloaded" not in names


def test_loaded_scripts_follow_script_tags_and_whole_vendored_packages(tmp_path: Path) -> None:
    site = _site(tmp_path).resolve()
    assert {p.relative_to(site).as_posix() for p in loaded_scripts(site)} == {
        "_static/app.js", "_static/vendor/pkg/main.js", "_static/vendor/pkg/parts/part.js"}


# --- icon font ---

def test_drawn_characters_read_escapes_and_literals() -> None:
    css = '.fa-bars:before{content:"\\f0c9"}.q:after{content:\'\\201C a\'}.n{content:none}'
    # a hex escape ends at (and swallows) one space, as in CSS
    assert drawn_characters(css) == {BARS, 0x201C, ord("a")}


def test_drawn_characters_follow_the_custom_properties_content_names() -> None:
    css = (':root{--icon-note:var(--icon-info);--icon-info:"\uf05a";--icon-bell:"\\f0f3";'
           '--icon-loop:var(--icon-loop)}'
           ".note:before{content:var(--icon-note)}.x:before{content:var(--icon-loop)}"
           '.y{--icon-unused-but-set:"\\f186"}')
    assert drawn_characters(css) == {0xF05A}  # not the bell nor the moon: nothing draws them


def _faces_css() -> str:
    return "".join(
        f'@font-face{{font-family:Font Awesome;font-weight:{w};src:url({name}.woff2) '
        f'format("woff2"),url({name}.ttf) format("truetype")}}'
        for w, name in ((900, "fa-solid-900"), (400, "fa-brands-400")))


@pytest.mark.skipif(not FA_FONTS.is_dir(), reason="pydata-sphinx-theme's fonts not installed")
def test_icon_faces_are_subset_inlined_or_dropped(tmp_path: Path) -> None:
    fonts = tmp_path / "vendor" / "fontawesome"
    fonts.mkdir(parents=True)
    for name in ("fa-solid-900", "fa-brands-400"):
        for suffix in (".ttf", ".woff2"):
            (fonts / f"{name}{suffix}").write_bytes((FA_FONTS / f"{name}{suffix}").read_bytes())
    sheet = fonts / "theme.css"
    css, replaced, glyphs = inline_icon_fonts(_faces_css(), sheet, {BARS, MOON})
    assert glyphs == 2
    assert "fa-brands" not in css and "url(fa-" not in css  # brands draws neither: dropped
    data = re.search(r"data:font/woff;base64,([A-Za-z0-9+/=]+)", css)
    assert data is not None
    font = TTFont(io.BytesIO(base64.b64decode(data.group(1))))
    assert set(font.getBestCmap()) == {BARS, MOON}
    assert {p.name for p in replaced} == {f"{n}{s}" for n in ("fa-solid-900", "fa-brands-400")
                                          for s in (".ttf", ".woff2")}


def test_a_face_that_is_not_the_icon_font_is_left_alone(tmp_path: Path) -> None:
    css = '@font-face{font-family:Body;src:url(body.woff2) format("woff2")}'
    assert inline_icon_fonts(css, tmp_path / "a.css", {BARS}) == (css, [], 0)


@pytest.mark.skipif(not FA_FONTS.is_dir(), reason="pydata-sphinx-theme's fonts not installed")
def test_slim_site_rewrites_sheets_and_removes_what_no_page_uses(tmp_path: Path) -> None:
    site = _site(tmp_path)
    webfonts = site / "_static" / "vendor" / "fontawesome" / "webfonts"
    webfonts.mkdir(parents=True)
    for name in ("fa-solid-900", "fa-brands-400"):
        for suffix in (".ttf", ".woff2"):
            (webfonts / f"{name}{suffix}").write_bytes((FA_FONTS / f"{name}{suffix}").read_bytes())
    styles = site / "_static" / "styles"
    styles.mkdir()
    faces = _faces_css().replace("url(fa-", "url(../vendor/fontawesome/webfonts/fa-")
    (styles / "theme.css").write_text(
        faces + '.nav:before{content:"\\f0c9"}.fa-github:before{content:"\\f09b"}',
        encoding="utf-8")
    (styles / "theme.css.map").write_text("{}")
    mathjax = site / "_static" / "vendor" / "mathjax" / "input"
    mathjax.mkdir(parents=True)
    (mathjax.parent / "startup.js").write_text("'mathjaxword'")
    (mathjax / "tex.js").write_text("'texword'")
    catalogue = site / "_static" / "locales" / "de" / "LC_MESSAGES"
    catalogue.mkdir(parents=True)
    (catalogue / "booktheme.mo").write_bytes(b"\x00")
    report = slim_site(site)
    css = (styles / "theme.css").read_text(encoding="utf-8")
    assert ".fa-github" not in css and ".nav:before" in css
    assert report.glyphs == 1 and css.count("data:font/woff;base64,") == 1
    assert not webfonts.exists() or not any(webfonts.iterdir())
    assert not (styles / "theme.css.map").exists()
    assert not (site / "_static" / "scripts" / "unused.js").exists()
    assert (site / "_static" / "app.js").exists()
    assert "_static/scripts/unused.js" in report.removed_files
    assert (site / "_static" / "vendor" / "pkg" / "parts" / "part.js").exists()  # loaded
    assert not (site / "_static" / "vendor" / "mathjax").exists()  # no page has math
    assert not (site / "_static" / "locales").exists()
    assert {"_static/vendor/mathjax/", "_static/locales/"} <= set(report.removed_files)


# --- the built book ---

_URL = re.compile(r"""url\(\s*["']?([^"')]+)["']?\s*\)""")
_REF = re.compile(r"""<(?:script|link|img)\b[^>]*\b(?:src|href)="([^"#?]+)""")


@pytest.mark.slow
def test_every_file_the_built_pages_and_sheets_point_at_exists(built_book: Path) -> None:
    html = built_book / "_build" / "html"
    missing = []
    for sheet in (html / "_static").rglob("*.css"):
        for url in _URL.findall(sheet.read_text(encoding="utf-8")):
            if not url.startswith(("data:", "http:", "https:", "#")) and not (
                    sheet.parent / url).resolve().is_file():
                missing.append(f"{sheet.relative_to(html)} -> {url}")
    for page in html.rglob("*.html"):
        if "_static" in page.relative_to(html).parts:
            continue
        for ref in _REF.findall(page.read_text(encoding="utf-8")):
            if not ref.startswith(("http:", "https:", "data:", "mailto:", "{{")) and not (
                    page.parent / ref).resolve().exists():
                missing.append(f"{page.relative_to(html)} -> {ref}")
    assert not missing, missing


@pytest.mark.slow
def test_every_icon_a_page_shows_is_drawn_by_the_inlined_font(built_book: Path) -> None:
    html = built_book / "_build" / "html"
    theme = (html / "_static" / "styles" / "pydata-sphinx-theme.css").read_text(encoding="utf-8")
    fonts = [TTFont(io.BytesIO(base64.b64decode(d))) for d in
             re.findall(r"data:font/woff;base64,([A-Za-z0-9+/=]+)", theme)]
    drawn = set().union(*(set(f.getBestCmap()) for f in fonts))
    icons = {name for page in html.rglob("*.html")
             for name in re.findall(r'class="[^"]*\b(fa-[a-z0-9-]+)', page.read_text("utf-8"))}
    glyphs = {}
    for icon in icons - {"fa-lg", "fa-solid", "fa-regular", "fa-brands"}:
        rule = re.search(rf"\.{re.escape(icon)}:{{1,2}}before[^{{]*{{content:\"([^\"]+)\"", theme)
        assert rule is not None, f"the rule drawing {icon} was cut from the theme's CSS"
        glyphs[icon] = drawn_characters(f'content:"{rule.group(1)}"')
    assert icons and glyphs
    assert {i: g for i, g in glyphs.items() if not g <= drawn} == {}
    assert len(theme) < 150_000  # the full theme sheet is 397 KB


def test_a_vendored_package_a_page_points_into_is_kept(tmp_path: Path) -> None:
    from coursekit.book.assets import unused_folders

    site = _site(tmp_path).resolve()
    (site / "_static" / "vendor" / "mathjax").mkdir()
    (site / "_static" / "vendor" / "mathjax" / "startup.js").write_text("x")
    (site / "_static" / "vendor" / "widgets").mkdir()
    (site / "math.html").write_text('<script src="_static/vendor/mathjax/startup.js"></script>')
    (site / "_static" / "site.css").write_text(
        ".w{background:url(vendor/widgets/bg.png)}")  # another way to point into a package
    assert unused_folders(site, loaded_scripts(site)) == []
    (site / "_static" / "site.css").write_text(".w{color:red}")
    (site / "math.html").unlink()
    assert [p.name for p in unused_folders(site, loaded_scripts(site))] == ["mathjax", "widgets"]
