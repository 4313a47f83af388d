"""The API after the decision: entitlements with their history, re-checks and their decision,
and the caller's inbox. Every list is the web pages' (monitoring.selectors)."""

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from inbox.models import Message
from programs.models import Entitlement

from . import services
from .models import EntitlementChange, Recheck
from .selectors import entitlements_for_user, rechecks_for_user


class ChangeOut(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", allow_null=True, default=None)

    class Meta:
        model = EntitlementChange
        fields = [
            "kind",
            "amount_before",
            "amount_after",
            "effective_on",
            "reason",
            "case_id",
            "recheck_id",
            "actor",
        ]


class EntitlementOut(serializers.ModelSerializer):
    program = serializers.CharField(source="program.code")
    household_id = serializers.IntegerField()
    source_case_id = serializers.IntegerField(allow_null=True)
    relies_on = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Entitlement
        fields = [
            "id",
            "program",
            "household_id",
            "source_case_id",
            "status",
            "amount",
            "amount_kind",
            "valid_from",
            "valid_until",
            "payment_from",
            "recheck_months",
            "next_recheck_on",
            "remote_checkin",
            "relies_on",
            "ended_reason",
        ]


class EntitlementDetailOut(EntitlementOut):
    changes = ChangeOut(many=True, read_only=True)

    class Meta(EntitlementOut.Meta):
        fields = [*EntitlementOut.Meta.fields, "changes"]


class EntitlementList(generics.ListAPIView):
    """Entitlements the caller may see: an applicant's own household's; staff of the item's
    department in their office subtree."""

    serializer_class = EntitlementOut

    def get_queryset(self):
        return entitlements_for_user(self.request.user).prefetch_related("relies_on").order_by("pk")


class EntitlementDetail(generics.RetrieveAPIView):
    serializer_class = EntitlementDetailOut

    def get_queryset(self):
        return entitlements_for_user(self.request.user).prefetch_related("relies_on", "changes__actor")


class RecheckOut(serializers.ModelSerializer):
    entitlement_id = serializers.IntegerField()
    program = serializers.CharField(source="entitlement.program.code")
    office = serializers.CharField(source="office.code")
    department = serializers.CharField(source="department.code")

    class Meta:
        model = Recheck
        fields = [
            "id",
            "entitlement_id",
            "program",
            "reason",
            "status",
            "role",
            "department",
            "office",
            "opened_on",
            "due_on",
            "outcome",
            "per_capita_income",
            "amount_after",
            "exit_months",
            "note",
        ]


class RecheckList(generics.ListAPIView):
    """Re-checks of the caller's department in their office subtree, open ones first."""

    serializer_class = RecheckOut

    def get_queryset(self):
        return rechecks_for_user(self.request.user).order_by("-status", "due_on", "pk")


class RecheckDecisionIn(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Recheck.Outcome.choices)
    per_capita_income = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0, required=False)
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0, required=False)
    exit_months = serializers.IntegerField(min_value=1, max_value=6, required=False)
    note = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


class RecheckDecide(APIView):
    """The re-check's outcome (its role or an approver, of its department, at its office or above)."""

    @extend_schema(request=RecheckDecisionIn, responses=RecheckOut)
    def post(self, request, pk: int):
        recheck = rechecks_for_user(request.user).filter(pk=pk).first()
        if recheck is None:
            raise exceptions.NotFound
        data = RecheckDecisionIn(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            recheck = services.recheck_decide(recheck=recheck, actor=request.user, **data.validated_data)
        except services.NotAllowed as exc:
            raise exceptions.PermissionDenied from exc
        except services.Invalid as exc:
            raise exceptions.ValidationError({"detail": str(exc)}) from exc
        return Response(RecheckOut(recheck).data)


class MessageOut(serializers.ModelSerializer):
    class Meta:
        model = Message
        fields = ["id", "kind", "title", "body", "url", "created_at", "read_at"]


class InboxList(generics.ListAPIView):
    """The caller's own messages, newest first."""

    serializer_class = MessageOut

    def get_queryset(self):
        return Message.objects.filter(recipient=self.request.user)
