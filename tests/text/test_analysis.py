from text import Analysis, analyze, fold, split_compound, terms_of


def test_compounds_are_split_into_known_parts():
    assert split_compound("woonzorgcentrum") == ("woon", "zorgcentrum", "zorg", "centrum")
    assert split_compound("buurtrestaurant") == ("buurt", "restaurant")
    assert split_compound("ontmoetingsruimte") == ("ontmoeting", "ruimte")  # linking -s-
    assert split_compound("keukentafelgesprek") == ("keuken", "tafelgesprek", "tafel", "gesprek")


def test_non_compounds_stay_whole():
    for word in ("vergadering", "eenzaamheid", "bewoner", "samenwerking", "zorg"):
        assert split_compound(word) == ()


def test_index_terms_are_lemmas_without_stop_words_and_queries_drop_the_question_frame():
    terms = analyze("De bewoners van het woonzorgcentrum gingen naar het buurtrestaurant.")
    assert {"bewoner", "woonzorgcentrum", "buurtrestaurant"} <= set(terms)
    assert "de" not in terms and "het" not in terms and "zorg" not in terms  # no compound parts by default
    assert analyze("Wie heeft ervaring met het buurtrestaurant?", for_query=True) == ["buurtrestaurant"]


def test_compound_parts_and_stems_are_options():
    from models import get_nlp

    doc = get_nlp()("De vrijwilligers van het woonzorgcentrum.")
    assert {"zorg", "centrum"} <= set(terms_of(doc, False, Analysis(compounds=True)))
    assert "vrijwil" in terms_of(doc, False, Analysis(stems=True))


def test_parts_of_mixed_tokens_are_terms():
    terms = analyze("Wanneer bereik ik de AOW-leeftijd? Stuur een e-mail.")
    assert {"aow", "leeftijd", "mail"} <= set(terms)
    assert "mag" in analyze("Mag ik hier parkeren?", for_query=True)  # not a stop word here


def test_fold_removes_case_and_diacritics():
    assert fold("Ideeën") == "ideeen" and fold("Één") == "een"
