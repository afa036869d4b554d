"""Copies: wire copy cut and updated is still one text; independent reports sharing a quote are not."""

from __future__ import annotations

from reportedly.ledger.copies import canonical_url, copy_groups, wire_agencies
from reportedly.model import Article, Credit, Paragraph

WIRE = (
    "A small plane crashed on Sunday in the mountains of northwest Costa Rica, killing all twelve people on board, "
    "officials said. The aircraft had left the capital in the morning and was flying to a beach resort when it went "
    "down shortly after takeoff in a wooded area near the town of Punta Islita. Rescue teams reached the site by the "
    "afternoon and found no survivors among the passengers and crew. Ten of the victims were foreign tourists on a "
    "family holiday and two were local pilots employed by the charter company. The civil aviation authority said "
    "investigators were looking into possible causes, including the strong winds reported in the region that day. "
    "The president declared a day of mourning and sent condolences to the families of everyone who died."
)


def _words(n: int, seed: str) -> str:
    return " ".join(f"{seed}{i}" for i in range(n))


def test_a_cut_and_updated_wire_version_is_a_copy_and_a_rewrite_is_not():
    updated = WIRE.replace("twelve", "12").replace("Sunday", "Sunday afternoon") + " Officials named the pilots on Monday."
    cut = " ".join(WIRE.split(". ")[:3]) + "."
    rewrite = ("Costa Rican authorities are investigating a deadly air accident. According to the civil aviation "
               "authority, investigators were looking into possible causes. " + _words(120, "own"))
    assert copy_groups([WIRE, updated, cut, rewrite]) == [0, 0, 0, 1]


def test_boilerplate_shared_by_one_sites_articles_does_not_make_them_copies():
    footer = ("Sign up for our daily newsletter to get the best stories delivered to your inbox every morning for free. "
              "We use cookies to improve your experience on our website and to show you relevant advertising. By "
              "continuing to browse you agree to our use of cookies as described in our privacy policy and terms.")
    texts = [_words(40, seed) + " " + footer for seed in ("a", "b", "c")]
    assert copy_groups(texts, ["example.com"] * 3) == [0, 1, 2]
    assert copy_groups(texts) == [0, 0, 0]  # without the sites the shared footer is all they have in common


def test_versions_of_one_url_are_copies_whatever_changed():
    urls = ["https://news.example/story?utm_term=a", "https://news.example/story?utm_term=b", "https://news.example/other"]
    assert copy_groups([_words(60, "x"), _words(60, "y"), _words(60, "z")], urls=urls) == [0, 0, 1]


def test_query_parameters_that_choose_the_page_keep_pages_apart_trackers_do_not():
    urls = ["https://www.example.com/article.php?id=123", "https://www.example.com/article.php?id=456",
            "http://www.example.com/article.php?utm_source=feed&id=123&fbclid=x#comments",
            "https://www.example.com/article.php?id=456&utm_campaign=b"]
    assert copy_groups([_words(60, seed) for seed in "wxyz"], urls=urls) == [0, 1, 0, 1]
    assert canonical_url("https://[::1/broken") is None  # a URL that cannot be parsed is no key, not a crash


def test_wire_copy_is_what_an_agency_credit_or_dateline_marks_not_a_photo_credit():
    dateline = Article(text="", paragraphs=[Paragraph(start=0, end=10, text="Kiew (dpa) - Die Ukraine meldet ..."),
                                            Paragraph(start=11, end=20, text="Mehr in Kürze.")])
    photo = Article(text="", paragraphs=[Paragraph(start=0, end=10, text="The app was removed. Dado Ruvic/Reuters")],
                    credits=[Credit(text="Dado Ruvic/Reuters", role="photo")], agencies=["Reuters"])
    credited = Article(text="", credits=[Credit(text="AFP", role="agency")])
    assert wire_agencies(dateline) == ["dpa"]
    assert wire_agencies(photo) == []
    assert wire_agencies(credited) == ["AFP"]
