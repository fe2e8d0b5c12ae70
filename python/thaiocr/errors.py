"""One exception type for user mistakes, so the CLI can answer in one line instead of a traceback."""


class UserError(Exception):
    """A problem the user can fix (bad flag, bad spec, missing input). Printed as one line, exit 2."""

    exit_code = 2

    def __init__(self, message: str, *, hint: str | None = None):
        super().__init__(message)
        self.hint = hint

    def __str__(self) -> str:  # one line, hint appended
        msg = super().__str__().strip().replace("\n", " ")
        return f"{msg} ({self.hint})" if self.hint else msg
