"""Publishing and reuse: the workflow, the export schema, CSV files, structured data, --check."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import FIXTURES, ROOT, BuiltSite

WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"
SCHEMA = json.loads((ROOT / "docs" / "schema" / "facts.schema.json").read_text(encoding="utf-8"))


def test_workflow_passes_the_github_workflow_schema() -> None:
    result = subprocess.run([str(Path(sys.executable).with_name("check-jsonschema")), "--builtin-schema",
                             "vendor.github-workflows", str(WORKFLOW)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflow_tests_builds_strict_and_deploys_with_pinned_actions() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"] + workflow["jobs"]["deploy"]["steps"]
    uses = [s["uses"] for s in steps if "uses" in s]
    assert all(re.fullmatch(r"[\w.-]+/[\w.-]+@(v\d+\.\d+\.\d+|[0-9a-f]{40})", u) for u in uses), uses
    runs = " ".join(s.get("run", "") for s in steps)
    assert "make test" in runs and "make site" in runs
    assert "--strict" in (ROOT / "Makefile").read_text(encoding="utf-8")
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert any(u.startswith("actions/setup-python@") for u in uses)
    assert next(s for s in steps if s.get("uses", "").startswith("actions/setup-python"))["with"]["cache"] == "pip"


@pytest.mark.parametrize("site_name", ["seed_site", "hostile_export_site"])
def test_every_build_export_is_valid_against_the_schema(site_name: str, request: pytest.FixtureRequest) -> None:
    site: BuiltSite = request.getfixturevalue(site_name)
    jsonschema.Draft202012Validator(SCHEMA).validate(site.facts)


def test_schema_rejects_a_broken_export(seed_site: BuiltSite) -> None:
    broken = json.loads(json.dumps(seed_site.facts))
    broken["articles"][0]["statements"] = [{"id": "s1", "speaker": None, "kind": "rumour", "text": "", "paragraph": -1}]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(SCHEMA).validate(broken)


@pytest.fixture(scope="module")
def hostile_export_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    from conftest import build_site
    return build_site(FIXTURES / "hostile", tmp_path_factory.mktemp("hostile-export"), strict=False)


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith("\ufeff".encode("utf-8")), "Excel needs the BOM to read UTF-8"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_statements_csv_has_one_row_per_statement(seed_site: BuiltSite) -> None:
    rows = read_csv(seed_site.site / "statements.csv")
    expected = [(a["id"], s["id"], s["text"]) for a in seed_site.facts["articles"] for s in a["statements"]]
    assert sorted((r["article"], r["statement"], r["text"]) for r in rows) == sorted(expected)
    assert any("الإرهاب" in r["text"] for r in rows)


def test_actors_csv_has_one_row_per_actor(seed_site: BuiltSite) -> None:
    rows = read_csv(seed_site.site / "actors.csv")
    assert [r["id"] for r in rows] == [a["id"] for a in seed_site.facts["actors"]]
    assert [r["name"] for r in rows] == [a["name"] for a in seed_site.facts["actors"]]


def test_citations_csv_has_one_row_per_citation(seed_site: BuiltSite) -> None:
    rows = read_csv(seed_site.site / "citations.csv")
    per_resolution = {r["id"]: r for r in seed_site.facts["resolutions"]}
    assert {r["resolution"] for r in rows} == set(per_resolution)
    for row in rows:
        assert row["article"] in per_resolution[row["resolution"]]["articles"]
        assert row["sentence"]


def test_home_page_links_the_exports(seed_site: BuiltSite) -> None:
    html = (seed_site.site / "index.html").read_text(encoding="utf-8")
    for name in ("facts.json", "actors.csv", "statements.csv", "citations.csv"):
        assert f'href="{name}"' in html
        assert (seed_site.site / name).is_file()


def ld_json(html: str) -> list[dict]:
    return [json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]


def test_article_pages_carry_news_article_and_quotations(seed_site: BuiltSite) -> None:
    for article in seed_site.facts["articles"]:
        html = (seed_site.site / article["url"] / "index.html").read_text(encoding="utf-8")
        [data] = ld_json(html)
        assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
        assert data["headline"] == article["title"]
        quotations = data["hasPart"]
        assert [q["@type"] for q in quotations] == ["Quotation"] * len(article["statements"])
        assert [q["text"] for q in quotations] == [s["text"] for s in article["statements"]]


def test_actor_pages_carry_person_or_organization(seed_site: BuiltSite) -> None:
    kinds = {"person": "Person", "organization": "Organization", "place": "Place"}
    for actor in seed_site.facts["actors"]:
        html = (seed_site.site / actor["url"] / "index.html").read_text(encoding="utf-8")
        [data] = ld_json(html)
        assert data["@type"] == kinds[actor["type"]] and data["name"] == actor["name"]
        own = json.loads((seed_site.site / "actors" / f"{actor['id']}.json").read_text(encoding="utf-8"))
        assert own["id"] == actor["id"] and own["articles"] == actor["articles"]


def test_structured_data_of_hostile_text_cannot_close_its_script(hostile_export_site: BuiltSite) -> None:
    html = (hostile_export_site.site / "articles" / "hostile_front_matter" / "index.html").read_text(encoding="utf-8")
    [data] = ld_json(html)
    assert data["headline"].startswith("<script>")
    assert html.count("</script>") == html.count("<script")


def run_check(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "--check", *args], capture_output=True, text=True)


@pytest.mark.parametrize(("seeds", "code"), [(ROOT / "seeds", 0), (FIXTURES / "hostile", 1)])
def test_check_exit_codes(seeds: Path, code: int) -> None:
    assert run_check("--seeds", str(seeds)).returncode == code


def test_check_exits_2_on_an_invalid_registry(tmp_path: Path) -> None:
    (tmp_path / "actors").mkdir()
    (tmp_path / "actors" / "persons.yml").write_text("- id: a\n  name: [broken\n", encoding="utf-8")
    result = run_check("--registry", str(tmp_path))
    assert result.returncode == 2 and "persons.yml" in result.stderr


def test_canonical_links_and_sitemap_carry_the_sub_path(tmp_path: Path, seeds_dir: Path) -> None:
    from conftest import build_site
    site = build_site(seeds_dir, tmp_path, extra_env={"SITE_URL": "https://example.org/archive/"})
    html = (site.site / "articles" / "000_530f177a4472afb0" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://example.org/archive/articles/000_530f177a4472afb0/">' in html
    sitemap = (site.site / "sitemap.xml").read_text(encoding="utf-8")
    locations = re.findall(r"<loc>(.*?)</loc>", sitemap)
    assert locations and all(loc.startswith("https://example.org/archive/") for loc in locations)
    assert "https://example.org/archive/actors/sergey-lavrov/" in locations
