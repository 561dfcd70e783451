"""Issue 12, item 4: retry and bulk sync used to answer 302 to any posted `next`."""

from __future__ import annotations

import pytest

from trueerp.tests.url_access import WORLD_BUILDERS

pytestmark = pytest.mark.django_db

EVIL = ["https://evil.example/", "//evil.example/", "/\\evil.example/"]


@pytest.fixture
def world(company, other_company, clerk_user):
    built: dict[str, object] = {}
    for builder in WORLD_BUILDERS:
        built.update(builder(company, other_company, {"clerk": clerk_user}))
    return built


@pytest.mark.parametrize("evil", EVIL)
def test_retry_job_ignores_a_foreign_next(world, admin_user, client_for, evil):
    response = client_for(admin_user).post(
        f"/settings/sage-intacct/jobs/{world['sync_job']}/retry/", {"next": evil}
    )
    assert (response.status_code, response["Location"]) == (302, "/settings/sage-intacct/sync-log/")


def test_retry_job_still_returns_to_the_filtered_log(world, admin_user, client_for):
    back = "/settings/sage-intacct/sync-log/?status=failed&page=2"
    response = client_for(admin_user).post(
        f"/settings/sage-intacct/jobs/{world['sync_job']}/retry/", {"next": back}
    )
    assert response["Location"] == back


@pytest.mark.parametrize("evil", EVIL)
def test_bulk_sync_ignores_a_foreign_next(world, admin_user, client_for, evil):
    response = client_for(admin_user).post("/settings/sage-intacct/bulk-sync/", {"next": evil})
    assert (response.status_code, response["Location"]) == (302, "/financial/")


def test_mapping_back_appends_only_a_query_string(world, admin_user, client_for):
    client = client_for(admin_user)
    kind = world["dimension_kind"]
    response = client.post(
        f"/settings/sage-intacct/mapping/dimensions/{kind}/configure/", {"back": "https://evil.example/"}
    )
    assert response["Location"] == f"/settings/sage-intacct/mapping/dimensions/{kind}/"
    response = client.post(
        "/settings/sage-intacct/mapping/accounts/", {"action": "accept", "back": "?status=suggested"}
    )
    assert response["Location"] == "/settings/sage-intacct/mapping/accounts/?status=suggested"
