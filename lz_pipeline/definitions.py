"""The one entry point ``workspace.yaml`` and ``dg`` load: ``defs``, every definition under ``lz_pipeline/defs/``.

Loaded the way ``dg`` expects (``load_from_defs_folder``): a module added to the folder, by hand or by
``dg scaffold``, is registered by being there; resources and the executor come from ``defs/environment.py``.
"""

from __future__ import annotations

from pathlib import Path

import dagster as dg

defs = dg.load_from_defs_folder(path_within_project=Path(__file__).parent)
