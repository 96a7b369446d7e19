"""Sort keys for names: case- and accent-insensitive, so "Ärmel" sorts with "Armel"."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Casefolded text without accents: "Zoë Ärmel" → "zoe armel"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).strip()


def contact_sort_key(first_name: str, last_name: str, email: str) -> str:
    """The key contacts are listed by: their display name (full name, else email)."""
    name = " ".join(part for part in (first_name.strip(), last_name.strip()) if part)
    return fold(name or email)
