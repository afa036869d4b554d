"""Attribution: who said what, to whom, how (rule-based; resources in resources/<lang>/cues.toml)."""

from reportedly.analyze.attribution.rules import Attribution

__all__ = ["Attribution"]
