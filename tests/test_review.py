"""The review page, structurally and in a real browser (Debian chromium + the system chromedriver)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import html as lxml_html

from wsisreport.document import Document, Emphasis
from wsisreport.models import LANGUAGES
from wsisreport.pipeline import check
from wsisreport.render.review import render
from wsisreport.stats import entity_stats

from .conftest import REPO

ARTIFACTS = REPO / "test-artifacts"
CHROMEDRIVER = shutil.which("chromedriver")
CHROMIUM = shutil.which("chromium")


@pytest.fixture(scope="module")
def model(document_2024: Document) -> Document:
    return document_2024


@pytest.fixture(scope="module")
def page(model: Document, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("review") / "review.html"
    path.write_bytes(render(model).data)
    return path


def test_rows_align_both_languages_with_notes_and_provenance(model: Document, page: Path) -> None:
    tree = lxml_html.fromstring(page.read_bytes())
    rows = tree.xpath("//tr[@class='para']")
    assert [int(r.get("data-number")) for r in rows] == [p.number for p in model.paragraphs]
    for row, para in zip(rows, model.paragraphs, strict=True):
        en, zh = row.xpath("./td[@class='en']")[0], row.xpath("./td[@class='zh']")[0]
        assert [int(s.text) for s in en.xpath("./sup[@class='call']")] == para.notes("en")
        assert [int(s.text) for s in zh.xpath("./sup[@class='call']")] == para.notes("zh")
        assert len(en.xpath("./p[@class='note']")) == len(para.notes("en"))
        assert row.get("data-entities") == " ".join(sorted({s.entity for s in para.sources}))
    sources = tree.xpath("//tr[@class='source']")
    assert sources[0].text_content().strip() == "secretariat submissions/2024/secretariat.yaml:6"
    assert len(tree.xpath("//tr[starts-with(@class, 'heading')]")) == 45
    assert not tree.xpath("//link[@href] | //script[@src] | //img")  # self-contained


def test_emphasis_is_em_and_no_python_objects_leak(model: Document, page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    for leak in ("Text(value=", "Emphasis(value=", "NoteRef(number=", "origin=", "Origin("):
        assert leak not in text
    tree = lxml_html.fromstring(page.read_bytes())
    rows = {int(r.get("data-number")): r for r in tree.xpath("//tr[@class='para']")}
    for para in model.paragraphs:
        for lang in LANGUAGES:
            cell = rows[para.number].xpath(f"./td[@class='{lang}']")[0]
            ems = [e.text_content() for e in cell.xpath("./em")]
            assert ems == [p.value for p in para.content[lang] if isinstance(p, Emphasis)]
            notes = [n for n in model.notes if n.number in para.notes(lang)]
            held = [e.text_content() for e in cell.xpath("./p[@class='note']/em")]
            assert held == [p.value for n in notes for p in n.content[lang] if isinstance(p, Emphasis)]
    titles = {e.text_content() for e in tree.xpath("//td[@class='en']//em")}
    assert {"Digital Economy Report 2024", "Governing AI for Humanity: Final Report"} <= titles


def test_coverage_and_word_counts(model: Document, page: Path) -> None:
    tree = lxml_html.fromstring(page.read_bytes())
    heat_rows = tree.xpath("//table[@class='heat']/tbody/tr")
    by_entity = {r.xpath("./th")[0].text: r for r in heat_rows}
    assert len([e for e in by_entity if e != "secretariat"]) == 31
    stats = {s.entity: len(s.paragraphs) for s in entity_stats(model)}
    for entity, row in by_entity.items():
        assert int(row.xpath("./td[@class='total']")[0].text) == stats[entity]
    headers = [th.get("title") for th in tree.xpath("//table[@class='heat']/thead/tr/th[@title]")]
    assert any("(C1)" in h for h in headers) and any("(C11)" in h for h in headers)
    assert "8,279 / 8,500 words" in page.read_text(encoding="utf-8")


def test_hostile_text_is_escaped(base_tree: Path) -> None:
    import yaml

    path = base_tree / "2024" / "beta.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["contributions"][0]["text"]["en"] = (
        '<img src="file:///etc/passwd"> {{ 7\\*7 }} <script>alert(1)</script>'
    )
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    checked = check(base_tree, base=base_tree.parent)
    html = render(checked.documents[2024]).data.decode("utf-8")
    assert (
        "&lt;img src=&#34;file:///etc/passwd&#34;&gt; {{ 7*7 }} &lt;script&gt;alert(1)&lt;/script&gt;" in html
    )
    assert "<img" not in html and html.count("<script>") == 1


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if CHROMEDRIVER is None or CHROMIUM is None:
        pytest.skip("chromium and chromium-driver are not installed (make test installs them)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="wsisreport-chromium-")
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--window-size=1400,1000",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def test_page_in_a_real_browser(browser: object, page: Path, model: Document) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    driver = browser
    driver.get(page.as_uri())  # type: ignore[attr-defined]
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]  # type: ignore[attr-defined]
    assert errors == []

    def visible_numbers() -> list[int]:
        rows = driver.find_elements(By.CSS_SELECTOR, "tr.para")  # type: ignore[attr-defined]
        return [int(r.get_attribute("data-number")) for r in rows if r.is_displayed()]

    assert visible_numbers() == list(range(1, 88))
    rows = driver.find_elements(By.CSS_SELECTOR, "tr.para")  # type: ignore[attr-defined]
    first = rows[0].find_elements(By.TAG_NAME, "td")
    # Aligned: the English and Chinese cells of a row share its top edge.
    assert first[1].location["y"] == first[2].location["y"]
    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / "review.png"))  # type: ignore[attr-defined]

    Select(driver.find_element(By.ID, "filter-entity")).select_by_value("itu")  # type: ignore[attr-defined]
    itu = [p.number for p in model.paragraphs if any(s.entity == "itu" for s in p.sources)]
    assert visible_numbers() == itu
    assert driver.find_element(By.ID, "filter-count").text == f"{len(itu)} of 87 paragraphs"  # type: ignore[attr-defined]
    driver.save_screenshot(str(ARTIFACTS / "review-itu.png"))  # type: ignore[attr-defined]

    Select(driver.find_element(By.ID, "filter-entity")).select_by_value("")  # type: ignore[attr-defined]
    Select(driver.find_element(By.ID, "filter-section")).select_by_value("c7-applications")  # type: ignore[attr-defined]
    assert visible_numbers() == list(range(42, 62))
    Select(driver.find_element(By.ID, "filter-section")).select_by_value("")  # type: ignore[attr-defined]
    search = driver.find_element(By.ID, "filter-search")  # type: ignore[attr-defined]
    search.send_keys("梅特兰")
    assert visible_numbers() == [4]
