"""A fake Nova virt driver whose hypervisor version comes from a file.

Loaded as ``compute_driver = molt_fake.VersionedFakeDriver``: dev/devcloud/bin/nova-service adds this
directory to the ``nova.virt`` package path, since Nova loads drivers only from ``nova.virt.*``.

The file named by the environment variable MOLT_DEVCLOUD_HV_VERSION_FILE holds a version such as
``7.2.0``; it is read at every resource update (``update_resources_interval``), so writing the file
"upgrades" the host. Live migrations behave as in FakeLiveMigrateDriver: they stay ``running`` for
about 5 s, and can be aborted or forced to complete meanwhile.
"""
import os

from oslo_log import log as logging
from oslo_utils import versionutils

from nova.virt import fake

LOG = logging.getLogger(__name__)
DEFAULT_VERSION = '7.2.0'


def _read_version():
    path = os.environ.get('MOLT_DEVCLOUD_HV_VERSION_FILE')
    text = DEFAULT_VERSION
    if path:
        try:
            with open(path) as f:
                text = f.read().strip() or DEFAULT_VERSION
        except FileNotFoundError:
            pass
    return versionutils.convert_version_to_int(text)


class VersionedFakeDriver(fake.FakeLiveMigrateDriver):

    def __init__(self, virtapi, read_only=False):
        super().__init__(virtapi, read_only)
        self.host_status_base['hypervisor_version'] = _read_version()

    def get_available_resource(self, nodename):
        version = _read_version()
        if version != self.host_status_base['hypervisor_version']:
            LOG.info('hypervisor version of %s is now %s', nodename, version)
            self.host_status_base['hypervisor_version'] = version
        return super().get_available_resource(nodename)
