from django.urls import path

from . import material_views, screening_views, views

app_name = "intake"

urlpatterns = [
    # 智能引导: the public screener, no login.
    path("screening/", screening_views.screening, name="screening"),
    path("screening/start/", screening_views.screening_start, name="screening_start"),
    path("apply/", views.apply, name="apply"),
    path("apply/<slug:step>/", views.apply, name="apply_step"),
    path("apply/<slug:step>/autosave/", views.autosave, name="apply_autosave"),
    path("counter/apply/", views.apply, name="counter_apply"),
    path("counter/apply/<slug:step>/", views.apply, name="counter_apply_step"),
    path("counter/apply/<slug:step>/autosave/", views.autosave, name="counter_apply_autosave"),
    path("counter/household/", views.choose_household, name="choose_household"),
    path("apply-draft/discard/", views.discard_draft, name="discard_draft"),
    path("applications/", views.my_applications, name="my_applications"),
    path("my-data/", views.my_data, name="my_data"),
    path("office/applications/", views.office_applications, name="office_applications"),
    path("applications/<str:reference>/", views.status, name="status"),
    path("applications/<str:reference>/resubmit/", views.resubmit, name="resubmit"),
    path("applications/<str:reference>/move/", views.move, name="move"),
    path(
        "applications/<str:reference>/materials/<int:pk>/upload/",
        material_views.upload,
        name="material_upload",
    ),
    path(
        "applications/<str:reference>/materials/<int:pk>/bring/", material_views.bring, name="material_bring"
    ),
    path(
        "applications/<str:reference>/materials/<int:pk>/file/", material_views.download, name="material_file"
    ),
]
