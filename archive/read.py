"""Files → `Article`: decoding, front matter, furniture, dateline, headline, sections.

Reading repairs what it safely can (a BOM, CRLF line ends, Windows-1256 bytes)
and says so in `Article.warnings`; what it cannot read raises `ReadError`
naming the file and, where it applies, the line.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from archive.arabic import transliterate
from archive.model import Article, Furniture, Paragraph

ARTICLE_SUFFIXES = (".txt", ".md")
FRONT_MATTER_KEYS = ("title", "date", "source", "url", "place")
MAX_FILE_BYTES = 2_000_000  # an article is a few KB; a larger file is a scrape gone wrong
SENTENCE_END = tuple(".!?؟…\"”»)")
HEADING_MAX_WORDS = 18
HEADLINE_MAX_WORDS = 30
RESERVED_ID = re.compile(r"^(index|page-\d+)$")  # names of the listing pages beside the articles
DATELINE_RE = re.compile(r"^(?P<place>[^\s\-–—:]+(?: [^\s\-–—:]+)?)\s*[-–—]\s*(?P<agency>[^\-–—:]{2,30}?)\s*:?$")


class ReadError(Exception):
    """An article that cannot be read; the message names the file and line."""

    def __init__(self, file: str, reason: str, line: int | None = None) -> None:
        self.file, self.reason, self.line = file, reason, line
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True)
class Line:
    """A non-empty line of an article with its 1-based number in the file."""

    number: int
    text: str


def article_id(relative_path: str) -> str:
    """Derive a stable, URL- and file-safe id from a path relative to the seeds dir.

    Letters, digits, `_` and `-` are kept; Arabic is transliterated; anything
    else becomes `-`. When the name had to change, a short hash of the original
    path is appended so two different names can never give the same id.
    """
    stem = relative_path.rsplit(".", 1)[0] if "." in Path(relative_path).name else relative_path
    slug = re.sub(r"[^A-Za-z0-9_]+", "-", transliterate(stem)).strip("-_").lower()
    if slug == stem and slug and not RESERVED_ID.match(slug):
        return slug
    digest = hashlib.sha1(relative_path.encode("utf-8")).hexdigest()[:8]
    return f"{slug[:60]}-{digest}" if slug else f"article-{digest}"


def decode(raw: bytes, file: str) -> tuple[str, list[str]]:
    """Decode article bytes, repairing BOMs and legacy encodings with a warning."""
    if not raw.strip():
        raise ReadError(file, "empty file" if not raw else "file holds only white space")
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            text = _decode_strict(raw, codec, file)
            return text.lstrip("\ufeff"), [f"{file}: {codec.upper()} byte-order mark removed"]
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise ReadError(file, "NUL byte: a binary file, not an article", line)
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as error:
        return _decode_legacy(raw, file, error)


def _decode_strict(raw: bytes, codec: str, file: str) -> str:
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ReadError(file, f"not valid {codec.upper()} despite its byte-order mark", line) from None


def _decode_legacy(raw: bytes, file: str, error: UnicodeDecodeError) -> tuple[str, list[str]]:
    """Windows-1256 is what Arabic sites used before UTF-8; accept it only if it reads as Arabic."""
    line = raw[: error.start].count(b"\n") + 1
    try:
        text = raw.decode("cp1256")
    except UnicodeDecodeError:
        raise ReadError(file, "not UTF-8, and not Windows-1256 either", line) from None
    letters = [c for c in text if c.isalpha()]
    arabic = sum("\u0600" <= c <= "\u06ff" for c in letters)
    if not letters or arabic / len(letters) < 0.5:
        raise ReadError(file, "not UTF-8 (bytes look like Latin-1 or binary); save the file as UTF-8", line)
    return text, [f"{file}:{line}: not UTF-8; decoded as Windows-1256"]


# libyaml's loader where PyYAML was built with it: the pure-Python one was a third of reading an article.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def split_front_matter(text: str, file: str) -> tuple[dict[str, object], str, int]:
    """Split a Markdown file into its YAML front matter and body.

    Returns (metadata, body, number of lines before the body).
    """
    if not text.startswith("---\n"):
        return {}, text, 0
    end = re.search(r"^(---|\.\.\.)[ \t]*$", text[4:], re.MULTILINE)
    if end is None:
        raise ReadError(file, "front matter opened with --- is never closed", 1)
    block = text[4 : 4 + end.start()]
    try:
        meta = yaml.load(block, Loader=YAML_LOADER) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise ReadError(file, f"front matter is not valid YAML: {problem}", line) from None
    if not isinstance(meta, dict):
        raise ReadError(file, "front matter must be a mapping of keys to values", 2)
    skipped_lines = block.count("\n") + 2
    return meta, text[4 + end.end() :].lstrip("\n"), skipped_lines


def key_lines(text: str) -> dict[str, int]:
    """Line numbers of the top-level keys of a front matter block (the file's first line is 1)."""
    block = text.split("\n---", 1)[0]
    lines: dict[str, int] = {}
    for match in re.finditer(r"^([^\s:#][^:]*):", block, re.MULTILINE):
        lines.setdefault(match.group(1), block[: match.start()].count("\n") + 2)
    return lines


def check_front_matter(meta: dict[str, object], file: str, lines: dict[str, int] | None = None) -> tuple[dict[str, str], list[str]]:
    """Validate front matter fields; unknown keys are ignored with a warning, bad values are errors."""
    lines = lines or {}
    fields: dict[str, str] = {}
    warnings = [f"{file}:{lines.get(str(key), 1)}: unknown front matter key {key!r} ignored" for key in meta if key not in FRONT_MATTER_KEYS]
    for key in FRONT_MATTER_KEYS:
        value = meta.get(key)
        if value is None:
            continue
        if key == "date":
            fields[key] = _parse_date(value, file, lines.get(key))
        elif isinstance(value, (str, int, float)) and not isinstance(value, bool):
            fields[key] = str(value).strip()
        else:
            raise ReadError(file, f"front matter {key!r} must be text, not {type(value).__name__}", lines.get(key))
    return fields, warnings


def _parse_date(value: object, file: str, line: int | None) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value).strip()[:10]).isoformat()
    except ValueError:
        raise ReadError(file, f"front matter date {value!r} is not a date (write YYYY-MM-DD)", line) from None


