"""API tokens for department systems: issued at a token endpoint, expiring, revocable.

A token expires ONEWINDOW_API_TOKEN_HOURS after it was issued; changing a user's password or
deactivating the user revokes their tokens (and Django's session hash ends their other
sessions).
"""

from django.conf import settings
from django.contrib.auth import authenticate
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from .audit import audit_log
from .authentication import ExpiringTokenAuthentication, token_expires_at


class TokenRequest(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, trim_whitespace=False)
    otp = serializers.CharField(
        max_length=8, required=False, allow_blank=True, help_text="工作人员的动态验证码（生产环境必填）"
    )


TOKEN_OUT = inline_serializer(
    "TokenOut", {"token": serializers.CharField(), "expires_at": serializers.DateTimeField()}
)


class TokenView(APIView):
    """POST: a new token for a username and password. DELETE: revoke the caller's token."""

    authentication_classes = [ExpiringTokenAuthentication]
    permission_classes = [AllowAny]
    throttle_classes = []

    @extend_schema(request=TokenRequest, responses={200: TOKEN_OUT}, auth=[])
    def post(self, request):
        data = TokenRequest(data=request.data)
        data.is_valid(raise_exception=True)
        credentials = dict(data.validated_data)
        code = credentials.pop("otp", "")
        user = authenticate(request=request._request, **credentials)
        if user is None:
            raise AuthenticationFailed(_("用户名或密码不正确。"))
        if settings.ONEWINDOW_STAFF_2FA_REQUIRED and (user.is_staff_member or user.is_staff):
            from .second_factor import totp_verify

            if totp_verify(user=user, code=code) is None:
                raise AuthenticationFailed(_("请提供正确的动态验证码（otp）。"))
        Token.objects.filter(user=user).delete()
        token = Token.objects.create(user=user)
        audit_log(actor=user, code="accounts.token_issued", obj=user)
        return Response({"token": token.key, "expires_at": token_expires_at(token)})

    @extend_schema(request=None, responses={204: None})
    def delete(self, request):
        if request.auth is None:
            raise AuthenticationFailed(_("请提供要撤销的令牌。"))
        request.auth.delete()
        audit_log(actor=request.user, code="accounts.token_revoked", obj=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@receiver(pre_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="accounts.revoke_tokens")
def _revoke_tokens_on_password_or_deactivation(sender, instance, **kwargs):
    if instance.pk is None:
        return
    before = sender.objects.filter(pk=instance.pk).values("password", "is_active").first()
    if before and (
        before["password"] != instance.password or (before["is_active"] and not instance.is_active)
    ):
        deleted, _rows = Token.objects.filter(user_id=instance.pk).delete()
        if deleted:
            audit_log(actor=None, code="accounts.tokens_revoked", obj=instance)
