"""Property-based requests generated from our own OpenAPI document (schemathesis): valid and
invalid parameters alike must answer as documented, in the documented shapes, never a 500."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from mall.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
schema.config.phases.coverage.enabled = False  # its boundary sweep: ~10x the requests


@pytest.fixture
def _keep_the_test_connection():
    """What Django's test client does: the WSGI handler must not close, between requests, the
    connection holding the test's transaction (PostgreSQL would lose the test data)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_the_promises_of_its_openapi_document(
    case, catalog, _keep_the_test_connection
):
    # Business rules refuse many schema-valid bodies (a 6-digit code that is no district, a
    # mobile that is no mainland number, a NUL character) with a documented 400: not a failure.
    case.call_and_validate(excluded_checks=[positive_data_acceptance])
