#!/usr/bin/env python3
"""Deterministic corpus generator for the Annal benchmarks.

Writes ONE synthetic dataset twice, as `.annal` files (with the source
documents they cite) and as TOML (one `[[relation.event]]` table per event,
the same fields and strings; sources, parties and programmes as tables), at
several sizes:

    bench/out/<case>/annal/*.annal  + annal/sources/*.fr.txt
    bench/out/<case>/toml/*.toml

Cases:
    lines20k  one file of 20,000 lines
    files1k   a folder of 1,000 files, each the size of a sample (~120 lines)
    mb5       5 MB of .annal in files of ~70 KB (about 200 events each)
    mb50      50 MB of .annal in files of ~70 KB (same file sizes as mb5)

Every string is built from word lists written for this generator from the
facts of the project's domain sheet, varied with a seeded RNG. Quotes are
taken from the generated source documents and checked to occur exactly once
there (under the same typographic folding Annal applies). A sprinkling of
errors is planted for the checker: unknown references, impossible dates,
quotes missing from their source, aliases instead of acronyms; their counts
are written to `bench/out/<case>/manifest.json`.

Usage: generate.py [--out DIR] [--seed N] [CASE ...]   (default: all cases)
The output of a case is reused when its manifest says it was made by the
same generator version with the same seed.
"""
import argparse
import hashlib
import json
import os
import random
import re
import shutil
import sys

GENERATOR_VERSION = 6
NBSP = "\u00a0"
NNBSP = "\u202f"

# ---------------------------------------------------------------------------
# Word lists (written from the domain sheet's facts).

PARTIES = {
    # id: (subject at sentence start, plural?, adjective for people, genitive "de …")
    "UZ": ("L’Ouzbékistan", False, "ouzbeks", "de l’Ouzbékistan"),
    "KG": ("La République kirghize", False, "kirghizes", "de la République kirghize"),
    "KZ": ("Le Kazakhstan", False, "kazakhs", "du Kazakhstan"),
    "TM": ("Le Turkménistan", False, "turkmènes", "du Turkménistan"),
    "US": ("Les États-Unis", True, "américains", "des États-Unis"),
    "AF": ("L’Afghanistan", False, "afghans", "de l’Afghanistan"),
    "PK": ("Le Pakistan", False, "pakistanais", "du Pakistan"),
    "IN": ("L’Inde", False, "indiens", "de l’Inde"),
    "RO": ("La Roumanie", False, "roumains", "de la Roumanie"),
    "NATO": ("L’OTAN", False, "de l’Alliance", "de l’OTAN"),
    "UN": ("L’ONU", False, "des Nations Unies", "de l’ONU"),
}

PLACES = {
    "UZ": ["Tachkent", "Samarcande", "Boukhara", "Termez", "Noukous", "Ferghana", "Andijan", "Karchi"],
    "KG": ["Bichkek", "Och", "Karakol", "Djalal-Abad", "Naryn", "Talas", "Tcholpon-Ata"],
    "KZ": ["Almaty", "Astana", "Karaganda", "Chymkent", "Aktaou", "Atyraou", "Semeï", "Oust-Kamenogorsk"],
    "TM": ["Achgabat", "Mary", "Turkmenbachy", "Dachoguz", "Balkanabat", "Türkmenabat"],
    "US": ["Washington", "New York", "Norfolk", "Fort Leavenworth"],
    "AF": ["Kaboul", "Mazar-e-Charif", "Hérat", "Kunduz"],
    "PK": ["Islamabad", "Karachi", "Lahore"],
    "IN": ["New Delhi", "Bombay", "Bangalore"],
    "RO": ["Bucarest", "Constanța", "Sibiu", "Cluj-Napoca"],
    "NATO": ["Bruxelles", "Mons", "Oberammergau", "Rome"],
    "UN": ["New York", "Vienne", "Genève"],
}

# Relations: parties, the programmes they use, the publisher of their pages.
RELATIONS = [
    ("nato-uz", ["NATO", "UZ"], ["PfP", "EAPC", "PARP", "DEEP", "SPS", "EADRCC", "ISAF"], "NATO", "Relations avec l’Ouzbékistan"),
    ("nato-kg", ["NATO", "KG"], ["NACC", "EAPC", "PfP", "IPCP", "DEEP", "BI", "SPS"], "NATO", "Relations avec la République kirghize"),
    ("nato-kz", ["NATO", "KZ"], ["NACC", "EAPC", "PfP", "IPAP", "PARP", "PII", "DEEP", "PTEC", "KAZCENT", "EADRCC", "SPS"], "NATO", "Relations avec le Kazakhstan"),
    ("tm-us", ["TM", "US"], ["C5+1", "TAPI", "USTBC", "CARICC", "CND"], "TM", "Turkménistan – États-Unis : consultations politiques"),
    ("nato-tm", ["NATO", "TM"], ["EAPC", "PfP", "SPS", "EADRCC"], "NATO", "Relations avec le Turkménistan"),
    ("kz-us", ["KZ", "US"], ["C5+1", "CARICC", "TAPI"], "US", "Kazakhstan – États-Unis : dialogue stratégique"),
    ("uz-us", ["UZ", "US"], ["C5+1", "CARICC"], "US", "Ouzbékistan – États-Unis : partenariat"),
    ("nato-ro", ["NATO", "RO"], ["PfP", "EADRCC", "PARP"], "NATO", "Exercices de l’EADRCC en Roumanie"),
]

