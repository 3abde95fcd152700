"""The baseline: PocketSphinx as it ships (en-us model, its general language model and
dictionary, default settings), one WAV file in, the text out. Run by bench/transcribe.py."""

from __future__ import annotations

import sys
import wave

from pocketsphinx import Decoder


def main(path: str) -> None:
    decoder = Decoder(loglevel="ERROR")
    with wave.open(path, "rb") as f:
        pcm = f.readframes(f.getnframes())
    decoder.start_utt()
    decoder.process_raw(pcm, full_utt=True)
    decoder.end_utt()
    hyp = decoder.hyp()
    print(hyp.hypstr if hyp else "")


if __name__ == "__main__":
    main(sys.argv[1])
