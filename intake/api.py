"""Applications over the API: submit (idempotent), read with status, accept, return, resubmit."""

from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import has_perm
from programs.errors import ActionInvalid, ActionNotPermitted
from programs.models import ProgramCase

from .models import Channel, Household, Person
from .selectors import (
    application_for_status,
    application_get_for_user,
    applications_for_user,
    as_pk,
    household_for_counter,
    households_for_user,
)
from .serializers import (
    ApplicationDetailOut,
    ApplicationInput,
    ApplicationOut,
    MemberOut,
    MoveInput,
    ResubmitInput,
    ReturnInput,
    application_detail_body,
)
from .services import (
    application_accept,
    application_offices_change,
    application_resubmit,
    application_return,
    application_submit,
    household_lookup,
)

IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description="同一申请重复提交时使用同一标识，只会生成一个案件。",
)


def _with_members(qs):
    return qs.prefetch_related(
        Prefetch("members", queryset=Person.objects.order_by("id")),
        Prefetch("cases", queryset=ProgramCase.objects.select_related("program")),
    )


class ApplicationListCreate(generics.ListAPIView):
    serializer_class = ApplicationOut

    def get_queryset(self):
        return _with_members(applications_for_user(user=self.request.user)).order_by("-submitted_at", "-pk")

    @extend_schema(
        request=ApplicationInput,
        parameters=[IDEMPOTENCY_HEADER],
        responses={201: ApplicationDetailOut, 200: ApplicationDetailOut},
    )
    def post(self, request):
        key = request.headers.get("Idempotency-Key", "")
        if not key.strip():
            raise ActionInvalid(_("缺少提交标识：请在请求头中提供 Idempotency-Key。"))
        if not isinstance(request.data, dict):
            raise ActionInvalid(_("请求内容应为 JSON 对象。"))
        payload = dict(request.data)
        household_id = payload.pop("household_id", None)
        household = None
        if household_id is not None:
            if request.user.is_applicant:
                household = households_for_user(user=request.user).filter(pk=as_pk(household_id)).first()
            else:
                household = household_for_counter(
                    user=request.user, pk=household_id, members=payload.get("members")
                )
            if household is None:
                raise Http404
        if request.user.is_applicant:
            channel = Channel.ONLINE
        elif has_perm(request.user, "intake.submit_for_household"):
            channel = Channel.COUNTER
        else:
            raise ActionNotPermitted()
        application = application_submit(
            payload=payload,
            submitted_by=request.user,
            idempotency_key=key,
            channel=channel,
            household=household,
        )
        body = application_detail_body(application, user=request.user)
        replayed = getattr(application, "replayed", False)
        return Response(body, status=status.HTTP_200_OK if replayed else status.HTTP_201_CREATED)


class ApplicationDetail(APIView):
    @extend_schema(responses=ApplicationDetailOut)
    def get(self, request, reference: str):
        application = application_for_status(user=request.user, reference=reference)
        return Response(application_detail_body(application, user=request.user))


class ApplicationAccept(APIView):
    @extend_schema(request=None, responses=ApplicationDetailOut)
    def post(self, request, reference: str):
        application = application_get_for_user(user=request.user, reference=reference)
        application = application_accept(application=application, actor=request.user)
        return Response(application_detail_body(application, user=request.user))


class ApplicationReturn(APIView):
    @extend_schema(request=ReturnInput, responses=ApplicationDetailOut)
    def post(self, request, reference: str):
        data = ReturnInput(data=request.data)
        data.is_valid(raise_exception=True)
        application = application_get_for_user(user=request.user, reference=reference)
        application = application_return(application=application, actor=request.user, **data.validated_data)
        return Response(application_detail_body(application, user=request.user))


class ApplicationResubmit(APIView):
    @extend_schema(request=ResubmitInput, responses=ApplicationDetailOut)
    def post(self, request, reference: str):
        data = ResubmitInput(data=request.data)
        data.is_valid(raise_exception=True)
        application = application_get_for_user(user=request.user, reference=reference)
        application = application_resubmit(application=application, actor=request.user, **data.validated_data)
        return Response(application_detail_body(application, user=request.user))


class ApplicationMove(APIView):
    """Move an application to other offices (a change of hukou or home): explicit and audited."""

    @extend_schema(request=MoveInput, responses=ApplicationDetailOut)
    def post(self, request, reference: str):
        data = MoveInput(data=request.data)
        data.is_valid(raise_exception=True)
        application = application_get_for_user(user=request.user, reference=reference)
        application = application_offices_change(
            application=application, actor=request.user, **data.validated_data
        )
        return Response(application_detail_body(application, user=request.user))


class HouseholdSearchInput(serializers.Serializer):
    id_number = serializers.CharField(max_length=40, help_text="家庭成员的身份证号码（POST，不出现在网址中）")


class HouseholdOut(serializers.ModelSerializer):
    members = MemberOut(many=True, read_only=True)
    hukou_office = serializers.CharField(source="hukou_office.code")
    residence_office = serializers.CharField(source="residence_office.code")

    class Meta:
        model = Household
        fields = ["id", "address", "hukou_office", "residence_office", "members"]


class HouseholdSearch(APIView):
    """Counter: find households in the clerk's scope by a member's ID number (a POST, so the
    number stays out of URLs and logs; members come back masked)."""

    @extend_schema(request=HouseholdSearchInput, responses=HouseholdOut(many=True))
    def post(self, request):
        if not has_perm(request.user, "intake.search_household"):
            raise ActionNotPermitted()
        data = HouseholdSearchInput(data=request.data)
        data.is_valid(raise_exception=True)
        households = household_lookup(user=request.user, id_number=data.validated_data["id_number"])
        return Response(HouseholdOut(households, many=True).data)
