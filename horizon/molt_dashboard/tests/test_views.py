import os
import tempfile

from django.contrib import messages
from django.test import override_settings
from django.urls import reverse

from molt_dashboard import policy
from molt_dashboard.tests import stub_api
from openstack_dashboard.test import helpers

INDEX = reverse("horizon:admin:rolling_upgrades:index")
CREATE = reverse("horizon:admin:rolling_upgrades:create")
DETAIL = reverse("horizon:admin:rolling_upgrades:detail", args=(stub_api.CAMPAIGN_ID,))
ID = stub_api.CAMPAIGN_ID


class PanelViewTests(stub_api.StubApiTestMixin, helpers.BaseAdminViewTests):
    def setUp(self):
        super().setUp()
        settings = override_settings(MOLT_API_URL=self.stub.url)
        settings.enable()
        self.addCleanup(settings.disable)
        policy.reset()
        self.addCleanup(policy.reset)

    def requests_to(self, method, path):
        return [r for r in self.stub.requests if r["method"] == method and r["path"] == path]

    def test_the_list_shows_each_campaign_with_hosts_done_downtime_so_far_and_its_actions(self):
        stub_api.serve_campaign(self.stub, "PLANNED")
        answer = self.client.get(INDEX)
        self.assertEqual(answer.status_code, 200)
        row = answer.context["table"].data[0]
        self.assertEqual(row.progress, "1 / 2")  # one DONE, one FAILED
        self.assertEqual(row.downtime_seconds, 1.0)  # 912 + 88 ms measured
        self.assertContains(answer, "1 / 2")
        self.assertContains(answer, "campaigns__row_%s__action_approve" % ID)
        self.assertNotContains(answer, "campaigns__row_%s__action_resume" % ID)
        self.assertContains(answer, 'data-refresh="0"')
        self.assertEqual(self.requests_to("GET", "/v1/campaigns")[0]["headers"]["X-Auth-Token"], self.token.id)

    def test_the_campaign_page_shows_the_plan_beside_the_baselines_and_strategies_before_anything_runs(self):
        stub_api.serve_campaign(self.stub, "PLANNED")
        answer = self.client.get(DETAIL)
        self.assertEqual(answer.status_code, 200)
        labels = [row.label for row in answer.context["totals_table"].data]
        self.assertEqual(labels, ["this plan", "strategy balanced", "strategy least-moved",
                                  "baseline: evacuate every host", "baseline: cold restart every VM"])
        self.assertContains(answer, "LIVE_MIGRATE 1, PRESERVE 1")
        self.assertContains(answer, "limit 100 ms is below the preserve pause")
        self.assertContains(answer, "exit 100: E: Unable to locate package")  # a host's last error
        self.assertContains(answer, "The plan meets every limit.")
        self.assertEqual([b["host"] for b in answer.context["timeline"]], ["compute-00000", "compute-00001"])
        self.assertContains(answer, "campaign__row_%s__action_approve" % ID)
        self.assertContains(answer, 'data-refresh="0"')

    def test_an_infeasible_plan_shows_what_it_violates_and_its_draft(self):
        stub_api.serve_campaign(self.stub, "PLANNED")
        self.stub.on("GET", "/v1/campaigns/%s/plan" % ID, {
            "feasible": False, "draft": stub_api.PLAN["plan"],
            "violations": [{"constraint": "max_vm_downtime_ms", "detail": "vm-a cannot stay under 100 ms",
                            "host": "compute-00000"}]})
        answer = self.client.get(DETAIL)
        self.assertContains(answer, "No plan meets every limit")
        self.assertContains(answer, "max_vm_downtime_ms: vm-a cannot stay under 100 ms (compute-00000)")
        self.assertEqual(len(answer.context["waves_table"].data), 2, "the draft's waves")

    def test_the_plan_comes_first_before_approval_and_the_progress_once_it_runs(self):
        stub_api.serve_campaign(self.stub, "PLANNED")
        page = self.client.get(DETAIL).content.decode()
        self.assertLess(page.index("<h3>Plan</h3>"), page.index("<h3>Progress</h3>"))
        stub_api.serve_campaign(self.stub, "RUNNING")
        page = self.client.get(DETAIL).content.decode()
        self.assertLess(page.index("<h3>Progress</h3>"), page.index("<h3>Plan</h3>"))

    def test_an_unreachable_service_leaves_an_empty_list_and_says_where_it_looked(self):
        with override_settings(MOLT_API_URL="http://127.0.0.1:1"):
            answer = self.client.get(INDEX)
        self.assertEqual(answer.status_code, 200)
        self.assertEqual(answer.context["table"].data, [])
        self.assertIn("cannot reach Molt at http://127.0.0.1:1",
                      " ".join(str(m) for m in messages.get_messages(answer.wsgi_request)))

    def test_a_running_campaign_refreshes_and_offers_pause_and_abort_but_not_approve(self):
        stub_api.serve_campaign(self.stub, "RUNNING")
        answer = self.client.get(DETAIL)
        self.assertContains(answer, 'data-refresh="3"')
        self.assertContains(answer, "campaign__row_%s__action_pause" % ID)
        self.assertContains(answer, "campaign__row_%s__action_abort" % ID)
        self.assertNotContains(answer, "campaign__row_%s__action_approve" % ID)

    def test_a_confirmed_approve_is_sent_with_the_users_token(self):
        stub_api.serve_campaign(self.stub, "PLANNED")
        self.stub.on("POST", "/v1/campaigns/%s/approve" % ID, {"campaign": stub_api.campaign("APPROVED")})
        answer = self.client.post(INDEX, {"action": "campaigns__approve__%s" % ID})
        self.assertRedirectsNoFollow(answer, INDEX)
        sent = self.requests_to("POST", "/v1/campaigns/%s/approve" % ID)
        self.assertEqual(len(sent), 1)
        self.assertEqual(sent[0]["headers"]["X-Auth-Token"], self.token.id)

    def test_abort_and_re_enable_asks_the_service_to_re_enable_the_hosts(self):
        stub_api.serve_campaign(self.stub, "RUNNING")
        self.stub.on("POST", "/v1/campaigns/%s/abort" % ID, {"campaign": stub_api.campaign("ABORTING")})
        self.client.post(DETAIL, {"action": "campaign__abort_re_enable__%s" % ID})
        self.client.post(DETAIL, {"action": "campaign__abort__%s" % ID})
        self.assertEqual([r["body"] for r in self.requests_to("POST", "/v1/campaigns/%s/abort" % ID)],
                         [{"re_enable_hosts": True}, None])

    def test_the_policy_file_decides_which_buttons_show(self):
        with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as rules:
            rules.write('"molt:campaigns:approve": "role:molt-approver"\n"molt:campaigns:create": "!"\n')
        self.addCleanup(os.remove, rules.name)
        stub_api.serve_campaign(self.stub, "PLANNED")
        with override_settings(MOLT_POLICY_FILE=rules.name):
            policy.reset()
            answer = self.client.get(INDEX)
        self.assertNotContains(answer, "campaigns__row_%s__action_approve" % ID)
        self.assertNotContains(answer, "campaigns__action_create")
        self.assertContains(answer, "campaigns__row_%s__action_abort" % ID)

    def test_the_create_form_sends_the_create_body_and_opens_the_planned_campaign(self):
        self.stub.on("POST", "/v1/campaigns", {"campaign": stub_api.campaign()}, status=201)
        answer = self.client.post(CREATE, {
            "name": "qemu 9", "target": "KERNEL", "selector": "hosts", "selection": "compute-1, compute-2,",
            "command": "apt-get install -y 'qemu system'", "strategy": "least-moved", "max_hosts_down": "2",
            "max_vm_downtime_ms": "500", "allowed_actions": ["PRESERVE", "LIVE_MIGRATE"], "timeout_seconds": "600"})
        self.assertRedirectsNoFollow(answer, DETAIL)
        self.assertEqual(self.requests_to("POST", "/v1/campaigns")[0]["body"], {
            "name": "qemu 9", "target": "KERNEL", "hosts": ["compute-1", "compute-2"],
            "upgrade": {"command": ["apt-get", "install", "-y", "qemu system"], "timeout_seconds": 600},
            "options": {"strategy": "least-moved", "max_hosts_down": 2, "max_vm_downtime_ms": 500,
                        "allowed_actions": ["PRESERVE", "LIVE_MIGRATE"]}})

    def test_an_aggregate_is_sent_by_name(self):
        self.stub.on("POST", "/v1/campaigns", {"campaign": stub_api.campaign()}, status=201)
        self.client.post(CREATE, {"target": "USERSPACE", "selector": "aggregate", "selection": " rack-1 ",
                                  "command": "true"})
        self.assertEqual(self.requests_to("POST", "/v1/campaigns")[0]["body"],
                         {"target": "USERSPACE", "aggregate": "rack-1", "upgrade": {"command": ["true"]}})

    def test_the_services_refusal_is_shown_with_its_message_and_the_form_kept(self):
        self.stub.on("POST", "/v1/campaigns", {"conflictingRequest": {
            "code": 409, "message": "compute-1 belongs to campaign 1234, which is RUNNING"}}, status=409)
        answer = self.client.post(CREATE, {"target": "USERSPACE", "selector": "hosts", "selection": "compute-1",
                                           "command": "true"})
        self.assertEqual(answer.status_code, 200)
        self.assertContains(answer, "id_selection")
        self.assertEqual([str(m) for m in messages.get_messages(answer.wsgi_request)],
                         ["Molt: HTTP 409: compute-1 belongs to campaign 1234, which is RUNNING "
                          "(request req-00000000-0000-0000-0000-000000000001)"])

    def test_bad_input_is_refused_before_any_call(self):
        answer = self.client.post(CREATE, {"target": "USERSPACE", "selector": "hosts", "selection": " , ",
                                           "command": "'unclosed"})
        self.assertFormErrors(answer, 2)
        self.assertContains(answer, "Name at least one host")
        self.assertContains(answer, "cannot be split into words")
        self.assertEqual(self.stub.requests, [])

    def test_an_unknown_campaign_goes_back_to_the_list_with_the_services_message(self):
        answer = self.client.get(DETAIL)  # the stand-in answers 404 with its fault
        self.assertRedirectsNoFollow(answer, INDEX)


class NonAdminTests(stub_api.StubApiTestMixin, helpers.TestCase):
    def test_a_member_gets_no_panel(self):
        with override_settings(MOLT_API_URL=self.stub.url):
            answer = self.client.get(INDEX)
        self.assertNotEqual(answer.status_code, 200)
        self.assertEqual(self.stub.requests, [])
