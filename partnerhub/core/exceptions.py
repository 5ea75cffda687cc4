"""The exception tree of Partner Hub's domain boundary.

    PartnerHubError                 every error a service or selector raises on purpose
    ├── InvalidInput                bad input; names the field, line or file it concerns
    │   └── InvalidFilter           a list or API filter with a bad value (answers 400)
    ├── NotFound                    a record that does not exist (answers 404)
    ├── PermissionDenied            the actor may not do this (answers 403)
    └── SourceError                 a source document or data file that cannot be read

The portal and the API map these to responses in one place each.
"""

from __future__ import annotations


class PartnerHubError(Exception):
    """Base of every deliberate error; carries a bilingual message."""

    status = 500
    code = "error"

    def __init__(self, message_en: str, message_zh: str | None = None, *, field: str = "") -> None:
        super().__init__(message_en)
        self.message_en = message_en
        self.message_zh = message_zh or message_en
        self.field = field

    def message(self, language: str | None) -> str:
        """The message in the user's language (zh-Hant unless English is asked for)."""
        if language and language.lower().startswith("en"):
            return self.message_en
        return self.message_zh


class InvalidInput(PartnerHubError):
    status = 400
    code = "invalid"


class InvalidFilter(InvalidInput):
    code = "invalid_filter"


class NotFound(PartnerHubError):
    status = 404
    code = "not_found"


class PermissionDenied(PartnerHubError):
    status = 403
    code = "forbidden"


class SourceError(PartnerHubError):
    status = 422
    code = "source_error"
