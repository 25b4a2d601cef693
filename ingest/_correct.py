"""A missed client name, corrected: the community's list of known client names
grows, and every stored document of that community that holds the name is
pseudonymised again as ingest now does it (ingest._listed applies the list).

A correction writes a new version through the same stage/publish/purge path as
a re-ingest (new chunks, vectors and lexical rows; the old version's rows, vectors
and cached embeddings removed, and the indexes' files rewritten when the writer
session ends, as a delete does), keeps the document's sharing, and deletes the
uploaded original of every corrected document: it names the client.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from errors import PraktijkgeheugenError
from ingest import _names as nm
from ingest._document import Prepared, _draft, _hash, _in_text, commit, names_elsewhere, tagged
from ingest._edit import written
from ingest._listed import _replace_spans, hide_listed
from ingest._privacy import Privacy, hide_names, is_public, name_pairs, visible_only
from ingest._read import SourceDocument, every_part
from ingest._roles import with_roles
from ingest._watch import relabel_folders
from store import RECORRECTED, Document, Filters, Listed, Store, given_name_spans, recorrection_target
from text import embedding_text

MAX_NAMES = 20        # names in one correction (a form or a command line)
MAX_NAME_CHARS = 100  # one name; longer is no name
MAX_NAME_WORDS = 6    # as store._clients.MAX_NAME_WORDS


class NameProblem(PraktijkgeheugenError, ValueError):
    """A name that cannot be listed, with the reason in Dutch for the page (the same
    text for the log: it says what was wrong, never the name)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason, user=reason)


def members_named(store: Store, community: str, names: list[str],
                  authors: bool = True, members: bool = True) -> tuple[list[str], list[str]]:
    """The typed names that are whole words of an author's or listed member's name of the
    group ('Griet' in 'Griet Van Hecke'), and those people. Playing the moderator: 'Griet'
    typed as a missed client name turned the group's own moderator into 'G.' in 30 mentions
    of 14 documents, authors included, at once and for good, while the upload report had just
    said 'Behouden: Griet (lid)'. The correction is asked again, not refused: a client may
    share a first name with a member. `authors=False` and `members=False` for a caller who
    may not read the group (an admin without a role): whether it asks would tell what the
    group's documents say, and what its member list holds, which a listing of a client
    changes (forget_listed) and such an admin is never shown (tests/security/test_admin_lists_hidden.py)."""
    people = set(store.catalogue.facets(Filters(communities=(community,)))["authors"]) if authors else set()
    if members:
        people.update(store.accounts.community_names(community, "member"))
    named, found = [], []
    for person in sorted(people):
        words = person.casefold().split()
        for name in names:
            typed = name.casefold().split()
            if typed and any(words[i:i + len(typed)] == typed for i in range(len(words) - len(typed) + 1)):
                found.append(person)
                named += [name] if name not in named else []
                break
    return named, found


def clean_names(names: list[str], words_ok: bool = False) -> list[str]:
    """The names as they will be listed: read as the text is (visible_only: a zero-width
    space or a soft hyphen pasted with a name, or a decomposed 'Ö', listed it under
    another fingerprint than the text's, so it was never replaced), spacing collapsed,
    a leading form of address or kinship word dropped ("mevrouw Peeters" -> "Peeters");
    refused when empty, too long, or nothing but function words and particles (listing
    "de" would blank out every "de"); unless `words_ok` (the server owner's `clients add`),
    also when typed in lower case and nothing but Dutch words no name list knows: a moderator
    who typed "gordijnen" turned every "gordijnen" of five documents into "G." for good
    (workflow round 38). A capital is how a name is written, so "Snor" is listed: the way
    to list a client's nickname that is also a word."""
    cleaned = list(dict.fromkeys(n for n in (_without_cue(" ".join(visible_only(str(x)).split())) for x in names)
                                 if n))
    if not cleaned:
        raise NameProblem("Vul minstens één naam in.")
    if len(cleaned) > MAX_NAMES:
        raise NameProblem(f"Hoogstens {MAX_NAMES} namen tegelijk.")
    for name in cleaned:
        words = nm.WORD.findall(name)
        if len(name) > MAX_NAME_CHARS or not 0 < len(words) <= MAX_NAME_WORDS:
            raise NameProblem(f"Een naam is hoogstens {MAX_NAME_WORDS} woorden en {MAX_NAME_CHARS} tekens.")
        if all(nm.is_particle(w) or nm.is_not_name(w) or len(w) < 2 for w in words):
            raise NameProblem("Dat is geen naam maar een gewoon woord; vul de naam van de cliënt in.")
        if not words_ok and name == name.lower() and all(nm.is_particle(w) or _common_word(w) for w in words):
            raise NameProblem(COMMON_WORD)
    return cleaned


