"""
The demo newsroom's live story: launch day for a Shenzhou crew bound for China's orbital laboratory, in
the seed's world, told in this project's own words. Each update is dated ``minutes`` after the coverage
began; one is pinned and two are key events.
"""

LIVE_STORY = {
    "slug": "shenzhou-crew-launch-day-live",
    "headline": "Live: Shenzhou crew launch day at Jiuquan",
    "dek": "Three taikonauts ride to orbit for a stay aboard China's small laboratory, with a spacewalk planned.",
    "section": "exploration",
    "tags": ["shenzhou", "china", "cnsa", "launches", "space-stations"],
    "authors": [("maya-okafor", ""), ("leonard-david", "")],
    "image": "launch-pad",
    "hours": -4,
    "paragraphs": [
        "A Long March rocket stands on the pad at the Jiuquan launch centre in the Gobi desert this morning, "
        "a Shenzhou capsule on top and three taikonauts due to climb aboard before sunrise.",
        "The crew will spend several weeks on China's small orbital laboratory. Planners want a spacewalk "
        "early in the stay, then practice at the rendezvous and docking work a larger station will need.",
        "Our reporters follow the countdown, the climb to orbit and the first hours in space as they happen.",
    ],
}

# (minutes after the coverage began, title, text, pinned, key event, author's slug)
LIVE_UPDATES = [
    (
        5,
        "",
        "Good morning from the press site, a few kilometres from the pad. The wind has dropped since the "
        "night and the forecast team calls the weather acceptable.",
        False,
        False,
        "maya-okafor",
    ),
    (
        18,
        "The crew",
        "The commander flew a Shenzhou mission before; the two others are on their first flight. Between "
        "them they trained for more than two years for this stay.",
        False,
        False,
        "leonard-david",
    ),
    (
        31,
        "",
        "Fuelling of the core stage and the four boosters is complete, according to the launch centre's "
        "public address.",
        False,
        False,
        "maya-okafor",
    ),
    (
        44,
        "Farewell ceremony",
        "Family members and officials lined the road as the crew left their quarters in white pressure "
        "suits and waved to the crowd before boarding the bus to the pad.",
        False,
        False,
        "maya-okafor",
    ),
    (
        58,
        "",
        "The crew are strapped into their seats. The hatch is closed and the cabin leak check has begun.",
        False,
        False,
        "maya-okafor",
    ),
    (
        72,
        "How to follow today",
        "Liftoff is due in about forty-five minutes. We post every milestone here: the climb to orbit, the solar "
        "panels opening and the docking with the laboratory later today. Key events are listed at the top.",
        True,
        False,
        "leonard-david",
    ),
    (
        85,
        "",
        "The service tower's upper arms have swung away. Thirty minutes to go.",
        False,
        False,
        "maya-okafor",
    ),
    (
        101,
        "",
        "A brief hold for a sensor reading on one of the boosters; the launch team cleared it within four "
        "minutes and the count resumed.",
        False,
        False,
        "maya-okafor",
    ),
    (
        115,
        "Liftoff",
        "The Long March rocket cleared the tower on time, its four boosters leaving a long column of "
        "smoke over the desert.",
        False,
        True,
        "maya-okafor",
    ),
    (
        117,
        "",
        "The boosters separated two and a half minutes into the flight, followed by the escape tower and "
        "then the fairing.",
        False,
        False,
        "maya-okafor",
    ),
    (
        126,
        "In orbit",
        "The Shenzhou capsule separated from the upper stage about ten minutes after liftoff and opened "
        "its solar panels. Mission control reports the crew in good shape.",
        False,
        True,
        "leonard-david",
    ),
    (
        140,
        "",
        "Officials at a short news conference said the rendezvous with the laboratory will follow a fast "
        "plan of a few orbits rather than two days.",
        False,
        False,
        "leonard-david",
    ),
    (
        168,
        "",
        "The crew have taken off their pressure suits and checked the cabin's air. Their first meal in "
        "orbit comes before the next engine burn.",
        False,
        False,
        "maya-okafor",
    ),
    (
        205,
        "What comes next",
        "Docking is planned for later today. Engineers will test the seals before the crew open the "
        "hatches and float into the laboratory.",
        False,
        False,
        "leonard-david",
    ),
]
