from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from horizon import tables

from molt_dashboard.api import molt
from molt_dashboard import policy

# the states from which each action is accepted (docs/campaigns.md, the state table)
ACTION_STATES = {
    "approve": ("PLANNED",),
    "pause": ("APPROVED", "RUNNING"),
    "resume": ("PAUSED",),
    "abort": ("PLANNED", "APPROVED", "RUNNING", "PAUSED", "ABORTING"),
}


class CampaignAction(tables.BatchAction):
    """One of approve, pause, resume, abort: shown where Molt's policy allows it for the user's roles and the
    campaign's state accepts it, confirmed in Horizon's dialog, sent with the user's token."""

    action_type = "danger"  # Horizon asks for confirmation before a danger action
    operation = None  # the API's operation: approve, pause, resume or abort
    verb = None
    done = None

    def action_present(self, count):
        return ngettext_lazy("%s Campaign" % self.verb, "%s Campaigns" % self.verb, count)

    def action_past(self, count):
        return ngettext_lazy("%s Campaign" % self.done, "%s Campaigns" % self.done, count)

    def allowed(self, request, datum=None):
        if not policy.allowed(request, "molt:campaigns:%s" % self.operation):
            return False
        return datum is None or datum.state in ACTION_STATES[self.operation]

    def action(self, request, obj_id):
        getattr(molt.client(request), self.operation)(obj_id)


class ApproveCampaign(CampaignAction):
    name = operation = "approve"
    verb, done = "Approve", "Approved"
    help_text = _("The campaign starts: hosts go down wave by wave as the plan says.")


class PauseCampaign(CampaignAction):
    name = operation = "pause"
    verb, done = "Pause", "Paused"
    help_text = _("No new step starts; steps in flight on the agents finish. Resume goes on.")


class ResumeCampaign(CampaignAction):
    name = operation = "resume"
    verb, done = "Resume", "Resumed"
    help_text = _("The campaign goes on from where it was paused.")


class AbortCampaign(CampaignAction):
    """Abort, leaving the hosts the campaign disabled in Nova disabled (for the operator to look at)."""
    name = operation = "abort"
    verb, done = "Abort", "Aborted"
    help_text = _("An abort cannot be undone; hosts the campaign disabled in Nova stay disabled.")


class AbortAndReEnableCampaign(AbortCampaign):
    """Abort, and re-enable in Nova the hosts the campaign disabled."""
    name = "abort_re_enable"
    verb, done = "Abort and Re-enable Hosts of", "Aborted and Re-enabled Hosts of"
    help_text = _("An abort cannot be undone; hosts the campaign disabled in Nova are enabled again.")

    def action(self, request, obj_id):
        molt.client(request).abort(obj_id, re_enable_hosts=True)


class CreateCampaign(tables.LinkAction):
    name = "create"
    verbose_name = _("Plan Campaign")
    url = "horizon:admin:rolling_upgrades:create"
    icon = "plus"
    classes = ("btn-create",)

    def allowed(self, request, datum=None):
        return policy.allowed(request, "molt:campaigns:create")


def detail_link(campaign):
    return reverse("horizon:admin:rolling_upgrades:detail", args=(campaign.id,))


def seconds(value):
    return "" if value is None else "%.1f s" % value


def downtime(value):
    return "" if value is None else "%.2f s" % value


def gib(value):
    return "" if value is None else "%.1f" % value


def milliseconds(value):
    return "" if value is None else "%.2f s" % (value / 1000.0)


ROW_ACTIONS = (ApproveCampaign, PauseCampaign, ResumeCampaign, AbortCampaign, AbortAndReEnableCampaign)


class CampaignsTable(tables.DataTable):
    name = tables.Column("name", verbose_name=_("Name"), link=detail_link)
    state = tables.Column("state", verbose_name=_("State"))
    target = tables.Column("target", verbose_name=_("Target"))
    progress = tables.Column("progress", verbose_name=_("Hosts done / total"))
    downtime = tables.Column("downtime_seconds", verbose_name=_("Downtime so far"), filters=(seconds,))
    created_at = tables.Column("created_at", verbose_name=_("Created"))
    created_by = tables.Column("created_by", verbose_name=_("By"))

    def get_object_display(self, datum):
        return datum.name or datum.id

    class Meta(object):
        name = "campaigns"
        verbose_name = _("Rolling Upgrade Campaigns")
        table_actions = (CreateCampaign,)
        row_actions = ROW_ACTIONS


