"""Domain errors: each carries a message fit to show the user (Indonesian by default)."""


class PilarError(Exception):
    """Base of every domain error; ``message`` is translated and user-facing."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class CapacityError(PilarError):
    """Seats or quotas would not add up (Σ quotas > capacity, capacity below seats taken…)."""


class TrainingBusy(PilarError):
    """The training's row lock could not be had within ``lock_timeout``: try again shortly."""
