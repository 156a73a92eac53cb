"""Makes bench/eval_extraction.py importable by the tests (bench/ is not a package)."""

import importlib.util
import sys
from pathlib import Path

_spec = importlib.util.spec_from_file_location("eval_extraction", Path(__file__).resolve().parents[1] / "bench" / "eval_extraction.py")
assert _spec and _spec.loader
eval_extraction = importlib.util.module_from_spec(_spec)
sys.modules["eval_extraction"] = eval_extraction  # dataclasses look their module up
_spec.loader.exec_module(eval_extraction)
evaluate = eval_extraction.evaluate
Score = eval_extraction.Score
main = eval_extraction.main
