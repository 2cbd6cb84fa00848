"""Fictional company names, domains and legal suffixes.

Names are built from a distinctive first word plus an industry noun and the legal suffix of
the company's country ("Kestrel Logistics Ltd", "Vantor Systems GmbH"). Each first word is used
once, so two different companies never share a brand word by accident.
"""

import random

BRAND_WORDS = [
    "Kestrel", "Halcyon", "Meridian", "Aurora", "Cobalt", "Juniper", "Sequoia", "Falcon",
    "Granite", "Harbour", "Lantern", "Orchard", "Quarry", "Redwood", "Saffron", "Tamarind",
    "Umber", "Vellum", "Willow", "Yarrow", "Zephyr", "Alder", "Bramble", "Cedarline", "Driftwood",
    "Ember", "Fjord", "Glacier", "Heron", "Ironbark", "Jasper", "Kingfisher", "Larkspur",
    "Magnolia", "Nimbus", "Obsidian", "Pinnacle", "Quill", "Riverbend", "Sterling", "Thistle",
    "Ulysses", "Vireo", "Wren", "Xenon", "Yellowstone", "Zenith", "Atlas", "Beacon", "Cascade",
    "Delta", "Equinox", "Fathom", "Gossamer", "Highland", "Indigo", "Jetstream", "Keystone",
    "Lodestar", "Monarch", "Northstar", "Onyx", "Paragon", "Quantum", "Radiant", "Solstice",
    "Trident", "Unity", "Vanguard", "Westbrook", "Axiom", "Bluefin", "Catalyst", "Dunmore",
    "Elmstead", "Foxglove", "Greystone", "Hollybush", "Inverness", "Juno", "Kensal", "Lochside",
    "Marlowe", "Newhaven", "Oakridge", "Penrose", "Quayside", "Rosewood", "Silverline",
    "Tidewater", "Upland", "Vesper", "Whitethorn", "Ashgrove", "Birchfield", "Coppergate",
    "Dovecote", "Eastwick", "Fernhill", "Goldcrest", "Hawthorne", "Ivybridge", "Kilburn",
    "Linfield", "Millbrook", "Netherby", "Oxbow", "Pemberton", "Ravenscroft", "Stonebridge",
    "Thornbury", "Underwood", "Valemount", "Wexford", "Abbeyfield", "Blackwater", "Castlegate",
    "Deepdale", "Eversley", "Fairhaven", "Glenmore", "Hartwell", "Ingleby", "Kirkwood",
    "Longacre", "Moorfield", "Northgate", "Oldfield", "Portland", "Ridgeway", "Sandpiper",
    "Tanglewood", "Upperton", "Waverley", "Amberley", "Bellweather", "Clearwater", "Dunbar",
    "Elderberry", "Firecrest", "Greenleaf", "Heathfield", "Ironside", "Jubilee", "Kelso",
    "Lindisfarne", "Mistral", "Nightingale", "Osprey", "Peregrine", "Rockhampton", "Skylark",
    "Thames", "Vantage", "Wolfram", "Albatross", "Brightwater", "Corvid", "Dragonfly",
    "Evergreen", "Firth", "Gannet", "Hornbeam", "Islay", "Lavender", "Mulberry", "Nettlebed",
    "Otterburn", "Puffin", "Rowan", "Samphire", "Teal", "Verbena", "Wildflower", "Acorn",
    "Basalt", "Chalkstream", "Dolomite", "Estuary", "Flint", "Garnet", "Hematite", "Ironstone",
    "Jade", "Kyanite", "Limestone", "Marble", "Nickel", "Opal", "Pewter", "Quartz", "Ruby",
    "Sapphire", "Topaz", "Tungsten", "Vermilion", "Zircon", "Arbor", "Bastion", "Citadel",
    "Dominion", "Embassy", "Forum", "Gateway", "Heritage", "Imperial", "Jurassic", "Kinetic",
    "Legacy", "Momentum", "Nexus", "Odyssey", "Pioneer", "Regent", "Sovereign", "Triumph",
    "Utopia", "Vertex", "Wayfarer", "Apex", "Brisk", "Crescent", "Dynamo", "Elevate", "Fusion",
    "Horizon", "Ignite", "Journey", "Kindred", "Lumen", "Mosaic", "Nova", "Origin", "Prism",
    "Resolve", "Spire", "Tempest", "Uplift", "Vista", "Wavelength", "Alpine", "Boreal",
    "Coastal", "Desert", "Evening", "Frontier", "Grove", "Hillcrest", "Island", "Lakeshore",
    "Meadow", "Northfield", "Ocean", "Prairie", "Ridgeline", "Summit", "Timberline", "Valley",
]
# Syllables for invented brand names ("Corvana", "Zentrix") once real words run out.
SYLLABLE_HEADS = ["Cor", "Zen", "Lum", "Vel", "Tra", "Nor", "Ast", "Cal", "Dra", "Ev", "Fin",
                  "Gal", "Hal", "Ix", "Jov", "Kor", "Lyr", "Mav", "Nex", "Oct", "Pol", "Quin",
                  "Ros", "Syn", "Tor", "Ul", "Var", "Wyn", "Xan", "Yor", "Zal", "Bri", "Cre",
                  "Dex", "Fal", "Gry", "Hex", "Ion", "Kal", "Mer", "Nav", "Orb", "Pra", "Rav",
                  "Sol", "Tes", "Vor", "Ark", "Bel", "Cyr"]