# Programme: (French name forms: plain, "au/à la", "du/de la"), since, until (years; None = unbounded)
PROGRAMMES = {
    "NACC": ("le Conseil de coopération nord-atlantique (CCNA)", "au Conseil de coopération nord-atlantique", "du Conseil de coopération nord-atlantique", 1991, 1997),
    "EAPC": ("le Conseil de partenariat euro-atlantique (CPEA)", "au Conseil de partenariat euro-atlantique", "du Conseil de partenariat euro-atlantique", 1997, None),
    "PfP": ("le Partenariat pour la paix (PPP)", "au Partenariat pour la paix", "du Partenariat pour la paix", 1994, None),
    "PARP": ("le processus de planification et d’examen (PARP)", "au processus de planification et d’examen", "du processus de planification et d’examen", None, None),
    "IPAP": ("le plan d’action individuel pour le partenariat (IPAP)", "au plan d’action individuel pour le partenariat", "du plan d’action individuel pour le partenariat", None, None),
    "IPCP": ("le programme individuel de partenariat et de coopération (IPCP)", "au programme individuel de partenariat et de coopération", "du programme individuel de partenariat et de coopération", None, None),
    "DEEP": ("le programme de renforcement de la formation « défense » (DEEP)", "au programme de renforcement de la formation « défense »", "du programme de renforcement de la formation « défense »", None, None),
    "BI": ("le programme pour le développement de l’intégrité (BI)", "au programme pour le développement de l’intégrité", "du programme pour le développement de l’intégrité", None, None),
    "SPS": ("le programme pour la science au service de la paix et de la sécurité (SPS)", "au programme pour la science au service de la paix et de la sécurité", "du programme pour la science au service de la paix et de la sécurité", None, None),
    "EADRCC": ("le Centre euro-atlantique de coordination des réactions en cas de catastrophe (EADRCC)", "au Centre euro-atlantique de coordination des réactions en cas de catastrophe", "du Centre euro-atlantique de coordination des réactions en cas de catastrophe", None, None),
    "PII": ("l’initiative pour l’interopérabilité avec les partenaires", "à l’initiative pour l’interopérabilité avec les partenaires", "de l’initiative pour l’interopérabilité avec les partenaires", 2014, None),
    "ISAF": ("la Force internationale d’assistance à la sécurité (FIAS)", "à la Force internationale d’assistance à la sécurité", "de la Force internationale d’assistance à la sécurité", None, None),
    "PTEC": ("le réseau des centres de formation et d’entraînement des partenariats", "au réseau des centres de formation et d’entraînement des partenariats", "du réseau des centres de formation et d’entraînement des partenariats", None, None),
    "KAZCENT": ("le centre KAZCENT", "au centre KAZCENT", "du centre KAZCENT", None, None),
    "CARICC": ("le Centre régional d’information et de coordination d’Asie centrale", "au Centre régional d’information et de coordination d’Asie centrale", "du Centre régional d’information et de coordination d’Asie centrale", None, None),
    "CND": ("la Commission des stupéfiants des Nations Unies", "à la Commission des stupéfiants des Nations Unies", "de la Commission des stupéfiants des Nations Unies", None, None),
    "C5+1": ("le format « Asie centrale + États-Unis »", "au format « Asie centrale + États-Unis »", "du format « Asie centrale + États-Unis »", None, None),
    "USTBC": ("le Conseil d’affaires États-Unis–Turkménistan", "au Conseil d’affaires États-Unis–Turkménistan", "du Conseil d’affaires États-Unis–Turkménistan", 2009, None),
    "TAPI": ("le projet de gazoduc Turkménistan-Afghanistan-Pakistan-Inde (TAPI)", "au projet de gazoduc Turkménistan-Afghanistan-Pakistan-Inde", "du projet de gazoduc Turkménistan-Afghanistan-Pakistan-Inde", None, None),
}
ALIASES = {"PfP": "PPP", "ISAF": "FIAS", "NATO": "OTAN", "EAPC": "CPEA", "NACC": "CCNA"}
TYPOS = {"PfP": "PfPP", "DEEP": "DEPP", "EADRCC": "EADRC", "SPS": "SSP", "PARP": "PRAP", "C5+1": "C5+2",
         "TAPI": "TAPPI", "CARICC": "CARIC", "IPAP": "IPPA", "IPCP": "ICPC", "BI": "IB", "KAZCENT": "KAZCENTR",
         "NACC": "NAC", "EAPC": "EACP", "PII": "PIII", "ISAF": "ISAFF", "PTEC": "PTCE", "CND": "CDN", "USTBC": "USBTC"}

