"""Deep recursions in one stretch of the frame stack: no chunk mapped and unmapped as they go."""

from __future__ import annotations

import resource

from wsisreport.render.frame_room import with_room


def _down(depth: int) -> int:
    return 0 if depth == 0 else 1 + _down(depth - 1)


def _up_and_down(times: int) -> int:
    """Recursions 600 frames deep (more than a 16 KiB chunk of frames), ``times`` over."""
    return sum(_down(600) for _ in range(times))


def _page_faults(function: object, *args: object) -> int:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    function(*args)  # type: ignore[operator]
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


def test_a_call_with_room_returns_what_the_function_returns() -> None:
    assert with_room(_up_and_down, 3) == 1800
    assert with_room(dict, a=1) == {"a": 1}


def test_recursing_with_room_maps_no_new_chunks() -> None:
    _up_and_down(10)  # anything the recursion itself first touches
    # As CPython runs it: a chunk mapped (and faulted in) at each crossing of a chunk's end.
    assert _page_faults(_up_and_down, 2000) > 1000
    # With room: the same recursion inside one chunk.
    assert _page_faults(with_room, _up_and_down, 2000) < 100
