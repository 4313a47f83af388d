"""The youth-league campaign's pages (urlpatterns, included at the site root) and API endpoints
(api_urlpatterns, included under /api/v1/ in the "api" namespace)."""

urlpatterns: list = []
api_urlpatterns: list = []
