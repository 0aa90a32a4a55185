from django import http
from django.urls import reverse
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from horizon import exceptions
from horizon import forms
from horizon import tables

from molt_dashboard.api import molt
from molt_dashboard.content.rolling_upgrades import forms as campaign_forms
from molt_dashboard.content.rolling_upgrades import records
from molt_dashboard.content.rolling_upgrades import tables as campaign_tables

INDEX = "horizon:admin:rolling_upgrades:index"


class LiveRefresh(object):
    """While a campaign runs the page reloads its tables every refresh_seconds (templates' live_refresh.html)."""

    refresh_seconds = 3

    def live_context(self, context, active):
        context["refresh_seconds"] = self.refresh_seconds if active else 0
        return context


class IndexView(LiveRefresh, tables.DataTableView):
    table_class = campaign_tables.CampaignsTable
    template_name = "admin/rolling_upgrades/index.html"
    page_title = _("Rolling Upgrades")

    def get_data(self):
        try:
            api = molt.client(self.request)
            rows = []
            for campaign in api.campaigns():
                # the list does not carry progress: each campaign's hosts and VMs give it
                rows.append(records.campaign_row(campaign, api.hosts(campaign["id"]), api.vms(campaign["id"])))
            return rows
        except molt.MoltApiError as e:
            exceptions.handle(self.request, str(e))
            return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        active = any(row.state in records.ACTIVE_STATES for row in context["table"].data)
        return self.live_context(context, active)


class CreateView(forms.ModalFormView):
    form_class = campaign_forms.CreateCampaignForm
    template_name = "admin/rolling_upgrades/create.html"
    page_title = _("Plan a Rolling Upgrade")
    submit_label = _("Plan (dry run)")
    submit_url = reverse_lazy("horizon:admin:rolling_upgrades:create")
    success_url = reverse_lazy(INDEX)

    def form_valid(self, form):
        """To the new campaign's page, where its plan is shown before anything runs."""
        campaign = form.handle(self.request, form.cleaned_data)
        if not campaign:
            return self.form_invalid(form)
        return http.HttpResponseRedirect(reverse("horizon:admin:rolling_upgrades:detail", args=(campaign["id"],)))


class DetailView(LiveRefresh, tables.MultiTableView):
    """The campaign page: the campaign with its actions, its hosts, VMs, events, a timeline, and the plan."""

    table_classes = (campaign_tables.CampaignSummaryTable, campaign_tables.HostsTable, campaign_tables.VmsTable,
                     campaign_tables.EventsTable, campaign_tables.WavesTable, campaign_tables.PlanVmsTable,
                     campaign_tables.TotalsTable)
    template_name = "admin/rolling_upgrades/detail.html"
    page_title = "{{ campaign.name|default:campaign.id }}"

    def _load(self):
        if hasattr(self, "_loaded"):
            return self._loaded
        campaign_id = self.kwargs["campaign_id"]
        try:
            api = molt.client(self.request)
            campaign = api.campaign(campaign_id)
            hosts, vms = api.hosts(campaign_id), api.vms(campaign_id)
            loaded = {"campaign": campaign, "hosts": hosts, "vms": vms, "events": api.events(campaign_id),
                      "plan_document": api.plan(campaign_id)}
        except molt.MoltApiError as e:
            raise exceptions.Http302(reverse(INDEX), message=str(e))
        loaded["plan"] = records.plan_body(loaded["plan_document"])
        self._loaded = loaded
        return loaded

    def get_campaign_data(self):
        data = self._load()
        row = records.campaign_row(data["campaign"], data["hosts"], data["vms"])
        row.selector_text = records.selector_text(data["campaign"].get("hosts"))
        return [row]

    def get_hosts_data(self):
        return [records.Record(h, id=h["host"]) for h in self._load()["hosts"]]

    def get_vms_data(self):
        return [records.Record(v, id=v["vm_uuid"]) for v in self._load()["vms"]]

    def get_events_data(self):
        return [records.Record(e) for e in reversed(self._load()["events"])]

    def get_waves_data(self):
        return records.wave_rows(self._load()["plan"])

    def get_plan_vms_data(self):
        return records.plan_vms(self._load()["plan"])

    def get_totals_data(self):
        return records.totals_rows(self._load()["plan"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        data = self._load()
        context["campaign"] = data["campaign"]
        context["plan_document"] = data["plan_document"]
        context["timeline"] = records.timeline(data["hosts"], data["events"])
        return self.live_context(context, data["campaign"]["state"] in records.ACTIVE_STATES)
