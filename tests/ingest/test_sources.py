import hashlib

import pytest

from reportedly.errors import InputError
from reportedly.ingest.sources import expand, read


def test_expand_folder_in_name_order(tmp_path):
    for name in ("b.html", "a.txt", ".hidden"):
        (tmp_path / name).write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt").write_text("x")
    assert [p.split("/")[-1] for p in expand([str(tmp_path)])] == ["a.txt", "b.html", "c.txt"]


def test_expand_keeps_urls_stdin_and_missing_paths():
    assert list(expand(["-", "https://example.org/a", "missing.txt"])) == ["-", "https://example.org/a", "missing.txt"]


def test_read_missing_file_names_it():
    with pytest.raises(InputError, match=r"^nope\.html: no such file"):
        read("nope.html", max_bytes=100, timeout=1)


def test_read_refuses_oversized_file_before_reading(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 1001)
    with pytest.raises(InputError, match="over the 1,000-byte limit"):
        read(str(big), max_bytes=1000, timeout=1)


def test_read_keeps_raw_bytes_and_hash(tmp_path):
    page = tmp_path / "p.txt"
    page.write_bytes(b"caf\xe9")
    raw = read(str(page), max_bytes=100, timeout=1)
    assert raw.content == b"caf\xe9"
    assert raw.sha256 == hashlib.sha256(b"caf\xe9").hexdigest()
