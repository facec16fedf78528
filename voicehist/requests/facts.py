"""Vendor and law facts for deletion requests, as data.

Every address, contact and authority here comes from the project's FORMATS.md ("Deletion routes", "Addresses
for letters"). Where that gives none, the value is a clearly marked placeholder in square brackets, never a
guess: a letter must not send someone to an invented address.
"""

from __future__ import annotations

from dataclasses import dataclass

VENDOR_ALIASES = {"amazon": "amazon", "alexa": "amazon", "google": "google"}
DB_VENDOR = {"amazon": "alexa", "google": "google"}  # the clips.vendor value of each vendor
VENDOR_OF_DB = {v: k for k, v in DB_VENDOR.items()}
LAWS = ("gdpr", "uk-gdpr", "ccpa", "coppa")


@dataclass(frozen=True)
class Vendor:
    key: str
    name: str  # "Amazon"
    service: str  # "Alexa"
    vendor_id_name: str  # what the vendor calls the id voicehist shows
    controllers: dict[str, str]  # law -> controller name and postal address (one line per item)
    contact: dict[str, str]  # law -> how to send it (text)
    email: dict[str, str | None]  # law -> a privacy e-mail address from FORMATS.md, or None
    self_service: str  # where the user deletes recordings themselves
    self_service_filters: str  # what that page filters by
    recipients_hint: str  # who typically receives the data (Art. 19)
    auto_delete: str  # the vendor's own setting that deletes recordings after a while, and where it is
    form: str | None = None  # where the vendor takes privacy requests only through a web form (no address)


AMAZON_EU = "Amazon Europe Core S.à r.l.\n38 avenue John F. Kennedy\nL-1855 Luxembourg"
AMAZON_US = "Amazon.com, Inc.\nP.O. Box 81226\nSeattle, WA 98108-1226\nUSA"
GOOGLE_IE = "Google Ireland Limited\nGordon House\nBarrow Street\nDublin 4\nIreland"
GOOGLE_US = "Google LLC\n1600 Amphitheatre Parkway\nMountain View, CA 94043\nUSA"

AMAZON_CONTACT = (
    'Amazon\'s own route for privacy requests is the privacy "Contact Us" form in your Amazon account; '
    "this letter can be pasted there as text."
)

VENDORS: dict[str, Vendor] = {
    "amazon": Vendor(
        key="amazon",
        name="Amazon",
        service="Alexa",
        vendor_id_name="utteranceId",
        controllers={
            "gdpr": AMAZON_EU,
            "uk-gdpr": "[Amazon's data controller for UK users: look it up in Amazon's current privacy notice]",
            "ccpa": AMAZON_US,
            "coppa": AMAZON_US,
        },
        contact={law: AMAZON_CONTACT for law in LAWS},
        email={law: None for law in LAWS},
        self_service="Alexa app → More → Settings → Alexa Privacy → Review Voice History",
        self_service_filters="date range and device",
        recipients_hint="for example the developers of Alexa skills that handled a request",
        auto_delete='Alexa app → More → Settings → Alexa Privacy → Manage Your Alexa Data → "Choose how long to'
        " save recordings\": 3 months, 18 months, or don't save recordings",
        form='the privacy "Contact Us" form in your Amazon account',
    ),
    "google": Vendor(
        key="google",
        name="Google",
        service="Google Assistant",
        vendor_id_name="audio file name",
        controllers={"gdpr": GOOGLE_IE, "uk-gdpr": GOOGLE_US, "ccpa": GOOGLE_US, "coppa": GOOGLE_US},
        contact={law: "Google's privacy contact for data requests is data-access-requests@google.com." for law in LAWS},
        email={law: "data-access-requests@google.com" for law in LAWS},
        self_service="My Activity",
        self_service_filters="date and product (Assistant, Voice and Audio)",
        recipients_hint="for example services or partners that received the recordings or their transcripts",
        auto_delete="My Activity → Web & App Activity (it includes voice and audio) → auto-delete after 3, 18 or 36"
        ' months; "Include voice and audio activity" can also be switched off',
    ),
}


@dataclass(frozen=True)
class Law:
    key: str
    title: str  # "GDPR"
    regulation: str  # how the letter names the law
    erasure: str  # the article giving the right
    recipients: str  # the duty to pass the erasure on
    answer_within: str  # plain words
    extension: str  # plain words
    party: str  # what the law calls the company: controller / business / operator
    date_style: str  # "eu" (25 November 2026) or "us" (November 25, 2026)
    consent: str | None = None
    objection: str | None = None
    access: str | None = None  # the access right, for --access
    ack_within: str | None = None  # CCPA: confirm receipt
    months: int = 0  # deadline in months (GDPR) ...
    days: int = 0  # ... or in days (CCPA)
    ext_months: int = 0
    ext_days: int = 0
    ack_business_days: int | None = None


