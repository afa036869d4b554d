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
    assert "Maßnahmen" in text and encoding == "windows-1252"


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
