"""Cities, states, postal codes and street addresses for the ten countries in the data.

Each city carries its real dialling area so phone numbers and addresses agree, and a
postal-code pattern of its country (US ZIP ranges, UK postcodes, Eircodes, Dutch 1234 AB ...).
"""

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class City:
    country: str        # canonical country name
    region: str         # ISO 3166 alpha-2, also the phone region
    name: str
    state: str          # full state/province name, "" where the country does not use one
    weight: int
    areas: tuple        # national dialling areas: (prefix digits, subscriber length, allowed first digits)
    postal: tuple       # postal spec, interpreted by make_postal_code


CITIES = [
    # United States
    City("United States", "US", "San Francisco", "California", 10, (("415", 7, ""), ("628", 7, "")), ("zip", 94102, 94134)),
    City("United States", "US", "San Jose", "California", 4, (("408", 7, ""),), ("zip", 95110, 95139)),
    City("United States", "US", "Los Angeles", "California", 6, (("213", 7, ""), ("310", 7, "")), ("zip", 90001, 90089)),
    City("United States", "US", "San Diego", "California", 3, (("619", 7, ""),), ("zip", 92101, 92130)),
    City("United States", "US", "New York", "New York", 12, (("212", 7, ""), ("646", 7, "")), ("zip", 10001, 10048)),
    City("United States", "US", "Austin", "Texas", 5, (("512", 7, ""),), ("zip", 78701, 78759)),
    City("United States", "US", "Dallas", "Texas", 4, (("214", 7, ""),), ("zip", 75201, 75254)),
    City("United States", "US", "Houston", "Texas", 4, (("713", 7, ""),), ("zip", 77002, 77099)),
    City("United States", "US", "Chicago", "Illinois", 7, (("312", 7, ""), ("773", 7, "")), ("zip", 60601, 60661)),
    City("United States", "US", "Boston", "Massachusetts", 6, (("617", 7, ""),), ("zip", 2108, 2136)),
    City("United States", "US", "Seattle", "Washington", 5, (("206", 7, ""),), ("zip", 98101, 98199)),
    City("United States", "US", "Atlanta", "Georgia", 4, (("404", 7, ""),), ("zip", 30301, 30350)),
    City("United States", "US", "Denver", "Colorado", 4, (("303", 7, ""),), ("zip", 80202, 80239)),
    City("United States", "US", "Miami", "Florida", 3, (("305", 7, ""),), ("zip", 33101, 33199)),
    City("United States", "US", "Philadelphia", "Pennsylvania", 3, (("215", 7, ""),), ("zip", 19102, 19154)),
    City("United States", "US", "Charlotte", "North Carolina", 3, (("704", 7, ""),), ("zip", 28202, 28277)),
    City("United States", "US", "Columbus", "Ohio", 2, (("614", 7, ""),), ("zip", 43004, 43235)),
    City("United States", "US", "Minneapolis", "Minnesota", 3, (("612", 7, ""),), ("zip", 55401, 55488)),
    City("United States", "US", "Phoenix", "Arizona", 2, (("602", 7, ""),), ("zip", 85003, 85054)),
    City("United States", "US", "Portland", "Oregon", 2, (("503", 7, ""),), ("zip", 97201, 97239)),
    City("United States", "US", "Detroit", "Michigan", 2, (("313", 7, ""),), ("zip", 48201, 48243)),
    City("United States", "US", "Arlington", "Virginia", 2, (("703", 7, ""),), ("zip", 22201, 22245)),
    City("United States", "US", "Newark", "New Jersey", 2, (("973", 7, ""),), ("zip", 7102, 7114)),
    # United Kingdom
    City("United Kingdom", "GB", "London", "", 30, (("20", 8, "378"),), ("uk", "EC1V", "EC2A", "EC3M", "EC4R", "W1F", "W1T", "SW1P", "WC2H", "E14", "N1", "SE1")),
    City("United Kingdom", "GB", "Manchester", "", 6, (("161", 7, "2345789"),), ("uk", "M1", "M2", "M3", "M4", "M15")),
    City("United Kingdom", "GB", "Birmingham", "", 4, (("121", 7, "234567"),), ("uk", "B1", "B2", "B3", "B4", "B5")),
    City("United Kingdom", "GB", "Leeds", "", 4, (("113", 7, "2345"),), ("uk", "LS1", "LS2", "LS10", "LS11")),
    City("United Kingdom", "GB", "Glasgow", "", 3, (("141", 7, "2345789"),), ("uk", "G1", "G2", "G3")),
    City("United Kingdom", "GB", "Edinburgh", "", 3, (("131", 7, "2345678"),), ("uk", "EH1", "EH2", "EH3", "EH8")),
    City("United Kingdom", "GB", "Bristol", "", 3, (("117", 7, "2349"),), ("uk", "BS1", "BS2", "BS8")),
    City("United Kingdom", "GB", "Cambridge", "", 2, (("1223", 6, "2345789"),), ("uk", "CB1", "CB2", "CB4")),
    City("United Kingdom", "GB", "Reading", "", 2, (("118", 7, "2349"),), ("uk", "RG1", "RG2")),
    # Germany
    City("Germany", "DE", "Berlin", "", 5, (("30", 8, "2345789"),), ("range", 10115, 10999)),
    City("Germany", "DE", "Munich", "", 4, (("89", 8, "2345789"),), ("range", 80331, 81929)),
    City("Germany", "DE", "Hamburg", "", 3, (("40", 8, "2345789"),), ("range", 20095, 22769)),
    City("Germany", "DE", "Frankfurt am Main", "", 3, (("69", 8, "2345789"),), ("range", 60306, 60599)),
    City("Germany", "DE", "Köln", "", 2, (("221", 7, "2345789"),), ("range", 50667, 51149)),
    City("Germany", "DE", "Düsseldorf", "", 2, (("211", 7, "2345789"),), ("range", 40210, 40629)),
    # France
    City("France", "FR", "Paris", "", 8, (("1", 8, "45"),), ("range", 75001, 75020)),
    City("France", "FR", "Lyon", "", 3, (("4", 8, "37"),), ("range", 69001, 69009)),
    City("France", "FR", "Marseille", "", 2, (("4", 8, "9"),), ("range", 13001, 13016)),
    City("France", "FR", "Toulouse", "", 2, (("5", 8, "36"),), ("range", 31000, 31500)),
    City("France", "FR", "Lille", "", 2, (("3", 8, "2"),), ("range", 59000, 59800)),
    # Ireland
    City("Ireland", "IE", "Dublin", "", 8, (("1", 7, "2345678"),), ("eircode", "D01", "D02", "D04", "D08")),
    City("Ireland", "IE", "Cork", "", 2, (("21", 7, "2345678"),), ("eircode", "T12", "T23")),
    City("Ireland", "IE", "Galway", "", 1, (("91", 6, "2345678"),), ("eircode", "H91",)),
    # Netherlands
    City("Netherlands", "NL", "Amsterdam", "", 6, (("20", 7, "2345678"),), ("nl", 1011, 1109)),
    City("Netherlands", "NL", "Rotterdam", "", 3, (("10", 7, "2345678"),), ("nl", 3011, 3089)),
    City("Netherlands", "NL", "Utrecht", "", 2, (("30", 7, "2345678"),), ("nl", 3511, 3585)),
    City("Netherlands", "NL", "The Hague", "", 2, (("70", 7, "2345678"),), ("nl", 2511, 2599)),
    City("Netherlands", "NL", "Eindhoven", "", 1, (("40", 7, "2345678"),), ("nl", 5611, 5658)),
    # Italy
    City("Italy", "IT", "Milan", "", 6, (("02", 8, "2345678"),), ("range", 20121, 20162)),
    City("Italy", "IT", "Rome", "", 4, (("06", 8, "2345"),), ("range", 118, 199)),
    City("Italy", "IT", "Turin", "", 2, (("011", 7, "2345678"),), ("range", 10121, 10156)),
    City("Italy", "IT", "Bologna", "", 1, (("051", 7, "2345678"),), ("range", 40121, 40141)),
    City("Italy", "IT", "Florence", "", 1, (("055", 7, "2345678"),), ("range", 50121, 50145)),
    # Spain
    City("Spain", "ES", "Madrid", "", 6, (("91", 7, "2345678"),), ("range", 28001, 28055)),
    City("Spain", "ES", "Barcelona", "", 5, (("93", 7, "2345678"),), ("range", 8001, 8042)),
    City("Spain", "ES", "Valencia", "", 2, (("96", 7, "2345678"),), ("range", 46001, 46026)),
    City("Spain", "ES", "Seville", "", 1, (("95", 7, "4"),), ("range", 41001, 41020)),
    City("Spain", "ES", "Bilbao", "", 1, (("94", 7, "4"),), ("range", 48001, 48015)),
    # Australia
    City("Australia", "AU", "Sydney", "New South Wales", 6, (("2", 8, "89"),), ("range4", 2000, 2010)),
    City("Australia", "AU", "Melbourne", "Victoria", 5, (("3", 8, "89"),), ("range4", 3000, 3008)),
    City("Australia", "AU", "Brisbane", "Queensland", 2, (("7", 8, "3"),), ("range4", 4000, 4006)),
    City("Australia", "AU", "Perth", "Western Australia", 2, (("892", 6, ""), ("893", 6, ""), ("894", 6, "")), ("range4", 6000, 6005)),
    City("Australia", "AU", "Adelaide", "South Australia", 1, (("8", 8, "8"),), ("range4", 5000, 5006)),
    # Canada
    City("Canada", "CA", "Toronto", "Ontario", 6, (("416", 7, ""), ("647", 7, "")), ("ca", "M5V", "M5H", "M5J", "M4W")),
    City("Canada", "CA", "Montreal", "Quebec", 3, (("514", 7, ""),), ("ca", "H3B", "H2X", "H3A")),
    City("Canada", "CA", "Vancouver", "British Columbia", 3, (("604", 7, ""),), ("ca", "V6C", "V6B", "V6E")),
    City("Canada", "CA", "Calgary", "Alberta", 2, (("403", 7, ""),), ("ca", "T2P", "T2R")),
    City("Canada", "CA", "Ottawa", "Ontario", 2, (("613", 7, ""),), ("ca", "K1P", "K1R")),
]

