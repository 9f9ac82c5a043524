"""Tidings: a self-hosted news aggregator that shows the news as stories.

Data flows source → article → story → reader:
``gather`` reads sources into ``RawDocument``s, ``extract`` makes clean ``Article``s, ``dedupe``
recognises copies, ``store`` keeps them, ``cluster`` groups them into stories, ``summarize`` and
``rank`` make sense of stories, and the web reader, JSON API and CLI show them.
"""

from __future__ import annotations

__version__ = "0.1.0"
