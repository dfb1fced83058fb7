"""What ``lz-pipeline run`` shows while it works, and where Dagster's event stream goes instead.

One line per document (done/total, the file, its outcome, elapsed, ETA); on a terminal the document
being read is shown on a line that the next result overwrites. Dagster logs every event at DEBUG on
stderr (about 75 lines a document) and dagster-dbt every dbt log line on stdout: both go to a log file, or
also to the terminal with -v.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stdout
from pathlib import Path
from typing import TextIO


def clock(seconds: float) -> str:
    minutes, seconds = divmod(round(seconds), 60)
    return f"{minutes}:{seconds:02d}"


class Progress:
    def __init__(self, total: int, stream: TextIO | None = None) -> None:
        self.total = total
        self.done = 0
        self.stream = stream or sys.stdout
        self.tty = self.stream.isatty()
        self.started = time.monotonic()
        self.width = len(str(total))

    def _timing(self) -> str:
        elapsed = time.monotonic() - self.started
        if not self.done:
            return f"{clock(elapsed)} elapsed"
        eta = elapsed / self.done * (self.total - self.done)
        return f"{clock(elapsed)} elapsed, ETA {clock(eta)}"

    def _counter(self, index: int) -> str:
        return f"[{index:>{self.width}}/{self.total}]"

    def document_started(self, index: int, label: str) -> None:
        if self.tty:
            self.stream.write(f"\r\033[K{self._counter(index)} reading {label} · {self._timing()}")
            self.stream.flush()

    def document_finished(self, index: int, label: str, outcome: str, seconds: float) -> None:
        self.done += 1
        line = f"{self._counter(index)} {outcome:<7} {label}  {seconds:.1f} s · {self._timing()}"
        self.stream.write(("\r\033[K" if self.tty else "") + line + "\n")
        self.stream.flush()

    def step(self, text: str) -> None:
        self.stream.write(f"{text} · {clock(time.monotonic() - self.started)} elapsed\n")
        self.stream.flush()


def prune_logs(folder: Path, keep: int = 20) -> None:
    """Keep the newest ``keep - 1`` run logs (a full run's is about 300 kB), making room for one more."""
    logs = sorted(folder.glob("run-*.log"), key=lambda p: p.stat().st_mtime)
    for old in logs[: max(len(logs) - keep + 1, 0)]:
        old.unlink(missing_ok=True)


def _tee(source: int, targets: list[int]) -> None:
    while chunk := os.read(source, 1 << 16):
        for target in targets:
            os.write(target, chunk)
    os.close(source)


@contextmanager
def stderr_to(log: Path, verbose: bool = False) -> Iterator[None]:
    """File descriptor 2 (Dagster's console logger, warnings, libraries) into ``log``; with ``verbose``
    also onto the terminal. At the descriptor level, so nothing that writes to stderr escapes it.

    Python's ``sys.stdout`` goes there too: dagster-dbt re-emits every dbt log line on it (about 200 a
    build). What is meant for people is written to a stream taken before the block (``Progress``)."""
    log.parent.mkdir(parents=True, exist_ok=True)
    sys.stderr.flush()
    saved = os.dup(2)
    with log.open("ab") as file:
        copier = None
        if verbose:
            read_end, write_end = os.pipe()
            copier = threading.Thread(target=_tee, args=(read_end, [file.fileno(), saved]), daemon=True)
            copier.start()
            os.dup2(write_end, 2)
            os.close(write_end)
        else:
            os.dup2(file.fileno(), 2)
        try:
            with redirect_stdout(sys.stderr):
                yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)  # closes the pipe's last write end: the copier reads to the end and stops
            if copier is not None:
                copier.join(timeout=5)
            os.close(saved)
