"""US and British spellings that search treats as one word: "data center" finds what "data centre" finds.

The site writes British English, but names keep their own spelling (a Research Center) and readers type
either. The search page hands these pairs to templates/assets/search.js, which searches every spelling of
the query and merges what they find. Regular -ize/-yze words (organize, analyze) are folded there by rule;
only the pairs no rule gives are listed here. Plural and tense endings need no entry: the index stems them.
"""

from __future__ import annotations

import json

# (US, British)
SPELLING_PAIRS: tuple[tuple[str, str], ...] = (
    ("center", "centre"), ("centered", "centred"), ("fiber", "fibre"), ("liter", "litre"), ("meter", "metre"),
    ("kilometer", "kilometre"), ("theater", "theatre"), ("program", "programme"), ("color", "colour"),
    ("labor", "labour"), ("favor", "favour"), ("honor", "honour"), ("neighbor", "neighbour"),
    ("harbor", "harbour"), ("behavior", "behaviour"), ("endeavor", "endeavour"), ("defense", "defence"),
    ("offense", "offence"), ("license", "licence"), ("catalog", "catalogue"), ("dialog", "dialogue"),
    ("analog", "analogue"), ("gray", "grey"), ("aluminum", "aluminium"), ("sulfur", "sulphur"),
    ("jewelry", "jewellery"), ("traveled", "travelled"), ("traveling", "travelling"), ("traveler", "traveller"),
    ("modeling", "modelling"), ("labeled", "labelled"), ("canceled", "cancelled"), ("fueled", "fuelled"),
    ("leveled", "levelled"), ("signaled", "signalled"), ("totaled", "totalled"), ("enrollment", "enrolment"),
    ("fulfill", "fulfil"), ("skeptical", "sceptical"), ("mold", "mould"), ("plow", "plough"), ("cozy", "cosy"),
)


def spellings_json() -> str:
    """The pairs as a JSON object, US -> British, for the search page's script (escaped where it is written)."""
    return json.dumps(dict(SPELLING_PAIRS), separators=(",", ":"), sort_keys=True)
