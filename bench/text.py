"""
Words for benchmark stories: headlines, deks and bodies in the editor's own markup.

Bodies use only markup the rich-text allowlist keeps (paragraphs, subheads,
emphasis, links with the ``rel`` the sanitizer sets, quotes, lists and library
figures), so saving them changes nothing. Blocks are separated by a newline so
that every word stays a word once tags are stripped, and each piece of text
counts its words as it is written: a story's ``word_count`` is known without
parsing its HTML.
"""

from dataclasses import dataclass

SUBJECTS = [
    "the agency",
    "the crew",
    "mission control",
    "the launch team",
    "engineers",
    "the science team",
    "the orbiter",
    "the lander",
    "the rover",
    "the station crew",
    "the space agency",
    "flight directors",
    "the telescope team",
    "planetary scientists",
    "the contractor",
    "the review board",
    "ground controllers",
    "the European partners",
    "the Japanese team",
    "the Indian agency",
    "the commercial operator",
]
VERBS = [
    "confirmed",
    "announced",
    "delayed",
    "tested",
    "reviewed",
    "approved",
    "measured",
    "tracked",
    "launched",
    "recovered",
    "analysed",
    "postponed",
    "described",
    "questioned",
    "welcomed",
    "completed",
    "scheduled",
]
OBJECTS = [
    "the heat shield",
    "the second stage",
    "the docking port",
    "the sample return plan",
    "the budget request",
    "the landing site",
    "the solar arrays",
    "the crew capsule",
    "the propellant depot",
    "the radiation data",
    "the orbit raising burn",
    "the lunar gateway module",
    "the ice deposits",
    "the spectrometer readings",
    "the abort system",
    "the parachute tests",
    "the launch window",
    "the communications relay",
    "the asteroid flyby",
    "the comet images",
    "the ion engine",
    "the thermal blankets",
]
PLACES = [
    "at the Cape",
    "near the south pole of the Moon",
    "in low Earth orbit",
    "above Jezero crater",
    "at the Baikonur pad",
    "off the coast of Florida",
    "in the Gobi desert",
    "near Lagrange point two",
    "at the Kourou spaceport",
    "over the Pacific",
    "inside the clean room",
    "at the Wenchang site",
]
TAILS = [
    "after a week of checks",
    "ahead of the next attempt",
    "despite a minor leak",
    "for the third time this year",
    "under tight deadlines",
    "with the international partners",
    "before the summer review",
    "on Tuesday",
    "late on Friday",
    "as planned",
    "earlier than expected",
    "after months of work",
]
HEADLINE_VERBS = [
    "Confirms",
    "Delays",
    "Tests",
    "Approves",
    "Launches",
    "Recovers",
    "Studies",
    "Plans",
    "Unveils",
    "Targets",
]
HEADLINE_SUBJECTS = [
    "NASA",
    "ESA",
    "JAXA",
    "ISRO",
    "China",
    "Rocket Lab",
    "The Station Crew",
    "Mission Control",
    "Engineers",
    "Astronomers",
    "Planetary Scientists",
    "The Lunar Team",
    "The Mars Team",
    "Congress",
]
HEADLINE_OBJECTS = [
    "Heat Shield Fix",
    "Lunar Lander",
    "Sample Return",
    "New Telescope",
    "Crew Rotation",
    "Budget Plan",
    "Mars Helicopter",
    "Asteroid Probe",
    "Space Station Repairs",
    "Landing Site",
    "Solar Storm Warning",
    "Rocket Engine",
    "Orbital Debris Rules",
    "Comet Flyby",
    "Moon Base Design",
    "Satellite Network",
]
QUOTES = [
    "We go when the vehicle is ready and not a day before.",
    "Every number we measured came back inside the margins.",
    "The data will keep scientists busy for a decade.",
    "This is the hardest part of the flight and we practised it for years.",
]
LINK_TARGETS = [
    "https://www.nasa.gov/news",
    "https://www.esa.int/Newsroom",
    "https://global.jaxa.jp/press",
    "https://www.isro.gov.in/Press",
    "https://science.nasa.gov/missions",
]
FIRST_NAMES = [
    "Ada",
    "Ben",
    "Chen",
    "Dara",
    "Elena",
    "Farid",
    "Grace",
    "Hiro",
    "Ines",
    "Jonas",
    "Kiran",
    "Lena",
    "Marco",
    "Nia",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sven",
    "Tara",
    "Uma",
    "Victor",
    "Wen",
    "Yusuf",
    "Zoe",
]
LAST_NAMES = [
    "Abbott",
    "Baptiste",
    "Castillo",
    "Dubois",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ivanova",
    "Jensen",
    "Kowalski",
    "Laurent",
    "Mensah",
    "Nakamura",
    "Okafor",
    "Petrov",
    "Quintero",
    "Rossi",
    "Sato",
    "Tanaka",
]
TOPICS = [
    "Moon",
    "Mars",
    "Launches",
    "Telescopes",
    "Space stations",
    "Asteroids",
    "Comets",
    "Budgets",
    "Rockets",
    "Satellites",
    "Exoplanets",
    "Sun",
    "Jupiter",
    "Saturn",
    "Venus",
    "Debris",
    "Spacewalks",
    "Landers",
]
SECTION_NAMES = [
    "Exploration",
    "Science",
    "Policy",
    "Industry",
    "Launches",
    "Moon",
    "Mars",
    "Astronomy",
    "Earth",
    "Technology",
    "Defence",
    "Opinion",
    "Analysis",
    "Interviews",
    "History",
    "Commercial",
    "Stations",
    "Robotics",
    "Climate",
    "Education",
]

