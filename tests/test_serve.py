"""`mkdocs serve` (what `make serve` runs): editing a seed regenerates the site once, never in a loop; a
hand-written page of docs/ is watched, the files a build generated there are not polled."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import re
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from archive.write import copy_hand_written

from conftest import ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


LOCAL = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # localhost: never through a proxy


def fetch(url: str) -> str:
    with LOCAL.open(url, timeout=5) as response:
        return response.read().decode("utf-8")


def ctrl_c_stops() -> None:
    """In the child, before it runs mkdocs: Ctrl-C (SIGINT) as it is by default. A process started in the
    background by a shell inherits it ignored, and Python then leaves it ignored: `stop` could not stop it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start_serve(log: Path, env: dict[str, str], config: Path = ROOT / "mkdocs.yml") -> tuple[subprocess.Popen[bytes], str]:
    """`mkdocs serve` of `config` on a free port, its output in `log`, the environment `env` added;
    with the URL it serves. Stop it with `stop`."""
    port = free_port()
    with log.open("w") as out:
        server = subprocess.Popen([str(Path(sys.executable).with_name("mkdocs")), "serve", "-a", f"127.0.0.1:{port}",
                                   "-f", str(config)], cwd=ROOT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
                                  stdout=out, stderr=subprocess.STDOUT, preexec_fn=ctrl_c_stops)
    return server, f"http://127.0.0.1:{port}/"


def stop(server: subprocess.Popen[bytes]) -> None:
    """Stop `mkdocs serve` as Ctrl-C does, so that it deletes its temporary site (a SIGTERM left one
    in the temporary folder per run, hundreds of megabytes each at 10,000 articles)."""
    server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=20)
        raise AssertionError("mkdocs serve did not stop on Ctrl-C within 20 s") from None


def wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.5)
    return False


def temporary_sites() -> set[Path]:
    """The sites `mkdocs serve` builds in the temporary folder, and those the hook moved aside to delete."""
    return set(Path(tempfile.gettempdir()).glob("mkdocs_*")) | set(Path(tempfile.gettempdir()).glob(".mkdocs_*-old-*"))


@pytest.mark.parametrize("watch", ["native", "poll"])
def test_editing_a_seed_rebuilds_once(tmp_path: Path, seeds_dir: Path, watch: str) -> None:
    before = temporary_sites()
    seeds = tmp_path / "seeds"
    shutil.copytree(seeds_dir, seeds)
    log = tmp_path / "serve.log"
    server, url = start_serve(log, {"ARCHIVE_SEEDS": str(seeds), "ARCHIVE_WATCH": watch})
    try:
        assert wait_for(lambda: "<strong>5</strong> مقالات" in fetch(url), 90), log.read_text()
        (seeds / "new_article.txt").write_text("خبر جديد عن لافروف\n\nقال لافروف إن الحوار مستمر.\n", encoding="utf-8")
        assert wait_for(lambda: "<strong>6</strong> مقالات" in fetch(url), 90), log.read_text()
        assert "خبر جديد عن لافروف" in fetch(url + "articles/new_article/")
        time.sleep(8)  # a serve that rebuilds in a loop would build again and again by now
        builds = log.read_text().count("Building documentation")
        assert builds == 2, log.read_text()
        assert not (ROOT / "docs" / "articles" / "new_article.md").exists()  # serve leaves docs/ alone
        # Told by the system (a build's reading every seed is no change), or polled by MkDocs on request.
        assert ("changes watched with InotifyObserver" in log.read_text()) == (watch == "native")
    finally:
        stop(server)
    assert temporary_sites() <= before  # the site of each build deleted, the last one too


