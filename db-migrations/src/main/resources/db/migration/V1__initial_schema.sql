-- Molt's first schema. Released migrations are never edited: add V2__... instead.
-- Conventions: every mutable row has a version column for optimistic locking; times are timestamptz (UTC);
-- states are text checked against their allowed values so a bad write fails loudly.

-- An upgrade campaign over a set of hosts.
CREATE TABLE campaign (
    id              uuid        PRIMARY KEY,
    name            text        NOT NULL,
    state           text        NOT NULL CHECK (state IN ('PLANNED', 'APPROVED', 'RUNNING', 'PAUSED',
                                                          'ABORTING', 'ABORTED', 'DONE', 'FAILED')),
    state_reason    text,
    upgrade_target  text        NOT NULL CHECK (upgrade_target IN ('USERSPACE', 'KERNEL', 'FULL_REBOOT')),
    host_selector   jsonb       NOT NULL,   -- what the operator asked for: a host list, an aggregate or an AZ
    options         jsonb       NOT NULL,   -- CampaignOptions as given (limits, allowed actions, ratios)
    upgrade_command jsonb,                  -- what the agent runs to upgrade a host
    plan            jsonb,                  -- the stored plan (dry run until approved)
    created_by      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    version         bigint      NOT NULL DEFAULT 0
);
CREATE INDEX campaign_state_idx ON campaign (state);

-- One host of a campaign: a stable state, and the step in flight (if any) with its attempt and command id.
CREATE TABLE campaign_host (
    campaign_id      uuid        NOT NULL REFERENCES campaign (id) ON DELETE CASCADE,
    host             text        NOT NULL,
    wave             integer     NOT NULL CHECK (wave >= 0),
    position         integer     NOT NULL CHECK (position >= 0),
    state            text        NOT NULL CHECK (state IN ('PENDING', 'PRECHECKED', 'DISABLED', 'EVACUATED',
                                                           'PRESERVED', 'UPGRADED', 'RESTORED', 'VERIFIED',
                                                           'ENABLED', 'DONE', 'FAILED', 'SKIPPED')),
    step             text,                  -- the step in flight towards the next state, or null when stable
    step_attempt     integer     NOT NULL DEFAULT 0 CHECK (step_attempt >= 0),
    step_command_id  uuid,                  -- minted and stored before the command is sent
    step_started_at  timestamptz,
    last_error       text,
    updated_at       timestamptz NOT NULL DEFAULT now(),
    version          bigint      NOT NULL DEFAULT 0,
    PRIMARY KEY (campaign_id, host)
);
CREATE INDEX campaign_host_state_idx ON campaign_host (campaign_id, state);

-- What happens to one VM in a campaign: planned action, predicted and actual downtime, progress.
CREATE TABLE vm_action (
    campaign_id           uuid        NOT NULL REFERENCES campaign (id) ON DELETE CASCADE,
    vm_uuid               uuid        NOT NULL,
    vm_name               text,
    source_host           text        NOT NULL,
    action                text        NOT NULL CHECK (action IN ('PRESERVE', 'LIVE_MIGRATE', 'SUSPEND_TO_DISK',
                                                                 'TERMINATE', 'COLD_RESTART')),
    destination_host      text,
    reason                text        NOT NULL,  -- why the planner chose this action
    state                 text        NOT NULL CHECK (state IN ('PENDING', 'IN_PROGRESS', 'DONE', 'FAILED',
                                                                'SKIPPED')),
    command_id            uuid,
    migration_id          text,                  -- Nova's migration record, for a live migration
    predicted_downtime_ms bigint      NOT NULL CHECK (predicted_downtime_ms >= 0),
    actual_downtime_ms    bigint      CHECK (actual_downtime_ms >= 0),
    last_error            text,
    updated_at            timestamptz NOT NULL DEFAULT now(),
    version               bigint      NOT NULL DEFAULT 0,
    PRIMARY KEY (campaign_id, vm_uuid),
    FOREIGN KEY (campaign_id, source_host) REFERENCES campaign_host (campaign_id, host) ON DELETE CASCADE
);
CREATE INDEX vm_action_host_idx ON vm_action (campaign_id, source_host);

-- The host agents the service has heard from.
CREATE TABLE agent (
    host               text        PRIMARY KEY,
    agent_version      text        NOT NULL,
    protocol_version   integer     NOT NULL,
    capabilities       jsonb       NOT NULL,
    first_seen_at      timestamptz NOT NULL,
    last_hello_at      timestamptz NOT NULL,
    last_heartbeat_at  timestamptz NOT NULL,
    version            bigint      NOT NULL DEFAULT 0
);

-- Every command sent to an agent and its outcome: the service's side of at-least-once delivery.
CREATE TABLE agent_command (
    id           uuid        PRIMARY KEY,
    host         text        NOT NULL,
    campaign_id  uuid        REFERENCES campaign (id) ON DELETE SET NULL,
    type         text        NOT NULL,
    issued_at    timestamptz NOT NULL,
    outcome      text        CHECK (outcome IN ('SUCCEEDED', 'FAILED', 'REFUSED')),
    result       jsonb,
    completed_at timestamptz
);
CREATE INDEX agent_command_host_idx ON agent_command (host, issued_at);

-- Append-only audit trail: what happened, when and why. Rows are never updated or deleted.
CREATE TABLE event (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at  timestamptz NOT NULL DEFAULT now(),
    campaign_id  uuid,
    host         text,
    vm_uuid      uuid,
    type         text        NOT NULL,
    message      text        NOT NULL,
    detail       jsonb
);
CREATE INDEX event_campaign_idx ON event (campaign_id, id);

CREATE FUNCTION event_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the event table is append-only (% refused)', TG_OP;
END;
$$;
CREATE TRIGGER event_append_only BEFORE UPDATE OR DELETE ON event
    FOR EACH ROW EXECUTE FUNCTION event_is_append_only();

-- Transactional outbox: written in the same transaction as the state change, published after commit.
CREATE TABLE outbox (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id    uuid        NOT NULL UNIQUE,
    exchange      text        NOT NULL,
    routing_key   text        NOT NULL,
    body          bytea       NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    published_at  timestamptz,
    attempts      integer     NOT NULL DEFAULT 0,
    last_error    text
);
CREATE INDEX outbox_unpublished_idx ON outbox (id) WHERE published_at IS NULL;
