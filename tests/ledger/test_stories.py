"""Stories: articles about one event land together, about another apart."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reportedly.ledger.similarity import Meaning, cluster, cluster_texts, similarities, stems
from reportedly.ledger.stories import story_labels

CRASH = ["A small plane crashed in Costa Rica, killing twelve people including ten American tourists.",
         "Costa Rica plane crash: the twelve victims included ten tourists from the United States.",
         "Investigators in Costa Rica look for the cause of the plane crash that killed twelve."]
GORILLA = ["A gorilla was shot at the Cincinnati zoo after a boy fell into its enclosure.",
           "The Cincinnati zoo defended shooting the gorilla Harambe to save the boy who fell in."]


def test_articles_about_one_event_share_a_story():
    labels = story_labels(CRASH + GORILLA)
    assert labels[:3] == [0, 0, 0] and labels[3] == labels[4] != 0


GERMAN = ["In Costa Rica ist ein Kleinflugzeug abgestürzt: Zwölf Menschen starben, unter ihnen zehn Urlauber aus den USA.",
          "Im Zoo von Cincinnati wurde ein Gorilla erschossen, nachdem ein Junge in sein Gehege gefallen war."]


def test_reports_in_two_languages_share_a_story_by_meaning():
    texts = CRASH + GORILLA + GERMAN
    assert story_labels(texts)[5] not in story_labels(texts)[:5]  # the words alone: "Costa Rica" is not enough
    labels = story_labels(texts, ["en"] * 5 + ["de"] * 2)
    assert labels[5] == labels[0] and labels[6] == labels[3] != labels[0]


def test_degenerate_inputs():
    assert story_labels([]) == [] and story_labels(["one"]) == [0]
    assert similarities(["", ""]).shape == (2, 2)  # no words at all is no error


def test_stems_keep_inflected_forms_together():
    assert stems("Zusammenstöße") == stems("Zusammenstoß") and stems("clashes") == stems("clashed")
    assert stems("und der Krieg") == stems("the war and the Krieg")[-1:]  # function words of both languages go


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["crash", "plane", "gorilla", "zoo", "vote", "senate", "storm", "flood",
                                          "troops", "kursk", "apple", "telegram"]), min_size=0, max_size=6),
                min_size=0, max_size=25),
       st.sampled_from([0.05, 0.14, 0.3]))
def test_blockwise_clustering_equals_clustering_the_full_matrix(words, threshold):
    texts = [" ".join(w) for w in words]
    assert cluster_texts(texts, threshold) == (cluster(similarities(texts), threshold) if texts else [])


@settings(max_examples=20, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["plane crash in Costa Rica", "Flugzeugabsturz in Costa Rica", "gorilla shot",
                                           "Gorilla im Zoo erschossen", "Wahl im Senat", "senate vote"]),
                          st.sampled_from(["de", "en"])), min_size=2, max_size=12))
def test_blockwise_clustering_across_languages_equals_the_full_matrix(items):
    texts, languages = [t for t, _ in items], [lang for _, lang in items]
    meaning = Meaning.of(texts, languages, 0.45)
    full = similarities(texts) if meaning is None else meaning.apply(similarities(texts), slice(None), slice(None))
    assert cluster_texts(texts, 0.14, languages, 0.45) == cluster(full, 0.14)
