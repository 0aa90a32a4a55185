"""Which operations the signed-in user may do, by the rules Molt's API enforces (docs/security.md, Policy).

The panel shows a button only where the rule allows it for the user's roles; the service checks again and
stays the authority (a 403 is shown with its message). The defaults are the service's own; an operator who
changed the service's rules (``molt.auth.policy-file``) points ``MOLT_POLICY_FILE`` at the same YAML file.
Rules are evaluated by oslo.policy, whose check syntax the service's rules use.
"""

from django.conf import settings
from oslo_config import cfg
from oslo_policy import policy

DEFAULTS = (
    ("admin", "role:admin"),
    ("reader", "role:reader or rule:admin"),
    ("approver", "rule:admin"),
    ("molt:campaigns:list", "rule:reader"),
    ("molt:campaigns:show", "rule:reader"),
    ("molt:campaigns:create", "rule:admin"),
    ("molt:campaigns:approve", "rule:approver"),
    ("molt:campaigns:pause", "rule:admin"),
    ("molt:campaigns:resume", "rule:admin"),
    ("molt:campaigns:abort", "rule:admin"),
    ("molt:agents:list", "rule:reader"),
    ("molt:agents:show", "rule:reader"),
    ("molt:agents:ping", "rule:admin"),
    ("molt:default", "rule:admin"),
)

_enforcer = None


def enforcer():
    global _enforcer
    if _enforcer is None:
        conf = cfg.ConfigOpts()
        conf([], project="molt-dashboard", default_config_files=[], default_config_dirs=[])
        policy_file = getattr(settings, "MOLT_POLICY_FILE", None)
        made = policy.Enforcer(conf, policy_file=policy_file,
                               default_rule="molt:default")
        made.register_defaults([policy.RuleDefault(name, check) for name, check in DEFAULTS])
        made.load_rules()
        _enforcer = made
    return _enforcer


def reset():
    """Forget the rules read (tests, or after MOLT_POLICY_FILE changed)."""
    global _enforcer
    _enforcer = None


def allowed(request, rule):
    roles = [role["name"] for role in getattr(request.user, "roles", [])]
    return enforcer().enforce(rule, {}, {"roles": roles})
