"""Trained models kept in the data folder as plain arrays, keyed by a digest of what they learned from."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Protocol, TypeVar

import numpy as np


class Stored(Protocol):
    def arrays(self) -> Mapping[str, np.ndarray]: ...


M = TypeVar("M", bound=Stored)

_lock = threading.Lock()  # one training at a time: two threads asking at once get one model


def trained_or_cached(cache: Path, load: Callable[[Any], M], train: Callable[[], M]) -> M:
    """The model stored at `cache`, or trained now and stored there (a damaged file is trained again).

    Arrays only (no pickle): a data folder can be shared without running anyone's code.
    """
    with _lock:
        if cache.exists():
            try:
                with np.load(cache, allow_pickle=False) as data:
                    return load(data)
            except (OSError, ValueError, KeyError):
                cache.unlink(missing_ok=True)
        model = train()
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(".tmp.npz")
        np.savez(tmp, **model.arrays())  # type: ignore[arg-type]  # the stub reads any keyword as allow_pickle
        tmp.replace(cache)
        return model


# What a data folder holds that was built, not written by a person: the trained models, the stated
# questions in the multilingual space and without 'lung cancer', and the fingerprint of the documents the
# index was built from.
BUILT_FILES = (
    "intent-model-*.npz",
    "risk-model-*.npz",
    "language-model-*.npz",
    "questions-multilingual-*.npy",
    "bare-questions-*.npz",
    "*.corpus-sha256",
)


def copy_built(source: Path, target: Path, index: Path | None = None) -> None:
    """What was built in `source` (and the embedded `index` folder, as `target/index`) into `target`,
    so another process or folder starts without training or ingesting again."""
    target.mkdir(parents=True, exist_ok=True)
    if index is not None and index.is_dir():
        shutil.copytree(index, target / "index", ignore=shutil.ignore_patterns(".lock"), dirs_exist_ok=True)
    for pattern in BUILT_FILES:
        for built in source.glob(pattern):
            shutil.copy(built, target / built.name)
