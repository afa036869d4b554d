"""Shared fixtures. Data from ../shared is read in place; tests that need it skip without it."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SAMPLE = ROOT / "examples" / "kursk-nordkorea.txt"
EXTRACTION_GOLD = SHARED / "eval" / "extraction-de" / "pages.jsonl.gz"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def sample_path() -> Path:
    return SAMPLE


@pytest.fixture(scope="session")
def gold_pages() -> list[dict]:
    if not EXTRACTION_GOLD.exists():
        pytest.skip(f"extraction gold not found at {EXTRACTION_GOLD} (../shared is not checked out beside the repo)")
    from reportedly.eval.extraction import load_pages

    return load_pages(EXTRACTION_GOLD)
