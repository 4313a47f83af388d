"""The status read's plain-dict body (intake.serializers.application_detail_body) is the body the
documented serializer (ApplicationDetailOut) gives, for every application of the demo world and
every viewer: the applicant, a department that sees some items in full and others as status only,
and the one window."""

import json

from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIRequestFactory

from accounts.demo import seed_households
from intake.models import Application
from intake.selectors import application_for_status, application_get_for_user, applications_for_user
from intake.serializers import ApplicationDetailOut, application_detail_body
from notices.models import Notice
from programs.memo import memoised


def _render(body) -> dict:
    return json.loads(JSONRenderer().render(body))


def test_the_plain_body_is_the_serializers_body_for_every_application_and_viewer(users):
    seed_households(users)
    assert Notice.objects.exists(), "the demo world has decided items with notices"
    request = APIRequestFactory().get("/")
    compared = 0
    partial = 0
    noticed = 0
    for name in ("applicant", "clerk", "reviewer_civil", "reviewer_edu", "reviewer_medical", "district_head"):
        user = users[name]
        request.user = user
        for reference in applications_for_user(user=user).values_list("reference", flat=True):
            documented = ApplicationDetailOut(
                application_get_for_user(user=user, reference=reference), context={"request": request}
            ).data
            plain = application_detail_body(
                application_get_for_user(user=user, reference=reference), user=user
            )
            assert _render(plain) == _render(documented), (name, reference)
            with memoised():  # as a request reads it: on PostgreSQL an applicant's in two queries
                read = application_detail_body(
                    application_for_status(user=user, reference=reference), user=user
                )
            assert _render(read) == _render(documented), (name, reference)
            compared += 1
            partial += any(not i["full"] for c in plain["columns"] for i in c["items"])
            noticed += any(i["notices"] for c in plain["columns"] for i in c["items"])
    assert compared >= 10
    assert partial >= 1, "a viewer who sees an item as status only was compared"
    assert noticed >= 1, "a body with notices was compared"
    assert Application.objects.count() >= 5