COMMON_WORD = ("Een regel in kleine letters is een gewoon Nederlands woord, geen naam: elke keer dat het in de"
               " documenten van de groep staat, zou het initialen worden, en dat kan niet terug. Vul de naam van de"
               " cliënt in. Is dit woord toch de (bij)naam van een cliënt, schrijf het dan met een hoofdletter,"
               " zoals een naam: dan wordt het overal vervangen.")


def _common_word(word: str) -> bool:
    """A Dutch word that no name list knows ("gordijnen", "buurvrouw", "dienstencentrum"):
    listed, every use of it in the group's documents became initials
    for good. A surname or given name that is also a word ("Roos", "Bakker", "Jan") is a
    name here."""
    from ingest import _lexicon as lx

    parts = [part for part in word.split("-") if part]
    return bool(parts) and lx.is_dutch_word(word) and not any(lx.is_known_name(part) for part in parts)


def _without_cue(name: str) -> str:
    """"mevrouw Peeters" -> "Peeters", "haar zoon Dirk" -> "Dirk", "de heer De Smet" ->
    "De Smet"; a particle alone is no cue ("de Smet" stays)."""
    while True:
        key = nm.fold(name)
        cue = next((c for c in _CUES if key.startswith(c + " ")), None)
        if cue is None:
            return name
        name = " ".join(name.split()[len(cue.split()):])


_CUES = sorted({nm.fold(c) for c in (*nm.ADDRESS, *nm.KIN, *nm.POSSESSIVES, *nm.POSSESSIVE_KIN)},
               key=len, reverse=True)


def refused_member(store: Store, community: str, names: Sequence[str]) -> int | None:
    """The 1-based number of the first member entry on which a known client name of the
    community occurs, or None: a member's name stays in every document, a client's never.
    Read as the text is (a soft hyphen in a name typed at the command line hides nothing)."""
    for number, name in enumerate(names, 1):
        if _names_client(lambda text: store.clients.client_name_spans(community, text), name):
            return number
    return None


def clients_win(members: Sequence[str], clients: Sequence[str]) -> tuple[list[str], list[str]]:
    """(members that stay, members on which one of `clients` occurs): the rule of
    `refused_member` for lists given as text (`pseudonymise --members X --clients X`),
    whose preview kept X while ingest, where the member list cannot hold a listed client,
    replaced it (QA, session of 7 December 2026). A client is never a member."""
    spans_of = given_name_spans(list(clients))
    stay: list[str] = []
    both: list[str] = []
    for name in members:
        (both if _names_client(spans_of, name) else stay).append(name)
    return stay, both


def _names_client(spans_of: Callable[[str], list[tuple[int, int]]], name: str) -> bool:
    return bool(spans_of(visible_only(name)))


def forget_listed(store: Store, community: str, only: list[str] | Listed) -> int:
    """Remove the community's member and keep entries on which one of the names just
    listed as clients (`only`) occurs; how many went. The caller holds the writer lock."""
    gone = 0
    for kind in ("member", "keep"):
        naming = [name for name in store.accounts.community_names(community, kind)
                  if store.clients.client_name_spans(community, visible_only(name), only=only)]
        if naming:
            gone += store.accounts.remove_community_names(community, kind, naming)
    return gone


