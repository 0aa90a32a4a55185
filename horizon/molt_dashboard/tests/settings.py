"""Django settings of the plugin's unit tests: Horizon's own test settings with the panel enabled."""

from openstack_dashboard.test.settings import *  # noqa: F401,F403

import molt_dashboard.enabled
import openstack_dashboard.enabled
from openstack_dashboard.utils import settings as settings_utils

# Horizon's test settings applied openstack_dashboard's enabled files; apply them again with the panel's
HORIZON_CONFIG.pop("dashboards", None)  # noqa: F405
HORIZON_CONFIG.pop("default_dashboard", None)  # noqa: F405
_apps = []
settings_utils.update_dashboards([openstack_dashboard.enabled, molt_dashboard.enabled], HORIZON_CONFIG, _apps)
INSTALLED_APPS = [app for app in _apps if app not in INSTALLED_APPS] + list(INSTALLED_APPS)  # noqa: F405
