"""The youth-league campaign's pages (urlpatterns, included at the site root) and API endpoints
(api_urlpatterns, included under /api/v1/ in the "api" namespace)."""

from django.urls import path

from . import api, views

app_name = "youth"

urlpatterns = [
    path("work/youth/", views.campaign_page, name="youth-campaigns"),
]
api_urlpatterns = [
    path("youth/lists/", api.YouthCampaigns.as_view(), name="youth-lists"),
    path("youth/referrals/", api.YouthReferrals.as_view(), name="youth-referrals"),
    path("youth/campaigns/<int:year>/nominations/", api.YouthNominations.as_view(), name="youth-nominations"),
    path("youth/campaigns/<int:year>/submit/", api.YouthListSubmit.as_view(), name="youth-list-submit"),
    path(
        "youth/campaigns/<int:year>/lists/<str:district>/approve/",
        api.YouthListApprove.as_view(),
        name="youth-list-approve",
    ),
    path(
        "youth/campaigns/<int:year>/lists/<str:district>/file/",
        api.YouthListFile.as_view(),
        name="youth-list-file",
    ),
    path("youth/nominations/<int:pk>/delivery/", api.YouthDelivery.as_view(), name="youth-delivery"),
]
