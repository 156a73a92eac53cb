"""Broken and hostile input: clear errors, nothing lost, no article text ever runs in a browser."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from archive.registry import RegistryError, load_registry
from archive.render import front_matter

from conftest import FIXTURES, ROOT, BuiltSite, build_site

HOSTILE = FIXTURES / "hostile"

# Every fixture and its documented outcome: a page (with a warning to look for), or skipped with a reason.
OUTCOMES: dict[str, tuple[str, str | None]] = {
    "not_utf8_windows_1256.txt": ("page", "Windows-1256"),
    "not_utf8_latin1.txt": ("skipped", "not UTF-8"),
    "utf16_with_bom.txt": ("page", "UTF-16 byte-order mark"),
    "utf8_with_bom.txt": ("page", "UTF-8 byte-order mark"),
    "crlf_line_ends.txt": ("page", "CR or CRLF"),
    "cr_line_ends.txt": ("page", "CR or CRLF"),
    "nul_bytes.txt": ("skipped", "NUL byte"),
    "binary_png_named_txt.txt": ("skipped", "NUL byte"),
    "empty.txt": ("skipped", "empty file"),
    "whitespace_only.txt": ("skipped", "only white space"),
    "headline_only.txt": ("skipped", "no body text"),
    "front_matter_unclosed.md": ("skipped", "never closed"),
    "front_matter_with_tab.md": ("skipped", "not valid YAML"),
    "front_matter_list_title.md": ("skipped", "must be text, not list"),
    "front_matter_unknown_key.md": ("page", "unknown front matter key 'author'"),
    "front_matter_bad_date.md": ("skipped", "is not a date"),
    "same_id.md": ("page", None),
    "same_id.txt": ("page", "already taken"),
    "file with spaces.txt": ("page", None),
    "مقال باسم عربي.txt": ("page", None),
    "dots..in..name.txt": ("page", None),
    ".leading_dot.txt": ("page", None),
    "shell;rm -rf ~&$HOME`id`|x.txt": ("page", None),
    "url?query=1#frag%20&x=<y>.txt": ("page", None),
    "not_an_article.jpg": ("skipped", "not an article"),
    "hostile_markup_in_body.txt": ("page", None),
    "hostile_front_matter.md": ("page", None),
    "bidi_and_presentation_forms.txt": ("page", None),
}
ERROR_LINES = {"front_matter_with_tab.md": 3, "front_matter_list_title.md": 2, "front_matter_bad_date.md": 3,
               "front_matter_unclosed.md": 1, "nul_bytes.txt": 4, "binary_png_named_txt.txt": 3,
               "not_utf8_latin1.txt": 1}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The hostile fixtures plus one 5 MB line, built into a real site."""
    seeds = tmp_path_factory.mktemp("hostile-seeds")
    shutil.copytree(HOSTILE, seeds, dirs_exist_ok=True)
    (seeds / "one_5mb_line.txt").write_text("عنوان\n" + "كلمة " * 1_000_000 + "\n", encoding="utf-8")
    return build_site(seeds, tmp_path_factory.mktemp("hostile-site"), strict=False)


def test_every_fixture_has_a_documented_outcome() -> None:
    assert sorted(p.name for p in HOSTILE.iterdir()) == sorted(OUTCOMES)


def test_counts_in_equal_pages_plus_skipped(hostile_site: BuiltSite) -> None:
    report = hostile_site.report
    assert report["inputs"] == len(OUTCOMES) + 1
    assert report["inputs"] == report["pages"] + report["skipped"]
    written = {a["file"] for a in report["articles"]} | {s["file"] for s in report["skipped_files"]}
    assert written == set(OUTCOMES) | {"one_5mb_line.txt"}


@pytest.mark.parametrize("file", sorted(OUTCOMES))
def test_outcome_and_message_name_the_file(hostile_site: BuiltSite, file: str) -> None:
    outcome, message = OUTCOMES[file]
    report = hostile_site.report
    skipped = {s["file"]: s for s in report["skipped_files"]}
    if outcome == "skipped":
        assert file in skipped
        assert message and message in skipped[file]["reason"]
        assert skipped[file]["line"] == ERROR_LINES.get(file)
    else:
        article_id = next(a["id"] for a in report["articles"] if a["file"] == file)
        assert (hostile_site.site / "articles" / article_id / "index.html").is_file()
        if message:
            assert any(w.startswith(file) and message in w for w in report["warnings"])


