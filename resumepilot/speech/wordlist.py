"""Writes data/general_words.txt: the commonest English words with their unigram log10
probability under the general en-us language model that the pocketsphinx wheel ships.

The built-in recognizer mixes this distribution into its own language model so that words
our answer corpus never used are still possible. Run `python -m resumepilot.speech.wordlist`
after upgrading pocketsphinx; the output is committed.
"""

from __future__ import annotations

import math
import os
import re
import sys
from pathlib import Path

KEEP = 30_000
OUTPUT = Path(__file__).with_name("data") / "general_words.txt"
_UNKNOWN = -536870912  # what NGramModel.prob gives a word the model lacks


def main() -> None:
    from pocketsphinx import Decoder, NGramModel, get_model_path

    decoder = Decoder(lm=None)
    # Held in names of their own: the model keeps pointers to both.
    config, logmath = decoder.config, decoder.logmath
    model_dir = Path(get_model_path()) / "en-us"
    model = NGramModel(config, logmath, os.fspath(model_dir / "en-us.lm.bin"))
    to_log10 = math.log10(1.0001)  # pocketsphinx's log base
    scored: list[tuple[float, str]] = []
    seen: set[str] = set()
    with open(model_dir / "cmudict-en-us.dict", encoding="utf-8") as f:
        for line in f:
            word = line.split(" ", 1)[0]
            if word in seen or not re.fullmatch(r"[a-z]+(?:'[a-z]+)?", word):
                continue
            seen.add(word)
            logp = model.prob([word])
            if logp > _UNKNOWN:
                scored.append((logp * to_log10, word))
    scored.sort(key=lambda item: (-item[0], item[1]))
    header = (
        "# The commonest words of pocketsphinx's general en-us language model with their "
        "unigram log10\n# probability; made by `python -m resumepilot.speech.wordlist`.\n"
    )
    lines = "".join(f"{w} {p:.4f}\n" for p, w in scored[:KEEP])
    OUTPUT.write_text(header + lines, encoding="utf-8")
    print(f"wrote {min(len(scored), KEEP)} of {len(scored)} words to {OUTPUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
