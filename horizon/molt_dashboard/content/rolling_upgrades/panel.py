from django.utils.translation import gettext_lazy as _
import horizon

from molt_dashboard.api import molt
from molt_dashboard import policy
from openstack_dashboard.api import base


class RollingUpgrades(horizon.Panel):
    """Shown to a user whose roles Molt's policy lets list campaigns, when the catalog has Molt."""

    name = _("Rolling Upgrades")
    slug = "rolling_upgrades"

    def allowed(self, context):
        request = context["request"]
        if not policy.allowed(request, "molt:campaigns:list"):
            return False
        return bool(molt.settings_url()) or base.is_service_enabled(request, molt.service_type())
