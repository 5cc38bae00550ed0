"""
The demo newsroom: sections, people, pictures and stories.

The lead story rebuilds the seed page's facts (headline, columnist, credit,
dates, book titles) in this project's own words.
"""

SECTIONS = [
    ("Exploration", "exploration", "Crewed flight, robotic missions and the agencies behind them."),
    ("Science", "science", "Planets, stars and what the instruments are finding."),
    ("Policy", "policy", "Budgets, treaties and the politics of space."),
    ("Industry", "industry", "Launch companies, satellites and the business of orbit."),
]

TAGS = [
    ("NASA", "nasa"),
    ("China", "china"),
    ("CNSA", "cnsa"),
    ("Shenzhou", "shenzhou"),
    ("Moon", "moon"),
    ("Mars", "mars"),
    ("Space stations", "space-stations"),
    ("Telescopes", "telescopes"),
    ("Launches", "launches"),
    ("International cooperation", "international-cooperation"),
]

AUTHORS = [
    {
        "slug": "leonard-david",
        "name": "Leonard David",
        "title": "Space Insider Columnist",
        "is_columnist": True,
        "order": 1,
        "short_bio": (
            "An award-winning reporter who has covered space activities for more than five decades, "
            "and the author of books on the Moon and Mars."
        ),
        "long_bio": (
            "<p>Leonard David has followed rockets, probes and the people who build them for more than "
            "fifty years, and his reporting has earned him a shelf of awards. He writes the Space Insider "
            "column alongside a steady run of other projects.</p>"
            "<p>His books include <em>Moon Rush: The New Space Race</em> (National Geographic, 2019) and "
            "<em>Mars: Our Future on the Red Planet</em> (National Geographic, 2016). He has filed as a "
            "correspondent for SpaceNews, Scientific American and the AIAA's Aerospace America, and once "
            "edited the National Space Society's magazines Ad Astra and Space World.</p>"
            "<p>In 2015 the American Astronautical Society gave him the first Ordway Award for Sustained "
            "Excellence in Spaceflight History, presented at its Wernher von Braun Memorial Symposium.</p>"
        ),
        "website": "https://example.org/leonard-david",
        "links": [("Twitter", "https://twitter.com/example")],
        "headshot": ("headshot", 2, (70, 90, 120)),
    },
    {
        "slug": "maya-okafor",
        "name": "Maya Okafor",
        "title": "Science Reporter",
        "is_columnist": True,
        "order": 2,
        "short_bio": "Covers planetary science and astronomy, from telescope mirrors to sample return.",
        "long_bio": (
            "<p>Maya Okafor trained as an astrophysicist before moving to the newsroom, where she reports on "
            "planetary missions and the observatories that watch the sky.</p>"
        ),
        "website": "",
        "links": [("Mastodon", "https://mastodon.example/@maya")],
        "headshot": ("headshot", 1, (120, 90, 110)),
        "user": "journalist",
    },
    {
        "slug": "tomas-ribeiro",
        "name": "Tomás Ribeiro",
        "title": "Policy Correspondent",
        "is_columnist": False,
        "order": 3,
        "short_bio": "Follows space budgets and diplomacy from Washington.",
        "long_bio": "<p>Tomás Ribeiro covers the agencies, committees and treaties that shape what flies.</p>",
        "website": "",
        "links": [],
        "headshot": ("headshot", 4, (80, 120, 100)),
    },
    {
        "slug": "hannah-lindqvist",
        "name": "Hannah Lindqvist",
        "title": "Launch Reporter",
        "is_columnist": False,
        "order": 4,
        "short_bio": "Reports from the launch pads and the factories behind them.",
        "long_bio": "<p>Hannah Lindqvist writes about rockets, satellites and the companies that build them.</p>",
        "website": "",
        "links": [],
        "headshot": ("headshot", 3, (130, 110, 80)),
    },
]

