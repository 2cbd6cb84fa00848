"""Small canonical tables built inline, each with a comment stating the truth."""

import pandas as pd

CONTACT_FIELDS = ("record_id", "first_name", "last_name", "email", "phone", "mobile", "company", "account_id",
                  "street", "city", "postal_code", "country", "birth_date")


def contacts(*rows: dict) -> pd.DataFrame:
    """A canonical contacts table; missing fields are NA, ids r1, r2... unless given."""
    frame = pd.DataFrame([{f: row.get(f) for f in CONTACT_FIELDS} for row in rows])
    frame["record_id"] = [row.get("record_id", f"r{i + 1}") for i, row in enumerate(rows)]
    frame["birth_date"] = pd.to_datetime(frame["birth_date"])
    return frame.astype({f: "string" for f in CONTACT_FIELDS if f != "birth_date"})


def accounts(*rows: dict) -> pd.DataFrame:
    fields = ("record_id", "name", "website", "phone", "street", "city", "postal_code", "country")
    frame = pd.DataFrame([{f: row.get(f) for f in fields} for row in rows])
    frame["record_id"] = [row.get("record_id", f"a{i + 1}") for i, row in enumerate(rows)]
    return frame.astype("string")


def strangers(count: int, start: int = 0) -> list[dict]:
    """People who resemble nobody: distinct names, emails, phones and towns."""
    syllables = ["ka", "lo", "mi", "ne", "ru", "ta", "vo", "zi", "be", "do"]
    out = []
    for i in range(start, start + count):
        first = syllables[i % 10] + syllables[(i // 10) % 10] + "na"
        last = syllables[(i // 100) % 10] + syllables[(i * 7) % 10] + syllables[i % 10] + "ski"
        out.append({"record_id": f"s{i}", "first_name": first.capitalize(), "last_name": last.capitalize(),
                    "email": f"{first}.{last}{i}@mail{i}.example", "phone": f"+44 20 7{i:03d} {i:04d}",
                    "city": f"Town{i}", "postal_code": f"ZZ{i} 9AA", "country": "United Kingdom",
                    "birth_date": f"{1940 + i % 60}-{1 + i % 12:02d}-{1 + i % 28:02d}"})
    return out