def meaningful_lines(text: str, first_line: int = 1) -> list[Line]:
    """Non-empty, trimmed lines with their numbers; CR and CRLF count as line ends."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [Line(n, line.strip()) for n, line in enumerate(lines, start=first_line) if line.strip()]


def strip_glued(text: str, furniture: Furniture) -> tuple[str, list[str]]:
    """Remove furniture fragments glued to the start or end of a line."""
    removed: list[str] = []
    changed = True
    while changed and text:
        changed = False
        for at_start, at_end in anchored_patterns(furniture.glued):
            for anchored in (at_start, at_end):
                match = anchored.search(text)
                if match and match.group():
                    removed.append(match.group())
                    text = (text[: match.start()] + text[match.end() :]).strip()
                    changed = True
    return text, removed


@lru_cache(maxsize=8)
def anchored_patterns(glued: tuple[re.Pattern[str], ...]) -> tuple[tuple[re.Pattern[str], re.Pattern[str]], ...]:
    """Each glued-furniture pattern anchored at the start and at the end of a line, compiled once."""
    return tuple((re.compile(rf"^(?:{pattern.pattern})"), re.compile(rf"(?:{pattern.pattern})$")) for pattern in glued)


def _full(patterns: tuple[re.Pattern[str], ...], text: str) -> re.Match[str] | None:
    return next((m for p in patterns if (m := p.fullmatch(text))), None)


@dataclass
class Cleaned:
    """The lines of an article with furniture removed, and what the furniture said."""

    lines: list[Line]
    removed: list[str]
    source: str | None = None


def remove_furniture(lines: list[Line], furniture: Furniture) -> Cleaned:
    """Drop furniture lines and fragments; a breadcrumb or credit line yields the source."""
    cleaned = Cleaned([], [])
    skip_next = False
    for index, line in enumerate(lines):
        if skip_next:
            cleaned.removed.append(line.text)
            skip_next = False
            continue
        text, glued = strip_glued(line.text, furniture)
        cleaned.removed.extend(glued)
        crumb = next((m for p in furniture.breadcrumbs if (m := p.fullmatch(text))), None)
        # A credit line counts only at the end; that is checked for a line that reads as one, not for
        # every line (which made reading quadratic in an article's lines).
        credit = _full(furniture.credits, text)
        if credit and index < len(lines) - 1 and not _only_furniture_after(lines, index, furniture):
            credit = None
        if crumb or credit:
            cleaned.source = cleaned.source or (crumb or credit).group("source")
            cleaned.removed.append(text)
        elif _full(furniture.lines, text):
            cleaned.removed.append(text)
        elif _full(furniture.lines_with_next, text):
            cleaned.removed.append(text)
            skip_next = True
        elif text:
            cleaned.lines.append(Line(line.number, text))
    return cleaned


def _only_furniture_after(lines: list[Line], index: int, furniture: Furniture) -> bool:
    return all(not strip_glued(line.text, furniture)[0] or _full(furniture.lines, line.text) for line in lines[index + 1 :])


def find_dateline(lines: list[Line], furniture: Furniture) -> tuple[str, str, int] | None:
    """Find a dateline such as "موسكو-سانا" among the first lines: (place, agency, index)."""
    for index, line in enumerate(lines[:3]):
        match = DATELINE_RE.match(line.text)
        if match and match.group("agency").strip() in furniture.agencies:
            return match.group("place"), match.group("agency").strip(), index
    return None


def looks_like_headline(text: str) -> bool:
    """A headline is short and is not a finished sentence of body text."""
    words = len(text.split())
    return words <= HEADLINE_MAX_WORDS and not (text.endswith(".") and words > 12)


def looks_like_section(text: str, is_last: bool) -> bool:
    """A sub-headline: a short line between paragraphs that does not end a sentence."""
    words = len(text.split())
    return not is_last and 2 <= words <= HEADING_MAX_WORDS and (not text.endswith(SENTENCE_END) or text.endswith("؟"))


def derive_title(text: str, max_words: int = 14) -> str:
    """Derive a headline from the first sentence of the body."""
    sentence = re.split(r"(?<=[.!؟?])\s", text, maxsplit=1)[0].rstrip(".")
    words = sentence.split()
    return " ".join(words[:max_words]) + ("…" if len(words) > max_words else "")


def build_paragraphs(lines: list[Line]) -> tuple[Paragraph, ...]:
    """Turn body lines into paragraphs, marking sub-headlines as headings."""
    return tuple(
        Paragraph(i, line.text, "heading" if i and looks_like_section(line.text, i == len(lines) - 1) else "text", line.number)
        for i, line in enumerate(lines)
    )


def read_article(path: Path, seeds_dir: Path, furniture: Furniture) -> Article:
    """Read one article file into an `Article`, or raise `ReadError`."""
    file = path.relative_to(seeds_dir).as_posix()
    raw = path.read_bytes()
    if len(raw) > MAX_FILE_BYTES:
        raise ReadError(file, f"file is {len(raw):,} bytes; an article over {MAX_FILE_BYTES:,} bytes is not read")
    text, warnings = decode(raw, file)
    if "\r" in text:
        warnings.append(f"{file}: CR or CRLF line ends read as LF")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ReadError(file, "file holds only white space")
    meta, body, offset = split_front_matter(text, file) if path.suffix == ".md" else ({}, text, 0)
    fields, meta_warnings = check_front_matter(meta, file, key_lines(text[4:]) if meta else None)
    cleaned = remove_furniture(meaningful_lines(body, offset + 1), furniture)
    return assemble(file, fields, cleaned, furniture, warnings + meta_warnings)


def assemble(file: str, fields: dict[str, str], cleaned: Cleaned, furniture: Furniture, warnings: list[str]) -> Article:
    """Decide headline, dateline and source from cleaned lines and front matter."""
    lines = cleaned.lines
    dateline = find_dateline(lines, furniture)
    if dateline:
        cleaned.removed.append(lines[dateline[2]].text)
        lines = lines[: dateline[2]] + lines[dateline[2] + 1 :]
    title = fields.get("title")
    if title is None and lines and looks_like_headline(lines[0].text):
        title, lines = lines[0].text, lines[1:]
    if not lines:
        raise ReadError(file, "no body text after the headline" if title else "no article text (only furniture)")
    derived = title is None
    return Article(
        id=article_id(file),
        file=file,
        title=title or derive_title(lines[0].text),
        title_derived=derived,
        paragraphs=build_paragraphs(lines),
        date=fields.get("date"),
        source=fields.get("source") or cleaned.source or (dateline[1] if dateline else None),
        place=fields.get("place") or (dateline[0] if dateline else None),
        agency=dateline[1] if dateline else None,
        url=fields.get("url"),
        furniture=tuple(cleaned.removed),
        warnings=tuple(warnings),
    )


def article_files(seeds_dir: Path) -> list[Path]:
    """Every file under the seeds directory, sorted by path for determinism."""
    return sorted((p for p in seeds_dir.rglob("*") if p.is_file()), key=lambda p: p.relative_to(seeds_dir).as_posix())
