"""API authentication: expiring bearer tokens (issued by accounts.tokens.TokenView)."""

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authentication import TokenAuthentication, get_authorization_header
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed

from .compiled import CompiledRead

# Every API request reads its token and user: compiled once (accounts.compiled).
_token_with_user = CompiledRead(lambda key: Token.objects.select_related("user").filter(key=key)[:1], str)


def token_expires_at(token) -> dt.datetime:
    return token.created + dt.timedelta(hours=settings.ONEWINDOW_API_TOKEN_HOURS)


class ExpiringTokenAuthentication(TokenAuthentication):
    """`Authorization: Bearer <token>` (or `Token <token>`); an expired token is refused."""

    keyword = "Bearer"
    KEYWORDS = (b"bearer", b"token")

    def authenticate(self, request):
        # Parsed here rather than rewritten for DRF's parser: DRF reads `request.headers`, a copy
        # taken before this runs, so a rewritten META went unseen and `Token <key>` was a 401.
        auth = get_authorization_header(request).split()
        if not auth or auth[0].lower() not in self.KEYWORDS:
            return None
        if len(auth) == 1:
            raise AuthenticationFailed(_("Invalid token header. No credentials provided."))
        if len(auth) > 2:
            raise AuthenticationFailed(_("Invalid token header. Token string should not contain spaces."))
        try:
            key = auth[1].decode()
        except UnicodeError as exc:
            raise AuthenticationFailed(
                _("Invalid token header. Token string should not contain invalid characters.")
            ) from exc
        return self.authenticate_credentials(key)

    def authenticate_credentials(self, key):
        found = _token_with_user(key)
        if not found:
            raise AuthenticationFailed(_("Invalid token."))
        token = found[0]
        user = token.user
        if not user.is_active:
            raise AuthenticationFailed(_("User inactive or deleted."))
        if token_expires_at(token) <= timezone.now():
            token.delete()
            raise AuthenticationFailed(_("令牌已过期，请重新获取。"))
        return user, token
