"""Region oversight URLs (/region/, issue 6), for the URL × persona matrix (see __init__)."""

from tests.matrix import OtherURL  # noqa: F401

URLS = {}
