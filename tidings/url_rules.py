"""Vocabularies for ``tidings.urls``, kept as data apart from the code that applies them.

Each entry is a lower-case query parameter name (or prefix) that only tracks a click and never
selects content. The lists follow miniflux's ``urlcleaner`` and the ClearURLs "global rules",
checked against the parameters seen in the article-extraction benchmark's URLs (2026-11-23).
A name belongs here only if no news site is known to need it to show the page: ``id``, ``p``,
``page`` or ``article`` are never tracking parameters.
"""

from __future__ import annotations

__all__ = [
    "AMP_CACHE_SUFFIX",
    "AMP_ONLY_PARAMETERS",
    "AMP_PATH_SEGMENT",
    "AMP_SWITCH_PARAMETERS",
    "ARCHIVE_HOSTS",
    "ARCHIVE_TODAY_DOMAINS",
    "DEFAULT_PORTS",
    "ESCAPED_AMPERSAND",
    "FEED_SELECTING_PARAMETERS",
    "GOOGLE_AMP_VIEWER_PREFIXES",
    "GOOGLE_TRANSLATE_PAGE_HOSTS",
    "GOOGLE_TRANSLATE_PAGE_OWN_PARAMETERS",
    "GOOGLE_TRANSLATE_PAGE_PARAMETER",
    "GOOGLE_TRANSLATE_PAGE_PATHS",
    "GOOGLE_TRANSLATE_PARAMETER_PREFIX",
    "GOOGLE_TRANSLATE_PROXY_SUFFIX",
    "REFERRAL_KEEPING_DOMAINS",
    "REFERRAL_KEEPING_HOST_LABELS",
    "REFERRAL_PARAMETERS",
    "SHARED_PUBLISHER_DOMAINS",
    "SHARED_PUBLISHER_PLAIN_LABELS",
    "SITE_TRACKING_PARAMETERS",
    "TRACKING_PARAMETERS",
    "TRACKING_PARAMETER_PREFIXES",
]

# Exact parameter names, compared case-insensitively.
TRACKING_PARAMETERS: frozenset[str] = frozenset(
    {
        # Google Analytics / Ads
        "gclid",
        "gclsrc",
        "dclid",
        "gbraid",
        "wbraid",
        "_ga",
        "_gl",
        # Facebook, Instagram, Twitter/X, LinkedIn, TikTok, Microsoft, Yandex
        "fbclid",
        "igshid",
        "twclid",
        "li_fat_id",
        "ttclid",
        "msclkid",
        "yclid",
        # Mailchimp, HubSpot, Marketo, Omeda, Vero, Oly
        "mc_cid",
        "mc_eid",
        "_hsenc",
        "_hsmi",
        "__hssc",
        "__hstc",
        "__hsfp",
        "hsctatracking",
        "mkt_tok",
        "oly_anon_id",
        "oly_enc_id",
        "vero_conv",
        "vero_id",
        # Adobe, Webtrends, IBM, Piwik/Matomo (campaign only), Sailthru, generic referrers
        "s_cid",
        "s_kwcid",
        "wt.mc_id",
        "wt_mc_id",
        "cmpid",
        "cmp",
        "icid",
        "ncid",
        "ocid",
        "cid_source",
        "sr_share",
        "share",
        "smid",
        "ref_src",
        "ref_url",
        "rss",
        "rssfeed",
        "feedtype",
        "sthash",
        "spm",
        "guccounter",
        "guce_referrer",
        "guce_referrer_sig",
        "at_medium",
        "at_campaign",
        "at_custom1",
        "at_custom2",
        "at_custom3",
        "at_custom4",
        "__twitter_impression",
        "xtor",
        "ito",
    }
)

# Tracking names above that an article's address arrives with from a feed (``?rss=1``), but that a
# feed's own address may need to name the feed (``index.php?rss=news``, ``?feedtype=atom``): a
# subscription keeps them (``urls.feed_address``).
FEED_SELECTING_PARAMETERS: frozenset[str] = frozenset({"rss", "rssfeed", "feedtype"})