AREAS = [
    "sécurité énergétique", "sécurité environnementale", "prévision et prévention des catastrophes",
    "cyberdéfense", "lutte contre le terrorisme", "préparation civile", "développement des forces armées",
    "gestion des conséquences", "protection des frontières", "lutte contre le trafic de drogue",
    "commerce et économie", "questions humanitaires", "machines agricoles", "aviation civile",
    "équipements électriques", "maintien de la paix", "interopérabilité", "intégrité dans la défense",
    "enseignement militaire", "anglais militaire", "procédures d’état-major", "défense CBRN",
    "reconversion des militaires", "transport transcaspien", "gazoducs régionaux", "réforme de la défense",
]
DISASTERS = ["un violent tremblement de terre", "des inondations printanières", "une coulée de boue",
             "des feux de forêt", "une vague de froid exceptionnelle", "un glissement de terrain",
             "une rupture de barrage", "une tempête de neige"]
COURSES = ["des cours d’anglais militaire", "des séminaires sur la politique de défense",
           "des ateliers sur la stratégie de défense", "une formation à la lutte contre le terrorisme",
           "des cours sur les procédures d’état-major de l’OTAN", "un stage de familiarisation avec l’Asie centrale",
           "des cours de gestion des crises", "une formation à la protection des frontières",
           "des ateliers sur les méthodes d’enseignement", "un cours de logistique militaire"]
TOPICS = ["la sécurité régionale", "la paix en Afghanistan", "la protection des frontières",
          "la lutte contre le trafic de drogue", "le commerce et l’économie", "les questions humanitaires",
          "la sécurité énergétique", "les transports transcaspiens", "la modernisation de l’aviation civile",
          "l’importation d’équipements électriques", "les machines agricoles", "la réforme de l’enseignement militaire"]
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre"]
NUMBER_WORDS = ["deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze",
                "quinze", "vingt"]
ORDINALS = ["premier", "deuxième", "troisième", "quatrième", "cinquième", "sixième", "septième", "huitième"]
HEADINGS = ["Points principaux", "Domaines de coopération", "Formation et enseignement",
            "Réaction aux catastrophes", "Science pour la paix et la sécurité", "Dialogue politique",
            "Coopération pratique", "Afghanistan", "Réforme de la défense", "Économie et énergie"]
FILLER = [
    "Cette page résume ce que les partenaires ont accompli ensemble et les domaines où leur travail se poursuit.",
    "Les priorités de la coopération sont revues à intervalles réguliers par les deux parties.",
    "Le dialogue politique se tient à plusieurs niveaux, des experts jusqu’aux ministres.",
    "Les informations ci-dessous sont données à titre indicatif et peuvent évoluer.",
    "La coopération pratique s’appuie sur les outils du partenariat et sur des accords bilatéraux.",
    "Les activités sont choisies d’un commun accord, en fonction des besoins exprimés par le pays partenaire.",
]
EVENT_KINDS = ["membership", "participation", "cooperation", "exercise", "hosting", "agreement",
               "consultation", "training", "education", "assistance", "recognition", "dialogue",
               "establishment", "closure", "support", "other"]

# Local programmes declared in the workspace (kind, name template (English), French name template, owner kind).
LOCAL_PROGRAMMES = [
    ("centre", "Training centre of {place} no. {n}", "Centre de formation de {place} n° {n}"),
    ("project", "Border post of {place}, phase {n}", "Poste frontière de {place}, phase {n}"),
    ("initiative", "Disaster preparedness initiative of {place} ({n})", "Initiative de préparation aux catastrophes de {place} ({n})"),
    ("forum", "Regional security forum of {place} ({n})", "Forum régional de sécurité de {place} ({n})"),
]


# ---------------------------------------------------------------------------
# Folding (the same rules as Annal's TextFolding, for uniqueness checks).

_WS = re.compile(r"[\s\u00a0\u202f\u2009\u2007]+")


def fold(text):
    text = text.replace("’", "'").replace("‘", "'").replace("ʼ", "'").replace("′", "'")
    text = _WS.sub(" ", text)
    text = text.replace("« ", "«").replace(" »", "»")
    for p in ":;!?":
        text = text.replace(" " + p, p)
    for q in "«»“”„":
        text = text.replace(q, '"')
    for d in "–—‑":
        text = text.replace(d, "-")
    return text.strip()


def plain(text):
    """A passage as typed on a plain keyboard: straight apostrophes, "…" for « … »."""
    text = text.replace("’", "'").replace(NBSP, " ").replace(NNBSP, " ")
    text = text.replace("« ", '"').replace(" »", '"').replace("«", '"').replace("»", '"')
    text = text.replace("–", "-")
    return text


def escape(text):
    return text.replace("\\", "\\\\").replace('"', '\\"')


# ---------------------------------------------------------------------------
# Dates.

DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]


class EventDate:
    """An EDTF date, its French phrase and its bounds (years) for programme choice."""

    def __init__(self, edtf, phrase, sort_key, first_year, last_year):
        self.edtf, self.phrase, self.sort_key = edtf, phrase, sort_key
        self.first_year, self.last_year = first_year, last_year