@dataclass
class Correction:
    """What a correction did: names new to the list, and per corrected document the
    mentions of the names it held (never the names themselves)."""

    community: str
    names: int
    new_names: int
    documents: dict[str, int] = field(default_factory=dict)  # by the id it has now
    renamed: dict[str, str] = field(default_factory=dict)  # old id -> new id (a name hidden)
    pack_texts: int = 0  # pack names and notes of the community that held a name
    list_entries: int = 0  # member and keep entries that named a listed client, removed

    @property
    def mentions(self) -> int:
        return sum(self.documents.values())

    def as_dict(self) -> dict:
        return {"community": self.community, "names": self.names, "new_names": self.new_names,
                "documents": [{"doc_id": d, "mentions": n} for d, n in self.documents.items()],
                "renamed": [{"from": old, "to": new} for old, new in self.renamed.items()],
                "mentions": self.mentions}


def correct(store: Store, embedder, community: str, names: list[str],
            doc_ids: list[str] | None = None, words_ok: bool = False) -> Correction:
    """List `names` as known clients of `community` and pseudonymise again every stored
    document of it that holds one (only `doc_ids`, when given; `words_ok`: see
    clean_names). The caller holds the writer lock; its session's end erases the old
    versions' residue."""
    names = clean_names(names, words_ok)
    report = Correction(community, len(names), store.clients.add_client_names(community, names))
    return _again(store, embedder, report, [[name] for name in names], doc_ids)


def relist(store: Store, embedder, community: str, listed: Listed) -> Correction:
    """After a restore: list the names a newer copy of the data dir lists for `community`
    (known only by their digests under the same key) and pseudonymise again what the
    backup's documents, packs and originals still name of them, as the correction that
    listed them did then. Nothing when every one was listed already."""
    report = Correction(community, len(listed), store.clients.add_client_digests(community, listed))
    if not report.new_names:
        return report
    return _again(store, embedder, report, [Listed({digest: words}) for digest, words in listed.items()], None)


def _again(store: Store, embedder, report: Correction, singles: list, doc_ids: list[str] | None) -> Correction:
    """Pseudonymise again the community's documents that hold one of the names (`singles`:
    each alone, as `only` takes it: [name] or a Listed of one digest)."""
    community, names = report.community, _joined(singles)
    privacy = Privacy(store)
    read_by_all: set[int] = set()   # the names a document the whole network reads held
    for document in store.catalogue.list_documents(Filters(communities=(community,))):
        if doc_ids is not None and document.doc_id not in doc_ids:
            continue
        document = written(store, document)   # its own authors, not those it is linked to (ingest._edit)
        authors = [part for a in document.meta.authors for part in (a.name, a.organisation or "")]
        whole = "\n".join([document.meta.title or "", *document.meta.themes, *authors, document.text, document.doc_id])
        mentions = len(store.clients.client_name_spans(community, whole, only=names))
        if mentions and _shared(store, document):
            read_by_all.update(i for i, one in enumerate(singles)
                               if store.clients.client_name_spans(community, whole, only=one))
        new_id = _rewrite(store, embedder, privacy, document) if mentions else None
        if not mentions and _original_names(store, community, names, document.source_path):
            store.maintenance.forget_upload(document.source_path)
        if new_id is not None:
            report.documents[new_id] = mentions
            if new_id != document.doc_id:
                report.renamed[document.doc_id] = new_id
    # Another group's notes on the community's documents lose only the names a document
    # every group reads held: a name only its closed documents held would tell that group
    # a closed word (and which clients the community lists) by changing its note.
    shown = _joined([singles[i] for i in sorted(read_by_all)])
    report.pack_texts = store.packs.rewrite_texts(community, lambda text: _hide_in_text(store, community, text),
                                                  lambda text: _hide_in_text(store, community, text, shown))
    relabel_folders(store, community)   # a watched folder's path may name the client too
    # a member or keep entry the moderators typed may name the client too (ingest._keep)
    report.list_entries = forget_listed(store, community, names)
    return report


