"""The built-in, offline recognizer: PocketSphinx with the en-us model its wheel ships, and a
language model built for each answer (see language_model.py)."""

from __future__ import annotations

import os
import re
import tempfile
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from resumepilot.speech import language_model, lexicon
from resumepilot.speech.activity import loudness
from resumepilot.speech.models import Audio, Bias, Transcript, Word

FRAME_S = 0.01  # PocketSphinx frames are 10 ms
_FILLER = re.compile(r"^(<s>|</s>|<sil>|\[.*\]|\+\+.*\+\+)$")


@dataclass(frozen=True)
class DecoderTuning:
    """Search settings; the defaults were chosen on our own synthetic set (bench/)."""

    lw: float = 6.5
    wip: float = 0.65
    beam: float = 1e-48
    wbeam: float = 7e-29
    pbeam: float = 1e-48
    fillprob: float = 1e-8
    silprob: float = 0.005
    # Synthetic and heavily gated audio has digitally silent stretches, whose log energies
    # lie far outside anything the acoustic model was trained on and skew the cepstral mean.
    # A faint noise floor, this many dB below the loud frames, is what any microphone adds.
    noise_floor_db: float | None = 40.0
    topn: int = 8  # Gaussians scored per codebook: 4 (the default) loses words on synthetic voices
    extra: dict[str, Any] = field(default_factory=dict)

    def options(self) -> dict[str, Any]:
        return {
            "lw": self.lw,
            "wip": self.wip,
            "beam": self.beam,
            "wbeam": self.wbeam,
            "pbeam": self.pbeam,
            "fillprob": self.fillprob,
            "silprob": self.silprob,
            "topn": self.topn,
            **self.extra,
        }


class _Session:
    """One PocketSphinx decoder (not thread-safe) and the words added to its dictionary."""

    def __init__(self, tuning: DecoderTuning) -> None:
        from pocketsphinx import Decoder

        self.decoder = Decoder(lm=None, loglevel="ERROR", **tuning.options())
        self.added: set[str] = set()
        self.searches = 0

    def ensure_words(
        self, words: frozenset[str], acronyms: frozenset[str], display: dict[str, str]
    ) -> None:
        """Adds pronunciations for words the dictionary lacks, and spelled-out readings
        for acronyms it knows only as words."""
        lookup = self.decoder.lookup_word
        new: list[tuple[str, str]] = []
        for word in words - self.added:
            self.added.add(word)
            known = lookup(word)
            if known is not None and word not in acronyms:
                continue
            written = display.get(word, word.upper() if word in acronyms else word)
            readings = lexicon.pronunciations(written, lookup, acronym=word in acronyms)
            alternate = 2
            for phones in readings:
                if known is None:
                    new.append((word, phones))
                    known = phones
                    continue
                if phones == known:
                    continue
                while lookup(f"{word}({alternate})") is not None:
                    alternate += 1
                new.append((f"{word}({alternate})", phones))
                alternate += 1
        for i, (word, phones) in enumerate(new):
            self.decoder.add_word(word, phones, update=i == len(new) - 1)

    def use(self, model: language_model.LanguageModel) -> None:
        self.ensure_words(model.vocabulary, model.acronyms, model.display)
        fd, path = tempfile.mkstemp(suffix=".arpa", prefix="resumepilot-lm-")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(model.arpa)
            name = f"answer{self.searches % 2}"
            self.searches += 1
            self.decoder.add_lm_file(name, path)
            self.decoder.activate_search(name)
        finally:
            os.unlink(path)


class BuiltinTranscriber:
    """PocketSphinx biased toward the interview; one decoder per thread."""

    name = "builtin"

    def __init__(self, tuning: DecoderTuning | None = None) -> None:
        self.tuning = tuning or DecoderTuning()
        self._local = threading.local()

    def _session(self) -> _Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = _Session(self.tuning)
        return session

    def transcribe(self, audio: Audio, bias: Bias | None = None) -> Transcript:
        started = time.perf_counter()
        model = language_model.build(bias)
        session = self._session()
        session.use(model)
        decoder = session.decoder
        decoder.start_utt()
        decoder.process_raw(_with_noise_floor(audio, self.tuning.noise_floor_db), full_utt=True)
        decoder.end_utt()
        words = []
        for seg in decoder.seg():
            token = re.sub(r"\(\d+\)$", "", seg.word)
            if _FILLER.match(token):
                continue
            confidence = min(1.0, max(0.0, seg.prob))  # the word's lattice posterior
            words.append(
                Word(
                    model.display.get(token, token),
                    seg.start_frame * FRAME_S,
                    (seg.end_frame + 1) * FRAME_S,
                    confidence,
                )
            )
        return Transcript(
            text=_sentence(words),
            confidence=_overall(words),
            words=words,
            duration_s=audio.duration_s,
            processing_ms=round((time.perf_counter() - started) * 1000),
            engine=self.name,
        )


def _with_noise_floor(audio: Audio, below_db: float | None) -> bytes:
    """The samples with white noise `below_db` under the loud frames (seeded: repeatable)."""
    if below_db is None or not len(audio.samples):
        return audio.pcm_bytes()
    loud = loudness(audio).loud_dbfs
    rms = 32768.0 * 10 ** ((loud - below_db) / 20)
    noise = np.random.default_rng(0).normal(0.0, rms, len(audio.samples))
    mixed = np.clip(audio.samples + noise, -32768, 32767)
    return mixed.astype("<i2").tobytes()


def _sentence(words: list[Word]) -> str:
    text = " ".join(w.word for w in words)
    text = re.sub(r"\bi\b", "I", text)
    return text[:1].upper() + text[1:]


def _overall(words: list[Word]) -> float:
    """Duration-weighted mean of the word confidences (0 when nothing was heard)."""
    total = sum(w.end - w.start for w in words)
    if not words or total <= 0:
        return 0.0
    return sum(w.confidence * (w.end - w.start) for w in words) / total