def _gdpr(key: str, title: str, regulation: str) -> Law:
    """The GDPR and the UK GDPR: the same articles and deadlines, cited under their own name."""
    return Law(
        key=key,
        title=title,
        regulation=regulation,
        erasure=f"Article 17 {title}",
        consent=f"Article 7(3) {title}",
        objection=f"Article 21 {title}",
        recipients=f"Article 19 {title}",
        access=f"Article 15 {title}",
        answer_within=f"without undue delay and at the latest within one month of receiving this request "
        f"(Article 12(3) {title})",
        extension="by two further months where necessary, if you tell me so within the first month and give "
        f"the reasons (Article 12(3) {title})",
        party="controller",
        months=1,
        ext_months=2,
        date_style="eu",
    )


LAW: dict[str, Law] = {
    "gdpr": _gdpr("gdpr", "GDPR", "the General Data Protection Regulation (GDPR)"),
    "uk-gdpr": _gdpr("uk-gdpr", "UK GDPR", "the UK General Data Protection Regulation (UK GDPR)"),
    "ccpa": Law(
        key="ccpa",
        title="CCPA",
        regulation="the California Consumer Privacy Act (CCPA), as amended by the CPRA",
        erasure="Cal. Civ. Code §1798.105",
        recipients="Cal. Civ. Code §1798.105",
        answer_within="within 45 calendar days of receiving this request",
        ack_within="confirm that you received this request within 10 business days",
        extension="by a further 45 days where reasonably necessary, if you tell me so within the first 45 days",
        party="business",
        days=45,
        ext_days=45,
        ack_business_days=10,
        date_style="us",
    ),
    # COPPA (FORMATS.md "Children's recordings (US)"): a parent directs the operator to delete a child's (under 13)
    # personal information, 16 CFR 312.6(a)(2). The rule sets no number of days: the 30 days here are the parent's
    # own request in the letter and voicehist's reminder, never called a legal deadline.
    "coppa": Law(
        key="coppa",
        title="COPPA",
        regulation="the Children's Online Privacy Protection Rule (COPPA Rule, 16 CFR Part 312)",
        erasure="16 CFR 312.6(a)(2)",
        recipients="16 CFR 312.6(a)(2)",
        access="16 CFR 312.6(a)",
        answer_within="within 30 days of receiving this request (the COPPA Rule sets no number of days; this is the "
        "time I ask for)",
        extension="",
        party="operator",
        days=30,
        date_style="us",
    ),
}

# The 2023 order against Amazon over children's Alexa recordings (FORMATS.md): context for a COPPA letter to Amazon,
# never its legal basis.
COPPA_AMAZON_CONTEXT = (
    "In 2023 the Federal Trade Commission and the Department of Justice settled with Amazon over keeping children's "
    "Alexa voice recordings and not honouring parents' deletion requests (United States v. Amazon.com, Inc. and "
    "Amazon.com Services LLC, W.D. Wash., No. 2:23-cv-00811); the order requires honouring such requests."
)

# Supervisory authority to name in the complaint reservation, by law and vendor.
AUTHORITY: dict[tuple[str, str], str] = {
    ("gdpr", "amazon"): "the Luxembourg data protection authority, the CNPD (Commission nationale pour la "
    "protection des données), your lead supervisory authority",
    ("gdpr", "google"): "Ireland's Data Protection Commission (DPC), your lead supervisory authority",
    ("uk-gdpr", "amazon"): "the UK Information Commissioner's Office (ICO)",
    ("uk-gdpr", "google"): "the UK Information Commissioner's Office (ICO)",
    ("ccpa", "amazon"): "the California Privacy Protection Agency (CPPA) and the California Attorney General",
    ("ccpa", "google"): "the California Privacy Protection Agency (CPPA) and the California Attorney General",
    ("coppa", "amazon"): "the Federal Trade Commission (FTC)",
    ("coppa", "google"): "the Federal Trade Commission (FTC)",
}

# A jurisdiction in config.toml ([requester] jurisdiction = "...") that decides the law when --law is not given.
JURISDICTION_LAW = {
    "uk": "uk-gdpr",
    "gb": "uk-gdpr",
    "united kingdom": "uk-gdpr",
    "england": "uk-gdpr",
    "scotland": "uk-gdpr",
    "wales": "uk-gdpr",
    "northern ireland": "uk-gdpr",
    "california": "ccpa",
    "us-ca": "ccpa",
    "eu": "gdpr",
    "eea": "gdpr",
}

PLACEHOLDER_NAME = "[your name]"
PLACEHOLDER_EMAIL = "[your account e-mail]"
