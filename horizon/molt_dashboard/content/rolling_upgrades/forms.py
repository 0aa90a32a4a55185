import shlex

from django.utils.translation import gettext_lazy as _
from horizon import forms
from horizon import messages

from molt_dashboard.api import molt

TARGETS = [(t, t) for t in ("USERSPACE", "KERNEL", "FULL_REBOOT")]
STRATEGIES = [("", _("The service's default (balanced)"))] + [
    (s, s) for s in ("balanced", "least-downtime", "least-moved", "fastest")]
ACTIONS = [(a, a) for a in ("PRESERVE", "LIVE_MIGRATE", "SUSPEND_TO_DISK", "TERMINATE", "COLD_RESTART")]
SELECTORS = [("hosts", _("Hosts by name")), ("aggregate", _("Host aggregate")),
             ("availability_zone", _("Availability zone"))]
LIMITS = ("max_hosts_down", "max_hosts_down_per_az", "max_migrations_per_host", "max_vm_downtime_ms")


class CreateCampaignForm(forms.SelfHandlingForm):
    """POST /v1/campaigns: Molt plans the campaign as a dry run; the campaign page then shows the plan, and
    nothing runs until someone approves it there."""

    name = forms.CharField(label=_("Name"), max_length=255, required=False)
    target = forms.ChoiceField(label=_("Target"), choices=TARGETS,
                               help_text=_("USERSPACE: QEMU, libvirt, nova-compute; KERNEL: a new kernel too"))
    selector = forms.ChoiceField(label=_("Hosts from"), choices=SELECTORS)
    selection = forms.CharField(label=_("Hosts, aggregate or zone"), max_length=4096,
                                help_text=_("host names separated by commas, or the aggregate's or zone's name"))
    command = forms.CharField(label=_("Upgrade command"), max_length=4096,
                              help_text=_("what the agent runs on each host, e.g. apt-get install -y qemu-system-x86"))
    expected_hypervisor_version = forms.CharField(label=_("Expected hypervisor version"), required=False)
    timeout_seconds = forms.IntegerField(label=_("Command timeout (s)"), required=False, min_value=1)
    strategy = forms.ChoiceField(label=_("Strategy"), choices=STRATEGIES, required=False)
    max_hosts_down = forms.IntegerField(label=_("Hosts down at once"), required=False, min_value=1)
    max_hosts_down_per_az = forms.IntegerField(label=_("Hosts down at once per zone"), required=False, min_value=1)
    max_migrations_per_host = forms.IntegerField(label=_("Migrations at once per host"), required=False,
                                                 min_value=1)
    max_vm_downtime_ms = forms.IntegerField(label=_("Longest downtime per VM (ms)"), required=False, min_value=0)
    allowed_actions = forms.MultipleChoiceField(label=_("Allowed actions"), choices=ACTIONS, required=False,
                                                widget=forms.CheckboxSelectMultiple,
                                                help_text=_("none ticked: the service's default"))

    def clean_command(self):
        try:
            words = shlex.split(self.cleaned_data["command"])
        except ValueError as e:
            raise forms.ValidationError(_("The upgrade command cannot be split into words: %s") % e)
        if not words:
            raise forms.ValidationError(_("Give the upgrade command"))
        return words

    def clean(self):
        data = super().clean()
        if data.get("selector") == "hosts" and data.get("selection") is not None:
            hosts = [h.strip() for h in data["selection"].split(",") if h.strip()]
            if not hosts:
                self.add_error("selection", _("Name at least one host"))
            data["hosts"] = hosts
        return data

    def body(self):
        """The CreateBody of docs/openapi.json from the cleaned form."""
        data = self.cleaned_data
        upgrade = {"command": data["command"]}
        if data.get("expected_hypervisor_version"):
            upgrade["expected_hypervisor_version"] = data["expected_hypervisor_version"]
        if data.get("timeout_seconds"):
            upgrade["timeout_seconds"] = data["timeout_seconds"]
        options = {key: data[key] for key in LIMITS if data.get(key) is not None}
        if data.get("strategy"):
            options["strategy"] = data["strategy"]
        if data.get("allowed_actions"):
            options["allowed_actions"] = list(data["allowed_actions"])
        body = {"target": data["target"], "upgrade": upgrade}
        body[data["selector"]] = data["hosts"] if data["selector"] == "hosts" else data["selection"].strip()
        if data.get("name"):
            body["name"] = data["name"]
        if options:
            body["options"] = options
        return body

    def handle(self, request, data):
        try:
            campaign = molt.client(request).create(self.body())
        except molt.MoltApiError as e:
            # the service's message names what to fix (a host it does not know, a limit out of range...)
            messages.error(request, str(e))
            return False
        messages.success(request, _("Campaign %s planned: read the plan, then approve it.") % campaign["id"])
        return campaign
