"""Mobile numbers, keyed hashes and unguessable codes.

- A mobile number is normalised (spaces, dashes and the +86 / 0086 prefix removed) and must be a
  mainland mobile number (11 digits, 1[3-9]...).
- The uniqueness of a number per event is enforced on a keyed hash (HMAC-SHA256 with
  settings.SIGNUP_HASH_KEY) rather than on the number, so the constraint survives anonymisation
  and the hash cannot be reversed by trying every number without the key.
- Personal links carry a random token; only its SHA-256 is stored, so a database dump does not
  open anyone's sign-up. Short codes (for check-in) use an alphabet without look-alike characters.
"""

import hashlib
import hmac
import re
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
CODE_ALPHABET = "ACDEFGHJKLMNPQRTUVWXY34679"  # no 0/O, 1/I, 2/Z, 5/S, 8/B
CODE_LENGTH = 6
CERTIFICATE_CODE_LENGTH = 16


def normalise_mobile(value):
    """The 11-digit number, or ValidationError with a Chinese message."""
    text = re.sub(r"[\s\-()（）]", "", str(value or ""))
    for prefix in ("+86", "0086", "86"):
        if text.startswith(prefix) and len(text) == 11 + len(prefix):
            text = text[len(prefix) :]
            break
    if not MOBILE_RE.match(text):
        raise ValidationError("请填写 11 位中国大陆手机号码，例如 13800000000。", code="mobile")
    return text


def hash_key():
    return (getattr(settings, "SIGNUP_HASH_KEY", "") or settings.SECRET_KEY).encode()


def mobile_hash(number):
    return hmac.new(hash_key(), normalise_mobile(number).encode(), hashlib.sha256).hexdigest()


def mask_mobile(number):
    return f"{number[:3]}****{number[-4:]}" if number and len(number) == 11 else ""


def new_token():
    return secrets.token_urlsafe(24)


def token_hash(token):
    return hashlib.sha256(str(token).encode()).hexdigest()


def new_code(length=CODE_LENGTH):
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def new_certificate_code():
    raw = new_code(CERTIFICATE_CODE_LENGTH)
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def normalise_certificate_code(value):
    text = re.sub(r"[\s\-]", "", str(value or "")).upper()
    if len(text) != CERTIFICATE_CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in text):
        return None
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def mask_name(name):
    """张三 -> 张*, 欧阳娜娜 -> 欧***: only the first character is shown."""
    name = (name or "").strip()
    if not name:
        return ""
    return name[0] + "*" * max(len(name) - 1, 1)