COUNTRY_WEIGHTS = {
    "United States": 40, "United Kingdom": 26, "Germany": 7, "France": 5, "Ireland": 4,
    "Netherlands": 4, "Italy": 3, "Spain": 3, "Australia": 4, "Canada": 4,
}
REGION_OF_COUNTRY = {c.country: c.region for c in CITIES}

STREETS = {
    "US": (["Market", "Mission", "Main", "Broadway", "Madison", "Lexington", "Congress", "Peachtree",
            "Pine", "Oak", "Maple", "Cedar", "Park", "Lake", "Washington", "Jefferson", "Franklin",
            "Howard", "Spring", "Commerce", "Harbor", "Sunset", "Elm", "Grant"],
           ["Street", "St", "Avenue", "Ave", "Boulevard", "Road", "Drive"]),
    "CA": (["Bay", "King Street West", "Yonge", "Front Street West", "Burrard", "Sherbrooke Ouest",
            "Sparks", "Wellington", "Queen Street West", "Robson"], [""]),
    "GB": (["High", "Bishopsgate", "King", "Queen", "Victoria", "Station", "Church", "Mill",
            "Chapel", "Bridge", "Castle", "Deansgate", "Wellington", "Albion", "Canal", "Market",
            "Princes", "George", "Clerkenwell", "Old"], ["Street", "Road", "Lane", "Place", "Square"]),
    "DE": (["Haupt", "Bahnhof", "Friedrich", "Garten", "Schiller", "Goethe", "Kaiser", "Markt",
            "Industrie", "Rosen", "Linden", "Berliner"], ["straße", "str.", "weg", "platz", "allee"]),
    "FR": (["rue de la Paix", "rue du Faubourg Saint-Honoré", "rue de Rivoli", "avenue Victor Hugo",
            "rue de la République", "rue La Fayette", "boulevard Haussmann", "avenue des Champs-Élysées",
            "rue Saint-Jacques", "quai de la Rapée"], [""]),
    "IE": (["Harcourt Street", "Baggot Street", "Leeson Street", "Grafton Street", "Dawson Street",
            "Merrion Square", "Sir John Rogerson's Quay", "South Mall", "Eyre Square"], [""]),
    "NL": (["Keizersgracht", "Herengracht", "Prinsengracht", "Stationsplein", "Coolsingel", "Damrak",
            "Stadhouderskade", "Weena", "Catharijnesingel", "Lange Voorhout"], [""]),
    "IT": (["Via Roma", "Via Garibaldi", "Via Mazzini", "Via Dante", "Corso Buenos Aires",
            "Via Manzoni", "Via Montenapoleone", "Via Nazionale", "Piazza della Repubblica", "Corso Vittorio Emanuele II"], [""]),
    "ES": (["Calle de Alcalá", "Calle de Serrano", "Calle de Velázquez", "Paseo de la Castellana",
            "Avinguda Diagonal", "Carrer de Balmes", "Calle Colón", "Gran Vía", "Calle de Goya"], [""]),
    "AU": (["George Street", "Pitt Street", "Collins Street", "Bourke Street", "Queen Street",
            "Adelaide Street", "Murray Street", "Hay Street", "King William Street", "Kent Street"], [""]),
}

