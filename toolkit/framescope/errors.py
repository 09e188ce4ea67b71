"""Typed errors; the CLI turns every FramescopeError into a clean one-line message."""

from __future__ import annotations


class FramescopeError(Exception):
    """Base class of every error framescope raises on purpose."""


class InputError(FramescopeError):
    """An input (file, record, value) could not be read; the message names it."""

    def __init__(self, message: str, *, source: str | None = None, line: int | None = None,
                 record: int | None = None):
        self.source, self.line, self.record = source, line, record
        where = []
        if source:
            where.append(str(source))
        if line is not None:
            where.append(f"line {line}")
        if record is not None:
            where.append(f"record {record}")
        super().__init__(f"{': '.join([', '.join(where)] if where else [])}{': ' if where else ''}{message}")
        self.reason = message


class NotFoundError(FramescopeError):
    """A named thing (article, event, outlet, corpus) does not exist; lists the valid ones."""


class InvalidValueError(FramescopeError, ValueError):
    """A parameter value is not one of the valid ones."""


class StoreError(FramescopeError):
    """The corpus database could not be opened or is in an unexpected state."""


class ModelError(FramescopeError):
    """A model file is missing, from another version, or refused as untrusted."""


class MissingExtraError(FramescopeError, ImportError):
    """An optional dependency is not installed; names the extra that provides it."""


def require_extra(module: str, extra: str):
    """Import an optional module or raise MissingExtraError naming the extra to install."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise MissingExtraError(
            f"{module!r} is needed for this; install it with: pip install 'framescope[{extra}]'"
        ) from exc


def invalid_choice(what: str, value, valid) -> InvalidValueError:
    """Build an error naming the bad value and listing the valid ones."""
    valid = sorted(map(str, valid))
    return InvalidValueError(f"unknown {what} {value!r}; valid: {', '.join(valid) or '(none)'}")
