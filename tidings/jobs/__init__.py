"""Background work: polling sources on a schedule, in-process (``local``), claiming from the store.

``Refresher.refresh`` is the one function every path that refreshes a source runs;
``Scheduler`` runs it for every due source, once (``tidings fetch``) or in the background of an
asyncio application (``tidings run``, the web server). ``wiring`` builds both from ``Settings``.
"""

from __future__ import annotations

from tidings.jobs.local import Scheduler
from tidings.jobs.refresh import PollReport, Refresher, RefreshLimits

__all__ = ["PollReport", "RefreshLimits", "Refresher", "Scheduler"]