def switched_on(store: Store, embedder, community: str) -> Correction:
    """After `community` switched pseudonymisation on: every stored document of it
    pseudonymised again as ingest now would pseudonymise it (its text, title, themes and
    authors' organisations by the community's rules and list, the names its text or file
    name holds hidden in its id and path), as a new version through the correction's path;
    a kept original the new version or its unread parts show to name a client goes, and so
    do the names the community's pack names and notes hold. Before, switching on changed only
    what came after: every client name stored while it was off stayed in the documents, their
    ids, their kept originals and the packs (trace attack 11). The people the old text was
    read to name ("Inbreng Yilmaz:") are no members: the new version's text names its people
    again. The caller holds the writer lock."""
    report = Correction(community, 0, 0)
    privacy = Privacy(store)
    if not privacy.enabled(community):
        return report
    for document in store.catalogue.list_documents(Filters(communities=(community,))):
        new_id, mentions = _by_the_rules(store, embedder, privacy, document)
        if new_id is None:
            continue
        report.documents[new_id] = mentions
        if new_id != document.doc_id:
            report.renamed[document.doc_id] = new_id
    report.pack_texts = store.packs.rewrite_texts(community, lambda text: privacy.note(community, text),
                                                  lambda text: text)
    relabel_folders(store, community)
    return report


def reasons_gone(store: Store, get_embedder, before: Document, doc_id: str, actor: str) -> str:
    """After a moderator's metadata correction of `before` (now `doc_id`) took away a reason
    the document kept names (a public type: a programme, presentation or publication keeps
    the names it gives; a stated author: a member, whose name stays), the document
    pseudonymised again as ingest would store it now, by the rules, as `switched_on` does:
    text, title, id, path, and a kept original that names a client goes. An upload typed
    *publicatie* by mistake, or with the client typed as its author, kept the client's full
    name in all of them after the moderator corrected the type or the authors (privacy
    attack 38, tests/security/test_attack38_retyped.py). Returns the document's id now; the
    caller holds the writer lock, and gives `before` with its authors as it names them
    (`written`, read before the edit purged them). A document switched public (`openbaar:
    ja`) stays so."""
    document = store.catalogue.get_document(doc_id)
    if document is None:
        return doc_id
    stated = {a.name for a in written(store, document).meta.authors if not a.from_text}
    authors_gone = sorted({a.name for a in before.meta.authors if not a.from_text and a.name not in stated})
    retyped = document.meta.type if is_public(before.meta) and not is_public(document.meta) else None
    if not authors_gone and not retyped:
        return doc_id
    # said whatever the text held (no statistic of it), under the id's keyed digest, without a name:
    # a restore of a backup made before it makes the correction again (ingest.correct_again)
    store.accounts.audit(actor, RECORRECTED, recorrection_target(
        store.traces.label(before.doc_id), retyped, sorted({store.traces.author_label(a, before.meta.community) for a in authors_gone})))
    embedder = get_embedder()
    new_id, _ = _by_the_rules(store, embedder, Privacy(store), document)
    if authors_gone:
        _not_a_member_now(store, embedder, document.meta.community, authors_gone, new_id or doc_id)
    return new_id or doc_id


def _not_a_member_now(store: Store, embedder, community: str | None, authors_gone: list[str], corrected: str) -> None:
    """A stated author is a member of the whole community while a stored document states her
    (ingest._privacy.community_policy): a client typed as the author of one document kept her
    full name in every other document of the group ingested meanwhile, and in its pack names
    and notes, after the moderator took her off that document (privacy attack 39,
    tests/security/test_privacy39_member_by_authorship.py). The community's other documents
    that hold a word of her name, and its pack texts, are pseudonymised again by the rules now
    that nothing but an account, the member list or another stored document makes her one."""
    if community is None:
        return
    words = {w for name in authors_gone for w in re.findall(r"[^\W\d_]+", nm.fold(visible_only(name))) if len(w) > 1}
    privacy = Privacy(store)   # the community's members as they are now
    for other in store.catalogue.list_documents(Filters(communities=(community,))):
        whole = nm.fold(visible_only("\n".join([other.meta.title or "", *other.meta.themes, other.text, other.doc_id])))
        if other.doc_id != corrected and words & set(re.findall(r"[^\W\d_]+", whole)):
            _by_the_rules(store, embedder, privacy, other)
    store.packs.rewrite_texts(community, lambda text: privacy.note(community, text), lambda text: text)


