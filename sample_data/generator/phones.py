"""Phone numbers that are valid for their country, written in the formats people use.

A Phone keeps the number (region + national significant number) apart from how it is
written (style), so a duplicate copy can hold the same number in another format and a row
whose country is missing can be written with its +country code. All areas and first digits
were chosen so Google's libphonenumber accepts every number (checked by the tests).
"""

import random
from dataclasses import dataclass

CALLING_CODE = {"US": "1", "CA": "1", "GB": "44", "DE": "49", "FR": "33", "IE": "353",
                "NL": "31", "IT": "39", "ES": "34", "AU": "61"}
# Mobile ranges: (prefix digits, subscriber length, allowed first digits of the subscriber part)
MOBILE_AREAS = {
    "GB": (("74", 8, "01234"),),
    "DE": (("151", 8, ""), ("152", 8, ""), ("160", 7, ""), ("170", 7, ""), ("171", 7, ""), ("176", 8, ""), ("177", 8, "")),
    "FR": (("6", 8, "0124568"), ("7", 8, "3456789")),
    "IE": (("83", 7, ""), ("85", 7, ""), ("86", 7, ""), ("87", 7, ""), ("89", 7, "")),
    "NL": (("6", 8, "1234"),),
    "IT": (("320", 7, ""), ("328", 7, ""), ("333", 7, ""), ("339", 7, ""), ("347", 7, ""), ("349", 7, ""), ("366", 7, ""), ("388", 7, "")),
    "ES": (("6", 8, ""),),
    "AU": (("4", 8, "0123"),),
}
NATIONAL_STYLES = {"US": ["paren", "paren", "dash", "dot"], "CA": ["paren", "dash"]}


@dataclass(frozen=True)
class Phone:
    """One phone number and the style it is written in."""
    region: str
    nsn: str          # national significant number, digits only
    style: str        # 'national', 'intl', 'intl0', 'e164', or a US style: 'paren', 'dash', 'dot'

    def restyled(self, style: str) -> "Phone":
        """The same number written another way."""
        return Phone(self.region, self.nsn, style)

    def render(self, force_international: bool = False) -> str:
        """The number as it appears in the export."""
        style = self.style
        if force_international and style not in ("intl", "intl0", "e164"):
            style = "intl"
        cc = CALLING_CODE[self.region]
        if style == "e164":
            return f"+{cc}{self.nsn}"
        groups = group_digits(self.region, self.nsn)
        if self.region in ("US", "CA"):
            a, b, c = self.nsn[:3], self.nsn[3:6], self.nsn[6:]
            if style == "paren":
                return f"({a}) {b}-{c}"
            if style == "dash":
                return f"{a}-{b}-{c}"
            if style == "dot":
                return f"{a}.{b}.{c}"
            return f"+1 {a} {b} {c}" if style == "intl" else f"+1 ({a}) {b}-{c}"
        trunk = "" if self.region in ("IT", "ES") else "0"
        if style == "national":
            if self.region == "AU" and not self.nsn.startswith("4"):
                return f"({trunk}{groups[0]}) " + " ".join(groups[1:])
            return trunk + " ".join(groups)
        if style == "intl0" and trunk:
            return f"+{cc} ({trunk})" + " ".join(groups)
        return f"+{cc} " + " ".join(groups)


def group_digits(region: str, nsn: str) -> list[str]:
    """Split a national number into the groups a local would write."""
    if region == "GB":
        if nsn.startswith("20"):
            return [nsn[:2], nsn[2:6], nsn[6:]]
        if nsn.startswith("7"):
            return [nsn[:4], nsn[4:]]
        if nsn.startswith("1223"):
            return [nsn[:4], nsn[4:]]
        return [nsn[:3], nsn[3:6], nsn[6:]]
    if region == "FR":
        return [nsn[0]] + [nsn[i:i + 2] for i in range(1, 9, 2)]
    if region == "DE":
        area = 3 if nsn[:1] == "1" or nsn[:3] in ("221", "211") else 2
        return [nsn[:area], nsn[area:]]
    if region == "IE":
        area = 1 if nsn.startswith("1") else 2
        rest = nsn[area:]
        return [nsn[:area], rest[:3], rest[3:]]
    if region == "NL":
        if nsn.startswith("6"):
            return [nsn[:1], nsn[1:]]
        return [nsn[:2], nsn[2:5], nsn[5:]]
    if region == "IT":
        if nsn.startswith("3"):
            return [nsn[:3], nsn[3:6], nsn[6:]]
        area = 2 if nsn[:2] in ("02", "06") else 3
        rest = nsn[area:]
        return [nsn[:area], rest[:4], rest[4:]] if area == 2 else [nsn[:area], rest[:3], rest[3:]]
    if region == "ES":
        return [nsn[:3], nsn[3:6], nsn[6:]]
    if region == "AU":
        if nsn.startswith("4"):
            return [nsn[:3], nsn[3:6], nsn[6:]]
        return [nsn[:1], nsn[1:5], nsn[5:]]
    return [nsn]


def random_subscriber(rng: random.Random, length: int, first_digits: str) -> str:
    """Subscriber digits; the first digit limited where the numbering plan requires it."""
    first = rng.choice(first_digits or "23456789")
    return first + "".join(rng.choice("0123456789") for _ in range(length - 1))


def nanp_subscriber(rng: random.Random) -> str:
    """A North American exchange + line: exchange 2xx-9xx, not N11 and not 555."""
    while True:
        exchange = f"{rng.randint(2, 9)}{rng.randint(0, 9)}{rng.randint(0, 9)}"
        if exchange[1:] != "11" and exchange != "555" and exchange[:2] != "95":
            return exchange + f"{rng.randint(0, 9999):04d}"


def make_number(rng: random.Random, region: str, areas: tuple, used: set[str]) -> str:
    """A fresh national significant number in one of the given dialling areas."""
    while True:
        prefix, length, first_digits = rng.choice(areas)
        if region in ("US", "CA"):
            nsn = prefix + nanp_subscriber(rng)
        else:
            nsn = prefix + random_subscriber(rng, length, first_digits)
        if (region, nsn) not in used:
            used.add((region, nsn))
            return nsn


def pick_style(rng: random.Random, region: str, international_share: float = 0.3) -> str:
    """Mostly the local way of writing a number, sometimes +country code, rarely E.164."""
    roll = rng.random()
    if roll < 0.04:
        return "e164"
    if roll < 0.04 + international_share:
        return "intl0" if region in ("GB", "DE") and rng.random() < 0.25 else "intl"
    return rng.choice(NATIONAL_STYLES.get(region, ["national"]))


def make_landline(rng: random.Random, city, used: set) -> Phone:
    """A landline in the city's dialling area."""
    return Phone(city.region, make_number(rng, city.region, city.areas, used), pick_style(rng, city.region))


def make_mobile(rng: random.Random, city, used: set) -> Phone:
    """A mobile number for the city's country (North America has no separate mobile range)."""
    areas = city.areas if city.region in ("US", "CA") else MOBILE_AREAS[city.region]
    return Phone(city.region, make_number(rng, city.region, areas, used), pick_style(rng, city.region))