def test_huge_line_is_skipped_with_its_size(hostile_site: BuiltSite) -> None:
    reason = next(s["reason"] for s in hostile_site.report["skipped_files"] if s["file"] == "one_5mb_line.txt")
    assert "bytes" in reason


def test_ids_are_safe_and_distinct(hostile_site: BuiltSite) -> None:
    ids = [a["id"] for a in hostile_site.report["articles"]]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9_][a-z0-9_-]*", i) for i in ids), ids
    for generated in (hostile_site.docs / "articles").iterdir():
        assert generated.resolve().parent == (hostile_site.docs / "articles").resolve()


class LiveCode(HTMLParser):
    """Collects everything in a page that would run code: scripts, handlers, javascript: URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # Structured data (application/ld+json) is never executed; a test elsewhere checks it cannot close its tag.
        self.in_script = tag == "script" and dict(attrs).get("type") != "application/ld+json"
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value}>")
        if tag in ("img", "svg", "iframe") and any("x" == (v or "") for _, v in attrs):
            self.found.append(f"<{tag}> from article")

    def handle_endtag(self, tag: str) -> None:
        self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_script and "xss" in data:
            self.found.append(f"script: {data[:60]}")


def test_no_page_carries_live_code_from_article_text(hostile_site: BuiltSite) -> None:
    for page in hostile_site.site.rglob("*.html"):
        parser = LiveCode()
        parser.feed(page.read_text(encoding="utf-8"))
        assert parser.found == [], page


def test_hostile_text_appears_as_the_characters_written(hostile_site: BuiltSite) -> None:
    html = (hostile_site.site / "articles" / "hostile_markup_in_body" / "index.html").read_text(encoding="utf-8")
    for written in ["&lt;script&gt;alert(&#39;xss-body&#39;)&lt;/script&gt;", "{{ config.site_name }}", "{% raw %}",
                    '--8&lt;-- &#34;/etc/passwd&#34;', "&amp;amp; &amp;lt;script&amp;gt;", "[اضغط هنا](javascript:",
                    "*مائل* __عريض__ `كود`", "# ليس عنواناً"]:
        assert written in html.replace("&quot;", "&#34;"), written
    assert "<em>مائل</em>" not in html and "<code>كود</code>" not in html


def test_hostile_front_matter_round_trips(hostile_site: BuiltSite) -> None:
    text = (hostile_site.docs / "articles" / "hostile_front_matter.md").read_text(encoding="utf-8")
    meta = yaml.safe_load(text.split("\n---\n", 1)[0].removeprefix("---\n"))
    assert meta["headline"] == "<script>alert('xss-fm')</script> : # ' \" ---"
    assert meta["source"] == "<img src=x onerror=alert('xss-source')>"
    assert meta["url"] == "javascript:alert('xss-url')"
    html = (hostile_site.site / "articles" / "hostile_front_matter" / "index.html").read_text(encoding="utf-8")
    assert 'href="javascript:' not in html
    assert "{{ 7*7 }}" in html and ">49<" not in html


def write_registry(root: Path, persons: str) -> Path:
    registry = root / "registry"
    (registry / "actors").mkdir(parents=True)
    (registry / "actors" / "persons.yml").write_text(persons, encoding="utf-8")
    return registry


@pytest.mark.parametrize(
    ("persons", "message", "line"),
    [
        ("- id: a\n  name: أ\n- id: a\n  name: ب\n", "duplicate actor id 'a'", 3),
        ("- id: a\n  name: أحمد\n  aliases: [أبو علي]\n- id: b\n  name: ب\n  aliases: [ابو علي]\n", "already claimed by 'a'", 4),
        ("- id: a\n  name: [unclosed\n", "not valid YAML", 3),
        ("- id: Not An Id\n  name: أ\n", "lowercase Latin", 1),
    ],
)
def test_bad_registry_names_file_and_line(tmp_path: Path, persons: str, message: str, line: int) -> None:
    with pytest.raises(RegistryError) as error:
        load_registry(write_registry(tmp_path, persons))
    assert message in str(error.value)
    assert error.value.file == "registry/actors/persons.yml" and error.value.line == line


def test_bad_registry_fails_the_build_with_exit_2(tmp_path: Path, seeds_dir: Path) -> None:
    registry = write_registry(tmp_path, "- id: a\n  name: أ\n- id: a\n  name: ب\n")
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--seeds", str(seeds_dir), "--docs", str(tmp_path / "docs"),
                             "--registry", str(registry)], capture_output=True, text=True)
    assert result.returncode == 2
    assert "registry/actors/persons.yml:3: duplicate actor id 'a'" in result.stderr
    assert not (tmp_path / "docs").exists()


def build_docs(seeds: Path, docs: Path, env: dict[str, str]) -> None:
    subprocess.run([sys.executable, str(ROOT / "build.py"), "--seeds", str(seeds), "--docs", str(docs), "--quiet"],
                   check=True, env={**os.environ, **env}, capture_output=True)


def tree(directory: Path) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def test_builds_are_byte_identical_whatever_the_order_locale_or_hash_seed(tmp_path: Path, seeds_dir: Path) -> None:
    sources = sorted(seeds_dir.iterdir()) + sorted(p for p in HOSTILE.iterdir())
    outputs = []
    for run, (seed, locale) in enumerate([("0", "C.UTF-8"), ("12345", "C")]):
        seeds = tmp_path / f"seeds{run}"
        seeds.mkdir()
        shuffled = sources[:]
        random.Random(run).shuffle(shuffled)  # files are created in a different order each run
        for source in shuffled:
            shutil.copyfile(source, seeds / source.name)
        build_docs(seeds, tmp_path / f"docs{run}", {"PYTHONHASHSEED": seed, "LC_ALL": locale, "LANG": locale})
        outputs.append(tree(tmp_path / f"docs{run}"))
    assert outputs[0] == outputs[1]
    assert "facts.json" in outputs[0]


def test_fifty_thousand_tiny_files_are_all_accounted_for(tmp_path: Path) -> None:
    """A scraper's flood of tiny files: every one is read and reported, none lost (validated with --check)."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for n in range(50_000):
        body = "" if n % 1000 == 0 else f"نص الخبر {n}."  # one in a thousand is a headline only
        (seeds / f"tiny_{n:05d}.txt").write_text(f"خبر {n}\n{body}\n", encoding="utf-8")
    report_path = tmp_path / "report.json"
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--check", "--quiet", "--seeds", str(seeds),
                             "--docs", str(tmp_path / "docs"), "--report", str(report_path)], capture_output=True, text=True)
    assert result.returncode == 1  # headline-only files would be skipped
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert report["inputs"] == 50_000 == report["pages"] + report["skipped"]
    assert report["skipped"] == 50
    assert all(s["reason"] == "no body text after the headline" for s in report["skipped_files"])
    assert result.stderr.count("skipped tiny_") == 50


@pytest.mark.parametrize("text", [
    "سطر\u0085ثان", "فاصل\u2028سطر", "فاصل\u2029فقرة", "\ufeffعلامة ترتيب", "حذف\x7f", "تحكم\x80\x9f", "\ufffe\uffff",
    "تبويب\tو\"اقتباس\" و\\ : # ' ---", "{{ 7*7 }} [رابط](javascript:x)", "رمز 😀 ﻻ",
])
@pytest.mark.parametrize("loader", [yaml.SafeLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader)])
def test_front_matter_reads_back_every_character_as_written(text: str, loader: type) -> None:
    # What YAML would read as a line break (NEL, LS, PS) or refuse (DEL, C1 controls) is written escaped.
    meta = {"title": text, "tags": [text, ""], "statements": [{"id": "statement-1", "text": text}], "none": None}
    written = front_matter(meta, "<p>النص</p>")
    head, _, body = written.removeprefix("---\n").partition("\n---\n")
    assert yaml.load(head, Loader=loader) == meta
    assert body == "\n<p>النص</p>"
