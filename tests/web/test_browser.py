"""The dashboard in a real headless Chromium (Debian's chromium and chromedriver)."""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from frenemy.web.app import ServeOptions, create_app

from ..conftest import ROOT, free_port
from .test_app import PAYLOAD_TEXT, PAYLOAD_TITLE, TOKEN

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
SCREENSHOTS = Path(os.environ.get("FRENEMY_SCREENSHOTS", ROOT / "build" / "screenshots"))


def live_server(options: ServeOptions) -> Iterator[str]:
    """The app served by uvicorn on 127.0.0.1 in a thread, as `frenemy serve` does."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(options), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        if os.environ.get("CI"):
            pytest.fail("chromium and chromium-driver must be installed on CI (.ci/run)")
        pytest.skip("Debian's chromium and chromium-driver are not installed")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--window-size=1300,1400"):
        options.add_argument(argument)
    # The driver is given: Selenium Manager never looks for (or downloads) one.
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def site(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = tmp_path_factory.mktemp("web") / "demo.duckdb"
    shutil.copy(demo_db, path)
    yield from live_server(ServeOptions(db=path, token=TOKEN))


def wait_for(condition: Any, timeout: float = 20.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_dyad_page_chart_and_event_sentence(browser: Any, site: str):
    from selenium.webdriver.common.by import By

    browser.get(f"{site}/dyad/IRN/AZE")
    chart = browser.find_element(By.CSS_SELECTOR, ".chart-box svg.timeline")
    assert chart.size["width"] > 300 and chart.size["height"] > 100
    bars = chart.find_elements(By.CSS_SELECTOR, "rect.bar")
    assert bars and all(float(bar.get_attribute("height")) > 0 for bar in bars)
    assert chart.find_elements(By.CSS_SELECTOR, "path.score")
    forecast = browser.find_element(By.CSS_SELECTOR, "#forecast .horizon[data-horizon='3m']")
    wait_for(lambda: "%" in forecast.text)
    assert forecast.text.startswith("within 3m: ")
    browser.save_screenshot(str(SCREENSHOTS / "dyad-IRN-AZE.png"))

    rows = browser.find_elements(By.CSS_SELECTOR, "tr.event")
    assert rows
    rows[1].click()
    panel = browser.find_element(By.ID, "event-panel")
    wait_for(lambda: panel.is_displayed() and panel.find_elements(By.CSS_SELECTOR, "mark"))
    trigger = panel.find_element(By.CSS_SELECTOR, "mark.trigger")
    trigger_text = trigger.text
    assert trigger_text and trigger.value_of_css_property("background-color") not in (
        "rgba(0, 0, 0, 0)", "transparent")
    assert panel.find_elements(By.CSS_SELECTOR, "mark.source")
    browser.save_screenshot(str(SCREENSHOTS / "dyad-event-sentence.png"))

    panel.find_element(By.CSS_SELECTOR, "a.open-article").click()
    selected = wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, ".sentence.selected"))
    assert selected[0].find_element(By.CSS_SELECTOR, "mark.trigger").text == trigger_text
    browser.save_screenshot(str(SCREENSHOTS / "document-sentence.png"))


def test_choosing_a_period_on_the_chart_filters_the_page(browser: Any, site: str):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    browser.get(f"{site}/dyad/IRN/AZE")
    total = int(browser.find_element(By.CSS_SELECTOR, "p.count").text.split()[0])
    periods = [p for p in browser.find_elements(By.CSS_SELECTOR, "svg.timeline a.period")
               if p.find_elements(By.CSS_SELECTOR, "rect.bar")]
    first, last = periods[0], periods[2]
    since, until = first.get_attribute("data-since"), last.get_attribute("data-until")
    # Drag from one bar to another: the page reloads for that range.
    ActionChains(browser).click_and_hold(first.find_element(By.CSS_SELECTOR, "rect.hit")) \
        .move_to_element(last.find_element(By.CSS_SELECTOR, "rect.hit")).release().perform()
    wait_for(lambda: f"since={since}" in browser.current_url)
    assert f"until={until}" in browser.current_url
    shown = int(browser.find_element(By.CSS_SELECTOR, "p.count").text.split()[0])
    assert 0 < shown < total
    dates = [row.find_element(By.CSS_SELECTOR, "td").text
             for row in browser.find_elements(By.CSS_SELECTOR, "tr.event")]
    assert dates and all(since <= d <= until for d in dates)
    assert browser.find_elements(By.CSS_SELECTOR, "svg.timeline a.period.selected")
    browser.save_screenshot(str(SCREENSHOTS / "dyad-selected-period.png"))


def test_pages_render_offline(browser: Any, site: str):
    from selenium.webdriver.common.by import By

    for page, selector in (("/", "svg.timeline"), ("/network", "svg.network circle.node"),
                           ("/alerts", "table.alerts"), ("/events", "tr.event"),
                           ("/actor/AZE", "tr.event"), ("/search?q=Tehran", "tr.event"),
                           ("/docs", "section.endpoint")):
        browser.get(site + page)
        assert browser.find_elements(By.CSS_SELECTOR, selector), page
        # Every resource came from the app itself.
        sources = browser.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name)")
        assert all(s.startswith(site) for s in sources), sources
    browser.save_screenshot(str(SCREENSHOTS / "docs.png"))
    browser.get(site + "/network")
    browser.save_screenshot(str(SCREENSHOTS / "network.png"))


def test_article_payloads_never_run(browser: Any, site: str):
    import httpx
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    response = httpx.post(f"{site}/api/ingest", headers={"Authorization": f"Bearer {TOKEN}"},
                          data={"text": PAYLOAD_TEXT, "title": PAYLOAD_TITLE,
                                "date": "2023-02-01"}, timeout=120)
    assert response.status_code == 200, response.text
    doc_id = response.json()["doc_ids"][0]
    for page in (f"/document/{doc_id}", "/search?q=script", "/events?q=spying"):
        browser.get(site + page)
        time.sleep(0.3)
        assert browser.execute_script("return window.__pwned") is None, page
        with pytest.raises(NoAlertPresentException):
            browser.switch_to.alert.text  # noqa: B018
    # The payloads are shown as text, where a reader can see them.
    browser.get(f"{site}/document/{doc_id}")
    article = browser.find_element(By.CSS_SELECTOR, "article.document").text
    assert "<script>" in article and "onerror=" in article
    browser.find_element(By.TAG_NAME, "h1").click()
    links = browser.find_elements(By.CSS_SELECTOR, "article a")
    assert not links
    browser.save_screenshot(str(SCREENSHOTS / "payload-article.png"))


def test_ingest_page_posts_with_the_token(browser: Any, site: str):
    from selenium.webdriver.common.by import By

    browser.get(f"{site}/ingest")
    browser.find_element(By.NAME, "token").send_keys(TOKEN)
    browser.find_element(By.NAME, "title").send_keys("Talks in Ankara")
    browser.find_element(By.NAME, "text").send_keys(
        "Turkey and Azerbaijan signed a defence agreement in Ankara on Tuesday.")
    browser.find_element(By.CSS_SELECTOR, "form#ingest-form button").click()
    result = browser.find_element(By.ID, "ingest-result")
    wait_for(lambda: "documents added" in result.text, timeout=120)
    assert result.text.startswith("1 documents added")
    link = result.find_element(By.CSS_SELECTOR, "a")
    link.click()
    wait_for(lambda: "Talks in Ankara" in browser.find_element(By.TAG_NAME, "h1").text)
