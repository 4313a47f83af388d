from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from .models import Role

ROLE_HOME = {
    Role.APPLICANT: "intake:my_applications",
    Role.CLERK: "review:queue",
    Role.ADVISOR: "intake:office_applications",
    Role.INVESTIGATOR: "review:queue",
    Role.REVIEWER: "review:queue",
    Role.APPROVER: "review:queue",
    Role.ADMIN: "admin:index",
    Role.AUDITOR: "admin:accounts_auditevent_changelist",
    Role.DISTRICT_HEAD: "review:dashboard",
}


@login_required
def home(request):
    """Each role lands on the page it works from."""
    return redirect(ROLE_HOME.get(request.user.role, "intake:my_applications"))
