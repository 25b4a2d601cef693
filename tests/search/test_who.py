""""Wie nog?" ranks people by the experience they had with the subject (search._who), on
sentences written for these tests, not taken from the evaluation sets."""
from search import Hit, Passage, Weighing, people_from_hits
from store import Author

REPORT = ("## Casus van Marjolein\n\nMarjolein vertelde over een buurvrouw die haar post niet meer opent."
          " Tobias zei dat de schuldhulp eerst een overzicht van de brieven vraagt.")
LIST = "Aanwezig: Marjolein Staal, Tobias Wester, Gerda Pool, Ruud Hoorn.\nVerslag: Ruud"


def _hit(doc_id: str, score: float, authors: list[Author], *texts: str) -> Hit:
    passages = [Passage(f"{doc_id}#{i}", i, text, 0, len(text), None, score) for i, text in enumerate(texts)]
    return Hit(doc_id, None, "sessieverslag", None, None, None, None, authors, None, score, passages)


def _report(score: float = 1.0, *texts: str) -> Hit:
    return _hit("verslag.md", score, [Author("Marjolein Staal", role="inbreng"), Author("Tobias Wester", role="deelnemer"),
                                      Author("Gerda Pool", role="deelnemer"), Author("Ruud Hoorn", role="verslag")],
                *(texts or (LIST, REPORT)))


def test_a_note_taker_ranks_below_who_brought_the_case():
    names = [p.name for p in people_from_hits([_report()])]
    assert names.index("Marjolein Staal") < names.index("Ruud Hoorn")
    assert names[0] == "Marjolein Staal"


def test_typing_many_reports_does_not_outweigh_having_had_the_case():
    reports = [_hit(f"verslag-{i}.md", 1.0 - i / 100, [Author("Ruud Hoorn", role="verslag")], REPORT) for i in range(9)]
    case = _hit("casus.md", 0.9, [Author("Marjolein Staal", role="inbreng")], REPORT)
    names = [p.name for p in people_from_hits([*reports, case])]
    assert names == ["Marjolein Staal", "Ruud Hoorn"]


def test_a_participant_the_matching_passage_names_ranks_above_silent_participants():
    # Gerda sorts before Tobias by name: only what the passage says puts Tobias first
    names = [p.name for p in people_from_hits([_report()])]
    assert names.index("Tobias Wester") < names.index("Gerda Pool")
    assert names[0] == "Marjolein Staal"


def test_an_attendance_list_does_not_name_anyone_as_having_spoken():
    people = {p.name: p.score for p in people_from_hits([_report(1.0, LIST)])}
    assert people["Tobias Wester"] == people["Gerda Pool"]
    assert people["Ruud Hoorn"] < people["Gerda Pool"]


def test_a_given_name_two_people_share_names_neither():
    hit = _hit("verslag.md", 1.0, [Author("Marjolein Staal", role="inbreng"), Author("Tobias Wester", role="deelnemer"),
                                   Author("Tobias Mertens", role="deelnemer")], REPORT)
    people = {p.name: p.score for p in people_from_hits([hit])}
    assert people["Tobias Wester"] == people["Tobias Mertens"]


def test_a_case_far_down_the_ranking_counts_less_than_its_score_alone_says():
    hits = [_hit(f"casus-{i}.md", 1.0 - i / 300, [Author(f"Persoon {i}", role="inbreng")], "Een casus.")
            for i in range(10)]
    scores = {p.name: p.score for p in people_from_hits(hits)}
    assert scores["Persoon 9"] < 0.5 * scores["Persoon 0"]
    assert list(scores) == [f"Persoon {i}" for i in range(10)]


def test_the_weighing_can_be_set_back_to_score_alone():
    hits = [_hit(f"casus-{i}.md", 1.0 - i / 300, [Author(f"Persoon {i}", role="inbreng")], "Een casus.")
            for i in range(10)]
    flat = Weighing(decay=0.0, mentioned=0.0)
    assert [p.score for p in people_from_hits(hits, weighing=flat)] == [round(1.0 - i / 300, 4) for i in range(10)]
