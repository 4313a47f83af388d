from django.contrib.auth import views as auth_views
from django.urls import path

from .second_factor import second_factor
from .views import text_size

app_name = "accounts"

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("second-factor/", second_factor, name="second_factor"),
    path("text-size/", text_size, name="text_size"),
]
