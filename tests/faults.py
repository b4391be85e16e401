"""Processing steps that inject faults, enabled through NEWSROOM_EXTRA_PIPELINE_STEPS in tests only."""

import os
import time
from pathlib import Path

from articles.pipeline import Step


class SlowStep(Step):
    """Sleeps NEWSROOM_FAULT_SLEEP seconds, first touching NEWSROOM_FAULT_MARKER so a test knows it is mid-step."""

    name = "fault-slow"
    version = "1"

    def analyse(self, doc):
        marker = os.environ.get("NEWSROOM_FAULT_MARKER")
        if marker:
            Path(marker).write_text(str(os.getpid()))
        time.sleep(float(os.environ.get("NEWSROOM_FAULT_SLEEP", "3")))
        return None


class RaiseOnMarkerStep(Step):
    """Raises for any article whose text contains FAULT-RAISE, to test failure isolation."""

    name = "fault-raise"
    version = "1"

    def analyse(self, doc):
        if "FAULT-RAISE" in doc.source_text:
            raise ValueError("injected fault for this article")
        return None