# Referral markers: which link or channel a reader came from (``?ref=rss``, ``?ref=hp``,
# ``?ref=twitter``, the New York Times' ``?ref=todayspaper``, Ghost's ``?ref=example.com``). Unlike the
# names above they are dropped only where they cannot select content: not on code hosts, where
# ``?ref=main`` picks a branch (``REFERRAL_KEEPING_*``), and never with an all-digit value, which
# some older sites use as the article's record number (``news.php?ref=1234``).
REFERRAL_PARAMETERS: frozenset[str] = frozenset({"ref"})
# Code hosts, by registrable domain (so ``api.github.com`` too): ``ref`` names a branch or tag there.
REFERRAL_KEEPING_DOMAINS: frozenset[str] = frozenset(
    {"github.com", "gitlab.com", "codeberg.org", "bitbucket.org", "gitea.com", "gitee.com", "sr.ht"}
)
# Self-hosted forges are known by their host's first label (``gitlab.gnome.org``, ``git.kernel.org``).
REFERRAL_KEEPING_HOST_LABELS: frozenset[str] = frozenset({"git", "gitlab", "gitea", "forgejo"})

# Parameter name prefixes, compared case-insensitively (``utm_source``, ``pk_campaign`` …).
TRACKING_PARAMETER_PREFIXES: tuple[str, ...] = ("utm_", "pk_", "mtm_", "hmb_")

# One site's own click-tracking parameters, by registrable domain: names too common to drop
# everywhere (``click`` or ``ir`` may well select content on another site), but that on these
# sites only say which link was followed. Each entry was seen on one article's two addresses in the
# bundled UCI sample (2014): Popular Mechanics' ``?click=pm_news`` / ``?click=pm_latest`` (the
# section of the home page the link was on), the Huffington Post's ``?ir=Food`` (the section).
SITE_TRACKING_PARAMETERS: dict[str, frozenset[str]] = {
    "popularmechanics.com": frozenset({"click"}),
    "huffingtonpost.com": frozenset({"ir"}),
}

# Registrable domains shared by separate publishers, each on a host of its own, where the domain
# itself is a company's portal rather than one publication: the outlet is the next label down
# (``urls.registrable_domain``), as the Public Suffix List's private section makes it for hosting
# services (``blogspot.com``, ``substack.com``). Each was seen with two publications under
# different names in the bundled UCI sample (2014) or the audit of 2026-12-06: Disney's go.com
# (ABC News at abcnews.go.com, ESPN at espn.go.com), Times Internet's indiatimes.com (the Times of
# India, the Economic Times), the India Today Group's intoday.in (India Today, Business Today) and
# Streetwise Media's streetwise.co (BostInno, In The Capital). A domain that is a publication with
# sections or blogs on its own hosts (blogs.wsj.com, money.cnn.com, uk.reuters.com) is not one:
# its hosts are that one outlet.
SHARED_PUBLISHER_DOMAINS: frozenset[str] = frozenset(
    {"go.com", "indiatimes.com", "intoday.in", "streetwise.co"}
)
# Host labels in front of a shared publisher domain that name no publication: a mobile, AMP or
# ``www.`` form of the portal itself (``www.go.com`` is go.com, ``m.indiatimes.com`` indiatimes.com).
SHARED_PUBLISHER_PLAIN_LABELS: frozenset[str] = frozenset({"www", "m", "mobile", "amp"})

# ``&`` written ``&amp;`` in a link (escaped for HTML and never unescaped, as feeds and datasets
# often leave it): the parameter after it arrives named ``amp;ir`` and is read as ``ir``.
ESCAPED_AMPERSAND = "amp;"

# AMP: parameters that only the AMP cache and viewer add; removed whatever their value.
AMP_ONLY_PARAMETERS: frozenset[str] = frozenset({"amp_js_v", "amp_gsa", "amp_r", "usqp", "_amp"})
# AMP: a parameter that asks for the AMP rendering of the same article, and the values that mean
# "yes" (``?amp``, ``?amp=1``, ``?outputType=amp``); any other value may select content and stays.
AMP_SWITCH_PARAMETERS: dict[str, frozenset[str]] = {
    "amp": frozenset({"", "1", "true"}),
    "outputtype": frozenset({"amp"}),
}
# The path segment that AMP versions add (``/amp/story`` or ``/story/amp``).
AMP_PATH_SEGMENT = "amp"

# The Google AMP cache serves ``https://www-example-com.cdn.ampproject.org/c/s/www.example.com/x``.
AMP_CACHE_SUFFIX = ".cdn.ampproject.org"
# The Google AMP viewer serves ``https://www.google.com/amp/s/www.example.com/x``.
GOOGLE_AMP_VIEWER_PREFIXES: tuple[str, ...] = ("/amp/s/", "/amp/")