SYLLABLE_TAILS = ["ana", "trix", "ora", "ion", "ix", "ova", "eon", "aris", "ella", "ent",
                  "ica", "ium", "ara", "onic", "ava", "ex", "ynx", "oria", "ado", "ito", "ux",
                  "ane", "ivo", "elle", "ora", "umi", "essa", "onix", "arda", "eris"]
SURNAMES_FOR_FIRMS = ["Harper", "Lowe", "Ashdown", "Pryce", "Whitman", "Cole", "Fenwick",
                      "Grange", "Holloway", "Ingram", "Jarvis", "Kemp", "Lockhart", "Munro",
                      "Nash", "Oakley", "Pike", "Quayle", "Radcliffe", "Sheldon", "Thorne",
                      "Upton", "Vickers", "Wardle", "Yeo", "Abbott", "Bramwell", "Crowther",
                      "Dunstan", "Everett", "Fairfax", "Gilmour", "Hathaway", "Ingleton",
                      "Jessop", "Kingsley", "Langford", "Merriman", "Northcott", "Ormsby"]

INDUSTRY_NOUNS = {
    "Technology": ["Systems", "Software", "Labs", "Technologies", "Digital", "Networks", "Data", "Cloud"],
    "Financial Services": ["Capital", "Finance", "Bank", "Insurance", "Wealth", "Asset Management", "Payments"],
    "Healthcare": ["Health", "Medical", "Clinics", "Pharma", "Care", "Diagnostics", "Biosciences"],
    "Manufacturing": ["Manufacturing", "Industries", "Engineering", "Components", "Metals", "Plastics", "Machinery"],
    "Retail": ["Retail", "Stores", "Outfitters", "Home", "Brands", "Market", "Apparel"],
    "Education": ["Academy", "Learning", "College", "Education", "Schools", "Institute"],
    "Government": ["Council", "Authority", "Agency", "Commission"],
    "Energy": ["Energy", "Power", "Renewables", "Utilities", "Solar", "Wind"],
    "Telecommunications": ["Telecom", "Communications", "Mobile", "Broadband", "Fibre"],
    "Media": ["Media", "Studios", "Publishing", "Broadcasting", "Creative", "Entertainment"],
    "Professional Services": ["Consulting", "Advisory", "Associates", "Group", "Partners", "Legal"],
    "Transportation": ["Logistics", "Freight", "Transport", "Shipping", "Haulage", "Aviation"],
    "Hospitality": ["Hotels", "Hospitality", "Resorts", "Restaurants", "Leisure"],
    "Construction": ["Construction", "Builders", "Homes", "Infrastructure", "Developments"],
    "Non-Profit": ["Foundation", "Trust", "Charity", "Society"],
}
NO_SUFFIX_INDUSTRIES = {"Government", "Non-Profit", "Education"}

LEGAL_SUFFIXES = {
    "US": ["Inc", "Inc.", "LLC", "Corp", "Corporation", "Co."],
    "CA": ["Inc.", "Ltd", "Corp"],
    "GB": ["Ltd", "Ltd", "Limited", "plc", "LLP"],
    "IE": ["Ltd", "Limited", "DAC"],
    "DE": ["GmbH", "GmbH", "AG"],
    "FR": ["S.A.", "SAS", "SARL"],
    "NL": ["B.V.", "B.V.", "N.V."],
    "IT": ["S.p.A.", "S.r.l."],
    "ES": ["S.A.", "S.L."],
    "AU": ["Pty Ltd", "Pty Ltd", "Limited"],
}
DOMAIN_TLDS = {
    "US": [".com", ".com", ".com", ".io", ".net"], "CA": [".ca", ".com"], "GB": [".co.uk", ".co.uk", ".com"],
    "IE": [".ie", ".com"], "DE": [".de", ".de", ".com"], "FR": [".fr", ".com"], "NL": [".nl", ".com"],
    "IT": [".it", ".com"], "ES": [".es", ".com"], "AU": [".com.au", ".com.au", ".com"],
}
GOVERNMENT_TLDS = {"US": ".gov", "GB": ".gov.uk", "AU": ".gov.au", "CA": ".gc.ca"}


def brand_words(rng: random.Random, count: int) -> list[str]:
    """Distinct brand words: the real-word pool in shuffled order, then invented words."""
    words = list(BRAND_WORDS)
    rng.shuffle(words)
    invented = [head + tail for head in SYLLABLE_HEADS for tail in SYLLABLE_TAILS]
    rng.shuffle(invented)
    return (words + invented)[:count]
