from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from .selectors import work_item_get_for_user, work_queue_for_user
from .serializers import WorkItemOut
from .services import work_item_claim


class WorkQueue(generics.ListAPIView):
    """The caller's queue: their department, office subtree and role; soonest due first."""

    serializer_class = WorkItemOut

    def get_queryset(self):
        return work_queue_for_user(user=self.request.user).select_related("department")


class WorkItemClaim(APIView):
    @extend_schema(request=None, responses=WorkItemOut)
    def post(self, request, pk: int):
        item = work_item_claim(item=work_item_get_for_user(user=request.user, pk=pk), user=request.user)
        return Response(WorkItemOut(item).data)
