"""Signing in as a member of staff in a browser test, through the real login page."""

from tests.factories import PASSWORD


def log_in(page, email, password=PASSWORD, next_url=""):
    """Sign in with allauth's form; land on ``next_url`` (or the front page)."""
    page.goto("/konto/login/" + (f"?next={next_url}" if next_url else ""))
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