IMAGES = {
    "spacewalk": {
        "title": "Shenzhou spacewalk illustration",
        "draw": ("spacewalk", 7),
        "alt_text": "Illustration of two Chinese astronauts on tethers outside a Shenzhou capsule, Earth below.",
        "caption": (
            "Illustration: two Chinese astronauts on a spacewalk beside a Shenzhou capsule. China plans "
            "more spacewalks before it practises rendezvous and docking in orbit."
        ),
        "credit": "China National Space Administration",
        "source": "CNSA",
        "focal": (0.45, 0.45),
    },
    "red-planet": {
        "title": "Banded planet at quarter phase",
        "draw": ("planet", 0),
        "alt_text": "A rust-coloured planet, half in shadow, against a field of stars.",
        "caption": "A planet caught at quarter phase.",
        "credit": "The Orbital Desk illustration",
        "source": "",
        "focal": (0.5, 0.5),
    },
    "launch-pad": {
        "title": "Rocket on the pad at dusk",
        "draw": ("rocket", 2),
        "alt_text": "A white rocket with a red nose cone beside its service tower at dusk.",
        "caption": "A rocket waits beside its service tower.",
        "credit": "The Orbital Desk illustration",
        "source": "",
        "focal": (0.5, 0.4),
    },
    "mirror": {
        "title": "Segmented telescope mirror",
        "draw": ("mirror", 3),
        "alt_text": "Gold hexagonal mirror segments arranged in a honeycomb.",
        "caption": "The gold-coated segments of a space telescope's primary mirror.",
        "credit": "The Orbital Desk illustration",
        "source": "",
        "focal": (0.5, 0.5),
    },
}

LEAD_BODY = """
<p>Officials from NASA and the China National Space Administration (CNSA) sit down in Washington, D.C.,
today for two days of talks by the Earth and space science working groups the two agencies set up.</p>
<p>The sessions pick up where the last round left off. From June 30 to July 1, a NASA delegation drawn from
the agency's Office of External Relations and its Science Mission Directorate met CNSA and other Chinese
agencies in Beijing.</p>
<figure data-file="{mirror}"><img src="{mirror_url}" alt="" data-file="{mirror}"><figcaption>Science
cooperation would start with shared data, not shared hardware.</figcaption></figure>
<p>That Beijing meeting was the first time both working groups convened together. CNSA had proposed them in
September 2006, when NASA Administrator Mike Griffin visited China.</p>
<h2>After Shenzhou-7</h2>
<p>The talks follow China's Shenzhou-7 flight in late September, which carried three taikonauts and
included the country's first spacewalk. Soon afterwards, Wang Zhaoyao, deputy head of China's human
spaceflight office, said the country regards a crewed landing on the Moon as a demanding frontier of
high technology in which it intends to take part.</p>
<blockquote><p>China plans a small orbiting laboratory first, as a step towards a larger space station
targeted for around 2020.</p></blockquote>
<p>For background on the program, see <a href="https://www.nasa.gov/">NASA</a> and
<a href="https://www.cnsa.gov.cn/">CNSA</a>.</p>
"""