# Words readers search for: each appears in many bodies.
SEARCH_TERMS = [
    "heat shield",
    "lander",
    "telescope",
    "budget",
    "docking",
    "parachute",
    "spectrometer",
    "comet",
    "asteroid",
    "propellant",
    "radiation",
    "orbit",
    "crew capsule",
    "landing site",
    "ion engine",
    "solar arrays",
]


@dataclass
class Body:
    html: str
    words: int
    image_ids: list


def _words(text):
    return len(text.split())


def _capitalized(phrase):
    return phrase[0].upper() + phrase[1:]


def headline(rng):
    return f"{rng.choice(HEADLINE_SUBJECTS)} {rng.choice(HEADLINE_VERBS)} {rng.choice(HEADLINE_OBJECTS)}"


def sentence(rng):
    return (
        f"{_capitalized(rng.choice(SUBJECTS))} {rng.choice(VERBS)} {rng.choice(OBJECTS)} "
        f"{rng.choice(PLACES)} {rng.choice(TAILS)}."
    )


def dek(rng):
    return f"{sentence(rng)} {sentence(rng)}"


def _paragraph(rng):
    """A paragraph's HTML and its word count; some carry a link or emphasis inside a sentence."""
    sentences = [sentence(rng) for _ in range(rng.randint(3, 6))]
    words = sum(_words(s) for s in sentences)
    if rng.random() < 0.35:
        index = rng.randrange(len(sentences))
        subject = rng.choice(SUBJECTS)
        link = f'<a href="{rng.choice(LINK_TARGETS)}" rel="noopener noreferrer">{subject}</a>'
        sentences[index] = f"{sentences[index]} Details came from {link}."
        words += _words("Details came from") + _words(subject)
    if rng.random() < 0.2:
        index = rng.randrange(len(sentences))
        sentences[index] = f"<strong>{sentences[index]}</strong>"
    return f"<p>{' '.join(sentences)}</p>", words


def _figure(rng, image):
    """A library figure as the editor inserts it: the image's id in ``data-file``, a caption below."""
    caption = f"{sentence(rng)} Photo: {image['credit']}"
    html = (
        f'<figure><img src="{image["url"]}" alt="{image["alt"]}" data-file="{image["id"]}">'
        f"<figcaption>{caption}</figcaption></figure>"
    )
    return html, _words(caption)


def body(rng, images):
    """A story body of several paragraphs, with subheads, sometimes a quote, a list and figures."""
    blocks, words, used = [], 0, []
    figures = rng.choices([0, 0, 1, 1, 2, 3], k=1)[0] if images else 0
    paragraphs = rng.randint(4, 9)
    figure_slots = set(rng.sample(range(1, paragraphs + 1), k=min(figures, paragraphs)))
    for number in range(paragraphs):
        if number and number % 4 == 0:
            heading = rng.choice(HEADLINE_OBJECTS)
            blocks.append(f"<h2>{heading}</h2>")
            words += _words(heading)
        html, count = _paragraph(rng)
        blocks.append(html)
        words += count
        if number + 1 in figure_slots:
            image = rng.choice(images)
            html, count = _figure(rng, image)
            blocks.append(html)
            words += count
            used.append(image["id"])
        if number == 1 and rng.random() < 0.3:
            quote = rng.choice(QUOTES)
            blocks.append(f"<blockquote><p>{quote}</p></blockquote>")
            words += _words(quote)
        if number == 2 and rng.random() < 0.15:
            items = [_capitalized(rng.choice(OBJECTS)) for _ in range(3)]
            blocks.append("<ul>" + "\n".join(f"<li><p>{item}</p></li>" for item in items) + "</ul>")
            words += sum(_words(item) for item in items)
    return Body("\n".join(blocks), words, used)


def person(rng):
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
