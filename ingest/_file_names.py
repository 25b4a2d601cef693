"""Client names in a file or folder name, which no sentence surrounds.

The community's rules read a file name as a line of words ('huisbezoek-mevr-Yilmaz.docx'
-> 'huisbezoek mevr Yilmaz') and find a name after a form of address. But a file name is
rarely a sentence: 'foto-Quilclaara.png', 'Quilclaara2024.docx', 'staat in Yilmaz.docx',
'20240312_Zonnevelt_scan.pdf' name a client with no cue at all, and the sentence rules
left them (they read 'in Yilmaz' as a place, or nothing before 'Quilclaara' as a reason).
A file name's words are few and of a known kind: Dutch and English words, document
words ('verslag', 'intervisie', 'casusbespreking'), dates and versions, abbreviations
('img', 'PGN', 'v2'), places and organisations. Every other word is taken for a name:
a listed surname or given name that is no Dutch word, a compound ending like a surname
('Zonnevelt', 'Boschhuizen'), and any word no list knows ('Quilclaara'). A word wrongly
taken costs a less readable id (its initial, with the id's keyed tag); a kept name costs
a client's privacy.
"""
from __future__ import annotations

import regex

from ingest import _lexicon as lx
from ingest import _names as nm

# Letters of one case run, a capital opening a run of lower case ('fotoQuilclaara' ->
# 'foto', 'Quilclaara'); digits, '_', '-', '.', spaces and everything else split words.
_WORD = regex.compile(r"\p{Lu}+(?!\p{Ll})|\p{Lu}?\p{Ll}+|\p{Lt}\p{Ll}*|\p{L}+")
_TOKEN = regex.compile(r"[\p{L}'’]+")

# Endings of Dutch and Flemish surnames built from Dutch words ('Zonnevelt', 'Kleinveld',
# 'Boschhuizen', 'Groenewoud'): a compound with one is a name in a file name (a real
# place is known to the gazetteer first).
SURNAME_ENDINGS = ("veld", "velt", "velde", "huizen", "huis", "huys", "berg", "berghe", "beek", "dijk", "dyk",
                   "horst", "woud", "vliet", "doorn", "kamp", "hout", "donk", "broek", "bosch", "laar", "rode",
                   "hoven", "stra", "sma", "inga", "mans", "man", "kens", "ckx", "gem", "hem", "loo", "wijk",
                   "bergh", "hove")

# Words of file names that no word list holds: what cameras, scanners, phones and
# repositories call files ('IMG_2024', 'DSC0012', 'PXL_...', 'README'), and formats ('json').
FILE_WORDS = frozenset("""img dsc dscn pxl scn scan scans readme eval bijl doc docs pdf jpeg jpg png heic tif tiff
mov mp4 ppt pptx xls xlsx odt ods odp txt rtf eml msg md markdown html htm jsonl docx zip
json xml yaml yml csv tsv sql log bak tmp sqlite db ics vcf wav mp3 m4a ogg
vs versie kopie copy concept def definitief final""".split())

# What Flemish and Dutch surnames glue before a word ('Vandamme', 'Verbeke', 'Terlinden').
SURNAME_HEADS = frozenset("van vande vanden vander ver der den ten ter mac del della".split())

ENGLISH_ZIPF = 3.0   # an English word a file name may hold ('final', 'scan', 'handout')
COMMON_ENGLISH_ZIPF = 4.0   # an English word common enough to outweigh a rare given name
TAIL_ZIPF = 3.0      # the tail of a compound whose head is a word: 'opstart' (3.05)
WORD_SURNAME_ZIPF = 4.0   # a listed surname Dutch uses this often as a word ('deuren')
HEAD_ZIPF = 2.5      # the head of a compound: a word Dutch uses ('respijt', 'nep'; not 'quil', 1.5)
KNOWN_ZIPF = 2.5     # a word Dutch uses this often that no list holds whole ('notulen', 'zorgplan'; 'Verbeke', 2.9, too)


