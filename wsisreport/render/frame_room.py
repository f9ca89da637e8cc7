"""Deep recursions run in one stretch of CPython's frame stack, not in chunks mapped and unmapped."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

# CPython (3.11 and later) keeps Python frames in 16 KiB chunks of memory: it maps a new chunk when
# a call does not fit in the current one, and unmaps it as soon as that call returns. WeasyPrint's
# layout recurses up and down across chunk ends all the time: some 6,000 chunks mapped and unmapped
# per 2024 PDF, each a page fault or more (a fifth of a render's page faults, half its system
# time). A frame too large for a chunk gets one of the next power of two of 16 KiB that holds it:
# a frame of 1 MiB gets 2 MiB, and the calls made from it fill the other MiB, more than a layout's
# recursion ever needs (the unused stack is never touched, so never paged in).
ROOM = 1 << 17  # stack slots of 8 bytes: 1 MiB


def _call(function: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    return function(*args, **kwargs)


# The frame made larger by a deeper value stack than it uses; nothing else about it changes.
_call.__code__ = _call.__code__.replace(co_stacksize=_call.__code__.co_stacksize + ROOM)


def with_room(function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """``function(*args, **kwargs)``, its calls made in one chunk of the frame stack."""
    result: T = _call(function, args, kwargs)
    return result