def test_serve_watches_hand_written_pages_and_not_the_generated_files(tmp_path: Path, seeds_dir: Path) -> None:
    docs = tmp_path / "docs"
    copy_hand_written(ROOT / "docs", docs)  # as a fresh clone has docs/; then a build fills it
    subprocess.run([sys.executable, str(ROOT / "build.py"), "--seeds", str(seeds_dir), "--docs", str(docs), "--quiet"],
                   check=True, cwd=ROOT)
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: {docs}\nhooks:\n  - {ROOT / 'archive' / 'mkdocs_hook.py'}\n"
                      f"theme:\n  name: material\n  custom_dir: {ROOT / 'overrides'}\n", encoding="utf-8")
    log = tmp_path / "serve.log"
    server, url = start_serve(log, {"ARCHIVE_SEEDS": str(seeds_dir)}, config)
    try:
        assert wait_for(lambda: "Serving on" in log.read_text(), 90), log.read_text()
        generated = next((docs / "articles").glob("*.md"))
        generated.write_text(generated.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # a build's file, not watched
        time.sleep(4)
        assert log.read_text().count("Building documentation") == 1, log.read_text()
        about = docs / "about" / "data.md"
        about.write_text(about.read_text(encoding="utf-8") + "\nسطر أضافه محرر.\n", encoding="utf-8")
        assert wait_for(lambda: "سطر أضافه محرر" in fetch(f"{url}about/data/"), 90), log.read_text()
        assert log.read_text().count("Building documentation") == 2, log.read_text()
    finally:
        stop(server)


LIVERELOAD = re.compile(r"<script>(?:(?!</script>).)*livereload\(\d+, \d+\);?\s*</script>", re.S)


def page(url: str) -> str:
    """A served page without the live-reload script MkDocs puts into it per request."""
    return LIVERELOAD.sub("", fetch(url))


def test_a_rebuild_takes_unchanged_pages_from_the_last_site(tmp_path: Path, seeds_dir: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(seeds_dir, seeds)
    edited, deleted, untouched = sorted(seeds.iterdir())[:3]
    log = tmp_path / "serve.log"
    server, url = start_serve(log, {"ARCHIVE_SEEDS": str(seeds)})
    try:
        assert wait_for(lambda: "<strong>5</strong> مقالات" in fetch(url), 90), log.read_text()
        before = page(f"{url}articles/{untouched.stem}/")
        segments = fetch(f"{url}articles/{untouched.stem}/segments.json")
        entry = fetch(f"{url}pagefind/pagefind-entry.json")
        edited.write_text(edited.read_text(encoding="utf-8").rstrip("\n") + "\n\nوأضاف المحرر جملة للتجربة.\n", encoding="utf-8")
        deleted.unlink()
        assert wait_for(lambda: "<strong>4</strong> مقالات" in fetch(url), 90), log.read_text()
        assert "وأضاف المحرر جملة للتجربة" in page(f"{url}articles/{edited.stem}/")
        assert page(f"{url}articles/{untouched.stem}/") == before
        assert fetch(f"{url}articles/{untouched.stem}/segments.json") == segments
        with pytest.raises(urllib.error.HTTPError):
            fetch(f"{url}articles/{deleted.stem}/")
        assert "languages" in fetch(f"{url}pagefind/pagefind-entry.json")  # the last index, until the new one is in place
        taken = re.findall(r"archive: (\d+) entries \(.*?\) of unchanged articles and actors taken", log.read_text())
        assert taken and int(taken[-1]) > 0, log.read_text()
        assert wait_for(lambda: fetch(f"{url}pagefind/pagefind-entry.json") != entry, 60), log.read_text()  # the new index
    finally:
        stop(server)


def test_what_every_page_is_built_with_is_in_the_site_base(tmp_path: Path) -> None:
    from mkdocs.config import load_config

    from archive.mkdocs_hook import site_base

    overrides, parent = tmp_path / "overrides", tmp_path / "parent.yml"
    shutil.copytree(ROOT / "overrides", overrides)
    parent.write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("hooks:\n  - archive/mkdocs_hook.py\n", ""),
                      encoding="utf-8")
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(f"INHERIT: parent.yml\ndocs_dir: {ROOT / 'docs'}\ntheme:\n  name: material\n  custom_dir: {overrides}\n",
                           encoding="utf-8")

    def base() -> str:
        return site_base(load_config(str(config_file)))

    first = base()
    assert base() == first
    named_from_its_folder = subprocess.run(
        [sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv[1]); from mkdocs.config import load_config; "
         "from archive.mkdocs_hook import site_base; print(site_base(load_config(open('mkdocs.yml', 'rb'))))", str(ROOT)],
        cwd=tmp_path, capture_output=True, text=True, check=True).stdout.strip()
    assert named_from_its_folder == first  # `mkdocs serve -f mkdocs.yml` names it so at its first build, absolute after
    template = next(path for path in overrides.rglob("*.html"))
    template.write_text(template.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    second = base()
    parent.write_text(parent.read_text(encoding="utf-8") + "\nextra:\n  note: x\n", encoding="utf-8")
    assert len({first, second, base()}) == 3


def test_after_a_failed_rebuild_the_next_one_serves_every_page(tmp_path: Path, seeds_dir: Path) -> None:
    before_sites = temporary_sites()
    registry = tmp_path / "registry"
    shutil.copytree(ROOT / "registry", registry)
    untouched = sorted(seeds_dir.iterdir())[0].stem
    log = tmp_path / "serve.log"
    server, url = start_serve(log, {"ARCHIVE_SEEDS": str(seeds_dir), "ARCHIVE_REGISTRY": str(registry)})
    try:
        assert wait_for(lambda: "<strong>5</strong> مقالات" in fetch(url), 90), log.read_text()
        before = page(f"{url}articles/{untouched}/")
        resolutions = registry / "resolutions.yml"
        curated = resolutions.read_text(encoding="utf-8")
        resolutions.write_text(curated + "\n  - [this is not valid\n", encoding="utf-8")  # an editor's slip
        assert wait_for(lambda: "An error happened during the rebuild" in log.read_text(), 90), log.read_text()
        resolutions.write_text(curated, encoding="utf-8")
        # "Reloading browsers", not "Documentation built": MkDocs drops a log message it has logged before
        # (DuplicateFilter), so a rebuild as fast as an earlier build logs no "Documentation built in …".
        assert wait_for(lambda: log.read_text().rfind("Reloading browsers") > log.read_text().rfind("An error happened"), 90), \
            log.read_text()
        assert page(f"{url}articles/{untouched}/") == before
        assert "<strong>5</strong> مقالات" in fetch(url)
    finally:
        stop(server)
    assert temporary_sites() <= before_sites  # the site moved aside before the failed build deleted too
