"""The web page in a real browser: Debian's chromium, headless, driven by Selenium through chromium-driver,
against the API served by uvicorn on a real port, with a real local webhook as the channel.

``scripts/browser`` (run by ``scripts/test``) installs chromium and chromium-driver when they are missing;
without them this test is skipped, saying so.
"""

from __future__ import annotations

import asyncio
import re
import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from tocsin_notify._story_model import Report
from tocsin_notify._story_store import StoryStore
from tocsin_notify._web_queries import feedback_lines
from tocsin_notify.testing import WebhookSink, sample_event, webhook_sink

pytestmark = pytest.mark.slow


def _programs() -> tuple[str, str] | None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


@pytest.fixture
def chromium() -> Iterator[WebDriver]:
    found = _programs()
    if found is None:
        pytest.skip(
            "no chromium and chromedriver here: run scripts/browser (Debian's chromium, chromium-driver)"
        )
    options = Options()
    options.binary_location = found[0]
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=412,915"):
        options.add_argument(argument)  # a phone's width: the page must work there
    driver = webdriver.Chrome(service=Service(executable_path=found[1]), options=options)
    driver.implicitly_wait(5)
    try:
        yield driver
    finally:
        driver.quit()


def _go(driver: WebDriver, by: str, what: str) -> None:
    """Click what leads to another page and wait until that page is there (loaded to the end)."""
    page = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(by, what).click()

    def left(_: WebDriver) -> bool:
        """Whether the old page is gone. Chromium may say so as "does not belong to the document" when the
        check lands while the page is being replaced, rather than as a stale element."""
        try:
            return bool(expected_conditions.staleness_of(page)(driver))
        except WebDriverException as exc:
            if "does not belong to the document" in str(exc):
                return True
            raise

    WebDriverWait(driver, 20).until(left)
    WebDriverWait(driver, 20).until(lambda d: d.execute_script("return document.readyState") == "complete")


DISCORD = "discord://123456789012345678/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcdefghij"
LONG_TITLE = "Belarus frees 31 political prisoners, including rights defenders and journalists"
LONG_TEXT = (
    "VILNIUS, March 5 (Wire) - Belarus freed 31 political prisoners on Thursday, the exiled opposition said. "
    + " ".join(
        f"Prisoner number {n}, a teacher from Hrodna who had been held in a penal colony for more than three "
        "years on charges of insulting the president, was among those driven to the Lithuanian border."
        for n in range(1, 31)
    )
)


