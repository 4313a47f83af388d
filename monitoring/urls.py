from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("work/rechecks/", views.recheck_queue, name="rechecks"),
    path("work/rechecks/<int:pk>/", views.recheck_detail, name="recheck"),
    path("work/roster/<str:code>/", views.roster, name="roster"),
    path("work/payments/", views.payment_runs, name="payments"),
    path("work/payments/<int:pk>/", views.payment_run, name="payment"),
    path("work/payments/<int:pk>/export.<str:fmt>", views.payment_export, name="payment_export"),
    path("entitlements/<int:pk>/", views.entitlement_detail, name="entitlement"),
    path("entitlements/<int:pk>/checkin/", views.checkin, name="checkin"),
    path("entitlements/<int:pk>/certificate/", views.certificate_download, name="certificate"),
    path("households/<int:pk>/report-change/", views.change_report, name="change_report"),
    path("my/entitlements/", views.my_entitlements, name="mine"),
    path("certificates/verify/<uuid:code>/", views.certificate_verify, name="certificate_verify"),
]
