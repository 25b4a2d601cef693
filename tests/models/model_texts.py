"""Dutch care/welfare texts for the models tests: QUERIES[i] is answered by PASSAGES[i]."""

PASSAGES = [
    "Een bewoner van het woonzorgcentrum trekt zich terug sinds zijn vrouw overleed.",
    "Mevrouw De Vries (84) heeft sinds vorige week minder eetlust en drinkt te weinig; "
    "de thuisverpleging houdt nu een vochtlijst bij.",
    "De jeugdhulpverlener bespreekt met de ouders hoe zij de dagstructuur van hun zoon "
    "kunnen verbeteren.",
    "Na een val in de badkamer is er een valrisicoanalyse gedaan en zijn er "
    "antislipmatten geplaatst.",
    "De mantelzorger geeft aan overbelast te zijn en vraagt om respijtzorg in het weekend.",
]
QUERIES = [
    "eenzaamheid na het overlijden van een partner",
    "ouderen die te weinig drinken",
    "opvoedingsondersteuning voor ouders",
    "valpreventie in huis",
    "overbelaste mantelzorger",
]
