import pytest

from reportedly.errors import InputError
from reportedly.ingest.decode import decode, detect_kind

GERMAN = "Die Bürger äußerten Bedenken über die Maßnahmen der Regierung in München und Köln. " * 5


def test_decode_latin1_without_declaration_keeps_umlauts():
    text, _ = decode("page.txt", GERMAN.encode("latin-1"))
    assert text == GERMAN


def test_decode_honours_meta_charset():
    html = f'<html><head><meta charset="windows-1252"></head><body><p>{GERMAN}</p></body></html>'
    text, encoding = decode("page.html", html.encode("cp1252"))
    assert "Maßnahmen" in text and encoding == "cp1252"  # the codec the label names (WHATWG)


def test_decode_utf8_with_bom():
    text, _ = decode("page.txt", "\ufeff".encode() + GERMAN.encode("utf-8"))
    assert text.startswith("Die Bürger")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"   \n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"%PDF-1.7\n", "PDF"),
        (b"\x00\x01\x02\x03" * 100, "binary"),
    ],
)
def test_decode_refuses_empty_and_binary(content, reason):
    with pytest.raises(InputError, match=reason):
        decode("x.html", content)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("<!DOCTYPE html><html><body><p>Hallo</p></body></html>", "html"),
        ("<html lang='de'><head><title>x</title></head>", "html"),
        ("<div><p>Ein Absatz</p></div>", "html"),
        ("Zum Inhalt springen\nUkrainische Quellen sagten <nicht> viel.", "text"),
        ("Plain text about a < b and c > d.", "text"),
    ],
)
def test_detect_kind_reads_content_not_name(text, kind):
    assert detect_kind(text) == kind


# --- labels read as browsers read them (WHATWG), clean code points ------------------------------

WINDOWS_1252 = "„Wir zahlen“ – sagte er – „5 € pro Kopf“ … und so weiter in München."


@pytest.mark.parametrize("label", ["iso-8859-1", "latin1", "ascii", "ISO-8859-1", "us-ascii"])
def test_decode_reads_latin1_and_ascii_labels_as_windows_1252(label):
    content = f'<html><head><meta charset="{label}"></head><body><p>{WINDOWS_1252}</p></body></html>'.encode("cp1252")
    text, encoding = decode("page.html", content)
    assert WINDOWS_1252 in text and encoding == "cp1252"
    assert not any("\x80" <= ch <= "\x9f" for ch in text)  # no C1 control characters
    text, _ = decode("page.txt", WINDOWS_1252.encode("cp1252") * 3, declared=label)  # the HTTP header's label
    assert text == WINDOWS_1252 * 3


def test_decode_skips_an_unknown_label():
    text, encoding = decode("page.txt", GERMAN.encode("utf-8"), declared="x-no-such-charset")
    assert text == GERMAN and encoding == "utf-8"


def test_clean_text_replaces_what_is_not_text_one_for_one():
    from reportedly.ingest.decode import clean_text

    dirty = "A\ud800B\udc00C\x00D\x07E\ufffeF\tG\nH\r\x0cI"
    cleaned = clean_text(dirty)
    assert cleaned == "A\ufffdB\ufffdC\ufffdD\ufffdE\ufffdF\tG\nH\r\x0cI"
    assert len(cleaned) == len(dirty)
    cleaned.encode("utf-8")  # what the tokenizer and the JSON output need


def test_decode_utf16_bom_text_is_clean():
    text, _ = decode("page.txt", "\ufeff".encode("utf-16-le") + (GERMAN + "\x01").encode("utf-16-le"))
    text.encode("utf-8")
    assert "\x01" not in text


def test_a_large_undeclared_page_is_guessed_in_bounded_memory():
    """Found by bench/fuzz.py (seed 3923964964859208968): charset-normalizer decodes the whole input
    once per encoding it weighs (a 6 MB page: 1.7 s, a worker from 530 to 930 MB). Over GUESS_BYTES
    it weighs the first bytes only and the whole is decoded once: here 115 MB before, 46 MB now."""
    import subprocess
    import sys

    script = (
        "import random, resource; from reportedly.ingest.decode import decode\n"
        "rng = random.Random(1); line = 'Die Buerger aeusserten Bedenken ueber die Massnahmen. ' * 2\n"
        "content = b'\\n'.join(line[: rng.randrange(50, 100)].encode() + bytes([rng.randrange(128, 256)])"
        " for _ in range(60_000))\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "text, _ = decode('page.txt', content)\n"
        "assert text.count('\\n') == 59_999 and text.startswith('Die Buerger')\n"
        "print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)\n"
    )
    grown_mb = int(subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout)
    assert grown_mb < 80


def test_a_declared_page_with_a_broken_byte_is_read_as_declared():
    """Found by bench/fuzz.py (seed 3923964964859208968): a UTF-8 page, so declared, with one broken
    byte was guessed anew and came out as cp775, every umlaut garbled. A browser reads it as declared
    with one U+FFFD; so does reportedly, where the broken bytes are few."""
    body = f"<p>{GERMAN}</p>" * 40
    html = f'<html><head><meta charset="utf-8"></head><body>{body}</body></html>'.encode()
    broken = html[:500] + b"\xed" + html[500:]
    text, encoding = decode("page.html", broken)
    assert encoding == "utf-8" and text.count("Maßnahmen") == 200 and text.count("\ufffd") == 1
    garbled = "Die Bürger äußerten Bedenken. ".encode("cp1252") * 400  # not UTF-8 at all: guessed, not forced
    text, _ = decode("page.txt", b'<meta charset="utf-8">' + garbled)
    assert "äußerten" in text