def names_in(line: str, kept: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    """(as written, as stored) for the words of a file or folder name (already without its
    extension) that are taken for names: 'Quilclaara' -> 'Q.', and a name glued to a word
    by its capital with the whole word, 'fotoQuilclaara' -> 'fotoQ.' (a name is replaced
    as a whole word). `kept`: folded words that stay (members' names, the keep list,
    the own and shared communities' names)."""
    found: dict[str, str] = {}
    previous = ""
    tokens = [token for token in _TOKEN.finditer(line) if token.group().strip("'’")]
    for token in tokens:
        whole = token.group().strip("'’")
        after_particle, previous = _particle(previous), whole
        if (after_particle == "lower" or (after_particle == "capital" and not lx.is_dutch_word(whole.lower()))) \
                and _surname_after_particle(whole) and nm.fold(whole) not in kept:
            found.setdefault(whole, nm.initials(whole))   # 'huisbezoek_de_Groot', 'dossier van den Berg'
            continue
        if _known_word(whole) or len(pieces := list(_WORD.finditer(whole))) < 2:
            if _hidden(whole, kept):
                found.setdefault(whole, nm.initials(whole))
            continue
        shown, pos = [], 0
        for piece in pieces:
            if _hidden(piece.group(), kept):
                shown += [whole[pos:piece.start()], nm.initials(piece.group())]
                pos = piece.end()
                found.setdefault(piece.group(), nm.initials(piece.group()))   # wherever else it is written
        if pos:
            found.setdefault(whole, "".join(shown) + whole[pos:])
    for word in _beside_names(line, tokens, found, kept):
        found.setdefault(word, nm.initials(word))
    return list(found.items())


# What may part two words of one name in a file name: a space, '_', '-' or '.', once or twice
# ('Sigtrudis_Wauters', 'sigtrudis - wauters'); a digit or a bracket parts two things.
_NAME_GAP = regex.compile(r"[\s_.\-]{1,3}")


def _beside_names(line: str, tokens: list, found: dict[str, str], kept: frozenset[str]) -> list[str]:
    """The words right before or after a word taken for a name that may be its other part:
    a surname Flemish and Dutch text use so often that wordfreq knows it as a word
    ('Wauters', Zipf 2.85; 'Desmet', 'Wuyts', 'Renard') and no surname list holds, so
    `is_name` keeps it alone. Beside a name it is that name's surname (or given name, in a
    form's order: 'Wauters_Sigtrudis'), as the text's rules take a surname along after a
    given name: 'Casus Sigtrudis Wauters.md' became 'Casus S. Wauters' in the id, the
    audit log and a watched file's document (privacy attack 31). Not a Dutch or common
    English word, a Dutch compound, a place, street, organisation, file word or acronym
    ('Sigtrudis verslag', 'casusbespreking-Boschhuizen', 'Sigtrudis Gent', 'Sigtrudis PGN' keep theirs)."""
    taken = []
    for i, token in enumerate(tokens):
        word = token.group().strip("'’")
        if word in found or not _other_part(word, kept):
            continue
        for j in (i - 1, i + 1):
            if 0 <= j < len(tokens) and tokens[j].group().strip("'’") in found:
                gap = line[min(token.end(), tokens[j].end()):max(token.start(), tokens[j].start())]
                if _NAME_GAP.fullmatch(gap):
                    taken.append(word)
                    break
    return taken


def _other_part(word: str, kept: frozenset[str]) -> bool:
    """Whether a word beside a name in a file name may be that name's other part."""
    lower = word.lower()
    if len(word) < 3 or (word.isupper() and len(word) <= 4) or nm.fold(word) in kept:
        return False
    if lower in FILE_WORDS or lower in SURNAME_HEADS or lower in _PARTICLES or _known_word(word) or nm.is_not_name(word):
        return False
    if lx.is_place(word) or lx.is_street(word) or lx.is_organisation(word) or nm.nationality_word(word):
        return False
    return not (lx.is_compound(word) or _compound(lx.fold(word)) or nm.place_compound(word.capitalize()))


def _hidden(word: str, kept: frozenset[str]) -> bool:
    """A word of a file name taken for a client's name, unless the community keeps it."""
    return nm.fold(word) not in kept and is_name(word)


# Lower-case particles of a surname: after them a capitalised listed surname is a person's
# ('huisbezoek_de_Groot', 'dossier van den Berg'), though 'Groot' and 'Berg' are Dutch words.
_PARTICLES = frozenset("de den der van ter ten vd".split())


def _particle(word: str) -> str:
    """'lower' for a lower-case particle, 'capital' for 'De', 'Van', 'Ter', 'Ten' ('De Vries
    verslag'; then the surname must be no Dutch word: 'De Schakel', 'De Kroon' are venues;
    not 'Den': 'Den Bosch'), else ''."""
    if word in _PARTICLES:
        return "lower"
    return "capital" if word in ("De", "Van", "Ter", "Ten", "VAN", "DE") else ""


def _surname_after_particle(word: str) -> bool:
    return word[:1].isupper() and not word.isupper() and lx.is_surname(word) and nm.fold(word) not in FILE_WORDS


def _known_word(word: str) -> bool:
    return lx.is_dutch_word(word.lower()) or lx.zipf_in(word, "en") >= ENGLISH_ZIPF


def is_name(word: str) -> bool:
    """Whether one word of a file name is taken for a client's name."""
    if len(word) < 3 or (word.isupper() and len(word) <= 4 and lx.first_name_frequency(word) < 5):
        return False   # 'v', 'ok', 'img', 'PGN', 'WZC' (not 'ALI')
    lower = word.lower()
    if lower in FILE_WORDS or lx.is_dutch_word(lower) or nm.is_not_name(word):
        return False   # 'foto', 'verslag', 'staat', 'mei' (a month before a name: 'Roos' stays too)
    if lx.is_place(word) or lx.is_street(word) or lx.is_organisation(word) or nm.nationality_word(word):
        return False
    given, surname = lx.first_name_frequency(word), lx.is_surname(word)  # apart, on purpose (not lx.is_known_name)
    if not surname and given < 3 and lx.zipf_in(word, "en") >= COMMON_ENGLISH_ZIPF:
        return False   # 'justice', 'family' (a rare given name too)
    if surname and not given and (lx.zipf(lower) >= WORD_SURNAME_ZIPF
                                  or (lx.looks_dutch(word) and lx.zipf(lower) >= lx.RARE_ZIPF)):
        return False   # a Dutch form a surname list holds too: 'deuren', 'broertjes' (not 'Peeters', 3.8)
    if surname or given:
        return True
    if lx.zipf_in(word, "en") >= ENGLISH_ZIPF or lx.zipf(lower) >= KNOWN_ZIPF:
        return False
    key = lx.fold(word)
    if key.endswith(SURNAME_ENDINGS):
        return True
    return not (lx.is_compound(word) or lx.looks_dutch(word) or _compound(key) or nm.place_compound(word.capitalize()))


def _compound(key: str) -> bool:
    """A compound of file names' Dutch ('euthanasievraag', 'respijtzorg', 'nepbankmedewerker',
    'heropstart'): it ends in a Dutch word of six letters or more, or in a shorter word after
    a head Dutch uses. Names rarely do ('Zonnevelt', 'Quilbertha', 'Quilmapje')."""
    for i in range(3, len(key) - 3):
        head, tail = key[:i], key[i:]
        if head in SURNAME_HEADS:
            continue   # 'Vandamme', 'Verbeke', 'Vanderlinden': a particle glued to a word is a surname
        if lx.is_dutch_word(tail) or lx.zipf(tail) >= lx.COMPOUND_PART_ZIPF:
            if len(tail) >= 6 or (len(head) >= 3 and lx.zipf(head.removesuffix("s")) >= HEAD_ZIPF):
                return True
        elif len(tail) >= 4 and lx.zipf(tail) >= TAIL_ZIPF and lx.zipf(head) >= HEAD_ZIPF:
            return True   # 'heropstart': 'her' + 'opstart' (a word Dutch uses less often)
    return False