NL_LETTERS = "ABCDEGHJKLMNPRSTVWXZ"
UK_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
CA_LETTERS = "ABCEGHJKLMNPRSTVWXYZ"
EIRCODE_CHARS = "ACDEFHKNPRTVWXY0123456789"


def pick_city(rng: random.Random, country: str | None = None) -> City:
    """A city, weighted by how much business happens there (optionally within one country)."""
    if country is None:
        countries = list(COUNTRY_WEIGHTS)
        country = rng.choices(countries, weights=[COUNTRY_WEIGHTS[c] for c in countries])[0]
    options = [c for c in CITIES if c.country == country]
    return rng.choices(options, weights=[c.weight for c in options])[0]


def make_postal_code(rng: random.Random, city: City) -> str:
    """A postal code in the right format for the city's country and area."""
    kind, *spec = city.postal
    if kind == "zip":
        return f"{rng.randint(spec[0], spec[1]):05d}"
    if kind == "range":
        return f"{rng.randint(spec[0], spec[1]):05d}"
    if kind == "range4":
        return f"{rng.randint(spec[0], spec[1]):04d}"
    if kind == "uk":
        return f"{rng.choice(spec)} {rng.randint(1, 9)}{rng.choice(UK_INWARD_LETTERS)}{rng.choice(UK_INWARD_LETTERS)}"
    if kind == "eircode":
        return f"{rng.choice(spec)} {rng.choice('ACDEFHKNPRTVWXY')}" + "".join(rng.choice(EIRCODE_CHARS) for _ in range(3))
    if kind == "nl":
        letters = rng.choice(NL_LETTERS) + rng.choice(NL_LETTERS)
        while letters in ("SA", "SD", "SS"):
            letters = rng.choice(NL_LETTERS) + rng.choice(NL_LETTERS)
        return f"{rng.randint(spec[0], spec[1])} {letters}"
    if kind == "ca":
        return f"{rng.choice(spec)} {rng.randint(1, 9)}{rng.choice(CA_LETTERS)}{rng.randint(0, 9)}"
    raise ValueError(kind)


def make_street(rng: random.Random, city: City) -> str:
    """A street line written the way people in that country write it."""
    names, kinds = STREETS[city.region]
    name = rng.choice(names)
    number = rng.randint(1, 240)
    if city.region == "US":
        line = f"{rng.randint(10, 4999)} {name} {rng.choice(kinds)}"
        if rng.random() < 0.35:
            line += f", Suite {rng.randint(1, 30) * 100 + rng.randint(0, 20)}"
        return line
    if city.region == "CA":
        return f"{rng.randint(10, 2999)} {name}" + (f", Suite {rng.randint(2, 40)}00" if rng.random() < 0.4 else "")
    if city.region == "GB":
        if rng.random() < 0.15:
            return f"Unit {rng.randint(1, 40)}, {name} Business Park"
        return f"{number} {name} {rng.choice(kinds)}"
    if city.region == "DE":
        return f"{name}{rng.choice(kinds)} {number}"
    if city.region in ("FR", "IE", "AU"):
        prefix = f"Level {rng.randint(2, 30)}, " if city.region == "AU" and rng.random() < 0.3 else ""
        return f"{prefix}{number} {name}"
    return f"{name} {number}"
