"""What `lz-pipeline run` prints per document, and the run logs it keeps."""

from __future__ import annotations

import io
import os
from pathlib import Path

from lz_pipeline.progress import Progress, clock, prune_logs


def test_one_line_per_document_with_elapsed_time_and_eta() -> None:
    out = io.StringIO()  # not a terminal: no "reading …" line to overwrite
    progress = Progress(12, out)
    progress.started -= 30  # 30 s into the run when the first document finishes
    progress.document_started(1, "2019/甲.pdf")
    progress.document_finished(1, "2019/甲.pdf", "ok", 2.04)
    assert out.getvalue() == "[ 1/12] ok      2019/甲.pdf  2.0 s · 0:30 elapsed, ETA 5:30\n"


def test_clock() -> None:
    assert [clock(s) for s in (0, 59.6, 61, 3600)] == ["0:00", "1:00", "1:01", "60:00"]


def test_the_newest_logs_are_kept(tmp_path: Path) -> None:
    for n in range(25):
        log = tmp_path / f"run-{n:02d}.log"
        log.write_text("")
        os.utime(log, (1_700_000_000 + n, 1_700_000_000 + n))
    (tmp_path / "other.txt").write_text("")
    prune_logs(tmp_path, keep=20)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.txt"] + [f"run-{n:02d}.log" for n in range(6, 25)]
