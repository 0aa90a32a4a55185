# Molt's panel: Admin > Compute > Rolling Upgrades. Copy into openstack_dashboard/local/enabled/ (docs/horizon.md).
PANEL = 'rolling_upgrades'
PANEL_DASHBOARD = 'admin'
PANEL_GROUP = 'compute'
ADD_PANEL = 'molt_dashboard.content.rolling_upgrades.panel.RollingUpgrades'
ADD_INSTALLED_APPS = ['molt_dashboard']
