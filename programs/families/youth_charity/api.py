"""The campaign's API: the city league's campaigns and filing, the agencies' referrals,
nominations and deliveries, the district league's approval and stamp."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Office
from programs.errors import ActionNotPermitted

from . import services
from .models import Campaign, DistrictList, Nomination


class YouthQuotaIn(serializers.Serializer):
    district = serializers.CharField(max_length=20)
    places = serializers.IntegerField(min_value=1, max_value=100000)


class YouthCampaignIn(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    theme = serializers.CharField(max_length=100)
    funds_raised = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    quotas = YouthQuotaIn(many=True)


class YouthNominationOut(serializers.ModelSerializer):
    case = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Nomination
        fields = [
            "id",
            "case",
            "source",
            "name",
            "age",
            "situation",
            "help_kind",
            "wish",
            "delivered_on",
            "delivery_note",
        ]


class YouthListOut(serializers.ModelSerializer):
    district = serializers.CharField(source="district.code")
    district_name = serializers.CharField(source="district.name")
    nominations = YouthNominationOut(many=True)

    class Meta:
        model = DistrictList
        fields = [
            "id",
            "district",
            "district_name",
            "quota",
            "status",
            "stamp",
            "approved_at",
            "filed_at",
            "nominations",
        ]


class YouthNominationIn(serializers.Serializer):
    case = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="转介案件编号（社工排摸发现的不填）"
    )
    name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    age = serializers.IntegerField(min_value=0, max_value=40, required=False, allow_null=True, default=None)
    situation = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    help_kind = serializers.ChoiceField(choices=Nomination.Help.choices)
    wish = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class YouthDeliveryIn(serializers.Serializer):
    delivered_on = serializers.DateField()
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class YouthReferralOut(serializers.Serializer):
    case = serializers.IntegerField(source="pk")
    reference = serializers.CharField(source="application.reference")
    young_members = serializers.SerializerMethodField()
    needs = serializers.SerializerMethodField()
    hukou_office = serializers.CharField(source="application.hukou_office.name")

    def get_young_members(self, case) -> list[str]:
        return list(((case.details or {}).get("form") or {}).get("young_members") or [])

    def get_needs(self, case) -> str:
        return str(((case.details or {}).get("form") or {}).get("needs") or "")


def _valid(serializer_class, data):
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _campaign(year: int) -> Campaign:
    return get_object_or_404(Campaign, year=year)


class YouthCampaigns(APIView):
    @extend_schema(responses=YouthListOut(many=True), summary="本人可见的各年度区帮扶名单")
    def get(self, request):
        if not services.may_see_campaigns(request.user):
            raise ActionNotPermitted()
        lists = DistrictList.objects.select_related("district", "campaign").prefetch_related("nominations")
        if not services.is_city_league(request.user):
            district = services.agency_district(request.user) or services.league_district(request.user)
            lists = lists.filter(district=district)
        return Response(YouthListOut(lists.order_by("-campaign__year", "district__code"), many=True).data)

    @extend_schema(
        request=YouthCampaignIn,
        responses={201: YouthListOut(many=True)},
        summary="团市委创建年度行动并划定各区名额",
    )
    def post(self, request):
        data = _valid(YouthCampaignIn, request.data)
        campaign = services.campaign_create(actor=request.user, **data)
        return Response(YouthListOut(campaign.lists.select_related("district"), many=True).data, status=201)


class YouthReferrals(APIView):
    @extend_schema(responses=YouthReferralOut(many=True), summary="本区同意转介的青少年（社工机构）")
    def get(self, request):
        return Response(YouthReferralOut(services.referrals_for(request.user), many=True).data)


class YouthNominations(APIView):
    @extend_schema(
        request=YouthNominationIn, responses={201: YouthNominationOut}, summary="列入本区帮扶名单（社工机构）"
    )
    def post(self, request, year: int):
        data = _valid(YouthNominationIn, request.data)
        nomination = services.nominate(
            actor=request.user, campaign=_campaign(year), case_id=data.pop("case"), **data
        )
        return Response(YouthNominationOut(nomination).data, status=201)


def _district(code: str) -> Office:
    return get_object_or_404(Office, code=code, level=Office.Level.DISTRICT)


class YouthListSubmit(APIView):
    @extend_schema(request=None, responses=YouthListOut, summary="报送本区名单（社工机构）")
    def post(self, request, year: int):
        return Response(YouthListOut(services.list_submit(actor=request.user, campaign=_campaign(year))).data)


class YouthListApprove(APIView):
    @extend_schema(request=None, responses=YouthListOut, summary="审核并盖章（团区委）")
    def post(self, request, year: int, district: str):
        district_list = services.list_approve(
            actor=request.user, campaign=_campaign(year), district=_district(district)
        )
        return Response(YouthListOut(district_list).data)


class YouthListFile(APIView):
    @extend_schema(request=None, responses=YouthListOut, summary="备案（团市委）")
    def post(self, request, year: int, district: str):
        district_list = services.list_file(
            actor=request.user, campaign=_campaign(year), district=_district(district)
        )
        return Response(YouthListOut(district_list).data)


class YouthDelivery(APIView):
    @extend_schema(request=YouthDeliveryIn, responses=YouthNominationOut, summary="记录帮扶送达（社工机构）")
    def post(self, request, pk: int):
        data = _valid(YouthDeliveryIn, request.data)
        nomination = services.delivery_record(actor=request.user, nomination_id=pk, **data)
        return Response(YouthNominationOut(nomination).data)
