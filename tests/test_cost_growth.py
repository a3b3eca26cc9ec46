"""The cost-growth measurement's small path: rows come out, and the synthetic chunks are really in the index
and really reach the ranking (a table over an index that ignores them would measure nothing)."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.settings import get_settings
from evals import cost_growth
from vectorstore.store import get_client

pytestmark = pytest.mark.slow  # a second process per index size

SYNTHETIC = 200


def test_the_small_path_gives_a_row_over_real_and_synthetic_chunks(index_copy: Path, tmp_path: Path) -> None:
    real = get_client(get_settings()).count(get_settings().collection, exact=True).count
    result = cost_growth.run(
        [real + SYNTHETIC], turns=2, work=tmp_path / "work", baseline_from=index_copy, say=lambda _: None
    )

    (row,) = result["rows"]
    assert row["points"] == real + SYNTHETIC and row["real"] == real and row["synthetic"] == SYNTHETIC
    assert row["synthetic_loaded"] == SYNTHETIC  # every synthetic point reached the retriever's vectors
    assert row["probe_found"]  # a synthetic section's own question finds it first
    assert row["baseline"]["points"] == real and row["baseline"]["synthetic_loaded"] == 0
    for key in ("turn_ms_p50", "turn_ms_p95", "rss_mb", "index_disk_mb"):
        assert row[key] > 0 and row["baseline"][key] > 0
    assert row["turn_ms_p50_ratio"] and row["rss_mb_ratio"] and row["paired_turn_ratio_median"] > 0
    assert row["index_disk_mb"] > row["baseline"]["index_disk_mb"]
    assert len(row["load_avg_1min"]) == 2

    lines = cost_growth.table(result).splitlines()
    assert len(lines) == 4 and lines[2].startswith(f"| {real:,} (real corpus alone)")
    assert lines[3].startswith(f"| {real + SYNTHETIC:,} ({real:,} + {SYNTHETIC:,})")
    assert "found" in lines[3]