def correct_again(store: Store, edit: Callable[[str, dict], object], document: Document, retyped: str | None,
                  authors_gone: set[str]) -> bool:
    """After a restore: make again, on a restored `document`, a correction the newer copy's
    audit log says took away a reason its names stayed after the backup was made
    (store.recorrections): its type set to `retyped`, its stated authors whose keyed digest is
    in `authors_gone` taken away, through `edit` (ingest.edit_metadata, which then
    pseudonymises it again by the rules as the correction did). Whether it changed."""
    fields: dict = {}
    if retyped and document.meta.type != retyped and not is_public(dataclasses.replace(document.meta, type=retyped)):
        fields["type"] = retyped
    stated = [a for a in written(store, document).meta.authors if not a.from_text]
    kept = [a for a in stated if store.traces.author_label(a.name, document.meta.community) not in authors_gone]
    if len(kept) != len(stated):
        fields["authors"] = kept
    return bool(fields) and edit(document.doc_id, fields) is not None


_ID_TAG = re.compile(r"-[0-9a-f]{6}(?=\.[A-Za-z0-9]{1,5}$|$)")   # ingest._document.tagged's tag at an id's end


def _by_the_rules(store: Store, embedder, privacy: Privacy, document: Document) -> tuple[str | None, int]:
    """A stored document pseudonymised as ingest (ingest._document.prepare) would store it
    now: (its id, the mentions replaced); None when nothing changed (then a kept original
    whose unread parts name a client is removed all the same)."""
    document = written(store, document)   # its own authors, not those it is linked to (ingest._edit)
    given = dataclasses.replace(document.meta, authors=[a for a in document.meta.authors if not a.from_text])
    # the id's own part, after its community's prefix, as ingest reads the id given (tenancy attack 41):
    # a name hidden in the prefix moved the document out of its group's namespace
    prefix = _prefix(document)
    own = document.doc_id[len(prefix):]
    # not the keyed tag an earlier hiding gave the id: its hex letters read as a name ('07fbf2' ->
    # '07F.2', a new id the same file no longer leads to: a second document at its next ingest)
    in_name = privacy.names_in_file_name(_ID_TAG.sub("", own), given)
    text, meta, names = privacy.apply(document.text, given, tuple(name for name, _ in in_name))
    if in_name and meta.title:
        meta = dataclasses.replace(meta, title=hide_names(meta.title, in_name))
    meta = with_roles(meta, text)
    pairs = _in_text(name_pairs(names.replaced if names else ()), f"{document.meta.title or ''}\n{document.text}")
    pairs = sorted(dict([*in_name, *pairs]).items(), key=lambda pair: -len(pair[0]))
    hidden = prefix + (hide_listed(store, meta.community, hide_names(own, pairs)) or own)
    new_id = document.doc_id if hidden == document.doc_id else _free(
        store, tagged(hidden, store.clients.id_tag(document.doc_id)))
    content_hash = _hash(text, meta)
    if content_hash == document.content_hash and new_id == document.doc_id:
        if _original_named(privacy, document, meta):
            store.maintenance.forget_upload(document.source_path)
        return None, 0
    store.vectors.check_model(embedder.name, claim=True)
    draft = _draft(SourceDocument(new_id, text, {}, None), meta, content_hash)
    texts = [embedding_text(meta.title, c.heading, c.text) for c in draft.chunks]
    commit(store, Prepared(draft, document, new_id, 0, texts), embedder.embed_passages(texts))
    store.maintenance.forget_upload(document.source_path)
    return new_id, names.count if names else 0


def _original_named(privacy: Privacy, document: Document, meta) -> bool:
    """Whether a kept original's parts the reader never read (a page header, a property)
    name a client by the community's rules or list; unreadable now: taken as naming."""
    if not document.source_path:
        return False
    path = Path(document.source_path).resolve()
    if not path.is_relative_to(privacy.files_dir.resolve()) or not path.is_file():
        return False
    try:
        whole = every_part(path, path.suffix.lower())
    except Exception:   # noqa: BLE001 - it was read at upload; if not now, it goes
        return True
    return names_elsewhere(privacy, whole, meta)


def _joined(singles: list) -> list[str] | Listed:
    """The names of `singles` as one `only`."""
    if singles and isinstance(singles[0], Listed):
        return Listed({digest: words for one in singles for digest, words in one.items()})
    return [name for one in singles for name in one]


def _shared(store: Store, document: Document) -> bool:
    """Whether every group of the network reads `document` (its own or its community's sharing)."""
    override, policy = store.accounts.document_sharing(document.doc_id)
    return (override or policy) == "shared"


