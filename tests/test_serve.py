"""`mkdocs serve` (what `make serve` runs): editing a seed regenerates the site once, never in a loop."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


LOCAL = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # localhost: never through a proxy


def fetch(url: str) -> str:
    with LOCAL.open(url, timeout=5) as response:
        return response.read().decode("utf-8")


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


def test_editing_a_seed_rebuilds_once(tmp_path: Path, seeds_dir: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(seeds_dir, seeds)
    port = free_port()
    env = {**os.environ, "ARCHIVE_SEEDS": str(seeds), "NO_MKDOCS_2_WARNING": "1"}
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen([str(Path(sys.executable).with_name("mkdocs")), "serve", "-a", f"127.0.0.1:{port}",
                                   "-f", str(ROOT / "mkdocs.yml")], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        assert wait_for(lambda: "<strong>5</strong> مقالات" in fetch(url), 90), log.read_text()
        (seeds / "new_article.txt").write_text("خبر جديد عن لافروف\n\nقال لافروف إن الحوار مستمر.\n", encoding="utf-8")
        assert wait_for(lambda: "<strong>6</strong> مقالات" in fetch(url), 90), log.read_text()
        assert "خبر جديد عن لافروف" in fetch(url + "articles/new_article/")
        time.sleep(8)  # a serve that rebuilds in a loop would build again and again by now
        builds = log.read_text().count("Building documentation")
        assert builds == 2, log.read_text()
        assert not (ROOT / "docs" / "articles" / "new_article.md").exists()  # serve leaves docs/ alone
    finally:
        server.terminate()
        server.wait(timeout=20)
