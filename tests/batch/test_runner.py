"""How the batch runner cuts work into pool tasks and sets up its processes."""

from __future__ import annotations

import gc

from budgetlens.batch.runner import _GC_THRESHOLD, _chunks, _tuned_gc


def test_tasks_carry_up_to_four_files_and_fewer_when_there_are_few() -> None:
    names = [f"{i}.txt" for i in range(102)]
    chunks = _chunks(names, workers=2)
    assert [len(c) for c in chunks] == [4] * 25 + [2]
    assert [n for c in chunks for n in c] == names  # input order kept
    # 12 files for 2 workers: one a task, so that both workers get several
    assert [len(c) for c in _chunks(names[:12], workers=2)] == [1] * 12
    assert [len(c) for c in _chunks(names[:20], workers=2)] == [2] * 10
    assert _chunks(names[:1], workers=4) == [["0.txt"]]


def test_the_writers_collector_setting_is_restored() -> None:
    before = gc.get_threshold()
    with _tuned_gc():
        assert gc.get_threshold() == _GC_THRESHOLD == (50_000, 20, 50)
    assert gc.get_threshold() == before
