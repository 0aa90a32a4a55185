from django.test import override_settings

from molt_dashboard.api import molt
from molt_dashboard.tests import stub_api
from openstack_dashboard.test import helpers


class MoltClientTests(stub_api.StubApiTestMixin, helpers.TestCase):
    def setUp(self):
        super().setUp()
        self.client_ = molt.MoltClient(self.stub.url + "/", "the-token")

    def test_a_call_sends_the_token_json_and_a_request_id(self):
        self.stub.on("GET", "/v1/campaigns", {"campaigns": [stub_api.campaign()]})
        self.assertEqual(self.client_.campaigns()[0]["id"], stub_api.CAMPAIGN_ID)
        headers = self.stub.requests[0]["headers"]
        self.assertEqual(headers["X-Auth-Token"], "the-token")
        self.assertEqual(headers["Accept"], "application/json")
        self.assertRegex(headers["X-OpenStack-Request-ID"], r"^req-[0-9a-f-]{36}$")

    def test_create_posts_the_body_and_abort_sends_re_enable_only_when_asked(self):
        self.stub.on("POST", "/v1/campaigns", {"campaign": stub_api.campaign()}, status=201)
        self.stub.on("POST", "/v1/campaigns/x/abort", {"campaign": stub_api.campaign("ABORTING")})
        body = {"target": "KERNEL", "hosts": ["compute-1"], "upgrade": {"command": ["true"]}}
        self.client_.create(body)
        self.client_.abort("x")
        self.client_.abort("x", re_enable_hosts=True)
        self.assertEqual([r["body"] for r in self.stub.requests], [body, None, {"re_enable_hosts": True}])

    def test_events_pass_after_and_limit_as_query_parameters(self):
        self.stub.on("GET", "/v1/campaigns/x/events", {"events": []})
        self.client_.events("x", after=7, limit=50)
        self.assertEqual(self.stub.requests[0]["path"], "/v1/campaigns/x/events?after=7&limit=50")

    def test_a_fault_becomes_an_error_with_the_services_message_and_request_id(self):
        self.stub.on("POST", "/v1/campaigns/x/pause", {"forbidden": {
            "code": 403, "message": "reader may not pause a campaign (molt:campaigns:pause)",
            "request_id": "req-11111111-2222-3333-4444-555555555555"}}, status=403)
        with self.assertRaises(molt.MoltApiError) as raised:
            self.client_.pause("x")
        self.assertEqual(raised.exception.status, 403)
        self.assertEqual(str(raised.exception), "Molt: HTTP 403: reader may not pause a campaign "
                         "(molt:campaigns:pause) (request req-11111111-2222-3333-4444-555555555555)")

    def test_an_answer_without_a_fault_body_still_names_the_status(self):
        self.stub.on("GET", "/v1/campaigns", ["not", "a", "fault"], status=502)
        with self.assertRaises(molt.MoltApiError) as raised:
            self.client_.campaigns()
        self.assertEqual(raised.exception.status, 502)
        self.assertIn("without its JSON fault", raised.exception.message)

    def test_an_unreachable_service_is_named_without_the_token(self):
        error = None
        try:
            molt.MoltClient("http://127.0.0.1:1", "secret-token").campaigns()
        except molt.MoltApiError as e:
            error = str(e)
        self.assertIn("cannot reach Molt at http://127.0.0.1:1", error)
        self.assertNotIn("secret-token", error)


class EndpointTests(helpers.TestCase):
    def _catalog_with(self, url):
        catalog = list(self.service_catalog) + [{"type": "rolling-upgrade", "name": "molt", "endpoints": [
            {"region": "RegionOne", "interface": "public", "url": url, "id": "e1"}]}]
        self.setActiveUser(service_catalog=catalog, token=self.token)
        return self.mock_request()

    def mock_request(self):
        from openstack_auth import utils
        request = self.factory.get("/")
        request.user = utils.get_user(request)
        return request

    def test_the_endpoint_is_found_in_the_catalog_by_service_type_and_a_trailing_v1_dropped(self):
        self.assertEqual(molt.endpoint(self._catalog_with("http://molt:8797/v1/")), "http://molt:8797")
        self.assertEqual(molt.endpoint(self._catalog_with("http://molt:8797")), "http://molt:8797")

    @override_settings(MOLT_API_URL="http://tunnel:9999")
    def test_molt_api_url_replaces_the_catalog(self):
        self.assertEqual(molt.endpoint(self._catalog_with("http://molt:8797")), "http://tunnel:9999")

    def test_without_molt_in_the_catalog_the_lookup_fails(self):
        from openstack_dashboard.api import base
        self.setActiveUser(service_catalog=self.service_catalog, token=self.token)
        with self.assertRaises(base.exceptions.ServiceCatalogException):
            molt.endpoint(self.mock_request())