class CampaignSummaryTable(CampaignsTable):
    """The campaign page's own row, with the same actions as buttons."""
    hosts = tables.Column("selector_text", verbose_name=_("Hosts"))
    state_reason = tables.Column("state_reason", verbose_name=_("Reason"))

    class Meta(object):
        name = "campaign"
        verbose_name = _("Campaign")
        row_actions = ROW_ACTIONS


class HostsTable(tables.DataTable):
    host = tables.Column("host", verbose_name=_("Host"))
    wave = tables.Column("wave", verbose_name=_("Wave"))
    state = tables.Column("state", verbose_name=_("State"))
    step = tables.Column("step", verbose_name=_("Step"))
    attempt = tables.Column("attempt", verbose_name=_("Attempt"))
    last_error = tables.Column("last_error", verbose_name=_("Last error"))
    updated_at = tables.Column("updated_at", verbose_name=_("Updated"))

    def get_object_id(self, datum):
        return datum.host

    class Meta(object):
        name = "hosts"
        verbose_name = _("Hosts")


class VmsTable(tables.DataTable):
    vm = tables.Column("vm_name", verbose_name=_("VM"))
    vm_uuid = tables.Column("vm_uuid", verbose_name=_("UUID"))
    source = tables.Column("source_host", verbose_name=_("Host"))
    action = tables.Column("action", verbose_name=_("Action"))
    destination = tables.Column("destination", verbose_name=_("Destination"))
    state = tables.Column("state", verbose_name=_("State"))
    predicted = tables.Column("predicted_downtime_ms", verbose_name=_("Predicted downtime"), filters=(milliseconds,))
    actual = tables.Column("actual_downtime_ms", verbose_name=_("Measured downtime"), filters=(milliseconds,))
    reason = tables.Column("reason", verbose_name=_("Reason"))

    def get_object_id(self, datum):
        return datum.vm_uuid

    class Meta(object):
        name = "vms"
        verbose_name = _("VMs")


class EventsTable(tables.DataTable):
    occurred_at = tables.Column("occurred_at", verbose_name=_("Time"))
    type = tables.Column("type", verbose_name=_("Event"))
    host = tables.Column("host", verbose_name=_("Host"))
    message = tables.Column("message", verbose_name=_("Message"))

    class Meta(object):
        name = "events"
        verbose_name = _("Events")


class WavesTable(tables.DataTable):
    number = tables.Column("number", verbose_name=_("Wave"))
    hosts = tables.Column("host_names", verbose_name=_("Hosts"))
    vms = tables.Column("vm_count", verbose_name=_("VMs"))
    duration = tables.Column("duration_seconds", verbose_name=_("Duration"), filters=(seconds,))
    moved = tables.Column("moved_gib", verbose_name=_("Moved (GiB)"), filters=(gib,))

    class Meta(object):
        name = "waves"
        verbose_name = _("Plan: waves")


class PlanVmsTable(tables.DataTable):
    wave = tables.Column("wave", verbose_name=_("Wave"))
    host = tables.Column("host", verbose_name=_("Host"))
    vm_uuid = tables.Column("vm_uuid", verbose_name=_("VM"))
    action = tables.Column("action", verbose_name=_("Action"))
    destination = tables.Column("destination", verbose_name=_("Destination"))
    downtime = tables.Column("downtime_seconds", verbose_name=_("Predicted downtime"), filters=(downtime,))
    reason = tables.Column("reason", verbose_name=_("Reason"))

    class Meta(object):
        name = "plan_vms"
        verbose_name = _("Plan: per VM")


class TotalsTable(tables.DataTable):
    label = tables.Column("label", verbose_name=_("Plan"))
    feasible = tables.Column("feasible", verbose_name=_("Feasible"))
    chosen = tables.Column("chosen", verbose_name=_("Chosen"))
    total = tables.Column("total_downtime_seconds", verbose_name=_("Total downtime"), filters=(seconds,))
    max_downtime = tables.Column("max_downtime_seconds", verbose_name=_("Max per VM"), filters=(downtime,))
    p99 = tables.Column("p99_downtime_seconds", verbose_name=_("p99 per VM"), filters=(downtime,))
    makespan = tables.Column("makespan_seconds", verbose_name=_("Makespan"), filters=(seconds,))
    moved = tables.Column("moved_gib", verbose_name=_("Moved (GiB)"), filters=(gib,))
    not_running = tables.Column("vms_not_running", verbose_name=_("VMs not running"))
    actions = tables.Column("actions_text", verbose_name=_("Actions"))

    class Meta(object):
        name = "totals"
        verbose_name = _("Plan: totals beside the baselines and the strategies")
