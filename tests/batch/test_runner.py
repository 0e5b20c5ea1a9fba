"""How the batch runner cuts work into pool tasks and sets up its processes."""

from __future__ import annotations

import gc
import os
from pathlib import Path

from budgetlens.batch.runner import _GC_THRESHOLD, _chunks, _tuned_gc, collect


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


def test_collect_walks_folders_and_takes_each_file_once(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    for name in ("b.txt", "a.TXT", "sub/c.docx", "notes.md", "sub/d.pdf"):
        (docs / name).write_text("x", encoding="utf-8")
    (docs / "folder.txt").mkdir()  # a folder with a document's suffix is no document
    os.symlink(docs / "b.txt", tmp_path / "link.txt")
    files, missing = collect([docs, docs / "b.txt", tmp_path / "link.txt", tmp_path / "gone.txt"])
    assert [f.relative_to(docs).as_posix() for f in files] == ["a.TXT", "b.txt", "sub/c.docx", "sub/d.pdf"]
    assert missing == [(str(tmp_path / "gone.txt"), "文件或文件夹不存在")]
    # named alone, a link is taken as the file it points to
    files, _ = collect([tmp_path / "link.txt"])
    assert files == [tmp_path / "link.txt"]