def random_date(rng, page_date):
    y = rng.randint(1992, 2022)
    m = rng.randint(1, 12)
    d = rng.randint(1, DAYS_IN_MONTH[m - 1])
    r = rng.random()
    if r < 0.30:
        return EventDate(f"{y}", f"En {y}", (y, 1, 1), y, y)
    if r < 0.55:
        return EventDate(f"{y}-{m:02d}", f"En {MONTHS[m - 1]} {y}", (y, m, 1), y, y)
    if r < 0.72:
        day = "1er" if d == 1 else str(d)
        return EventDate(f"{y}-{m:02d}-{d:02d}", f"Le {day} {MONTHS[m - 1]} {y}", (y, m, d), y, y)
    if r < 0.82:
        y2 = min(2023, y + rng.randint(1, 6))
        return EventDate(f"{y}/{y2}", f"Entre {y} et {y2}", (y, 1, 1), y, y2)
    if r < 0.92:
        return EventDate(f"{y}/..", f"Depuis {y}", (y, 1, 1), y, 2023)
    if r < 0.96:
        return EventDate(f"{y}~", f"Vers {y}", (y, 1, 1), y - 1, y + 1)
    # Undated in the source: "at some time up to the page date".
    return EventDate(f"../{page_date}", "À une date que la page ne précise pas", (0, 0, 0), 1991, 2023)


def fits(programme, date):
    _, _, _, since, until = PROGRAMMES[programme]
    if since is not None and date.first_year < since + 1:
        return False
    if until is not None and date.last_year > until - 1:
        return False
    return True


# ---------------------------------------------------------------------------
# Sentences of the source documents.

def fact_sentence(rng, date, kind, rel_parties, forms, place):
    """One French sentence stating an event; distinctive thanks to its date, place and numbers."""
    subj_id = rng.choice([p for p in rel_parties if p != "NATO"] or rel_parties)
    subj, plural, people, _ = PARTIES[subj_id]
    subj = subj[0].lower() + subj[1:]   # it follows the date phrase
    a = "ont" if plural else "a"
    prog, prog_to, prog_of = forms or ("la coopération", "à la coopération", "de la coopération")
    when = date.phrase
    area = rng.choice(AREAS)
    count = rng.randint(12, 480)
    word = rng.choice(NUMBER_WORDS)
    if kind == "membership":
        return f"{when}, {subj} {a} rejoint {prog}, au terme de {word} mois de discussions menées à {place}."
    if kind == "participation":
        return f"{when}, {subj} {a} pris part aux travaux {prog_of}, en particulier dans le domaine « {area} », avec {count} experts réunis à {place}."
    if kind == "exercise":
        return f"{when}, {subj} {a} accueilli à {place} le {rng.choice(ORDINALS)} exercice {prog_of}, qui simulait la réponse internationale à {rng.choice(DISASTERS)} et réunissait {count} participants."
    if kind == "training":
        return f"{when}, {count} officiers {people} ont suivi à {place} {rng.choice(COURSES)}, organisés dans le cadre {prog_of}."
    if kind == "education":
        return f"{when}, des experts {prog_of} ont aidé l’académie militaire de {place} à réformer {word} cursus, en particulier les méthodes d’enseignement et d’apprentissage."
    if kind == "consultation":
        return f"{when}, des consultations politiques entre les ministères des Affaires étrangères se sont ouvertes à {place} ; elles ont porté sur {rng.choice(TOPICS)} et sur {rng.choice(TOPICS)} pendant {word} jours."
    if kind == "agreement":
        return f"{when}, les deux parties ont approuvé à {place} un document fixant les priorités de la coopération au titre {prog_of} pour {word} ans, dont « {area} »."
    if kind == "assistance":
        return f"{when}, {subj} {a} répondu à {word} demandes urgentes d’assistance internationale transmises par l’intermédiaire {prog_of} après {rng.choice(DISASTERS)} près de {place}."
    if kind == "recognition":
        return f"{when}, l’OTAN a reconnu le centre de {place} comme centre de formation et d’entraînement des partenariats, au titre {prog_of}, après {word} années d’évaluation."
    if kind == "hosting":
        return f"{when}, {subj} {a} hébergé à {place} le bureau de liaison chargé {prog_of}, qui employait {count} agents."
    if kind == "dialogue":
        return f"{when}, le représentant spécial pour l’Asie centrale s’est rendu à {place} pour un dialogue politique de haut niveau consacré à {rng.choice(TOPICS)}, {word} réunions à l’appui."
    if kind == "establishment":
        return f"{when}, un centre consacré à « {area} » a été créé à {place}, avec le soutien {prog_of} et un budget de {count}000 euros."
    if kind == "closure":
        return f"{when}, le bureau de {place} a fermé ses portes pour des raisons budgétaires, après {word} années d’activité au service {prog_of}."
    if kind == "support":
        return f"{when}, {subj} {a} apporté à {place} un soutien logistique {prog_to.replace('au ', 'au titre du ', 1) if prog_to.startswith('au ') else prog_to}, dont {count} tonnes de matériel acheminées par des arrangements de transit."
    if kind == "cooperation":
        return f"{when}, la coopération dans le domaine « {area} » s’est renforcée à {place} grâce {prog_to}, avec {count} projets communs."
    return f"{when}, {subj} {a} signalé à {place} une activité liée {prog_to}, qui a mobilisé {count} personnes pendant {word} semaines."


