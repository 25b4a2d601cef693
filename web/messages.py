"""Dutch texts for codes that the core reports: every ingest error code, the web
layer's own upload refusals, and the ingest statuses."""
from __future__ import annotations

from settings import Limit, limits_in

# The web upload's own limits, lower than ingest's MAX_FILE_BYTES for a file on disk.
MAX_FILE_MB = Limit(20, "MB", "one file in a web upload (a file on disk may be larger: MAX_FILE_BYTES)")
MAX_REQUEST_MB = Limit(100, "MB", "one web upload request, all its files together")

REFUSALS = {
    # ingest/_errors.py
    "empty": "Het bestand is leeg.",
    "unsupported_format": "Dit bestandstype wordt niet ondersteund. Gebruik .txt, .md, .docx,"
                          " .pdf, .html, .pptx, .odt, .eml of .jsonl.",
    "too_large": f"Het bestand is te groot: maximaal {MAX_FILE_MB} MB per bestand, en na het uitpakken"
                 " niet meer dan ongeveer 400 bladzijden tekst. Splits het op of bewaar het kleiner.",
    "undecodable": "De tekens in dit bestand zijn niet te lezen. Bewaar het als UTF-8 en probeer opnieuw.",
    "bad_front_matter": "De gegevens bovenaan het bestand (tussen de twee regels ---) zijn niet"
                        " goed opgemaakt. Staat er een dubbele punt in een waarde, zet die waarde"
                        " dan tussen aanhalingstekens.",
    "bad_metadata": "Een gegeven over het document klopt niet (soort, cyclus, sessie, datum of auteur).",
    "corrupt_file": "Het bestand is beschadigd of niet te openen.",
    "encrypted": "Het bestand is beveiligd met een wachtwoord. Haal de beveiliging eraf en"
                 " probeer opnieuw.",
    "no_text": "Er staat geen leesbare tekst in dit bestand (is het een scan?).",
    "bad_jsonl": "Een regel in dit JSONL-bestand is ongeldig (elke regel heeft een 'id' en een"
                 " 'text' nodig).",
    "wrong_type": "De inhoud past niet bij de extensie van de bestandsnaam (bv. een PDF met de naam"
                  " .docx, of een oude .ppt met de naam .pptx). Bewaar het bestand opnieuw in het juiste formaat.",
    "parse_timeout": "Het lezen van dit bestand duurde te lang. Probeer een kleinere of eenvoudigere"
                     " versie (bv. als .docx of .txt).",
    "parse_memory": "Het lezen van dit bestand vroeg veel te veel geheugen of liep vast (een"
                    " beschadigd bestand?). Bewaar het opnieuw, bv. als .docx, .pdf of .txt.",
    "unreadable": "Dit bestand kon niet geopend worden (geen leesrechten, of het is een map of"
                  " een snelkoppeling die nergens naartoe wijst).",
    "pseudonymisation_failed": "De namen van cliënten konden niet opgezocht en vervangen worden;"
                               " daarom is niets bewaard. Meld het aan de beheerder.",
    "bad_id": "Het document-id (de bestandsnaam of het 'id' van een regel) bevat een onzichtbaar"
              " stuurteken, een leeg deel of een deel '.' of '..' tussen schuine strepen, of is veel"
              " te lang. Geef het een gewone naam.",
    "unknown_community": "Deze groep bestaat niet. Vraag de beheerder om de groep eerst aan te maken,"
                         " of kies een bestaande groep.",
    "unexpected": "Er ging iets onverwachts mis bij het verwerken. Meld het aan de beheerder.",
    # the web layer's own refusals
    "bad_name": "De bestandsnaam is ongeldig. Geef het bestand een gewone naam met een extensie.",
    "duplicate": "Dit bestand zat twee keer in dezelfde upload; het is één keer verwerkt.",
    "other_community": "Volgens de gegevens in het bestand hoort het bij een andere groep dan die van deze"
                       " upload, of bij een groep waarvan u geen moderator bent; het is niet bewaard. Upload"
                       " het in zijn eigen groep.",
}

STATUS_LABELS = {
    "ingested": "Toegevoegd",
    "replaced": "Vervangen door de nieuwe versie",
    "unchanged": "Ongewijzigd (stond er al)",
    "failed": "Geweigerd",
}


def refusal(code: str | None) -> str:
    return REFUSALS.get(code or "unexpected", REFUSALS["unexpected"])


LIMITS = limits_in(globals())
