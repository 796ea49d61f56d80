-- The collections console: its users, the creditors each may see, an audit row for every action, approvals of
-- campaigns whose policy says approval: required, calls and notes logged by hand, task assignment, and the
-- indexes its pages read by.

CREATE TABLE console_user (
    id              bigserial   PRIMARY KEY,
    name            text        NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9][a-z0-9._@-]{1,63}$'),
    role            text        NOT NULL CHECK (role IN ('VIEWER', 'AGENT', 'MANAGER', 'ADMIN')),
    password_hash   text        NOT NULL,                  -- $argon2id$v=19$m=...,t=...,p=...$salt$hash
    failed_logins   int         NOT NULL DEFAULT 0,
    locked_until    timestamptz,
    disabled        boolean     NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL DEFAULT now(),
    last_login_at   timestamptz
);

-- The creditors a user may see (creditor.id of V10); every page's query is scoped to them.
CREATE TABLE console_user_creditor (
    user_id     bigint NOT NULL REFERENCES console_user (id) ON DELETE CASCADE,
    creditor_id bigint NOT NULL REFERENCES creditor (id),
    PRIMARY KEY (user_id, creditor_id)
);

-- Who did what, when, with the row before and after (JSON). Append-only.
CREATE TABLE audit_log (
    id          bigserial   PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    user_name   text        NOT NULL,
    action      text        NOT NULL,
    target      text,
    before      jsonb,
    after       jsonb
);
CREATE INDEX audit_log_at ON audit_log (at);

-- A run (policy, plan date) of a policy with approval: required waits here until a manager approves it: its planned
-- messages are not claimed for sending while the row is PENDING.
CREATE TABLE campaign_approval (
    policy_code   text        NOT NULL,
    plan_date     date        NOT NULL,
    status        text        NOT NULL CHECK (status IN ('PENDING', 'APPROVED')),
    requested_at  timestamptz NOT NULL DEFAULT now(),
    decided_by    text,
    decided_at    timestamptz,
    PRIMARY KEY (policy_code, plan_date)
);
CREATE INDEX campaign_approval_pending ON campaign_approval (policy_code, plan_date) WHERE status = 'PENDING';

-- Calls logged by hand and notes, on the debtor's timeline.
CREATE TABLE debtor_note (
    id           bigserial   PRIMARY KEY,
    debtor_id    bigint      NOT NULL,
    creditor_id  bigint      NOT NULL DEFAULT 1,
    kind         text        NOT NULL CHECK (kind IN ('CALL', 'NOTE')),
    outcome      text,
    text         text        NOT NULL,
    user_name    text        NOT NULL,
    at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX debtor_note_debtor ON debtor_note (debtor_id, at);

-- Tasks a specialist took.
ALTER TABLE task ADD COLUMN assigned_to text;

-- The worklist: open tasks of the user's creditors by kind and age; the debtor page: a debtor's tasks, payments,
-- inbound events; the campaign funnel: messages of one run.
CREATE INDEX task_open_by_kind ON task (creditor_id, kind, created_at) WHERE status = 'OPEN';
CREATE INDEX task_debtor ON task (debtor_id) WHERE debtor_id IS NOT NULL;
CREATE INDEX inbound_event_debtor ON inbound_event (debtor_id) WHERE debtor_id IS NOT NULL;
CREATE INDEX inbound_event_communication ON inbound_event (communication_id) WHERE communication_id IS NOT NULL;
CREATE INDEX communication_run ON communication (plan_date, policy_code);
CREATE INDEX consent_event_cp ON consent_event (contact_point_id);

-- Bearer tokens of the JSON API (/api), one or more per user; only their SHA-256 is kept.
CREATE TABLE console_api_token (
    id            bigserial   PRIMARY KEY,
    user_id       bigint      NOT NULL REFERENCES console_user (id) ON DELETE CASCADE,
    token_sha256  text        NOT NULL UNIQUE,
    created_at    timestamptz NOT NULL DEFAULT now()
);
