"""Text the database cannot store: NUL characters (PostgreSQL) and lone UTF-16 surrogates."""


def bad_text(value: str) -> bool:
    if "\x00" in value:
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
