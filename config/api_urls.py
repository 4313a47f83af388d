from django.urls import path

from accounts.tokens import TokenView
from intake import api as intake_api
from programs import api as programs_api
from review import api as review_api

app_name = "api"

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="token"),
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
    path("cases/<int:pk>/", programs_api.CaseDetail.as_view(), name="case"),
    path("cases/<int:pk>/transitions/", programs_api.CaseTransitions.as_view(), name="case-transitions"),
    path("work-items/", review_api.WorkQueue.as_view(), name="work-items"),
    path("work-items/<int:pk>/claim/", review_api.WorkItemClaim.as_view(), name="work-item-claim"),
    path("catalogue/", programs_api.CatalogueList.as_view(), name="catalogue"),
    path("materials/", programs_api.MaterialsChecklist.as_view(), name="materials"),
]
