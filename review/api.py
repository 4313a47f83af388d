from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from .selectors import work_item_get_for_user, work_queue_filter, work_queue_for_user
from .serializers import WorkItemOut
from .services import work_item_claim


class WorkQueueFilter(serializers.Serializer):
    reference = serializers.CharField(required=False, max_length=32, help_text="受理编号")
    case = serializers.IntegerField(required=False, min_value=1, help_text="事项办理编号")
    program = serializers.CharField(required=False, max_length=40, help_text="事项代码，如 dibao")
    step = serializers.CharField(required=False, max_length=30, help_text="环节（状态代码），如 review")
    due_before = serializers.DateField(required=False, help_text="办理时限早于该日期（YYYY-MM-DD）")
    overdue = serializers.BooleanField(required=False, help_text="true：只看已超期的")


@extend_schema(
    parameters=[
        OpenApiParameter("reference", OpenApiTypes.STR),
        OpenApiParameter("case", OpenApiTypes.INT),
        OpenApiParameter("program", OpenApiTypes.STR),
        OpenApiParameter("step", OpenApiTypes.STR),
        OpenApiParameter("due_before", OpenApiTypes.DATE),
        OpenApiParameter("overdue", OpenApiTypes.BOOL),
    ]
)
class WorkQueue(generics.ListAPIView):
    """The caller's queue: their department, office subtree and role; soonest due first.
    Filters: reference, case, program, step, due_before, overdue (a bad value is a 400)."""

    serializer_class = WorkItemOut

    def get_queryset(self):
        filters = WorkQueueFilter(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        qs = work_queue_for_user(user=self.request.user).select_related("department")
        return work_queue_filter(qs, filters.validated_data)


class WorkItemClaim(APIView):
    @extend_schema(request=None, responses=WorkItemOut)
    def post(self, request, pk: int):
        item = work_item_claim(item=work_item_get_for_user(user=request.user, pk=pk), user=request.user)
        return Response(WorkItemOut(item).data)
