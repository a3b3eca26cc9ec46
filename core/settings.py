"""One settings object for the whole product, overridable by `LUNG_CHAT_*` environment variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.paths import CORPUS_DIR


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LUNG_CHAT_", extra="ignore")

    data_dir: Path = Field(default=Path("~/.lung-chat"), description="Conversations, feedback and the index.")
    corpus_dir: Path = CORPUS_DIR
    bench_turns: int = Field(default=200, description="Warm turns `lung-chat eval --suite bench` times.")
    index_path: Path | None = Field(default=None, description="Embedded Qdrant folder; defaults to <data_dir>/index.")
    collection: str = "lung_cancer_kb"
    qdrant_url: str | None = Field(default=None, description="A Qdrant server instead of the embedded index.")
    qdrant_api_key: str | None = None

    llm: str | None = Field(
        default=None, description="Optional LLM to phrase answers, any init_chat_model string, e.g. 'ollama:llama3.1'."
    )

    top_k: int = 12  # sections the answer and its follow-up suggestions may draw from (only cited ones are shown)
    prefetch_k: int = 30
    max_input_chars: int = 4000
    max_input_bytes: int = 20_000

    input_rails: list[str] = ["pii", "self_harm", "emergency", "prompt_injection", "dosing", "scope", "distress"]
    output_rails: list[str] = [
        "grounded",
        "no_user_numbers",
        "no_dosing",
        "no_individual_claims",
        "no_medication_change",
        "disclaimer",
    ]

    @property
    def resolved_data_dir(self) -> Path:
        return self.data_dir.expanduser()

    @property
    def resolved_index_path(self) -> Path:
        return (self.index_path or self.resolved_data_dir / "index").expanduser()

    @property
    def built_dir(self) -> Path:
        """Where what is built from the corpus and the examples is kept (the trained models, the index's
        fingerprint): beside the embedded index, so data folders that share an index share them too."""
        return self.resolved_data_dir if self.qdrant_url else self.resolved_index_path.parent

    log_file: Path | None = Field(default=None, description="The turn log; defaults to <data_dir>/lung-chat.log.")

    @property
    def log_path(self) -> Path:
        return (self.log_file or self.resolved_data_dir / "lung-chat.log").expanduser()

    conversations_path: Path | None = Field(
        default=None, description="The conversation store; defaults to <data_dir>/conversations.sqlite."
    )

    @property
    def checkpoint_path(self) -> Path:
        return (self.conversations_path or self.resolved_data_dir / "conversations.sqlite").expanduser()

    checkpoint_url: str | None = Field(
        default=None,
        description="A PostgreSQL database (postgresql://...) for conversations instead of the SQLite file.",
    )
    checkpoint_pool_size: int = Field(default=10, description="Most PostgreSQL connections one process opens.")

    @field_validator("checkpoint_url")
    @classmethod
    def _postgres_only(cls, value: str | None) -> str | None:
        """Only PostgreSQL is offered as a shared store: say so at start-up rather than fall back silently."""
        if value and not value.startswith(("postgresql://", "postgres://")):
            raise ValueError("LUNG_CHAT_CHECKPOINT_URL must be a postgresql:// URL")
        return value or None

    @property
    def checkpoint_target(self) -> str:
        """Where conversations live: the PostgreSQL URL when one is set, else the SQLite file."""
        return self.checkpoint_url or str(self.checkpoint_path)

    documents_dir: Path | None = Field(
        default=None, description="Documents added with `lung-chat ingest --from`; defaults to <data_dir>/documents."
    )

    @property
    def added_documents_dir(self) -> Path:
        return (self.documents_dir or self.resolved_data_dir / "documents").expanduser()


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
