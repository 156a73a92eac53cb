"""Editor commands that grow the registry from the curator's report: `build.py add-alias` and
`build.py not-a-name`.

Edits are made to the YAML text itself, so the editors' comments and layout are
kept; the registry is then loaded again and the edit is undone if it makes the
registry invalid (an alias claimed by another actor, say).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from archive.arabic import matching_words, normalise
from archive.extract.actors import load_lexicon
from archive.registry import RegistryError, load_registry
from archive.write import atomic_write

NOT_NAMES_KEY = "not_names"


class CurationError(Exception):
    """An edit that cannot be made; the message says why."""


def find_actor_file(registry_dir: Path, actor_id: str) -> tuple[Path, list[str], int]:
    """The registry file, its lines and the index of the line `- id: ACTOR-ID`."""
    pattern = re.compile(rf"^\s*-\s+id:\s*['\"]?{re.escape(actor_id)}['\"]?\s*(#.*)?$")
    for path in sorted((registry_dir / "actors").glob("*.yml")):
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        for index, line in enumerate(lines):
            if pattern.match(line):
                return path, lines, index
    raise CurationError(f"no actor with id {actor_id!r} in {registry_dir / 'actors'}")


def entry_end(lines: list[str], start: int) -> int:
    """Index just past the registry entry that starts at `start`."""
    dash = len(lines[start]) - len(lines[start].lstrip())
    for index in range(start + 1, len(lines)):
        stripped = lines[index].lstrip()
        indent = len(lines[index]) - len(stripped)
        if stripped and not stripped.startswith("#") and indent <= dash:
            return index
    return len(lines)


def insert_alias(lines: list[str], start: int, alias: str) -> list[str]:
    """Return the lines with `alias` added to the entry's aliases, in the style the entry uses."""
    quoted = json.dumps(alias, ensure_ascii=False)  # a JSON string is a valid YAML scalar
    end = entry_end(lines, start)
    key_indent = " " * (len(lines[start]) - len(lines[start].lstrip()) + 2)
    for index in range(start, end):
        match = re.match(r"^(\s*-?\s*)aliases:\s*(\[.*\])?\s*(#.*)?$", lines[index].rstrip("\n"))
        if not match:
            continue
        if match.group(2) is not None:  # flow style: aliases: [a, b]
            inner = match.group(2)[1:-1].strip()
            items = f"{inner}, {quoted}" if inner else quoted
            lines[index] = lines[index].replace(match.group(2), f"[{items}]", 1)
            return lines
        items = [i for i in range(index + 1, end) if lines[i].lstrip().startswith("- ")]
        last = items[-1] if items else index
        indent = lines[last][: len(lines[last]) - len(lines[last].lstrip())] if items else key_indent + "  "
        return lines[: last + 1] + [f"{indent}- {quoted}\n"] + lines[last + 1 :]
    return lines[: start + 1] + [f"{key_indent}aliases: [{quoted}]\n"] + lines[start + 1 :]


def add_alias(registry_dir: Path, actor_id: str, alias: str) -> Path:
    """Add `alias` to the actor's aliases; return the file changed. The registry must stay valid."""
    alias = alias.strip()
    if not alias:
        raise CurationError("the alias is empty")
    path, lines, start = find_actor_file(registry_dir, actor_id)
    original = "".join(lines)
    updated = "".join(insert_alias(list(lines), start, alias))
    atomic_write(path, updated)
    try:
        actor = load_registry(registry_dir).actors[actor_id]
    except RegistryError as error:
        atomic_write(path, original)
        raise CurationError(f"not added: {error}") from None
    if alias not in actor.aliases:
        atomic_write(path, original)
        raise CurationError(f"not added: the entry of {actor_id!r} in {path} has a layout this command does not know")
    return path


def add_not_a_name(registry_dir: Path, word: str) -> tuple[Path, bool]:
    """Add `word` to the `not_names` of `patterns.yml`, so no new name is made with it; return the file
    and whether it was added (False: the list holds it already, in some spelling)."""
    word = one_word(word)
    path = registry_dir / "patterns.yml"
    if not path.is_file():
        raise CurationError(f"no {path}")
    if normalise(word) in load_lexicon(path).not_names:
        return path, False
    original = path.read_text(encoding="utf-8")
    atomic_write(path, insert_list_item(original, NOT_NAMES_KEY, yaml_scalar(word)))
    try:
        added = normalise(word) in load_lexicon(path).not_names
    except Exception as error:  # noqa: BLE001 - any failure to read the edited file undoes the edit
        added, reason = False, str(error)
    else:
        reason = f"the list {NOT_NAMES_KEY} in {path} has a layout this command does not know"
    if not added:
        atomic_write(path, original)
        raise CurationError(f"not added: {reason}")
    return path, True


def yaml_scalar(text: str) -> str:
    """`text` as a YAML list item's scalar: bare, as editors write the lists, unless YAML would read it as
    something else (a number, a boolean, a comment); then quoted (a JSON string is a valid YAML scalar)."""
    return text if yaml.safe_load(f"- {text}") == [text] else json.dumps(text, ensure_ascii=False)


def one_word(word: str) -> str:
    """`word` without surrounding space, or CurationError when it is not a single word."""
    word = word.strip()
    if len(matching_words(word)) != 1 or len(word.split()) != 1:
        raise CurationError(f"{word!r} is not one word: names are tested word by word")
    return word


def insert_list_item(text: str, key: str, item: str) -> str:
    """`text` (YAML) with `- item` after the last item of the top-level block list `key:`, or the list
    appended at the end when there is none. Comments and layout stay as they are."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if re.match(rf"^{re.escape(key)}:\s*(#.*)?$", line.rstrip("\n"))), None)
    if start is None:
        return text + ("" if text.endswith("\n") or not text else "\n") + f"{key}:\n  - {item}\n"
    last, indent = start, "  "
    for index in range(start + 1, len(lines)):
        stripped = lines[index].lstrip()
        if stripped.startswith("- "):
            last, indent = index, lines[index][: len(lines[index]) - len(stripped)]
        elif stripped and not stripped.startswith("#") and len(lines[index]) - len(stripped) == 0:
            break  # the next top-level key
    if not lines[last].endswith("\n"):
        lines[last] += "\n"
    return "".join(lines[: last + 1] + [f"{indent}- {item}\n"] + lines[last + 1 :])
