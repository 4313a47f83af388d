from django.urls import path
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from accounts import api as accounts_api
from accounts.tokens import TokenView
from intake import api as intake_api
from monitoring import api as monitoring_api
from programs import api as programs_api
from programs import screening_api
from programs.families.youth_charity.urls import api_urlpatterns as youth_api_urlpatterns
from review import api as review_api

app_name = "api"


class ApiRoot(APIView):
    """The API's entry points (for a department system finding its way)."""

    @extend_schema(responses=inline_serializer("ApiRootOut", {"links": serializers.DictField()}))
    def get(self, request):
        names = [
            "applications",
            "work-items",
            "catalogue",
            "materials",
            "screening",
            "offices",
            "household-search",
            "entitlements",
            "rechecks",
            "inbox",
            "token",
        ]
        return Response(
            {
                "links": {name: reverse(f"api:{name}", request=request) for name in names},
                "schema": reverse("schema", request=request),
                "docs": reverse("api-docs", request=request),
            }
        )


urlpatterns = [
    path("", ApiRoot.as_view(), name="root"),
    path("auth/token/", TokenView.as_view(), name="token"),
    path("offices/", accounts_api.OfficeList.as_view(), name="offices"),
    path("households/search/", intake_api.HouseholdSearch.as_view(), name="household-search"),
    path("applications/", intake_api.ApplicationListCreate.as_view(), name="applications"),
    path("applications/<str:reference>/", intake_api.ApplicationDetail.as_view(), name="application"),
    path(
        "applications/<str:reference>/accept/",
        intake_api.ApplicationAccept.as_view(),
        name="application-accept",
    ),
    path(
        "applications/<str:reference>/return/",
        intake_api.ApplicationReturn.as_view(),
        name="application-return",
    ),
    path(
        "applications/<str:reference>/resubmit/",
        intake_api.ApplicationResubmit.as_view(),
        name="application-resubmit",
    ),
    path(
        "applications/<str:reference>/move/",
        intake_api.ApplicationMove.as_view(),
        name="application-move",
    ),
    path("cases/<int:pk>/", programs_api.CaseDetail.as_view(), name="case"),
    path("cases/<int:pk>/transitions/", programs_api.CaseTransitions.as_view(), name="case-transitions"),
    path("work-items/", review_api.WorkQueue.as_view(), name="work-items"),
    path("work-items/<int:pk>/claim/", review_api.WorkItemClaim.as_view(), name="work-item-claim"),
    path("catalogue/", programs_api.CatalogueList.as_view(), name="catalogue"),
    path("materials/", programs_api.MaterialsChecklist.as_view(), name="materials"),
    path("screening/", screening_api.Screening.as_view(), name="screening"),
    path("entitlements/", monitoring_api.EntitlementList.as_view(), name="entitlements"),
    path("entitlements/<int:pk>/", monitoring_api.EntitlementDetail.as_view(), name="entitlement"),
    path("rechecks/", monitoring_api.RecheckList.as_view(), name="rechecks"),
    path("rechecks/<int:pk>/decide/", monitoring_api.RecheckDecide.as_view(), name="recheck-decide"),
    path("inbox/", monitoring_api.InboxList.as_view(), name="inbox"),
]
urlpatterns += youth_api_urlpatterns
