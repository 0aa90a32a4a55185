from django.utils.translation import gettext_lazy as _
import horizon

from molt_dashboard.api import molt
from molt_dashboard import policy
from openstack_dashboard.api import base


class RollingUpgrades(horizon.Panel):
    """Shown to a user who may use the Admin dashboard and whose roles Molt's policy lets list campaigns, when
    the catalog has Molt. Horizon checks only the panel itself for its pages, so the dashboard's access is checked
    here too: a member who is a Molt reader still gets no admin page."""

    name = _("Rolling Upgrades")
    slug = "rolling_upgrades"

    def allowed(self, context):
        request = context["request"]
        if not horizon.get_dashboard("admin").can_access(context):
            return False
        if not policy.allowed(request, "molt:campaigns:list"):
            return False
        return bool(molt.settings_url()) or base.is_service_enabled(request, molt.service_type())