def _visit(driver: WebDriver, base: str, token: str, sink: WebhookSink) -> dict[str, Any]:
    """What a person does, step by step; what the pages said, for the test to check."""
    seen: dict[str, Any] = {}
    driver.get(f"{base}/")
    driver.find_element(By.ID, "token").send_keys(token)
    _go(driver, By.CSS_SELECTOR, "main button[type=submit]")
    _go(driver, By.LINK_TEXT, "New subscription")

    driver.find_element(By.ID, "name").send_keys("Belarus desk")
    driver.find_element(By.ID, "channels").send_keys(sink.apprise_url() + "\n" + DISCORD)
    driver.find_element(By.CSS_SELECTOR, "input[name=event_types][value=prisoner_release]").click()
    driver.find_element(By.ID, "country-1").send_keys("Belarus (BY)")
    driver.find_element(By.CSS_SELECTOR, "input[name=delivery][value=daily]").click()
    digest_at = driver.find_element(By.ID, "digest_at")  # a time input: typing depends on the locale
    driver.execute_script("arguments[0].value = '08:00'", digest_at)
    zone = driver.find_element(By.ID, "timezone")
    zone.clear()
    zone.send_keys("Europe/Berlin")
    _go(driver, By.XPATH, "//button[text()='Create']")
    seen["title"] = driver.find_element(By.TAG_NAME, "h1").text
    seen["summary"] = driver.find_element(By.TAG_NAME, "main").text
    seen["delivery"] = driver.find_element(By.ID, "delivery").text

    _go(driver, By.XPATH, "(//button[text()='Send a test alert'])[1]")
    seen["test"] = driver.find_element(By.ID, "test-result").text
    seen["arrived"] = len(sink.received)
    seen["sent"] = driver.find_element(By.CSS_SELECTOR, "table[aria-labelledby=sent]").text

    driver.find_element(By.TAG_NAME, "summary").click()
    _go(driver, By.XPATH, "//button[text()='Preview']")
    seen["preview"] = driver.find_element(By.ID, "preview").text
    # the Discord channel (the second): a long article, as Discord would show it
    driver.find_elements(By.TAG_NAME, "summary")[1].click()
    driver.find_element(By.ID, "title-1").send_keys(LONG_TITLE)
    driver.find_element(By.ID, "text-1").send_keys(LONG_TEXT)
    _go(driver, By.XPATH, "(//button[text()='Preview'])[2]")
    seen["discord"] = driver.find_element(By.ID, "preview").text

    _go(driver, By.XPATH, "//button[text()='Pause']")
    seen["state"] = driver.find_element(By.ID, "state").text

    _go(driver, By.LINK_TEXT, "Events of the past days")
    seen["events"] = driver.find_element(By.TAG_NAME, "main").text
    _go(driver, By.PARTIAL_LINK_TEXT, "Wrong alert?")
    driver.find_element(By.CSS_SELECTOR, "input[name=reason][value=wrong_place]").click()
    driver.find_element(By.ID, "comment").send_keys("the prisoners were freed by Lithuania")
    _go(driver, By.XPATH, "//button[text()='Send']")
    seen["thanks"] = driver.find_element(By.CSS_SELECTOR, "[role=status]").text
    return seen


async def test_a_subscriber_in_a_real_browser(
    chromium: WebDriver, api_url: str, api_token: str, api_runtime: Any
) -> None:
    now = datetime.now(UTC)
    story = sample_event(published_at=now - timedelta(hours=1), occurred_on=date.today())  # noqa: DTZ011
    await StoryStore(api_runtime.store).place([Report.of(story)], now=now)
    async with webhook_sink() as sink:
        # Selenium blocks: it runs in a thread while this loop serves the page and the webhook.
        seen = await asyncio.to_thread(_visit, chromium, api_url, api_token, sink)
        [request] = await sink.wait_for(1)
    assert seen["title"] == "Belarus desk"
    assert "Prisoners released · Belarus" in seen["summary"]
    assert f"json://127.0.0.1:{sink.port}/***: delivered" in seen["test"]
    assert seen["arrived"] == 1
    assert "Tocsin test alert: Belarus desk" in request.json()["message"]
    assert "Test alert" in seen["sent"]
    assert "delivered" in seen["sent"]
    assert "Turkmenistan frees 40 jailed activists" in seen["preview"]
    assert "Belarus frees 31 political prisoners" in seen["discord"]
    lengths = [int(n) for n in re.findall(r"(\d+) of 2000 characters", seen["discord"])]
    assert lengths, seen["discord"]  # Discord's limit, shown
    assert all(n <= 2000 for n in lengths)
    assert len(LONG_TEXT) > 4000  # the article would not fit in one Discord message as written
    assert seen["state"] == "Paused"
    [sub] = await api_runtime.store.list_subscriptions()
    assert (sub.active, sub.countries) == (False, ("BY",))
    assert seen["delivery"] == "a daily digest at 08:00 (Europe/Berlin)"
    assert (sub.delivery, sub.digest_at, sub.timezone) == ("daily", "08:00", "Europe/Berlin")
    assert "Belarus frees 52 political prisoners in US-brokered deal" in seen["events"]
    assert "Thank you: your report on T-" in seen["thanks"]
    [line] = [x async for x in feedback_lines(api_runtime.store)]
    assert '"label": "wrong_place"' in line
    assert "freed by Lithuania" in line
