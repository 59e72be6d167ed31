"""How ID and mobile numbers are shown to users who may not reveal them."""


def mask_id_number(number: str) -> str:
    """Return ``330302********1234`` for an 18-character number; keep ends of others."""
    if not number:
        return ""
    if len(number) == 18:
        return number[:6] + "*" * 8 + number[-4:]
    if len(number) <= 4:
        return "*" * len(number)
    return number[:2] + "*" * (len(number) - 4) + number[-2:]


def mask_phone(number: str) -> str:
    """Return ``138****5678`` for a mobile; keep the area code and last 2 digits of others."""
    if not number:
        return ""
    if len(number) == 11 and number.isdigit():
        return number[:3] + "****" + number[-4:]
    if len(number) <= 4:
        return "*" * len(number)
    head = number.split("-")[0] if "-" in number else number[:3]
    return head + "-" + "*" * max(len(number) - len(head) - 3, 2) + number[-2:]
