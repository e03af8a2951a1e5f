"""The call watchdog (properties/target/watchdog.py): a block that never returns is stopped with a
CallTimeout naming the call, in the thread that ran it; a block that returns is left alone, and no
exception ever arrives after its `with` statement, even when it finishes right at the limit."""

from __future__ import annotations

import copy
import os
import pickle
import random
import signal
import threading
import time

import pytest

from backprop_spec.properties.target.watchdog import _WATCHDOG, CallTimeout, time_limit


def _spin(seconds: float) -> None:
    """Python bytecode for `seconds` (where a pending exception is delivered), then return."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass


def test_an_endless_loop_is_stopped_and_named() -> None:
    with pytest.raises(CallTimeout) as caught, time_limit(0.2, "Activation_ReLU.backward"):
        while True:
            pass
    assert isinstance(caught.value, Exception)
    assert caught.value.what == "Activation_ReLU.backward" and caught.value.seconds == 0.2
    assert str(caught.value) == "Activation_ReLU.backward did not return within 0.2 s"


def test_a_timeout_pickles_and_copies_as_a_plain_call_timeout() -> None:
    with pytest.raises(CallTimeout) as caught, time_limit(0.05, "Layer_Dense.forward"):
        _spin(5)
    for twin in (pickle.loads(pickle.dumps(caught.value)), copy.copy(caught.value)):
        assert type(twin) is CallTimeout and twin.what == "Layer_Dense.forward"
        assert str(twin) == str(caught.value)


def test_a_quick_block_is_left_alone_after_its_limit_passes() -> None:
    with time_limit(0.05, "quick"):
        value = sum(range(10))
    _spin(0.2)  # well past the deadline: the disarmed limit must not fire
    assert value == 45


def test_an_exception_of_the_block_passes_through_unchanged() -> None:
    with pytest.raises(KeyError, match="'rate'"), time_limit(0.05, "loss.forward"):
        raise KeyError("rate")
    _spin(0.1)


def test_blocks_ending_at_the_limit_never_leak_an_exception_after_the_with() -> None:
    """Blocks that take about as long as their limit: each either returns or raises CallTimeout
    from its own `with` statement; the code right after it (a loop, calls) never sees one."""
    rng, outcomes = random.Random(0), {"returned": 0, "stopped": 0}
    for _ in range(400):
        try:
            with time_limit(0.001, "tiny"):
                _spin(rng.uniform(0.0, 0.002))
            outcomes["returned"] += 1
        except CallTimeout as err:
            assert err.what == "tiny"
            outcomes["stopped"] += 1
        for _ in range(50):  # a leaked exception would surface here, outside the try
            abs(-1)
    assert outcomes["returned"] > 0 and outcomes["stopped"] > 0


def _blocked_in_c(disarmed_first: bool) -> str:
    """A block sitting in a C call (waiting on a lock) when its limit fires, so that the timeout is
    pending, not yet delivered; disarmed first (as the exit does when the block returns just as
    the limit passes) or not, then let go. What the block saw: "returned" or "stopped"."""
    gate, outcome = threading.Lock(), []
    gate.acquire()
    limit = time_limit(0.05, "blocked")

    def block() -> None:
        try:
            with limit:
                gate.acquire()  # no bytecode runs until the gate opens
            outcome.append("returned")
        except CallTimeout:
            outcome.append("stopped")

    thread = threading.Thread(target=block)
    thread.start()
    for _ in range(500):
        if limit.fired:
            break
        time.sleep(0.01)
    assert limit.fired
    if disarmed_first:
        _WATCHDOG.disarm(limit)
    gate.release()
    thread.join()
    return outcome[0]


def test_a_pending_timeout_is_dropped_when_the_block_is_disarmed_first() -> None:
    assert _blocked_in_c(disarmed_first=True) == "returned"
    assert _blocked_in_c(disarmed_first=False) == "stopped"


def test_nested_limits_each_stop_their_own_block() -> None:
    with time_limit(5, "outer"):
        with pytest.raises(CallTimeout, match=r"^inner did not return"), time_limit(0.1, "inner"):
            _spin(5)
        _spin(0.05)  # the outer block goes on, unharmed
    with pytest.raises(CallTimeout, match=r"^outer did not return"), time_limit(0.1, "outer"):
        with time_limit(5, "inner"):
            _spin(5)


def test_threads_are_stopped_each_in_its_own_thread() -> None:
    caught: dict[str, str] = {}

    def guarded(what: str, seconds: float) -> None:
        try:
            with time_limit(seconds, what):
                _spin(5)
        except CallTimeout as err:
            caught[threading.current_thread().name] = err.what

    threads = [threading.Thread(target=guarded, args=(name, limit), name=name)
               for name, limit in (("first", 0.1), ("second", 0.2))]
    for thread in threads:
        thread.start()
    with time_limit(5, "main thread"):  # armed meanwhile, never fired
        for thread in threads:
            thread.join()
    assert caught == {"first": "first", "second": "second"}


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")
def test_a_forked_process_starts_its_own_watchdog() -> None:
    with time_limit(5, "warm-up"):  # the watchdog thread now runs in this process, not in a fork
        pass
    child = os.fork()
    if child == 0:  # the child: exit 0 if its endless block is stopped, 1 if it ran to its end
        try:
            with time_limit(0.1, "in the fork"):
                _spin(5)
        except CallTimeout:
            os._exit(0)
        os._exit(1)
    deadline = time.monotonic() + 10  # a guard against a hang, not a measure of speed
    while (ended := os.waitpid(child, os.WNOHANG))[0] == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    if ended[0] == 0:  # the fork's watchdog never fired (its lock copied held, its thread absent)
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)
        pytest.fail("the forked process's time limit never fired")
    assert os.waitstatus_to_exitcode(ended[1]) == 0


@pytest.mark.parametrize("seconds", [0, -1, float("inf"), float("nan"), "5"])
def test_a_limit_that_is_no_duration_is_refused(seconds: object) -> None:
    with pytest.raises(ValueError, match="the limit must be a positive, finite number of seconds"):
        time_limit(seconds, "forward")  # type: ignore[arg-type]
