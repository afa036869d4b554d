"""Attribution: who said what, to whom, how.

``rules.py`` finds statements by rule from the cue resources (``resources/<lang>/cues.toml``);
``learned.py`` re-reads the text and the rules' statements with a trained model
(``models/attribution/<lang>``, built by ``training.py``).
"""

from reportedly.analyze.attribution.learned import LearnedAttribution
from reportedly.analyze.attribution.rules import Attribution

__all__ = ["Attribution", "LearnedAttribution"]
