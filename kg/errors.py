"""User-facing errors. Each carries a code so scripts and docs can refer to it,
and a message that names the input and the reason on one line."""
from __future__ import annotations


class KGError(Exception):
    """Base class of every error kg reports to a user."""

    code = "E000"
    exit_code = 1

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class InputError(KGError):
    """A release that cannot be read: empty, binary, undecodable, malformed."""

    code = "E001"
    # What the reader was given and the release id it would have had, when
    # known: kept so the input can be quarantined for inspection.
    data: bytes | None = None
    release_id: str | None = None


class UnsupportedInput(InputError):
    code = "E002"


class ModelNotFound(KGError):
    code = "E010"


class StoreError(KGError):
    code = "E020"


class NoStore(StoreError):
    """A command that only reads was pointed at a store that does not exist."""

    code = "E021"


class QueryError(KGError):
    code = "E030"


class UnknownQuery(QueryError):
    code = "E031"


class ParameterError(QueryError):
    code = "E032"
    exit_code = 2


class UnknownEntity(ParameterError):
    """A parameter names an entity the store does not hold."""

    code = "E033"


class UnknownPlugin(KGError):
    code = "E040"
    exit_code = 2


class ValidationFailed(KGError):
    code = "E050"


class NoShapes(KGError):
    """No SHACL shapes to validate with: an error, never a silent "conforms"."""

    code = "E051"
