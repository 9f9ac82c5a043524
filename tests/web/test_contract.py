"""API contract: schemathesis generates requests from the OpenAPI document and checks every
answer against it (status codes, content types, bodies, no 5xx), on each database.

Bounded: 15 examples per operation and database (about 270 requests in all).
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.web.conftest import AddArticle
from tidings.core import Tidings
from tidings.web.app import create_app

EXAMPLES_PER_OPERATION = 15


def test_every_answer_matches_the_openapi_document(tidings_app: Tidings, add_article: AddArticle) -> None:
    for index in range(5):
        add_article(index, outlet=f"Outlet {index % 2}", domain=f"outlet{index % 2}.example")
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", create_app(tidings_app))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 10
    # Subscribing fetches the URL it is given: generated URLs would reach the network, so that
    # route is tested by hand (test_api.py) and left out here.
    operations = [operation for operation in operations if operation.path != "/subscriptions"]

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def answers_match(case: schemathesis.Case) -> None:
            # A cursor is an opaque token the server hands out, which no schema can describe:
            # a schema-valid string that is not one is rightly a 422, so that check is off.
            # The first ingest loads the extraction workers and the story models: on a loaded
            # 2-core machine that took over schemathesis's 10 s read timeout (2026-12-07).
            unchecked = [schemathesis.checks.positive_data_acceptance]
            case.call_and_validate(excluded_checks=unchecked, timeout=120)

        answers_match()
