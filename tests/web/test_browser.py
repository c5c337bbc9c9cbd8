"""The web app in a real browser: Debian's Chromium driven by Playwright (no browser is
downloaded). An analyst's path through the demo knowledge base, screenshots kept under
test-artifacts/screenshots. Without Chromium the tests skip, except in CI, where they fail."""
from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from crosswire.web.server import running

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@pytest.fixture
def browser_page() -> Iterator[object]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        if os.environ.get("CI"):
            pytest.fail("CI needs Chromium for the browser tests (.ci/run installs Debian's `chromium`)")
        pytest.skip("no system Chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1366, "height": 800})
        page.set_default_timeout(20_000)
        yield page
        browser.close()


def _shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_an_analyst_walks_from_a_search_to_the_words_behind_each_fact(demo_db, browser_page):
    page = browser_page
    with running(str(demo_db)) as base:
        page.goto(base + "/")
        page.get_by_role("searchbox", name="Search articles").fill("Azrel")
        page.keyboard.press("Enter")
        page.wait_for_url("**/search?q=Azrel")
        assert page.locator("ol.results mark").count() >= 4
        page.keyboard.press("j")                          # keyboard: the first result is chosen and focused
        assert page.locator("ol.results > li.selected").count() == 1
        _shot(page, "search")
        page.keyboard.press("Enter")
        page.wait_for_url("**/documents/*")
        assert page.locator(".text a.entity").count() >= 3
        _shot(page, "document")
        entity = page.locator(".text a.entity.organization").first
        name = entity.get_attribute("title")
        entity.click()
        page.wait_for_url("**/actors/**")
        assert page.locator("h1").inner_text() == name
        assert page.locator("svg.network a.node").count() >= 2
        _shot(page, "actor")
        page.go_back()
        page.locator("a", has_text="compare").first.click()
        page.wait_for_url("**/compare?**")
        assert page.locator("table.compare tr.aligned").count() >= 3
        _shot(page, "compare")
        page.get_by_role("link", name="Events").click()
        assert page.locator("svg.map path.country").count() > 10
        assert page.locator("section#timeline").is_visible()
        _shot(page, "events-map")
        page.get_by_role("link", name="Network").click()
        assert page.locator("svg.network line").count() >= 3
        page.locator("svg.network a").first.click()
        page.wait_for_url("**/network/edge?**")
        assert page.locator("ul.evidence blockquote").count() >= 1
        _shot(page, "network-edge")


def test_an_alias_added_in_the_browser_is_there_after_a_rerun(demo_db, cli, browser_page):
    page = browser_page
    with running(str(demo_db)) as base:
        page.goto(base + "/actors")
        page.locator("table a", has_text="Sahil Brigades").first.click()
        page.wait_for_url("**/actors/**")
        actor = page.url
        page.get_by_label("Add a name").fill("Kata'ib al-Sahil")
        page.get_by_label("language").fill("en")
        page.get_by_role("button", name="Add name").click()
        page.wait_for_url(actor)
        assert "Kata'ib al-Sahil" in page.locator("p.meta", has_text="Knowledge-base names").inner_text()
        assert cli("analyze").exit_code == 0             # the KB changed: mentions are resolved again
        page.reload()
        assert "Kata'ib al-Sahil" in page.locator("p.meta", has_text="Knowledge-base names").inner_text()
        assert "Sahil Brigades" in page.locator("table.names").inner_text()
        _shot(page, "alias-after-rerun")