def wrap(text, rng):
    """Sometimes break a paragraph into lines, as pages saved as text do."""
    if rng.random() < 0.6 or len(text) < 90:
        return text
    words, lines, line = text.split(" "), [], ""
    width = rng.randint(70, 100)
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}" if line else w
    lines.append(line)
    return "\n".join(lines)


def typography(text, rng):
    """Mixed web typography: French spaces may be no-break, apostrophes sometimes straight."""
    if rng.random() < 0.3:
        text = text.replace("’", "'")
    if rng.random() < 0.5:
        text = text.replace("« ", "«" + NBSP).replace(" »", NBSP + "»")
    if rng.random() < 0.3:
        text = text.replace(" ;", NNBSP + ";").replace(" :", NNBSP + ":")
    return text


# ---------------------------------------------------------------------------
# The dataset model, shared by both writers.

class Event:
    __slots__ = ("date", "kind", "programme", "programmes", "parties", "place", "summary", "areas", "cites", "comment")


class SourceDoc:
    def __init__(self, sid, path, title, publisher, updated):
        self.sid, self.path, self.title, self.publisher, self.updated = sid, path, title, publisher, updated
        self.paragraphs = []   # (heading or None, text)


class FileData:
    def __init__(self, name):
        self.name = name
        self.comment = []
        self.sources = []
        self.programmes = []   # (id, kind, name, name_fr, owner, parent)
        self.relations = []    # (id, parties, programmes, title, summary, events)


SUMMARY_VERBS = {
    "membership": "rejoint", "participation": "participe à", "cooperation": "coopère au titre de",
    "exercise": "accueille un exercice de", "hosting": "héberge un bureau de", "agreement": "approuve un document de",
    "consultation": "tient des consultations sur", "training": "forme des officiers avec", "education": "réforme l'enseignement avec",
    "assistance": "répond à des demandes d'aide via", "recognition": "voit un centre reconnu par", "dialogue": "poursuit le dialogue sur",
    "establishment": "crée un centre avec", "closure": "ferme un bureau de", "support": "apporte un soutien à", "other": "mène une activité liée à",
}


class Planter:
    """Decides, with its own RNG, where errors go; counts them."""

    def __init__(self, rng, rate):
        self.rng, self.rate = rng, rate
        self.counts = {"unknown-reference": 0, "impossible-date": 0, "quote-not-found": 0, "alias": 0}

    def pick(self):
        r = self.rng.random()
        if r >= self.rate:
            return None
        kinds = ["unknown-reference", "impossible-date", "quote-not-found", "alias"]
        kind = kinds[int(r / self.rate * 4)]
        return kind


