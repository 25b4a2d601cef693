from store._analyzer import analyze, fold
from store._compounds import split_compound


def test_compounds_are_split_into_known_parts():
    assert split_compound("woonzorgcentrum") == ("woon", "zorgcentrum", "zorg", "centrum")
    assert split_compound("buurtrestaurant") == ("buurt", "restaurant")
    assert split_compound("ontmoetingsruimte") == ("ontmoeting", "ruimte")  # linking -s-
    assert split_compound("keukentafelgesprek") == ("keuken", "tafelgesprek", "tafel", "gesprek")


def test_non_compounds_stay_whole():
    for word in ("vergadering", "eenzaamheid", "bewoner", "samenwerking", "zorg"):
        assert split_compound(word) == ()


def test_index_terms_have_lemmas_and_parts_but_queries_only_lemmas():
    terms = analyze("De bewoners van het woonzorgcentrum gingen naar het buurtrestaurant.")
    assert {"bewoner", "woonzorgcentrum", "zorg", "buurtrestaurant", "restaurant"} <= set(terms)
    assert "de" not in terms and "het" not in terms
    assert analyze("Wie heeft ervaring met het buurtrestaurant?", for_query=True) == ["buurtrestaurant"]


def test_fold_removes_case_and_diacritics():
    assert fold("Ideeën") == "ideeen" and fold("Één") == "een"