DEFAULT_PORTS: dict[str, int] = {"http": 80, "https": 443}

# Web archives that wrap a page's own URL: ``https://web.archive.org/web/20130224005737/http://x/y``
# (the timestamp may carry a suffix such as ``id_``; some saves collapse ``http://`` to ``http:/``).
ARCHIVE_HOSTS: frozenset[str] = frozenset({"web.archive.org", "web-beta.archive.org", "wayback.archive.org"})
# archive.today's names (one service, by registrable domain). Its addresses that name the saved page:
# ``/2024.01.15-123456/URL`` (its "long link"), ``/20240115123456/URL``, ``/newest/URL``, ``/URL``
# (the list of a page's snapshots) and ``/o/ID/URL`` (a snapshot's outbound link); a short link
# (``/AbCd1``) names no page, which only the snapshot's own markup does.
ARCHIVE_TODAY_DOMAINS: frozenset[str] = frozenset(
    {"archive.today", "archive.ph", "archive.is", "archive.li", "archive.vn", "archive.fo", "archive.md"}
)

# Google Translate's website proxy serves ``https://www-example-com.translate.goog/path?_x_tr_sl=auto
# &_x_tr_tl=en``: the page's host with each ``-`` doubled and each ``.`` made ``-``, and its own
# parameters (``_x_tr_sch=http`` for a page served over http) added to the page's query.
GOOGLE_TRANSLATE_PROXY_SUFFIX = ".translate.goog"
GOOGLE_TRANSLATE_PARAMETER_PREFIX = "_x_tr_"
# Google Translate's pages that name the translated page in a parameter:
# ``https://translate.google.com/translate?sl=de&tl=en&u=https://www.example.com/x`` (and its
# country domains, ``translate.google.de``), the frame it served the page in,
# ``https://translate.googleusercontent.com/translate_c?depth=1&sl=de&tl=en&u=…``, and the
# website form ``https://translate.google.com/website?sl=auto&tl=en&u=…``.
GOOGLE_TRANSLATE_PAGE_HOSTS: frozenset[str] = frozenset(
    {"translate.google.com", "translate.googleusercontent.com"}
)
GOOGLE_TRANSLATE_PAGE_PATHS: frozenset[str] = frozenset({"/translate", "/translate_c", "/website"})
GOOGLE_TRANSLATE_PAGE_PARAMETER = "u"
# Those pages' own parameters. Any other piece of their query is the translated page's own, cut
# off by an ``&`` its address left unescaped (``…&u=https://ex.com/a?id=1&page=2``): it goes back
# onto that address, or two pages would be read as one.
GOOGLE_TRANSLATE_PAGE_OWN_PARAMETERS: frozenset[str] = frozenset(
    {"sl", "tl", "hl", "ie", "oe", "js", "prev", "depth", "client", "rurl", "sp", "usg", "anno", "act", "nv"}
)


def _check_vocabularies() -> None:
    """Reject an empty entry: an empty prefix would match every parameter."""
    for name in TRACKING_PARAMETERS:
        if not name or name != name.lower():
            raise ValueError(f"tracking parameter {name!r} must be a non-empty lower-case name")
    if not FEED_SELECTING_PARAMETERS <= TRACKING_PARAMETERS:
        raise ValueError("a feed-selecting parameter must be one of the tracking parameters it keeps")
    for name in REFERRAL_PARAMETERS:
        if not name or name != name.lower():
            raise ValueError(f"referral parameter {name!r} must be a non-empty lower-case name")
    for prefix in TRACKING_PARAMETER_PREFIXES:
        if not prefix or prefix != prefix.lower():
            raise ValueError(f"tracking prefix {prefix!r} must be a non-empty lower-case name")
    for domain in SHARED_PUBLISHER_DOMAINS:
        if not domain or domain != domain.lower() or "." not in domain:
            raise ValueError(f"shared publisher domain {domain!r} must be a lower-case registrable domain")
    for domain, names in SITE_TRACKING_PARAMETERS.items():
        if not names or any(not name or name != name.lower() for name in names):
            raise ValueError(f"the tracking parameters of {domain!r} must be non-empty lower-case names")


_check_vocabularies()
