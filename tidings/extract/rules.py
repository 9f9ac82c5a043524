"""Extraction vocabularies as data: chrome phrases, bot-challenge and wall markers, credits, the
display-HTML allow-list. The code that applies them lives in ``chrome.py``, ``text.py``,
``pages.py`` and ``sanitize.py`` (trafilatura keeps its XPath expressions apart in the same way).

Chrome patterns are matched against a *normalised* line (see ``chrome.normalise_line``):
case-folded, curly quotes and dashes made plain, white space collapsed. They are applied only to
lines of at most ``MAX_CHROME_WORDS`` words, so a paragraph of prose that happens to contain
"newsletter" or "download the app" is never dropped. The phrases were gathered from the two
seed pages, the article-extraction benchmark's gold-vs-trafilatura differences and the plain-text
renderings of the extraction data sets (2026-11-23), and written to cover each family of chrome
(sign-up boxes, walls, app promos, share bars, "related" lists, captions and credits), not one page.
German, French, Spanish, Portuguese and Italian phrases of the same families were added on
2026-12-05 after reading what Tidings kept of trafilatura-eval's dev pages against their gold
(segment precision 0.908 → 0.921, F1 0.897 → 0.902; the other two sets unchanged): as in
English, a word that can open prose ("Werbung", "Teilen", "Kommentare") counts only alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from tidings import url_rules

__all__ = [
    "ARCHIVE_HEADERS",
    "BLOG_FOOTER_ENDINGS",
    "BLOG_FOOTER_FIRST_WORDS",
    "BLOG_FOOTER_LAST_WORDS",
    "BLOG_FOOTER_OPENINGS",
    "BOT_CHALLENGE_MARKERS",
    "CAPTION_CREDIT_LABEL",
    "CAPTION_CREDIT_LABEL_APART",
    "CAPTION_CREDIT_LABEL_CAPITALISED",
    "CHROME_PATTERNS",
    "CONSENT_PAGE",
    "CONSENT_PAGE_TITLES",
    "CREDIT_AGENCIES",
    "CREDIT_AGENCY_WORDS",
    "CREDIT_SOURCES",
    "DISPLAY_ATTRIBUTES",
    "DISPLAY_TAGS",
    "DISPLAY_URL_ATTRIBUTES",
    "DISPLAY_URL_SCHEMES",
    "ERROR_PAGE_TITLES",
    "INTERSTITIAL_MARKERS",
    "MAX_CHROME_WORDS",
    "METADATA_LINE",
    "METADATA_LINK_WORDS",
    "METADATA_RELATIVE_TIME",
    "METADATA_STAMP_WORDS",
    "METADATA_TIME_ZONES",
    "NOTICE_PAGES",
    "OUTLET_IN_CHROME",
    "POLLSTERS",
    "READING_TIME",
    "SECTION_FRONT_TYPES",
    "SPONSOR_LABEL",
    "TRACKER_IMAGE_HOSTS",
    "TRACKER_IMAGE_PATHS",
    "WALL_MARKERS",
    "WALL_PAGE",
    "WEAK_SECTION_FRONT_TYPES",
    "WIRE_CREDIT_LINE",
    "ArchiveHeaderRules",
    "ChromeKind",
    "compile_patterns",
    "literal_alternation",
]

# Lines longer than this are prose, whatever words they contain.
MAX_CHROME_WORDS = 25


class ChromeKind(Enum):
    """Families of chrome. ``ends_article`` families mark the end of the body in plain text."""

    NEWSLETTER = "newsletter"
    WALL = "wall"
    APP_PROMO = "app promo"
    RELATED = "related list"
    SHARE = "share prompt"
    COMMENTS = "comments"
    PRIVACY = "privacy notice"
    CREDIT = "photo credit"
    ADVERT = "advertisement"
    NAVIGATION = "navigation"

    @property
    def ends_article(self) -> bool:
        return self in _ENDS_ARTICLE


_ENDS_ARTICLE = frozenset(
    {ChromeKind.NEWSLETTER, ChromeKind.WALL, ChromeKind.APP_PROMO, ChromeKind.RELATED, ChromeKind.COMMENTS}
)

# The line a WordPress theme prints under a post (Twenty Ten to Twenty Thirteen and the many themes
# built on them, from the theme's own strings and the translations WordPress ships): "This entry
# was posted in News and tagged Berlin. Bookmark the permalink.", "Dieser Beitrag wurde unter
# Schulleben abgelegt und mit Leben, Würde verschlagwortet. Setze ein Lesezeichen auf den
# Permalink.", "Esta entrada fue publicada en Noticias. Guarda el enlace permanente." Its openings
# are written so that a sentence of an article's is none ("Dieser Beitrag wurde am 5. März
# veröffentlicht." is a date line); a long list of categories and tags makes it longer than any
# other chrome, so ``chrome.chrome_kind`` reads it whatever its length.
BLOG_FOOTER_OPENINGS: tuple[str, ...] = (
    r"^this entry was (posted (in|on)|tagged|filed under)\b",
    r"^this post was posted in\b",
    r"^this (entry|post) is filed under\b",
    r"^dieser (beitrag|eintrag) wurde unter .{1,300} (abgelegt|veröffentlicht) und mit .{1,300}"
    r" verschlagwortet\b",
    r"^dieser (beitrag|eintrag) wurde unter .{1,300} abgelegt\b",
    r"^dieser eintrag wurde veröffentlicht in .{1,300} (und verschlagwortet mit|und getaggt als)\b",
    r"^cette entrée a été publiée dans\b",
    r"^(ce contenu|cet article|ce billet) a été publié dans .{1,300}, avec (comme )?(le\(s\) )?"
    r"mots?\(?s?\)?[- ]cl",
    r"^esta entrada (fue publicada|se publicó) en\b",
    r"^esta entrada foi publicada em\b",
    r"^(este artigo|este post) foi publicado em .{1,300} e (marcado|etiquetado)\b",
    r"^dit (bericht|item) (werd|is) geplaatst in\b",
    r"^questa voce è stata pubblicata in\b",
    r"^questo (articolo|post) è stato pubblicato in .{1,300} e (contrassegnato|taggato|etichettato)\b",
)
# Its closing sentence, alone or after the opening: "Bookmark the permalink." and its translations.
BLOG_FOOTER_ENDINGS: tuple[str, ...] = (
    r"\bbookmark the permalink\.?$",
    r"\bsetze ein lesezeichen auf den permalink\.?$",
    r"\bsetzen sie ein lesezeichen auf den permalink\.?$",
    r"\bfüge den permalink zu deinen favoriten hinzu\.?$",
    r"\bfügen sie den permalink zu ihren favoriten hinzu\.?$",
    r"\bvous pouvez (la|le) mettre en favoris avec ce permalien\.?$",
    r"\bajoutez ce permalien à vos favoris\.?$",
    r"\bguarda el enlace permanente\.?$",
    r"\bguarde o link permanente\.?$",
    r"\badicione (o link permanente aos seus favoritos|aos favoritos o link permanente)\.?$",
    r"\bbookmark de permalink\.?$",
    r"\b(contrassegna|aggiungi ai preferiti) il permalink\.?$",
)
# The words the footer opens with, as the theme writes them, and the last word of its closing
# sentence: a line longer than chrome's is read for the footer only when it opens or ends so.
BLOG_FOOTER_FIRST_WORDS: tuple[str, ...] = (
    "This entry ", "This post ", "Dieser Beitrag ", "Dieser Eintrag ", "Cette entrée ", "Ce contenu ",
    "Cet article ", "Ce billet ", "Esta entrada ", "Este artigo ", "Este post ", "Dit bericht ", "Dit item ",
    "Questa voce ", "Questo articolo ", "Questo post ",
)  # fmt: skip
BLOG_FOOTER_LAST_WORDS: frozenset[str] = frozenset(
    {"permalink", "permalien", "permanente", "hinzu", "favoris", "favoritos"}
)

# How long the article takes to read, as a page prints it beside the byline or alone on a line:
# "5 min read", "4-minute read", "3 Min. Lesezeit", "Lesezeit: 3 Minuten", "Temps de lecture : 4
# min", "Reading time: 5 minutes". No part of a byline (``metadata.clean_byline``) or of the text
# (a line of it alone is chrome). Case-folded, as lines are read (``chrome.normalise_line``).
_READING_MINUTES = r"(?:minutes?|minuten?|minutos?|minuti|mins?)\.?"
READING_TIME = (
    rf"\d{{1,3}}(?: ?|-){_READING_MINUTES} (?:read|lesezeit|lesedauer|de lecture|de lectura|de leitura|"
    r"di lettura)|(?:reading time|read time|lesezeit|lesedauer|temps de lecture|tiempo de lectura|"
    rf"tempo de leitura|tempo di lettura) ?:? ?(?:ca\. ?)?\d{{1,3}} ?{_READING_MINUTES}"
)

CHROME_PATTERNS: Mapping[ChromeKind, tuple[str, ...]] = {
    ChromeKind.NEWSLETTER: (
        r"^sign up (for|to) (our|the|a) .{0,40}(newsletter|email|briefing|daily|digest)",
        r"^sign up for [\w .&'-]{2,40}$",
        r"^(subscribe|sign up|register) (now|today|here|free)\b",
        r"\bnewsletters?\b",
        r"^(get|receive) (the|our) .{0,40}(in your inbox|by email|newsletter|briefing)",
        r"\bin (one|your|a single) (e-?mail|inbox)\b",
        r"^stay (informed|up to date|in the know)\b",
        r"^by (registering|signing up|subscribing|clicking)\b.{0,80}\b(agree|accept|consent)",
        r"^(enter|your) e-?mail( address)?\b",
        r"^(thank you|thanks) for (signing up|subscribing)",
        r"^(abonnez-vous|inscrivez-vous|je m\'abonne|s\'abonner|suscríbete|suscribete|suscríbase|"
        r"assine|inscreva-se|abbonati|iscriviti)\b.{0,60}$",
        r"^(jetzt |gratis |kostenlos )?(abonnieren|abonniere)\b.{0,40}$",
    ),
    ChromeKind.WALL: (
        r"^sign up to (read|continue|keep reading|view)\b",
        r"^(already (a|an) (member|subscriber|account holder))\b",
        r"\b(sign|log) in here\b",
        r"^(sign|log) ?in( or (sign|register) ?up)?( to .{0,40})?$",
        r"^(create|register) (a |an |your )?(free )?account\b",
        r"^(subscribe|register|sign in|log in) to (continue|keep) reading",
        r"^to continue reading\b",
        r"\bthis (article|story|content) is (only )?(for|available to|reserved for) (subscribers|members)",
        r"^(start|continue) (reading|your (free )?trial)$",
        r"^(\d+|seven|fourteen|thirty) days? free\b",
        r"^(start (your|a) )?free trial\b",
        r"^(become|join as) a (member|subscriber)\b",
        r"^you have (\d+|no) (free )?(articles?|stories) (left|remaining)",
        r"^you('ve| have) (reached|read) (your|the) (limit|maximum) of (free|complimentary)"
        r" (articles|stories)\b",
        r"\bdelivered (to|through) your (letterbox|door|doorstep|inbox)\b",
        r"\b\d+ issues for\b",
        r"^to (view|read) the (full|whole|rest of the) (story|article)\b",
        r"^if you\'?re (seeing this message|already a subscriber)\b",
        r"^(sie sind|du bist) (aktuell |derzeit |noch )?nicht (eingeloggt|angemeldet)\b",
        r"^(dieser|der) (artikel|beitrag|inhalt) ist (nur |exklusiv )?(für|fuer) (abonnent|mitglieder|"
        r"registrierte)",
        r"^(bereits|schon) (abonnent|abonniert|registriert|kunde|mitglied)\b",
        r"^pour (lire la suite|accéder|acceder|continuer à lire|continuer a lire)\b",
        r"^(cet |l\')?article est réservé aux (abonnés|membres)\b",
        r"^(déjà|deja) abonné\b",
        r"^(este|el|esse|o) (artículo|articulo|contenido|conteúdo|conteudo|artigo) (es|é) (exclusivo|"
        r"solo|só) (para|pra) (suscriptores|socios|assinantes)\b",
        r"^¿?(ya|já) (eres|es|é) (suscriptor|socio|assinante)\b",
        r"^(questo |l\')?articolo è riservato agli abbonati\b",
        r"^sei già abbonato\b",
    ),
    ChromeKind.APP_PROMO: (
        r"^(download|get|install|open) (the|our) .{0,30}app\b",
        r"\b(app store|google play|play store)\b",
        r"^one app\b",
        r"^get all your news in one place\b",
        r"\bpremium titles\b",
        r"^\d+\+? trusted (global )?(news )?sources\b",
        r"\bcurated (specifically )?for you\b",
        r"^one (subscription|membership)\b",
        r"^read (news )?from \d+.{0,20}(titles|sources|publications)",
    ),
    ChromeKind.RELATED: (
        r"^related( (stories|articles|content|coverage|news|posts|topics|links|reading|video|videos))?:?$",
        r"^top (stories|news|headlines)\b.{0,40}$",
        r"^most (read|popular|viewed|shared|emailed|commented)\b.{0,30}$",
        r"^(read|see|watch) (more|also|next)\b.{0,60}$",
        r"^(more|also) (from|in|on|about) .{1,40}$",
        r"^more (stories|news|articles|videos|headlines)\b.{0,30}$",
        r"^recommended( (for you|stories|reading|articles|videos))?:?$",
        r"^you (may|might) (also )?(like|enjoy|be interested in)\b",
        r"^(our|editor'?s|editors'?|staff) picks?$",
        r"^trending( now| stories| topics)?:?$",
        r"^(latest|popular|breaking) (news|stories|headlines|videos)$",
        r"^what to read next\b",
        r"^(further reading|in other news|elsewhere on .{1,30}|don'?t miss)\b.{0,30}$",
        r"^also on [\w-]+(\.[\w-]+)+\b",
        r"^(mehr|weitere|andere|ähnliche) (zum thema|themen|artikel|beiträge|nachrichten|meldungen|"
        r"news|kolumnen)\b.{0,40}$",
        r"^(auch|ebenfalls) (interessant|lesenswert|auf [\w.-]+)\b.{0,30}$",
        r"^(lesen sie|lies) (auch|mehr|weiter)\b.{0,60}$",
        r"^(schon gelesen|zum weiterlesen|weiterlesen|empfohlene (beiträge|artikel)|meistgelesen|"
        r"meistgelesene (artikel|beiträge|nachrichten)|beliebte (beiträge|artikel)|vorschau auf den"
        r" nächsten artikel)\b.{0,30}$",
        r"^(das|dies|diese artikel) (thema )?(könnte|könnten|dürfte) (sie|dich|euch)"
        r" (auch |ebenfalls )?(interessieren|gefallen)\b",
        r"^(à |a )?(lire|voir) (aussi|également|egalement|plus)\b.{0,60}$",
        r"^(sur le même sujet|(les )?(articles|sujets) (similaires|liés|associés|recommandés)|"
        r"(les )?plus (lus|populaires|partagés|commentés))\b.{0,30}$",
        r"^(vous|tu) (aimerez|pourriez aimer|aimeriez|pourrais aimer) (aussi|également)\b",
        r"^(lee|lea|leer|ver|mira) (también|tambien|más|mas)(:.{0,80}| aquí| aqui| \.\.\.|\.\.\.|…)?$",
        r"^(te|le|les) (puede|podría|podria|pueden) interesar\b",
        r"^((noticias|artículos|articulos|temas) relacionad[oa]s|lo más"
        r" (leído|leido|visto|compartido))\b.{0,30}$",
        r"^(veja|leia|confira) (também|tambem)\b.{0,60}$",
        r"^(veja|leia|confira) mais(:.{0,80}| \.\.\.|\.\.\.|…)?$",
        r"^(mais lidas|(notícias|noticias|matérias|materias) relacionadas|você pode gostar|voce pode"
        r" gostar)\b.{0,30}$",
        r"^(leggi|vedi|guarda) anche\b.{0,60}$",
        r"^((ti )?(potrebbe|potrebbero) (anche )?interessar(ti|e|vi)|(i )?più (letti|popolari|"
        r"visti|condivisi)|articoli correlati)\b.{0,30}$",
    ),
    ChromeKind.SHARE: (
        r"^share$",
        r"^share (this|on|via|to|the|article|story)\b.{0,30}$",
        r"^(tweet|email|e-mail|print|copy link|copy url|whatsapp|facebook|twitter|linkedin|reddit|pinterest|"
        r"telegram|flipboard|messenger|x)( this)?$",
        r"^(click|tap) (here )?to (share|tweet|email|print)\b",
        r"^(share|follow us)( on)? (facebook|twitter|x|instagram|linkedin)\b",
        r"^(follow|like) us on\b",
        # A writer's own prompt ("Follow Rebecca on Twitter.", "Follow me on X @handle").
        r"^follow (me|[^ ]+( [^ ]+){0,2}) on (twitter|x|facebook|instagram|linkedin|threads|bluesky|mastodon|"
        r"tiktok)( and (twitter|x|facebook|instagram|linkedin|threads|bluesky|mastodon|tiktok))?\.?( @\w+)?$",
        r"\bshare (it|this|the story|the article) with (a friend|your friends|others)\b",
        r"^(jetzt |artikel |beitrag |seite )?teilen$",
        r"^(möchten sie|willst du|möchtest du) (den|diesen|das|dieses) (artikel|beitrag|video)? ?teilen\??$",
        r"^(partager|partagez|partager (cet|l\') ?article|compartir|comparte|compartilhar|compartilhe|"
        r"condividi|condividere)( (sur|en|no|su) .{1,20})?$",
        r"^(folgen sie uns|folge uns|suivez-nous|síguenos|siguenos|siga-nos|seguici)\b.{0,40}$",
    ),
    ChromeKind.COMMENTS: (
        r"^(\d+ )?comments?( \(\d+\))?:?$",
        r"^(leave|post|add|view|show|read|see|load) (a |the |all )?(\d+ )?comments?\b",
        r"^join the (conversation|discussion|debate)\b",
        r"^(be the first to comment|comments are closed|commenting is (closed|disabled))\b",
        r"^(tell us|let us know) what you think\b",
        r"^what do you think\?$",
        r"^(\d+ )?(kommentare?|commentaires?|comentarios?|comentários?|commenti)( \(\d+\))?$",
        r"^(kommentieren|kommentar (schreiben|verfassen|abgeben)|commenter|laisser un commentaire|"
        r"comentar|deja un comentario|deixe um comentário|commenta|lascia un commento)\b.{0,30}$",
        r"^(schreiben sie|schreib|verraten sie( gerne| uns)?|verrate( uns)?) .{0,40}(in den|einen)"
        r" kommentar(en)?\b",
        r"^(was this|did you find this) (article|page|post|story) (helpful|useful)\??$",
        r"^(war|ist) (der|dieser|dieses|die) (artikel|beitrag|text|seite|inhalt|information) (hilfreich|"
        r"nützlich|interessant)\??$",
        r"^wie (bewerten sie|bewertest du|gefällt (ihnen|dir)) (diesen|den|dieses|das) (artikel|"
        r"beitrag|text)\??$",
        r"^hier (können sie|kannst du) (den|diesen) (artikel|beitrag) bewerten\b",
        r"^\(?(noch )?keine bewertungen?( vorhanden)?\)?$",
        r"^rate this (article|post|story)\b",
    ),
    ChromeKind.PRIVACY: (
        r"\bprivacy (policy|notice|statement|settings|preferences)\b",
        r"\bcookies?\b.{0,60}\b(use|accept|consent|policy|settings|preferences)\b",
        r"^(we|this (site|website)) uses? cookies\b",
        r"^(accept|reject|manage)( all)?( cookies| preferences)?$",
        r"\bterms (of (use|service)|and conditions)\b",
        r"^(all rights reserved|©|\(c\) ?\d{4}|copyright ©?\s*\d{4})",
    ),
    ChromeKind.CREDIT: (
        # An image's file name, printed where the image failed to load or as its alternative text.
        r"^[\w.-]{1,80}\.(jpe?g|png|gif|webp|avif|svg|tiff?|bmp)$",
        # " :" too: French typography spaces the colon ("Photo : AFP").
        r"^(photo|image|picture|video|photograph|illustration|graphic|source)s?( credit)?s? ?:\s*\S.{0,80}$",
        r"^(credit|courtesy|copyright) ?:?\s.{1,60}$",
        r"^\((photo|image|file photo|credit)\b[^)]*\)$",
        r"^(\w+ )?(getty images|reuters|ap photo|associated press|afp|epa(-efe)?|shutterstock|pool|"
        r"handout|file photo)(\s*/\s*[\w .-]+)*$",
        r"^[\w .'-]{2,50}\s*/\s*(getty images|reuters|ap|afp|epa|shutterstock|bloomberg|sipa|alamy)"
        r"(\s+via\s+[\w .-]+)?$",
        r"\b(icon|logo)$",
        r"^(image|media|video|photo) ?caption\b",  # BBC's caption label, glued to the caption
        r"^(foto|fotos|bild|titelbild|beitragsbild|bildquelle|bildnachweis|crédit photo|credit photo|"
        r"crédits?|créditos?|fonte|foto di)s? ?:\s*\S.{0,80}$",
    ),
    ChromeKind.ADVERT: (
        r"^advertisements?$",
        r"^(ad|ads|sponsored|promoted|paid)( (content|stories|post|partner|links))?:?$",
        r"^story continues( below)?( advertisement)?$",
        r"^continue reading (the main story|below)\b",
        r"^skip (advertisement|ad)\b",
        r"^(article )?continues (below|after (the )?(ad|advertisement))$",
        r"^(anzeige|werbung|publicité|publicite|publicidad|publicidade|pubblicità|pubblicita|reklame)( - .*)?"
        r"$",
    ),
    ChromeKind.NAVIGATION: (
        r"^(home|menu|search|next|previous|prev|close|back to top|top|more|show more|load more|see all)$",
        # Glued to the next skip link where a browser's copy of the page has no line between them
        # ("Skip to contentSkip to site index").
        r"^skip to (main |the )?(content|navigation|article)(\b|(?=skip to))",
        r"^(open|close|toggle) (menu|navigation|search)\b",
        r"^(go to|jump to) (the )?(main )?(content|comments)$",
        r"^(tags?|tagged|tagged with|topics|categories|filed under)( in)?:?$",
        r"^(tags?|tagged|topics|filed under):\s",
        r"^\[/?(button|caption|embed|gallery|video|audio)\b[^\]]*\]",
        r"^(startseite|zur startseite|zurück|zurück zur übersicht|nach oben|weiter|accueil|retour|"
        r"suivant|précédent|inicio|volver|siguiente|anterior|início|voltar|próximo|avanti|indietro|"
        r"permalink|permalien)$",
        r"^(schlagwörter|schlagworte|stichwörter|kategorien|mots-clés|mots clés|étiquettes|etiquetas|"
        r"categorias|categorie|argomenti)( in)?:?$",
        r"^(schlagwörter|schlagworte|stichwörter|kategorien|mots-clés|mots clés|étiquettes|etiquetas|"
        r"categorias|categorie|argomenti):\s",
        rf"^(?:{READING_TIME})$",
    ),
}

# The label line of a sponsored box or a paid partner's article, matched against a normalised line
# (lower-cased, white space collapsed) that stands alone in its element: "Sponsored", "Partner
# content", "Sponsored Content BY" (scroll.in's label over a paid article, followed by the
# advertiser's logo), "Presented by Luxury Link", "In partnership with Acme". Alone in an element
# only: "presented by" and "partner" open prose too. Read by ``main_content``, which removes the
# box or the article part the label opens.
SPONSOR_LABEL = (
    r"^(?:sponsored|promoted|paid|partner|advertiser|advertorial)"
    r"(?: (?:content|post|story|stories|feature|article|partner|partnership|links?))?"
    r"(?: (?:by|from)\b.{0,60})?:?$"
    r"|^(?:presented|sponsored|brought to you|paid for) by \S.{0,60}$"
    r"|^in partnership with \S.{0,60}$"
)

# A short line near the top of a body that is a date, a time or an update stamp is metadata, unless
# it reads as a sentence (``chrome.is_metadata_line``, with the words below).
# A time given as how long ago, in the languages whose dates Tidings reads: "3 hours ago", "vor 3
# Stunden", "hace 3 horas", "il y a 3 heures", "3 ore fa", "há 3 horas", "3 uur geleden". A stamp
# whatever its place in a line ("Vor 3 Stunden aktualisiert."): a sentence says "three hours
# later" or "vor drei Stunden", and one that holds the figure keeps its other words
# (``chrome.is_dated_sentence``). Case-folded.
METADATA_RELATIVE_TIME = (
    r"\b\d+ (seconds?|secs?|minutes?|mins?|hours?|hrs?|days?) ago\b",
    r"\bvor \d+ (sekunden|minuten|stunden|tagen)\b",
    r"\b(hace|há) \d+ (segundos?|minutos?|horas?|d[íi]as?)\b",
    r"\bil y a \d+ (secondes?|minutes?|heures?|jours?)\b",
    r"\b\d+ (secondi|minut[oi]|or[ae]|giorn[oi]) fa\b",
    r"\b\d+ (seconden|minuten|minuut|uur|dagen?) geleden\b",
)
METADATA_LINE = (
    r"^(updated|published|posted|last (updated|modified)|publicado|actualizado|atualizado|aktualisiert|"
    r"veröffentlicht|publiziert|erstellt am|mis à jour|publié|pubblicato|aggiornato|gepubliceerd|"
    r"bijgewerkt)\b",
    *METADATA_RELATIVE_TIME,
    r"\b\d{1,2}[./-]\d{1,2}[./-](19|20)?\d\d\b",
    r"\b\d{1,2}:\d\d\b",
    r"\b(19|20)\d\d-\d\d-\d\d\b",
)
# What a date line holds besides its date, time and byline, in the languages whose dates Tidings
# reads (``metadata.parse_date_in_text``): stamp words, weekdays, units of "3 hours ago". A line
# that ends as a sentence is metadata only where next to nothing else is left once these are
# taken away ("Posted: Thursday, April 21, 2022. 10:11 pm CST." leaves nothing; "The festival
# runs until 5 March 2024." leaves "The festival runs until"). Case-folded.
METADATA_STAMP_WORDS: frozenset[str] = frozenset(
    {
        "updated", "update", "published", "posted", "modified", "edited", "created", "last", "time", "date",
        "ago", "min", "mins", "minute", "minutes", "hour", "hours", "day", "days", "read", "monday",
        "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "tues", "wed",
        "thu", "thur", "thurs", "fri", "sat", "sun", "aktualisiert", "veröffentlicht", "publiziert",
        "erstellt", "geändert", "zuletzt", "stand", "datum", "uhr", "aktualisierung", "montag", "dienstag",
        "mittwoch", "donnerstag", "freitag", "samstag", "sonnabend", "sonntag", "publié", "publiée",
        "modifié", "modifiée", "actualisé", "mis", "mise", "jour", "ligne", "dernière", "lundi", "mardi",
        "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "publicado", "publicada", "actualizado",
        "actualizada", "modificado", "actualización", "publicación", "lunes", "martes", "miércoles", "jueves",
        "viernes", "sábado", "domingo", "atualizado", "atualizada", "atualização", "publicação",
        "segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira", "pubblicato",
        "pubblicata", "aggiornato", "aggiornata", "aggiornamento", "ore", "lunedì", "martedì", "mercoledì",
        "giovedì", "venerdì", "sabato", "domenica", "gepubliceerd", "bijgewerkt", "gewijzigd", "geplaatst",
        "laatst", "uur", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag",
        # A stamp that names the page itself: "This article was first published on 5 March 2024.",
        # "Dieser Beitrag wurde am 5. März 2024 veröffentlicht.", "Cet article a été publié le …".
        "this", "article", "story", "post", "was", "first", "originally", "dieser", "diese", "artikel",
        "beitrag", "wurde", "erstmals", "cet", "été", "initialement", "este", "esta", "artículo",
        "artigo", "fue", "foi", "questo", "articolo", "stato", "dit", "werd",
        # A stamp that names who wrote the text: "Geschrieben von Anna Schmidt am 5. März 2024."
        "written", "geschrieben", "écrit", "escrito", "scritto", "geschreven",
    }
)  # fmt: skip
# Words that join a stamp to its date or time ("on", "am", "le", "el de", "às", "alle", "op"):
# taken away only next to a date, a time or a stamp word, since elsewhere they are a sentence's
# own ("Le festival commence le 5 mars": the first "Le" stays). Case-folded.
METADATA_LINK_WORDS: frozenset[str] = frozenset(
    {
        "on", "at", "of", "am", "pm", "a", "um", "ab", "vom", "seit", "le", "à", "en", "du", "des", "de",
        "del", "el", "la", "las", "em", "às", "do", "da", "il", "alle", "op", "om", "sinds",
    }
)  # fmt: skip
# Time zones a date line names after its time, in capitals ("ET", "CET", "MEZ").
METADATA_TIME_ZONES: frozenset[str] = frozenset(
    {
        "ET", "EST", "EDT", "CT", "CST", "CDT", "MT", "MST", "MDT", "PT", "PST", "PDT", "AKST", "HST", "GMT",
        "UTC", "BST", "IST", "CET", "CEST", "MEZ", "MESZ", "WET", "WEST", "EET",
    }
)  # fmt: skip

# A sentence-long line that ends with a photo credit in parentheses is a caption:
# "Putin walks after … Minsk, Belarus, on Dec. 19, 2022. (Sergei Karpukhin/Sputnik/Pool via Reuters)".
# The parenthesis must read as a credit (``chrome.is_caption``): it opens with a credit's label
# (below), names an agency or photo service (``CREDIT_AGENCIES``), or joins a photographer's or an
# institution's name to another with "/" or "via" ("Manu Fernandez/AP", "Submitted/Topeka Zoo",
# "Elias Funez via Facebook"). A slash or a parenthesis alone is no credit: "(Whitelist/Blacklist)",
# "(Israel/Frankreich)", "(m/w/d)", "(5/21/2005)", "(24 photos)" end ordinary text.
# Labels, case-insensitive: "(Photo: …)", "(Image credit: …)", "(Photos by …)", "(Photo courtesy of
# …)", "(Foto: …)", "(Bild: …)", "(Crédit photo : …)", "(Courtesy of …)", "(File photo)", "(© …)",
# "(Photo illustration by …)", "(Submitted photo)", "(Screenshot/YouTube)", "(File: …)". Not
# "Graphic:" or "Video:": Reuters' "(Graphic: Global assets in 2019 - here)" links to a graphic, a
# line of the text (the Zyte set's gold keeps it); "(Video: Reuters)" is a credit for its agency.
CAPTION_CREDIT_LABEL = (
    r"^(?:all |©\s*)?(?:(?:(?:file |staff |handout |archive )?(?:photo illustration|photo|photograph|picture|"
    r"pic|image|foto|bild|archivfoto|archivbild|symbolfoto|symbolbild|illustration|screenshot|screengrab)s?|"
    r"bilder)(?: credits?)?\s*(?::|(?:by|von|de|di|door|por|via|courtesy)\b)|credits?\s*:|"
    r"crédits?(?: photo)?\s*:|courtesy\b|©|(?:staff|submitted|provided|contributed|file|handout) photos?\b|"
    r"(?:screen(?:shot|grab)s?|file)\s*[/:])"
)
# Labels that credit only as a caption's own parenthesis, after its sentence's full stop or on a
# line of its own ("… on Monday. (File)", "A colorful eye-deer. (credit to Capt. John …)"): inside
# a sentence they are its words ("choose Save As (File).", "This idea is not mine (credit to
# Jane).", "Bring a dish to share (photo provided).", "The company deleted the posts (screenshots of
# which were shared widely)."; reviews, 2026-12-07): "(Photo provided by …)", "(Screenshot from
# YouTube)", "(Photo credit to …)". Case-insensitive.
CAPTION_CREDIT_LABEL_APART = (
    r"^(?:file|screen(?:shot|grab)s?|photos? provided|credits? to\b.*|photo credits? to\b.*|"
    r"(?:photos?|pictures?|images?|screen(?:shot|grab)s?) (?:provided|supplied|submitted|contributed|taken|"
    r"courtesy) (?:by|of)\b.*|screen(?:shot|grab)s? (?:from|of|via)\b.*)$"
)
# Of those labels, the ones a caption writes capitalised, which credit at the end of any caption,
# with or without a full stop before ("Mayor Ana Ruiz speaks at the rally (Photo provided by City
# Hall)"): prose writes its parenthesis in lower case ("(images taken by the Webb telescope …)").
# Case-sensitive.
CAPTION_CREDIT_LABEL_CAPITALISED = (
    r"^(?:(?:Photos?|Pictures?|Images?|Screen(?:shot|grab)s?) (?:provided|supplied|submitted|contributed|"
    r"taken|courtesy) (?:by|of)\b|Photo credits? to\b|Screen(?:shot|grab)s? (?:from|of|via)\b)"
)
# Agencies and photo services whose name alone credits a photo, as they write it (matched with
# case, and in capitals too: "REUTERS"): "(AP)", "(Kyodo News via AP)", "(AFP/Getty Images)".
CREDIT_AGENCIES: tuple[str, ...] = (
    "AP", "AFP", "Reuters", "Associated Press", "Getty Images", "Getty", "EPA-EFE", "EFE", "ANSA", "ANP",
    "Belga", "Keystone", "APA", "AAP", "Xinhua", "TASS", "Sputnik", "Anadolu", "Kyodo", "Yonhap",
    "Bloomberg", "Shutterstock", "Alamy", "iStock", "Pixabay", "Unsplash", "picture alliance",
    "picture-alliance", "imago", "ZUMA", "Sipa", "NurPhoto", "Pool", "Handout", "Europa Press", "Lusa",
    "PA Wire", "PA Media", "iStockphoto",
)  # fmt: skip
# Of those, the services that sell or give away photos and nothing else: their name credits a
# photo at the end of any sentence ("A man walks past (Shutterstock)"), where a news agency's may
# spell out the words before it ("the American Psychological Association (APA)."). Case-insensitive.
# Not "imago": a word of biology too ("… emerging as winged adults (imago)."; review, 2026-12-07);
# it credits written as the agency writes it, joined or labelled ("IMAGO/Sven Simon", "Foto: imago").
CREDIT_PHOTO_SERVICES: frozenset[str] = frozenset(
    {
        "shutterstock",
        "alamy",
        "istock",
        "istockphoto",
        "pixabay",
        "unsplash",
        "getty",
        "getty images",
    }
)
# The news agencies whose name alone credits a photo after a sentence's end ("… on Aug. 31, 2019.
# (AP)") unless the sentence's last words spell it (``chrome.is_caption``); inside a sentence
# ("Protesters gather outside parliament (AP).") it is as often an acronym spelled out, and text.
CREDIT_NEWS_AGENCIES: frozenset[str] = frozenset(
    {
        "AP", "AFP", "Reuters", "EFE", "ANSA", "ANP", "Belga", "Keystone", "APA", "AAP", "Xinhua", "TASS",
        "Sputnik", "Anadolu", "Kyodo", "Yonhap", "Bloomberg", "Lusa",
    }
)  # fmt: skip
# Sources that credit a photo beside a photographer's or another source's name ("Kay Nietfeld/dpa",
# "Ole Spata/EPA", "NASA/JPL"), not alone: "(dpa)" and "(dpa/lnw)" sign a German agency's text,
# "(EPA)" and "(NASA)" spell out a name in a sentence ("the Environmental Protection Agency (EPA)").
# "staff" credits a paper's own photographer in lower case: "(Jane Doe/staff)". Observatories credit
# in a chain of institutions ("(NRAO/AUI/NSF)", "(NOIRLab/NSF/AURA)"), which names no one's name:
# one of theirs in it tells it from a party's chain ("(CDU/CSU/FDP)"; Big9+Chaos galaxies (1)).
CREDIT_SOURCES: tuple[str, ...] = ("dpa", "EPA", "PA", "NASA", "ESA", "JPL", "NRAO", "NOIRLab", "staff")
# Polling firms, as a poll's name joins one to the outlet that commissioned it ("(Reuters/Ipsos)",
# "(CBS News/YouGov)", "(NBC News/Marist)"): a parenthesis with one of them names a poll, no photo's
# credit ("… according to a poll (Reuters/Ipsos)."; review). Matched as a whole part of the name.
POLLSTERS: frozenset[str] = frozenset(
    {
        "Ipsos", "YouGov", "Gallup", "Marist", "Siena", "Quinnipiac", "NORC", "SSRS", "Morning Consult",
        "Monmouth", "Emerson", "Harris Poll", "Harris Interactive", "Ipsos MORI", "Pew",
        "Pew Research Center", "Rasmussen",
        "Opinium", "Savanta", "Survation", "Forsa", "INSA", "Infratest dimap", "Ifop", "Elabe", "Datafolha",
        "Léger", "Nanos", "Newspoll",
    }
)  # fmt: skip
# Words that name a news or photo agency in a credit that joins it to another name with "/", "via"
# or "|" ("Korean Central News Agency, European Pressphoto Agency / March 29, 2013"); alone they
# end a sentence as often ("according to IRNA (Iran's official news agency)."). Case-insensitive.
CREDIT_AGENCY_WORDS = r"\b(?:news agency|press agency|pressphoto agency|presseagentur|nachrichtenagentur)\b"
# The credit line that closes wire copy after its sign-off, naming who reported, wrote and edited
# it: "Reporting by Jane Doe in Geneva; Editing by John Roe and Mark Smith.", "Additional reporting
# by …", "Writing by …", "(Reporting by …)". Case-insensitive, up to the first name after "by"
# (``chrome.is_wire_credit_line`` wants it capitalised, and no sentence's words after it:
# "Reporting by the BBC showed …" and "Reporting by BBC News has shown …" are text).
WIRE_CREDIT_LINE = (
    r"^\(?(?:additional |further )?(?:reporting|writing|editing|compiled|research)"
    r"(?: and (?:reporting|writing|editing))? by\s+"
)

# Named groups ``outlet`` capture a publication's name from a chrome line that carries it.
OUTLET_IN_CHROME: tuple[str, ...] = (
    r"^sign up for (?P<outlet>[\w .&'-]{2,30}?) (daily|today|weekly|newsletters?|briefing|morning|evening|"
    r"alerts?|digest|headlines)\b",
    # The year before the name or after it ("© Rheinische Rundschau 2024"), and the rights
    # reserved in the languages whose chrome Tidings reads.
    r"^(©|\(c\)|copyright)(\s*(©|copyright))?\s*(\d{4}(\s*[-–,]\s*\d{4})*)?,?\s*(?P<outlet>[\w .&'-]{2,40}?)"
    r"(,?\s*\d{4}(\s*[-–]\s*\d{4})?)?"
    r"(,? (inc|llc|ltd|limited|plc|corp|corporation|gmbh|s\.a)\b.*|\.? (all rights reserved|alle rechte "
    r"vorbehalten|tous droits réservés|todos los derechos reservados|tutti i diritti riservati|todos os "
    r"direitos reservados)\b.*|\.)?$",
    r"^(?P<outlet>[\w .&'-]{2,30}?) (newsletter|app) (icon|logo)$",
)

# Bot challenges and anti-bot interstitials (Cloudflare, Akamai, PerimeterX, DataDome, Sucuri).
BOT_CHALLENGE_MARKERS: tuple[str, ...] = (
    r"^just a moment\b",
    r"^attention required!? \|? ?cloudflare",
    r"checking (if the site connection is secure|your browser before accessing)",
    r"\bcf-(browser-verification|challenge|chl-)",
    r"/cdn-cgi/challenge-platform/",
    r"\benable javascript and cookies to continue\b",
    r"\bverify(ing)? you are (a )?human\b",
    r"\bare you a (robot|human)\??",
    r"\bpx-captcha\b|\bperimeterx\b",
    r"\bcaptcha-delivery\.com\b|\bdatadome\b",
    r"^access denied$|\byou don'?t have permission to access\b",
    r"\bddos protection by\b|\bsucuri website firewall\b",
    r"\bplease complete the security check\b",
    r"\bpardon our interruption\b",
    # Cloudflare's block page ("Sorry, you have been blocked"), which prints no challenge of its own.
    r"\bsorry, you have been blocked\b|\bwhy have i been blocked\b|\bcloudflare ray id\b",
)

# Login and paywall pages that hold no article: phrases a wall page says of itself. Each opens on
# a word where it can (``guards.interstitial_page`` looks for that word before the pattern).
WALL_MARKERS: tuple[str, ...] = (
    r"\bsign ?in to (continue|read|view|access)\b",
    r"\blog ?in to (continue|read|view|access)\b",
    r"\bsubscribe to (continue|keep) reading\b",
    r"\bsubscri(be|ption) (now )?(to|for) (unlimited|full|digital) access\b",
    r"\bthis (article|story|content|page) is (only )?(for|available to|reserved for) (subscribers|members)\b",
    r"\byou (have reached|'ve reached|have read) (your|the) (limit|maximum) of free (articles|stories)\b",
    r"\bforgot (your )?password\b",
    r"\bcreate an account to (continue|read)\b",
    r"\bregister to (continue|read)\b",
    # The same walls in the other languages whose chrome ``CHROME_PATTERNS`` reads: German, French,
    # Spanish, Italian and Portuguese sites print these in place of the article (a save of one
    # was refused as having "too little article text", which sends its reader looking for a fault
    # in the page rather than signing in). Each opens on a word, as above: one that opened on a
    # group ("(dieser|der) …") was searched for at every position of every short page, which made
    # the check ten times as slow (25 against 270 µs on 1,500 characters, review, 2026-12-06).
    r"\bum (den |diesen )?(artikel |beitrag |text )?(vollständig )?weiterzulesen\b",
    r"\bdieser (artikel|beitrag|inhalt) ist (nur |exklusiv )?(für|fuer) (abonnent|mitglieder|registrierte)",
    r"\bder (artikel|beitrag|inhalt) ist (nur |exklusiv )?(für|fuer) (abonnent|mitglieder|registrierte)",
    r"\bpasswort vergessen\b",
    r"\barticle est réservé aux (abonnés|membres)\b",
    r"\bla suite est réservée aux (abonnés|membres)\b",
    r"\bpour lire la suite( de cet article)?,? (abonnez|connectez|identifiez)",
    r"\bmot de passe oublié\b",
    r"\beste (artículo|articulo|contenido) es (exclusivo |solo )?para (suscriptores|socios)\b",
    r"\bel (artículo|articulo|contenido) es (exclusivo |solo )?para (suscriptores|socios)\b",
    r"\bolvid(aste|ó|ado) (tu|su) contraseña\b",
    r"\barticolo è riservato agli abbonati\b",
    r"\bpassword dimenticata\b",
    r"\bdimenticato la password\b",
    r"\bconte(ú|u)do é (exclusivo |só )?(para|pra) assinantes\b",
    r"\bartigo é (exclusivo |só )?(para|pra) assinantes\b",
    r"\besqueceu(-se)? (da |a )?(sua )?(senha|palavra-passe)\b",
)

# What a login or paywall page is, for its refusal.
WALL_PAGE = "a login or paywall page with no article text; save the page while signed in"
# What a cookie-consent wall is, for its refusal.
CONSENT_PAGE = (
    "a cookie-consent page (the site asks to accept its cookies first), not the article;"
    " save the page after accepting or refusing them"
)
# Headings only a consent wall prints as its own ("Before you continue to Google"), matched against
# a whole normalised title or first block: a page so headed that also says a consent phrase is one
# with more text beside its phrases than a wall of partners' paragraphs has (Google's lists what it
# uses cookies for, some 60 words outside its phrases), as an error page is (``guards``).
CONSENT_PAGE_TITLES: tuple[str, ...] = (r"^before you continue( to [\w.]+)?$",)
# Pages a site shows in place of its article, each with the phrases its own text says of itself
# and what the page is (for the refusal): a cookie-consent wall (the IAB framework's wording, which
# most consent managers print), an ad-blocker notice, a login or paywall. A page is one of them only
# when what is left of its text without these phrases' lines is too short to be an article
# (``guards.interstitial_page``): an article that kept a consent banner or a wall's prompt
# is still an article. Matched against a normalised line; each of these opens on a word, not on a
# group of choices (a search for such a pattern tries every position: ten times as slow).
INTERSTITIAL_MARKERS: Mapping[str, tuple[str, ...]] = {
    CONSENT_PAGE: (
        r"\bwe and our (\d+ )?(partners|vendors)\b",
        r"\band/or (access|store) information on (a|your) device\b",
        r"\bwe value your privacy\b",
        r"\bclick (here )?to consent\b",
        r"\bbefore you continue( to [\w.]+)?$",
        # Google's own wall ("Before you continue to Google"), which names no partners.
        r"\bwe use cookies and data to\b",
        r"\bif you choose to .?(accept|reject) all\b",
        # The IAB framework's wording as German, French, Spanish and Italian consent managers print
        # it (a German wall, "Wir und unsere 197 Partner …", was read as an article of its paragraphs).
        r"\bwir und unsere (\d+ )?partner\b",
        r"\bwilligen sie (in die|der) (verarbeitung|nutzung|speicherung)\b",
        r"\bnous et nos (\d+ )?partenaires\b",
        r"\bnos partenaires et nous\b",
        r"\bavec nos (\d+ )?partenaires\b",
        r"\bretirer votre consentement\b",
        r"\bnosotros y nuestros (\d+ )?(socios|proveedores)\b",
        r"\bnoi e i nostri (\d+ )?(partner|fornitori)\b",
    ),
    "an ad-blocker notice (the site asks to turn the blocker off), not the article;"
    " save the page with the blocker off for the site": (
        r"\bdisable (your |the )?ad ?-?block",
        r"\bturn off (your |the )?ad ?-?block",
        r"\busing an ad ?-?block",
        r"\bwhitelist (us|our (site|website|domain)|this (site|website|domain))\b",
        r"\ballowlist (us|our (site|website|domain)|this (site|website|domain))\b",
    ),
    WALL_PAGE: WALL_MARKERS,
}
# How an error page says that the page is missing.
_MISSING = (
    r"(not found|cannot be found|could not be found|can't be found|couldn't be found|does not exist|"
    r"doesn't exist|is no longer available|no longer available|no longer exists)"
)
# Titles of error pages ("404 - Page not found", "Error 500", "Seite nicht gefunden"), matched
# against a whole normalised title or heading: a page so titled with little text, and with no date
# or byline, is no article.
ERROR_PAGE_TITLES: tuple[str, ...] = (
    # A bare number is no title of its own: a figure set above its paragraph ("500") reads so.
    r"^(?!\d+[.!]?$)(http )?(error )?(404|410|500|502|503)( error)?( [-:] ?| )?"
    rf"((the )?(page|file|article|content|story) )?({_MISSING}|gone|internal server error|server error|"
    r"service unavailable|error)?[.!]?$",
    r"^((sorry|oops)[,!.]* )?(the |this )?(page|file|article|content|story)"
    rf" (you (requested|are looking for|were looking for) )?(was |is )?{_MISSING}[.!]?$",
    r"^(seite nicht gefunden|page non trouvée|page introuvable|página no encontrada|pagina non trovata|"
    r"página não encontrada)[.!]?$",
)

# Pages a platform or an archive shows in place of an article, each by sentences only that page
# prints, with what the page is (for the refusal). A saved tweet page is the tweet and Twitter's
# notices ("Tweet with a location", the embed prompt, the logged-out onboarding), prose enough to
# pass for an article; the Internet Archive shows a crawl-time redirect or a miss instead of the
# page. Matched against normalised page text (lower case, single spaces, plain quotes).
NOTICE_PAGES: Mapping[str, tuple[str, ...]] = {
    "a Twitter/X page (a post and the site's notices), not a news article": (
        r"\byou can add location information to your tweets\b",
        r"\badd this (tweet|video) to your website by copying the code below\b",
        r"\bthis timeline is where you'll spend most of your time\b",
        r"\bwhen you see a tweet you love, tap the heart\b",
    ),
    "an Internet Archive notice, not the article; open the address it names and save that page": (
        r"\bgot an http \d{3} response at crawl time\b",
        r"\bthe wayback machine has not archived that url\b",
        r"\bthis url has been excluded from the wayback machine\b",
    ),
}


@dataclass(frozen=True, slots=True)
class ArchiveHeaderRules:
    """How a web archive's own header reads at the top of a plain-text save of one of its captures
    (a browser's "Save as text" or select-all copy), where no markup tells it from the saved page.

    Each pattern is matched, case-insensitively, against a whole line with its white space collapsed.
    ``words`` are what the header's lines are made of: a line of them alone, any number in any order
    (a copy joins a table's cells on one line or puts each on its own), is the header's. ``marker``
    starts the header (near the top of the save: the archive prints its header above the page), and
    some line of it must match ``proof`` too, so that a page that merely opens with the archive's name
    keeps its lines. ``lines`` are lines of free text after a label, ``spans`` blocks of free text
    that the header opens and closes with a line of each pair, and ``after`` lines that are the
    header's only right after a line matching the first of a pair (a capture's date, which a page's
    own date line would match alone). A line that reads as a date is the header's only where it
    holds ``capture_dates`` (the forms the archive prints a capture's date in) or ``after`` allows
    it: the header's words compose a page's own dateline too ("14", "Jan", "2024").
    """

    marker: str
    proof: str
    words: tuple[str, ...]
    capture_dates: str
    lines: tuple[str, ...] = ()
    spans: tuple[tuple[str, str], ...] = ()
    after: tuple[tuple[str, str], ...] = ()


_MONTH_ABBREVIATION = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
_DAY = rf"\d{{1,2}} {_MONTH_ABBREVIATION}[a-z]*\.? \d{{4}}"
_ADDRESS = r"https?://\S+"
_ARCHIVE_TODAY_NAMES = "|".join(re.escape(name) for name in sorted(url_rules.ARCHIVE_TODAY_DOMAINS))
_WAYBACK_HOSTS = "|".join(re.escape(host) for host in sorted(url_rules.ARCHIVE_HOSTS))
# The moment archive.today saved the page, as its header prints it: "15 Jan 2024 12:34:56 UTC".
_CAPTURE_TIME = rf"{_DAY} \d{{1,2}}:\d\d(?::\d\d)? utc"

# Written from the header archive.today prints above every snapshot (archive.ph, .is, .today …, as
# served 2018-2026): its name over "webpage capture", "Saved from" and the saved address (its search
# box), "history" and "←prior"/"next→" (adjacent links, glued in a copy), the capture time, "All
# snapshots from host …", "Webpage"/"Screenshot" tabs, "share", "download .zip", "report bug or
# abuse", "Buy me a coffee"; "Redirected from" and "no other snapshots from this url" on some. The
# Wayback Machine's toolbar (captures served since about 2017) opens with its print line, "The
# Wayback Machine - https://web.archive.org/web/<timestamp>/<page>", then the address box, "N
# captures" over the first and last capture's dates, the calendar's months, days and years, and an
# "About this capture" panel ("COLLECTED BY", the collection's description, "TIMESTAMPS").
ARCHIVE_HEADERS: Mapping[str, ArchiveHeaderRules] = {
    "archive.today": ArchiveHeaderRules(
        marker=rf"^(?:{_ARCHIVE_TODAY_NAMES})\b|\bwebpage capture\b",
        proof=rf"\bsaved from\b|\ball snapshots\b|\b{_CAPTURE_TIME}",
        capture_dates=_CAPTURE_TIME,
        words=(
            _ARCHIVE_TODAY_NAMES, r"webpage capture", r"saved from", r"redirected from", r"history",
            r"search", r"prior", r"next", r"prior ?next", r"[←→]", r"no other snapshots from this url",
            r"all snapshots", r"from host \S+", r"webpage", r"screenshot", r"share", r"download \.zip",
            r"report bug or abuse", r"buy me a coffee", _CAPTURE_TIME, _ADDRESS,
        ),
    ),
    "the Wayback Machine": ArchiveHeaderRules(
        marker=rf"^the wayback machine - https?://(?:{_WAYBACK_HOSTS})/",
        proof=rf"^the wayback machine - https?://(?:{_WAYBACK_HOSTS})/",
        capture_dates=rf"{_DAY} - {_DAY}",
        words=(
            rf"the wayback machine - {_ADDRESS}", _ADDRESS, r"go", r"\d[\d,]* captures?", rf"{_DAY} - {_DAY}",
            _MONTH_ABBREVIATION, r"previous capture", r"next capture", r"\d{1,2}", r"(?:19|20)\d\d",
            r"[◄►←→]", r"success", r"fail", r"about this capture", r"collected by", r"timestamps", r"loading",
            r"close", r"help",
        ),
        lines=(r"(?:organization|collection): .{1,200}",),
        spans=((r"collected by", r"timestamps"),),
        after=((r"\d[\d,]* captures?", _DAY),),
    ),
}  # fmt: skip

# Structured-data and Open Graph types that mark a page as a list of articles, not one article.
SECTION_FRONT_TYPES: frozenset[str] = frozenset(
    # "profile" is og:type's name for an author's page: a list of their articles.
    {"collectionpage", "itemlist", "searchresultspage", "profilepage", "profile", "sitenavigationelement"}
)
# Types that many article pages also declare (``og:type website``): a hint, never proof.
WEAK_SECTION_FRONT_TYPES: frozenset[str] = frozenset({"website", "webpage"})

# What a tag, category, topic or search-results page without structured data calls itself, by
# the classes of its <body> (WordPress's body_class, Ghost's templates) or by a short
# title ("Tag: Climate", "Search Results for “climate”", "Posts tagged climate"). A hint only: such a
# page must also list several articles under linked headings (``pages._is_listing``), and a body
# class of one post vetoes it. Drupal's taxonomy classes are left out: its topic pages open with
# prose of their own (trafilatura-eval's iass-potsdam.de research-area page).
LISTING_BODY_CLASSES: frozenset[str] = frozenset(
    {
        "archive", "search-results", "search-no-results", "tag", "category", "tax-post_tag",
        "page-search", "tag-template", "search-page", "archive-page", "tag-page", "category-page",
    }
)  # fmt: skip
ONE_POST_BODY_CLASSES: frozenset[str] = frozenset({"single", "singular", "single-post", "post-template"})
LISTING_TITLE = re.compile(
    r"(?:search results?|results|you searched for|suchergebnisse|r[ée]sultats? de (?:la )?recherche|"
    r"resultados de (?:la )?b[úu]squeda|risultati (?:della )?ricerca)"
    r"(?: for| für| pour| para| per)?\s*[:“\"'‘«„]"
    r"|(?:tag|tags|tagged|category|categories|topic|topics|archives?|schlagwort|kategorie|thema|"
    r"[ée]tiquette|cat[ée]gorie|etiqueta|categor[íi]a|argomento)\s*:\s*\S"
    r"|(?:posts|articles|stories|entries) (?:tagged|filed under|in category)\b",
    re.IGNORECASE,
)
# A title of more words than this is a headline, whatever it opens with ("Tag: you're it, says …").
LISTING_TITLE_MAX_WORDS = 6

# -- display HTML (sanitize.py) --------------------------------------------------------------------

# Tags kept in the display HTML of an article; everything else is unwrapped to its text, and the
# content of script/style/template-like elements is dropped (nh3's default clean-content tags).
DISPLAY_TAGS: frozenset[str] = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "dfn", "div", "dl",
        "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins",
        "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "sup",
        "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var",
    }
)  # fmt: skip

DISPLAY_ATTRIBUTES: Mapping[str, frozenset[str]] = {
    "a": frozenset({"href", "title"}),
    "abbr": frozenset({"title"}),
    "blockquote": frozenset({"cite"}),
    "q": frozenset({"cite"}),
    "del": frozenset({"cite", "datetime"}),
    "ins": frozenset({"cite", "datetime"}),
    "img": frozenset({"src", "alt", "title", "width", "height"}),
    "ol": frozenset({"start", "reversed"}),
    "td": frozenset({"colspan", "rowspan"}),
    "th": frozenset({"colspan", "rowspan", "scope"}),
    "time": frozenset({"datetime"}),
}

# Hosts (and their subdomains) whose images are tracking pixels, advertisements or feed-tracking
# beacons, never an article's picture: analytics and ad servers, and the feed services that add a
# counter image to each entry's content (FeedBurner's "~r/" and "~ff/" images, Feedblitz, WordPress
# stats). Images from them are dropped from display HTML, wherever they stand.
TRACKER_IMAGE_HOSTS: frozenset[str] = frozenset(
    {
        "doubleclick.net", "google-analytics.com", "googletagmanager.com", "googlesyndication.com",
        "googleadservices.com", "adservice.google.com", "scorecardresearch.com", "quantserve.com",
        "chartbeat.net", "parsely.com", "pixel.wp.com", "stats.wp.com", "stats.wordpress.com",
        "feedblitz.com", "feedsportal.com", "amazon-adsystem.com", "adnxs.com", "taboola.com",
        "outbrain.com", "outbrainimg.com", "criteo.com", "criteo.net", "bat.bing.com",
        "analytics.twitter.com", "ads-twitter.com", "pixel.facebook.com", "moatads.com",
        "rubiconproject.com", "pubmatic.com",
        "list-manage.com", "mailchimp.com", "matomo.cloud", "statcounter.com", "hotjar.com",
        "newrelic.com", "nr-data.net", "piwik.pro", "addthis.com", "sharethis.com", "gravatar.com",
    }
)  # fmt: skip
# (host suffix, path prefix) of tracking images on hosts that also serve other things.
TRACKER_IMAGE_PATHS: tuple[tuple[str, str], ...] = (
    ("feedburner.com", "/~r/"),
    ("feedburner.com", "/~ff/"),
    ("facebook.com", "/tr"),
    ("t.co", "/i/adsct"),
)

# Attributes holding a URL: each must be http, https or mailto, or relative (resolved if a base is known).
DISPLAY_URL_ATTRIBUTES: frozenset[str] = frozenset({"href", "src", "cite"})
DISPLAY_URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})


def compile_patterns(patterns: tuple[str, ...], *, name: str) -> tuple[re.Pattern[str], ...]:
    """Compile one vocabulary, refusing an empty pattern (it would match every line)."""
    compiled = []
    for pattern in patterns:
        if not pattern.strip():
            raise ValueError(f"{name}: an empty pattern would match everything")
        compiled.append(re.compile(pattern))
    return tuple(compiled)


def literal_alternation(words: Iterable[str], tails: Mapping[str, str] | None = None) -> str:
    """A pattern that finds any of ``words`` (as substrings), written as a tree of their shared
    prefixes ("s(?:hare|ocial|…)"): Python's regex engine tries every branch of a flat alternation
    at each position, so the tree finds the same words two to six times as fast (class and id
    names of the dev pages, 2026-12-06). A word in ``tails`` is followed by its pattern (a
    condition on what stands around it) and may end inside a longer word."""
    tails = tails or {}
    tree: dict[str, dict[str, Any]] = {}
    for word in words:
        node = tree
        for character in word:
            node = node.setdefault(character, {})
        node[""] = {}

    def branch(node: dict[str, Any], prefix: str) -> str:
        if "" in node and prefix not in tails:
            return ""  # a word ends here: whatever follows, it is found
        options = [
            re.escape(character) + branch(child, prefix + character)
            for character, child in sorted(node.items())
            if character
        ]
        if "" in node:
            options.append(tails[prefix])
        return options[0] if len(options) == 1 else f"(?:{'|'.join(options)})"

    return branch(tree, "")
