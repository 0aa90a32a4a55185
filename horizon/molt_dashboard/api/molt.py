"""Molt's API (docs/openapi.json) with the signed-in user's Keystone token.

The endpoint is the public (``OPENSTACK_ENDPOINT_TYPE``) endpoint of service type ``MOLT_SERVICE_TYPE``
(``rolling-upgrade``, as the ``molt`` CLI finds it: ADR 0017) in the user's region; ``MOLT_API_URL``
replaces the catalog look-up. A trailing ``/v1`` on the endpoint is dropped, as the CLI drops it.
"""

import uuid

from django.conf import settings
import requests

from openstack_dashboard.api import base

DEFAULT_SERVICE_TYPE = "rolling-upgrade"
TIMEOUT_SECONDS = 30


class MoltApiError(Exception):
    """A refused or failed call: the HTTP status and the service's own message and request id."""

    def __init__(self, status, message, request_id=None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.request_id = request_id

    def __str__(self):
        suffix = " (request %s)" % self.request_id if self.request_id else ""
        return "Molt: HTTP %s: %s%s" % (self.status, self.message, suffix)


def service_type():
    return getattr(settings, "MOLT_SERVICE_TYPE", DEFAULT_SERVICE_TYPE)


def settings_url():
    return getattr(settings, "MOLT_API_URL", None)


def endpoint(request):
    """Molt's service root for this user: MOLT_API_URL, else from the token's catalog."""
    url = settings_url() or base.url_for(request, service_type())
    url = url.rstrip("/")
    return url[:-3] if url.endswith("/v1") else url


def client(request):
    return MoltClient(endpoint(request), request.user.token.id)


class MoltClient(object):
    """One method per operation of docs/openapi.json that the panel uses; answers are the JSON bodies' objects."""

    def __init__(self, root, token, session=None):
        self.root = root.rstrip("/")
        self.token = token
        self.session = session or requests.Session()

    def campaigns(self):
        return self._call("GET", "/v1/campaigns")["campaigns"]

    def campaign(self, campaign_id):
        return self._call("GET", "/v1/campaigns/%s" % campaign_id)["campaign"]

    def create(self, body):
        """POST /v1/campaigns: plans the campaign as a dry run (state PLANNED); nothing runs until approved."""
        return self._call("POST", "/v1/campaigns", body)["campaign"]

    def plan(self, campaign_id):
        return self._call("GET", "/v1/campaigns/%s/plan" % campaign_id)

    def hosts(self, campaign_id):
        return self._call("GET", "/v1/campaigns/%s/hosts" % campaign_id)["hosts"]

    def vms(self, campaign_id):
        return self._call("GET", "/v1/campaigns/%s/vms" % campaign_id)["vms"]

    def events(self, campaign_id, after=None, limit=None):
        params = {k: v for k, v in (("after", after), ("limit", limit)) if v is not None}
        return self._call("GET", "/v1/campaigns/%s/events" % campaign_id, params=params)["events"]

    def approve(self, campaign_id):
        return self._call("POST", "/v1/campaigns/%s/approve" % campaign_id)["campaign"]

    def pause(self, campaign_id):
        return self._call("POST", "/v1/campaigns/%s/pause" % campaign_id)["campaign"]

    def resume(self, campaign_id):
        return self._call("POST", "/v1/campaigns/%s/resume" % campaign_id)["campaign"]

    def abort(self, campaign_id, re_enable_hosts=False):
        body = {"re_enable_hosts": True} if re_enable_hosts else None
        return self._call("POST", "/v1/campaigns/%s/abort" % campaign_id, body)["campaign"]

    def _call(self, method, path, body=None, params=None):
        headers = {"X-Auth-Token": self.token, "Accept": "application/json",
                   "X-OpenStack-Request-ID": "req-%s" % uuid.uuid4()}
        try:
            answer = self.session.request(method, self.root + path, json=body, params=params, headers=headers,
                                          timeout=TIMEOUT_SECONDS)
        except requests.RequestException as e:
            raise MoltApiError(None, "cannot reach Molt at %s: %s" % (self.root, type(e).__name__),
                               headers["X-OpenStack-Request-ID"])
        if answer.status_code >= 400:
            raise fault(answer)
        return answer.json()


def fault(answer):
    """The API's fault body ``{"<fault>": {"code", "message", "request_id"}}`` as a MoltApiError."""
    request_id = answer.headers.get("X-OpenStack-Request-ID")
    try:
        body = next(iter(answer.json().values()))
        return MoltApiError(answer.status_code, body["message"], body.get("request_id", request_id))
    except (ValueError, StopIteration, KeyError, TypeError, AttributeError):
        return MoltApiError(answer.status_code, "the service answered without its JSON fault", request_id)