# Each story: slug, headline, dek, section, tags, authors (slug, role), image, status,
# hours from now (negative: in the past), paragraphs.
STORIES = [
    {
        "slug": "chinese-space-officials-meeting-with-nasa-today",
        "headline": "Chinese Space Officials Meeting with NASA Today",
        "dek": "Working groups on Earth and space science meet in Washington after talks in Beijing.",
        "section": "policy",
        "tags": ["nasa", "china", "cnsa", "shenzhou", "international-cooperation"],
        "authors": [("leonard-david", "")],
        "image": "spacewalk",
        "status": "published",
        "hours": -2,
        "featured": True,
        "body": LEAD_BODY,
    },
    {
        "slug": "shenzhou-7-crew-returns",
        "headline": "Shenzhou-7 crew lands safely after China's first spacewalk",
        "dek": "Three taikonauts touch down in Inner Mongolia after a three-day flight.",
        "section": "exploration",
        "tags": ["china", "shenzhou"],
        "authors": [("leonard-david", ""), ("hannah-lindqvist", "Additional reporting by")],
        "image": "spacewalk",
        "status": "published",
        "hours": -30,
        "paragraphs": [
            "The return capsule came down under its main parachute on the grasslands, where recovery crews "
            "reached it within minutes.",
            "The flight's highlight was a short excursion outside the orbital module, a first for the "
            "Chinese program and a rehearsal for the docking work planned for later missions.",
            "Engineers will now study the suits and the airlock before the next crew is named.",
        ],
    },
    {
        "slug": "lunar-lander-contract",
        "headline": "Agency picks two teams to design a cargo lander for the Moon",
        "dek": "The awards fund studies, not hardware, but set up a competition for a flight contract.",
        "section": "exploration",
        "tags": ["moon", "nasa"],
        "authors": [("hannah-lindqvist", "")],
        "image": "launch-pad",
        "status": "published",
        "hours": -50,
        "paragraphs": [
            "Both teams have eighteen months to mature designs able to set a tonne of equipment near the "
            "lunar south pole.",
            "Officials said a single design would be chosen for a demonstration flight after reviews.",
        ],
    },
    {
        "slug": "mirror-segments-aligned",
        "headline": "Telescope team finishes aligning all 18 mirror segments",
        "dek": "The observatory's first sharp test image is due within weeks.",
        "section": "science",
        "tags": ["telescopes"],
        "authors": [("maya-okafor", "")],
        "image": "mirror",
        "status": "published",
        "hours": -76,
        "paragraphs": [
            "Each gold-coated segment was nudged by actuators in steps far smaller than a human hair until "
            "the eighteen acted as one mirror.",
            "Astronomers said the alignment left the telescope within its error budget with margin to spare.",
        ],
    },
    {
        "slug": "mars-sample-plan-revised",
        "headline": "Mars sample return plan revised to cut cost",
        "dek": "A lighter lander and a simpler rocket are at the heart of the new architecture.",
        "section": "science",
        "tags": ["mars", "nasa"],
        "authors": [("maya-okafor", ""), ("tomas-ribeiro", "")],
        "image": "red-planet",
        "status": "published",
        "hours": -100,
        "paragraphs": [
            "Managers said the revised plan keeps the goal of bringing rock cores to Earth while trimming "
            "the number of spacecraft involved.",
            "Scientists welcomed the clarity but warned that further delays would strain the teams waiting "
            "for the samples.",
        ],
    },
    {
        "slug": "space-budget-hearing",
        "headline": "Lawmakers question space agency's budget request",
        "dek": "Committee members pressed officials on science cuts and lunar spending.",
        "section": "policy",
        "tags": ["nasa", "moon"],
        "authors": [("tomas-ribeiro", "")],
        "image": None,
        "status": "published",
        "hours": -130,
        "paragraphs": [
            "The hearing ran for three hours as members from both parties asked how the request balanced "
            "exploration against science.",
            "Agency officials said the plan protected flagship missions while slowing several smaller ones.",
        ],
    },
    {
        "slug": "station-partners-meet",
        "headline": "Station partners discuss the next decade in orbit",
        "dek": "Agencies weigh how long to keep flying and what should replace the outpost.",
        "section": "policy",
        "tags": ["space-stations", "international-cooperation"],
        "authors": [("tomas-ribeiro", ""), ("leonard-david", "")],
        "image": None,
        "status": "published",
        "hours": -160,
        "paragraphs": [
            "Representatives of the partner agencies met for two days to compare plans for the end of "
            "station operations.",
            "Commercial stations were a recurring theme, along with how research would continue during a handover.",
        ],
    },
    {
        "slug": "small-launcher-first-flight",
        "headline": "Small launcher reaches orbit on its first try",
        "dek": "The company's two-stage rocket placed three cubesats in a sun-synchronous orbit.",
        "section": "industry",
        "tags": ["launches"],
        "authors": [("hannah-lindqvist", "")],
        "image": "launch-pad",
        "status": "published",
        "hours": -190,
        "paragraphs": [
            "The rocket lifted off on time and the upper stage shut down on schedule about nine minutes later.",
            "Founders said the next flight would carry paying customers.",
        ],
    },
    {
        "slug": "satellite-broadband-licence",
        "headline": "Regulator grants licence for new broadband constellation",
        "dek": "Conditions include a plan to deorbit satellites within five years of their mission's end.",
        "section": "industry",
        "tags": ["launches"],
        "authors": [("hannah-lindqvist", ""), ("tomas-ribeiro", "Additional reporting by")],
        "image": None,
        "status": "published",
        "hours": -220,
        "paragraphs": [
            "The licence covers the first batch of satellites, with further approvals tied to debris "
            "mitigation results.",
            "Astronomers asked for brightness limits; the operator said it would darken the spacecraft.",
        ],
    },
    {
        "slug": "exoplanet-atmosphere-water",
        "headline": "Water vapour found in the air of a temperate exoplanet",
        "dek": "The signal is faint, and researchers call for confirmation.",
        "section": "science",
        "tags": ["telescopes"],
        "authors": [("maya-okafor", "")],
        "image": "red-planet",
        "status": "published",
        "hours": -250,
        "paragraphs": [
            "Light filtered through the planet's atmosphere during transits showed absorption at the "
            "wavelengths water favours.",
            "The team said more transits would be needed to rule out starspots as a cause.",
        ],
    },
    {
        "slug": "lunar-gateway-module",
        "headline": "First module of lunar station ships to the launch site",
        "dek": "The power and propulsion element begins its final tests.",
        "section": "exploration",
        "tags": ["moon", "space-stations"],
        "authors": [("leonard-david", "")],
        "image": "launch-pad",
        "status": "published",
        "hours": -280,
        "paragraphs": [
            "The module travelled by road and sea in a climate-controlled container.",
            "Teams will fuel it and mate it with its rocket over the coming months.",
        ],
    },
    {
        "slug": "asteroid-sample-analysis",
        "headline": "Asteroid grains hold the building blocks of proteins",
        "dek": "Laboratories on three continents report amino acids in returned samples.",
        "section": "science",
        "tags": ["international-cooperation"],
        "authors": [("maya-okafor", "")],
        "image": "red-planet",
        "status": "published",
        "hours": -320,
        "paragraphs": [
            "The grains were handled in nitrogen-filled cabinets to keep them free of contamination.",
            "Researchers stressed that the molecules are not evidence of life, only of its raw materials.",
        ],
    },
    {
        "slug": "crew-named-for-lunar-flyby",
        "headline": "Crew named for next lunar flyby",
        "dek": "Four astronauts will fly around the Moon and back.",
        "section": "exploration",
        "tags": ["moon", "nasa"],
        "authors": [("leonard-david", "")],
        "image": "spacewalk",
        "status": "published",
        "hours": 24,
        "paragraphs": [
            "The announcement is scheduled for tomorrow morning at the space centre.",
            "The crew will begin mission-specific training straight away.",
        ],
    },
    {
        "slug": "reusable-booster-test",
        "headline": "Reusable booster completes a static fire",
        "dek": "Engineers hope to fly the stage again within a month.",
        "section": "industry",
        "tags": ["launches"],
        "authors": [("maya-okafor", "")],
        "image": None,
        "status": "in_review",
        "hours": None,
        "paragraphs": [
            "The booster's engines ran for the full planned duration on the test stand.",
            "Inspections will decide whether the stage is ready for a second flight.",
        ],
    },
    {
        "slug": "comet-outburst-notes",
        "headline": "Amateur astronomers catch a comet's outburst",
        "dek": "Draft: awaiting comment from the observatory.",
        "section": "science",
        "tags": ["telescopes"],
        "authors": [("maya-okafor", "")],
        "image": None,
        "status": "draft",
        "hours": None,
        "paragraphs": ["The comet brightened a hundredfold in a night, according to observers."],
    },
]