def _hide_in_text(store: Store, community: str, text: str, only: list[str] | Listed | None = None) -> str:
    """A moderator's own text (a pack's name or note) with the community's listed names
    (`only` these, when given) replaced as in a document's text, and then where a file
    name glues them to a word."""
    replaced, _, _ = _replace_spans(text, store.clients.client_name_spans(community, text, only=only))
    return hide_listed(store, community, replaced, only) or replaced


def _original_names(store: Store, community: str, names: list[str] | Listed, source_path: str | None) -> bool:
    """Whether a kept original names one of `names` where the stored document does not:
    in a part the reader never read (a Word file's page header, its properties), which
    the stored text, title and themes cannot show. Unreadable now: taken as naming."""
    if not source_path:
        return False
    path = Path(source_path).resolve()
    if not path.is_relative_to(store.settings.files_dir.resolve()) or not path.is_file():
        return False
    try:
        whole = every_part(path, path.suffix.lower())
    except Exception:   # noqa: BLE001 - it was read at upload; if not now, it goes
        return True
    if whole is None:   # a part that cannot be read as text: it cannot be cleared
        return True
    return bool(store.clients.client_name_spans(community, whole, only=names))


def _rewrite(store: Store, embedder, privacy, document: Document) -> str | None:
    """A new version of a stored document, pseudonymised again: its id; None if nothing changed.
    Its id and path get the newly listed names hidden as ingest hides them
    ("PG Noord/casus-bosmans.md" -> "PG Noord/casus-B.-3f9a2c.md"); the publication moves every
    row and audit entry naming the old id to the new one (store._traces)."""
    text, meta, _ = privacy.apply(document.text, document.meta)
    # no path: the original is erased below (it names the client), and a path kept to it
    # pointed at nothing (a restore into another data dir took it for a foreign path)
    source = SourceDocument(_new_id(store, document), text, {}, None)
    content_hash = _hash(text, meta)
    if content_hash == document.content_hash and source.doc_id == document.doc_id:
        return None
    store.vectors.check_model(embedder.name, claim=True)
    draft = _draft(source, meta, content_hash)
    texts = [embedding_text(meta.title, c.heading, c.text) for c in draft.chunks]
    vectors = embedder.embed_passages(texts)
    commit(store, Prepared(draft, document, source.doc_id, 0, texts), vectors)
    store.maintenance.forget_upload(document.source_path)
    return source.doc_id


def _new_id(store: Store, document: Document) -> str:
    """The document's id with the community's listed names hidden (after the community's
    prefix), tagged as ingest tags an id a name was hidden from: with a keyed digest of
    the old id ('casus-bosmans.md' -> 'casus-B.-3f9a2c.md'), so a new upload of the same
    file is a new version of it. Nothing else decides it: taking the next free number
    ('casus-B..md-2') told the moderator whether any group, a closed one too, held a
    document of the untagged id (tests/security/test_correction_new_ids.py). A number is
    added only if the tagged id is taken (a one in 16 million chance)."""
    community, prefix = document.meta.community, _prefix(document)
    hidden = prefix + (hide_listed(store, community, document.doc_id[len(prefix):]) or "")
    if hidden == document.doc_id:
        return hidden
    return _free(store, tagged(hidden, store.clients.id_tag(document.doc_id)))


def _prefix(document: Document) -> str:
    """The namespace an upload's id begins with ('PG Noord/'), which no name hidden in the id
    may change: `_by_the_rules` hid a client's surname in it too, so a correction in 'Buurtteam
    Verhoeven' that took the client Truus Verhoeven off as author moved the case to 'Buurtteam
    V./bezoek-<tag>.md', another group's namespace, where the same file uploaded again made a
    second document beside it (tenancy attack 41, tests/security/test_attack41_probes.py). ''
    for an id outside its community's namespace (the owner's `ingest` of a folder)."""
    community = document.meta.community
    return f"{community}/" if community and document.doc_id.startswith(f"{community}/") else ""


def _free(store: Store, tagged_id: str) -> str:
    """`tagged_id`, or with a number added if a document has it already."""
    candidate, n = tagged_id, 1
    while store.catalogue.get_document(candidate) is not None:
        n += 1
        candidate = f"{tagged_id}-{n}"
    return candidate
