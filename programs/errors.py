from django.utils.translation import gettext_lazy as _


class CaseConflict(Exception):
    """The case moved on under us (another reviewer acted first): HTTP 409."""

    default_message = _("该事项已被他人处理，请刷新页面查看最新状态。")

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(str(self.message))


class ActionNotPermitted(Exception):
    """The user's role may not take this action on this case: HTTP 403."""

    def __init__(self, message=None):
        self.message = message or _("您没有办理此环节的权限。")
        super().__init__(str(self.message))


class ActionInvalid(Exception):
    """The action is not possible in the case's current situation: HTTP 400 / form error."""

    def __init__(self, message):
        self.message = message
        super().__init__(str(message))