def build_file(rng, planter, name, file_no, target_events, neighbour_forms, events_per_source=30):
    """One file's dataset: sources, local programmes, relations with events."""
    data = FileData(name)
    rel_id, parties, programmes, publisher, page_title = RELATIONS[file_no % len(RELATIONS)]
    rel_name = f"{rel_id}-{file_no:05d}"
    page_date = f"{rng.randint(2015, 2023)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    country = parties[1] if parties[0] == "NATO" else parties[0]
    places = PLACES[country] + PLACES[parties[1] if parties[0] != "NATO" else "NATO"][:1]

    data.comment = [f"{page_title} : dossier n° {file_no}, {target_events} faits datés.",
                    "Généré pour les mesures de performance (bench/generate.py) ; les faits suivent la fiche du domaine."]
    n_sources = max(1, (target_events + events_per_source - 1) // events_per_source)
    for s in range(n_sources):
        sid = f"{rel_name}-s{s + 1}"
        data.sources.append(SourceDoc(sid, f"sources/{sid}.fr.txt", f"{page_title} ({file_no}.{s + 1})", publisher, page_date))

    # Local programmes: declared here, used here (and by the next file).
    local = []
    local_forms = dict(neighbour_forms)
    for k in range(rng.randint(1, 2)):
        kind, en, fr = rng.choice(LOCAL_PROGRAMMES)
        place = rng.choice(PLACES[country])
        pid = f"{country}-{kind[:3].upper()}-{file_no:05d}-{k + 1}"
        data.programmes.append((pid, kind, en.format(place=place, n=k + 1), fr.format(place=place, n=k + 1), country,
                                "PTEC" if kind == "centre" else None))
        local.append(pid)
        fr = fr.replace("de {place}", "d’{place}" if place[0] in "AEIOUÉÈaeiou" else "de {place}")
        lower = fr.format(place=place, n=k + 1)
        lower = lower[0].lower() + lower[1:]
        local_forms[pid] = (f"le {lower}", f"au {lower}", f"du {lower}")

    dates = sorted((random_date(rng, page_date) for _ in range(target_events)), key=lambda d: d.sort_key)
    events = []
    used_programmes = []
    for i, date in enumerate(dates):
        ev = Event()
        ev.date, ev.kind = date, rng.choice(EVENT_KINDS)
        pool = [p for p in programmes if fits(p, date)]
        r = rng.random()
        if r < 0.10 and local:
            ev.programme = rng.choice(local)
        elif r < 0.13 and neighbour_forms:
            ev.programme = rng.choice(sorted(neighbour_forms))
        else:
            ev.programme = rng.choice(pool) if pool else None
        ev.programmes = None
        if ev.programme and rng.random() < 0.08 and len(pool) > 1:
            ev.programmes = sorted({ev.programme, rng.choice(pool)}, key=lambda p: programmes.index(p) if p in programmes else 99)
            if len(ev.programmes) == 1:
                ev.programmes = None
        ev.parties = None
        if "TM" in parties and rng.random() < 0.05:
            ev.parties = ["TM", "US", "AF"]
        place = rng.choice(places)
        ev.place = place if rng.random() < 0.35 else None
        ev.areas = sorted(rng.sample(AREAS, rng.randint(1, 3))) if rng.random() < 0.4 else None
        ev.comment = None
        if date.edtf.startswith("../"):
            ev.comment = "Non daté dans la source : donné à la date de la page."
        elif date.edtf.endswith("/.."):
            ev.comment = f"« {date.phrase} » : depuis cette date, en cours."
        source = data.sources[min(i // events_per_source, n_sources - 1)]
        subject_prog = (ev.programmes or [ev.programme])[0] if ev.programme else None
        forms = (local_forms.get(subject_prog) or PROGRAMMES[subject_prog][:3]) if subject_prog else None
        sentence = fact_sentence(rng, date, ev.kind, parties, forms, place)
        source.paragraphs.append((None, sentence))
        ev.cites = [(source, sentence, len(source.paragraphs) - 1)]
        prog_name = subject_prog or "la coopération"
        ev.summary = f"{PARTIES[country][0].replace('’', chr(39))} {SUMMARY_VERBS[ev.kind]} {prog_name} ({place}, {date.edtf})."
        if ev.programme:
            used_programmes.append(ev.programme)
        events.append(ev)

    # Every local programme is used at least once.
    free = [ev for ev in events if ev.programme not in local_forms]
    rng.shuffle(free)
    for pid in local:
        if pid not in used_programmes and free:
            chosen = free.pop()
            chosen.programme, chosen.programmes = pid, None

    # Planted errors.
    for ev in events:
        kind = planter.pick()
        if kind == "unknown-reference" and ev.programme in TYPOS:
            ev.programme, ev.programmes = TYPOS[ev.programme], None
        elif kind == "alias" and ev.programme in ALIASES:
            ev.programme, ev.programmes = ALIASES[ev.programme], None
        elif kind == "impossible-date" and ev.date.edtf[:4].isdigit() and len(ev.date.edtf) in (4, 7, 10):
            y = ev.date.edtf[:4]
            ev.date = EventDate(f"{y}-02-30", ev.date.phrase, ev.date.sort_key, ev.date.first_year, ev.date.last_year)
        elif kind == "quote-not-found":
            ev.cites = [(ev.cites[0][0], ev.cites[0][1], -1)]   # -1: quote altered below
        else:
            continue
        planter.counts[kind] += 1

    data.relations.append((rel_name, parties, [p for p in programmes if p in used_programmes] or programmes[:2],
                           f"{page_title} ({file_no})",
                           f"Relations {PARTIES[parties[0]][3]} et {PARTIES[parties[1]][3]} : {len(events)} faits datés, d'après {n_sources} source{'s' if n_sources > 1 else ''}.",
                           events))

    # Lay out the sources: headings, bullets, fillers, then pick quotes.
    for source in data.sources:
        finish_source(rng, source)
    for ev in events:
        src, sentence, para = ev.cites[0]
        quote = pick_quote(rng, src, sentence)
        if para == -1:
            words = quote.split(" ")
            k = rng.randrange(len(words))
            words[k] = rng.choice(["soigneusement", "officiellement", "provisoirement", "notamment"])
            quote = " ".join(words)
        ev.cites = [(src.sid, quote)]
    return data, {pid: local_forms[pid] for pid in local}


def finish_source(rng, source):
    out = [f"{source.title}", "Accueil  ›  Thèmes  ›  Partenariats et coopération", "",
           f"Dernière mise à jour : {source.updated}   |   Disponible en : français – English", "", ""]
    facts = source.paragraphs
    for i, (_, sentence) in enumerate(facts):
        if i % 6 == 0:
            out += ["", rng.choice(HEADINGS), ""]
            if rng.random() < 0.5:
                out += [rng.choice(FILLER), ""]
        text = typography(sentence, rng)
        if rng.random() < 0.25:
            out.append("  •  " + text)
        else:
            out += [wrap(text, rng), ""]
    source.text = "\n".join(out) + "\n"
    source.folded = fold(source.text)


def pick_quote(rng, source, sentence):
    """A window of 8 to 20 words of the sentence that occurs once in the folded source."""
    words = plain(sentence).split(" ")
    n = len(words)
    length = min(n, rng.randint(8, 20))
    start = rng.randint(0, n - length)
    while True:
        quote = " ".join(words[start:start + length]).rstrip(",;:")
        if source.folded.count(fold(quote)) == 1 or length >= n:
            return quote
        if start + length < n:
            length += 1
        else:
            start -= 1
            length += 1


# ---------------------------------------------------------------------------
# Writers.

def annal_list(items, quote):
    return "[" + ", ".join(f'"{escape(i)}"' if quote else i for i in items) + "]"


def annal_fields(indent, fields):
    """Fields of one block, `=` aligned one space after the longest key; lists wrapped past 100 columns."""
    width = max(len(k) for k, _, _ in fields)
    lines = []
    for key, value, kind in fields:
        head = f"{indent}{key.ljust(width)} = "
        if kind == "list" or kind == "slist":
            text = annal_list(value, kind == "slist")
            if len(head) + len(text) > 100:
                lines.append(head + "[")
                for item in value:
                    lines.append(f'{indent}  "{escape(item)}",' if kind == "slist" else f"{indent}  {item},")
                lines.append(f"{indent}]")
                continue
            lines.append(head + text)
        elif kind == "str":
            lines.append(f'{head}"{escape(value)}"')
        else:
            lines.append(head + value)
    return lines


def write_annal(data):
    out = [f"# {c}" for c in data.comment] + [""]
    for s in data.sources:
        out.append(f"source {s.sid} {{")
        out += annal_fields("  ", [("path", s.path, "str"), ("title", s.title, "str"), ("kind", "page", "word"),
                                   ("publisher", s.publisher, "word"), ("lang", "fr", "word"), ("updated", s.updated, "word")])
        out += ["}", ""]
    for pid, kind, name, name_fr, owner, parent in data.programmes:
        f = [("name", name, "str"), ("name.fr", name_fr, "str"), ("kind", kind, "word"), ("owner", owner, "word")]
        if parent:
            f.append(("parent", parent, "word"))
        out.append(f"programme {pid} {{")
        out += annal_fields("  ", f) + ["}", ""]
    for rid, parties, programmes, title, summary, events in data.relations:
        out.append(f"relation {rid} {{")
        out += annal_fields("  ", [("parties", parties, "list"), ("programmes", programmes, "list"),
                                   ("title", title, "str"), ("summary", summary, "str")])
        for ev in events:
            out.append("")
            if ev.comment:
                out.append(f"  # {ev.comment}")
            out.append(f"  event {ev.date.edtf} {{")
            out += annal_fields("    ", event_fields(ev))
            for sid, quote in ev.cites:
                out.append(f'    cite {sid} "{escape(quote)}"')
            out.append("  }")
        out += ["}", ""]
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


def event_fields(ev):
    f = [("kind", ev.kind, "word")]
    if ev.programmes:
        f.append(("programmes", ev.programmes, "list"))
    elif ev.programme:
        f.append(("programme", ev.programme, "word"))
    if ev.parties:
        f.append(("parties", ev.parties, "list"))
    if ev.place:
        f.append(("place", ev.place, "str"))
    f.append(("summary", ev.summary, "str"))
    if ev.areas:
        f.append(("areas", ev.areas, "slist"))
    return f


def toml_key(k):
    return k if re.fullmatch(r"[A-Za-z0-9_-]+", k) else f'"{k}"'


def toml_value(value, kind):
    if kind in ("list", "slist"):
        return "[" + ", ".join(f'"{escape(v)}"' for v in value) + "]"
    return f'"{escape(value)}"'


def toml_array(key, values):
    """An array on one line, or one element per line past 80 columns (taplo's and tombi's layout)."""
    line = f"{key} = {toml_value(values, 'list')}"
    if len(line) <= 80:
        return [line]
    return [f"{key} = ["] + [f'  "{escape(v)}",' for v in values] + ["]"]


def write_toml(data):
    out = [f"# {c}" for c in data.comment] + [""]
    for s in data.sources:
        out.append(f"[source.{toml_key(s.sid)}]")
        for k, v in [("path", s.path), ("title", s.title), ("kind", "page"), ("publisher", s.publisher),
                     ("lang", "fr"), ("updated", s.updated)]:
            out.append(f'{k} = "{escape(v)}"')
        out.append("")
    for pid, kind, name, name_fr, owner, parent in data.programmes:
        out.append(f"[programme.{toml_key(pid)}]")
        f = [("name", name), ("name_fr", name_fr), ("kind", kind), ("owner", owner)] + ([("parent", parent)] if parent else [])
        out += [f'{k} = "{escape(v)}"' for k, v in f] + [""]
    for rid, parties, programmes, title, summary, events in data.relations:
        out.append("[[relation]]")
        out.append(f'id = "{rid}"')
        out += toml_array("parties", parties)
        out += toml_array("programmes", programmes)
        out.append(f'title = "{escape(title)}"')
        out.append(f'summary = "{escape(summary)}"')
        for ev in events:
            out.append("")
            if ev.comment:
                out.append(f"# {ev.comment}")
            out.append("[[relation.event]]")
            out.append(f'date = "{ev.date.edtf}"')
            for key, value, kind in event_fields(ev):
                if kind in ("list", "slist"):
                    out += toml_array(key, value)
                else:
                    out.append(f"{key} = {toml_value(value, kind)}")
            for sid, quote in ev.cites:
                out.append("")
                out.append("[[relation.event.cite]]")
                out.append(f'source = "{sid}"')
                out.append(f'quote = "{escape(quote)}"')
        out.append("")
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------
# Cases.

CASES = {
    # name: (files, events per file, description)
    "lines20k": "one file of 20,000 lines",
    "files1k": "a folder of 1,000 files of about 120 lines",
    "mb5": "5 MB of .annal in files of about 70 KB",
    "mb50": "50 MB of .annal in files of about 70 KB",
}


def generate_case(case, out_root, seed):
    rng = random.Random(f"{seed}:{case}")
    planter = Planter(random.Random(f"{seed}:{case}:errors"), rate=0.012)
    root = os.path.join(out_root, case)
    tmp = root + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    annal_dir, toml_dir = os.path.join(tmp, "annal"), os.path.join(tmp, "toml")
    os.makedirs(os.path.join(annal_dir, "sources"))
    os.makedirs(toml_dir)
    stats = {"annal_files": 0, "annal_bytes": 0, "annal_lines": 0, "toml_bytes": 0, "toml_lines": 0,
             "source_files": 0, "source_bytes": 0, "events": 0}

    def emit(data):
        a, t = write_annal(data), write_toml(data)
        with open(os.path.join(annal_dir, data.name + ".annal"), "w", encoding="utf-8", newline="\n") as f:
            f.write(a)
        with open(os.path.join(toml_dir, data.name + ".toml"), "w", encoding="utf-8", newline="\n") as f:
            f.write(t)
        for s in data.sources:
            with open(os.path.join(annal_dir, s.path), "w", encoding="utf-8", newline="\n") as f:
                f.write(s.text)
            stats["source_files"] += 1
            stats["source_bytes"] += len(s.text.encode())
        stats["annal_files"] += 1
        stats["annal_bytes"] += len(a.encode())
        stats["annal_lines"] += a.count("\n")
        stats["toml_bytes"] += len(t.encode())
        stats["toml_lines"] += t.count("\n")
        stats["events"] += sum(len(r[5]) for r in data.relations)
        return a

    neighbour = {}
    if case == "lines20k":
        # Find the event count that lands just under 20,000 lines, then pad the
        # header comment (in both formats) to exactly 20,000 lines.
        events = 2300
        for _ in range(12):
            data, _ = build_file(random.Random(f"{seed}:{case}:{events}"), Planter(random.Random(0), 0.012), "annal-20k", 0, events, {})
            lines = write_annal(data).count("\n")
            if 19900 <= lines <= 20000:
                break
            events = max(10, round(events * 19950 / lines))
        data, _ = build_file(random.Random(f"{seed}:{case}:{events}"), planter, "annal-20k", 0, events, {})
        pad = 20000 - write_annal(data).count("\n")
        data.comment += [f"Note {k + 1} : les dates suivent l'EDTF, les citations renvoient aux pages enregistrées en texte." for k in range(pad)]
        emit(data)
    else:
        if case == "files1k":
            count, per_file, budget = 1000, 13, None
        else:
            count, per_file, budget = None, 200, (5 if case == "mb5" else 50) * 1_000_000
        n = 0
        while (count is not None and n < count) or (budget is not None and stats["annal_bytes"] < budget):
            events = max(3, per_file + rng.randint(-per_file // 4, per_file // 4))
            data, local = build_file(rng, planter, f"dossier-{n:05d}", n, events, neighbour)
            emit(data)
            neighbour = local
            n += 1
    stats["planted_errors"] = planter.counts
    stats["seed"] = seed
    stats["generator_version"] = GENERATOR_VERSION
    stats["description"] = CASES[case]
    with open(os.path.join(tmp, "manifest.json"), "w") as f:
        json.dump(stats, f, indent=2, sort_keys=True)
    shutil.rmtree(root, ignore_errors=True)
    os.rename(tmp, root)
    return stats


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=os.path.join(here, "out"))
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--force", action="store_true", help="regenerate even when the manifest matches")
    parser.add_argument("cases", nargs="*", default=list(CASES))
    args = parser.parse_args()
    for case in args.cases:
        if case not in CASES:
            sys.exit(f"unknown case {case}; choose from {', '.join(CASES)}")
        manifest = os.path.join(args.out, case, "manifest.json")
        if not args.force and os.path.exists(manifest):
            with open(manifest) as f:
                m = json.load(f)
            if m.get("seed") == args.seed and m.get("generator_version") == GENERATOR_VERSION:
                print(f"{case}: up to date ({m['annal_files']} files, {m['annal_bytes'] / 1e6:.1f} MB)", file=sys.stderr)
                continue
        stats = generate_case(case, args.out, args.seed)
        print(f"{case}: {stats['annal_files']} files, {stats['annal_lines']} lines, {stats['annal_bytes'] / 1e6:.2f} MB .annal, "
              f"{stats['toml_bytes'] / 1e6:.2f} MB .toml, {stats['source_bytes'] / 1e6:.2f} MB sources, "
              f"{stats['events']} events, errors {stats['planted_errors']}", file=sys.stderr)


if __name__ == "__main__":
    main()
