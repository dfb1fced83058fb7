"""Every YAML under deploy/ passes Dagster's own config validation, and a broken key in any of them fails it.

A dagster.yaml is read by ``dagster_instance_config`` (what ``DagsterInstance`` loads it with: the instance
schema, the ``storage: postgres:`` block included), and every pluggable class it names (run coordinator,
run launcher) is validated against that class's own ``config_type()``, which the instance schema leaves open
and Dagster only checks when it first instantiates the class (a daemon, a pod, long after a deploy).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml
from dagster._config import validate_config
from dagster._core.errors import DagsterInvalidConfigError
from dagster._core.instance.config import dagster_instance_config
from dagster._serdes.config_class import class_from_code_pointer

from lz_pipeline_tests.conftest import REPO

DEPLOY = REPO / "deploy"
DEPLOY_YAMLS = sorted(p for p in DEPLOY.rglob("*") if p.suffix in (".yaml", ".yml"))


def validate_instance_yaml(path: Path) -> Mapping[str, Any]:
    """The instance config of a dagster.yaml, validated as Dagster validates it, classes' config included."""
    config, _ = dagster_instance_config(str(path.parent), path.name)
    for key, block in config.items():
        if isinstance(block, Mapping) and {"module", "class"} <= block.keys():
            configurable = class_from_code_pointer(block["module"], block["class"])
            result = validate_config(configurable.config_type(), block.get("config") or {})
            if not result.success:
                raise DagsterInvalidConfigError(f"Errors in {key} ({block['class']}) of {path}", result.errors, block)
    return config


def test_deploy_holds_the_local_team_and_kubernetes_instances() -> None:
    assert [p.relative_to(DEPLOY).as_posix() for p in DEPLOY_YAMLS] == [
        "dagster.yaml",
        "k8s/dagster.yaml",
        "team/dagster.yaml",
    ]


@pytest.mark.parametrize("path", DEPLOY_YAMLS, ids=lambda p: p.relative_to(DEPLOY).as_posix())
def test_every_deploy_yaml_passes_dagsters_validation(path: Path) -> None:
    assert path.name == "dagster.yaml", f"{path}: no Dagster validation known for this file; add one here"
    config = validate_instance_yaml(path)
    assert config["telemetry"] == {"enabled": False}


def test_the_kubernetes_instance_is_the_team_instance_plus_its_run_launcher() -> None:
    team = yaml.safe_load((DEPLOY / "team" / "dagster.yaml").read_text(encoding="utf-8"))
    k8s = yaml.safe_load((DEPLOY / "k8s" / "dagster.yaml").read_text(encoding="utf-8"))
    launcher = k8s.pop("run_launcher")
    assert (launcher["module"], launcher["class"]) == ("dagster_k8s", "K8sRunLauncher")
    assert k8s == team


def test_the_team_instance_stores_everything_in_postgres_from_the_environment() -> None:
    config = validate_instance_yaml(DEPLOY / "team" / "dagster.yaml")
    database = config["storage"]["postgres"]["postgres_db"]
    assert {k: database[k] for k in ("hostname", "port", "username", "password", "db_name")} == {
        "hostname": {"env": "DAGSTER_PG_HOST"},
        "port": {"env": "DAGSTER_PG_PORT"},
        "username": {"env": "DAGSTER_PG_USER"},
        "password": {"env": "DAGSTER_PG_PASSWORD"},
        "db_name": {"env": "DAGSTER_PG_DB"},
    }
    assert config["run_coordinator"]["class"] == "QueuedRunCoordinator"
    assert config["concurrency"]["pools"]["default_limit"] == 1


def _set(config: dict, path: tuple[str, ...], key: str, value: object) -> None:
    for part in path:
        config = config[part]
    config[key] = value


# (file, where, a misspelt or wrong-typed key): each must fail validation.
BROKEN = [
    ("team/dagster.yaml", (), "run_monitorin", {"enabled": True}),
    ("team/dagster.yaml", ("storage", "postgres", "postgres_db"), "hostnme", "db"),
    ("team/dagster.yaml", ("run_coordinator", "config"), "dequeue_use_thread", True),
    ("team/dagster.yaml", ("concurrency", "runs"), "max_concurrent_runs", "eight"),
    ("team/dagster.yaml", ("retention", "sensor", "purge_after_days"), "skiped", 1),
    ("k8s/dagster.yaml", ("run_launcher", "config"), "job_namepsace", "lz"),
    ("k8s/dagster.yaml", ("run_launcher", "config", "resources"), "request", {"cpu": "1"}),
    ("dagster.yaml", ("run_monitoring",), "max_runtime_second", 3600),
]


@pytest.mark.parametrize(("name", "where", "key", "value"), BROKEN, ids=[f"{b[0]}:{b[2]}" for b in BROKEN])
def test_a_broken_key_fails_validation(
    tmp_path: Path, name: str, where: tuple[str, ...], key: str, value: object
) -> None:
    config = yaml.safe_load((DEPLOY / name).read_text(encoding="utf-8"))
    _set(config, where, key, value)
    broken = tmp_path / "dagster.yaml"
    broken.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DagsterInvalidConfigError, match=key):
        validate_instance_yaml(broken)
