-- Reports, the worklist, promises that are tracked and payment plans (README, "Reports" and "Promises and payment
-- plans"). With the indexes below, `arrears bench console --debtors 1000000` (1,000,000 debtors and invoices, 100,000
-- open tasks, a busy 2-core machine) measured worklist_ms=10 debtor_ms=73 aging_ms=664 dso_ms=1620 cei_ms=1589
-- (README, "Benchmarks").

-- The worklist: who works a task is task.assigned_to (V13, the console assigns it); how urgent it is, here. A task
-- inserted without a priority (every writer before this migration) gets its kind's default from the trigger, so the
-- writers stay unchanged.
ALTER TABLE task ADD COLUMN IF NOT EXISTS priority int;
ALTER TABLE task ADD COLUMN IF NOT EXISTS closed_at timestamptz;

CREATE FUNCTION task_default_priority(kind text) RETURNS int LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN kind IN ('ATTORNEY', 'PAYMENT_RETURNED', 'DISPUTED_INVOICE_PAID') THEN 90
        WHEN kind IN ('BROKEN_PROMISE', 'MISSED_INSTALMENT', 'PLAN_DEFAULTED') THEN 80
        WHEN kind IN ('MAIL_REPLY', 'SMS_REPLY', 'DISPUTE') THEN 70
        WHEN kind IN ('SUSPENSE', 'CREDIT', 'BANK_NOTICE') THEN 60
        WHEN kind IN ('ESCALATION', 'RETURNED_LETTER', 'DELIVERY_UNCERTAIN') THEN 50
        ELSE 40 END
$$;

CREATE FUNCTION task_fill_defaults() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.priority IS NULL THEN
        NEW.priority := task_default_priority(NEW.kind);
    END IF;
    IF NEW.status <> 'OPEN' AND NEW.closed_at IS NULL THEN
        NEW.closed_at := now();
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER task_fill_defaults BEFORE INSERT OR UPDATE OF status, priority ON task
    FOR EACH ROW EXECUTE FUNCTION task_fill_defaults();
UPDATE task SET priority = task_default_priority(kind) WHERE priority IS NULL;

-- The worklist's first page of 100,000 open tasks by priority: an index scan that stops after the page (without
-- it, every open task is read and sorted for each page).
CREATE INDEX task_worklist ON task (priority DESC, created_at, id) WHERE status = 'OPEN';
-- A debtor page's tasks and holds, and a timeline's inbound events, by debtor (without them each is a sequential
-- scan of its table on every debtor page).
-- task_debtor (V13) serves the debtor page's tasks
CREATE INDEX hold_debtor ON hold (debtor_id);
-- inbound_event_debtor (V13) serves its inbound events
-- Campaign effectiveness: the last message sent to a debtor before a payment.
CREATE INDEX communication_debtor_sent ON communication (debtor_id, sent_at) WHERE sent_at IS NOT NULL;
-- Aging, DSO and CEI "as of" a past date add back what was paid after it: the allocations of payments dated after
-- the date, found through this index rather than by reading every payment.
CREATE INDEX payment_value_day ON payment ((coalesce(value_date, booking_date, (created_at AT TIME ZONE 'UTC')::date)));

-- Promises to pay (R46): when the sweep decided one, and how many promises of the debtor broke before.
ALTER TABLE hold ADD COLUMN promise_decided_at timestamptz;
CREATE INDEX hold_open_promise ON hold (until) WHERE kind = 'PROMISE_TO_PAY' AND released_at IS NULL;

-- Payment plans (R47): an agreed total paid in instalments, with a PAYMENT_PLAN hold while the plan runs.
--   ACTIVE      instalments are being paid as agreed
--   DELINQUENT  one instalment was missed (unpaid by its date plus the grace days)
--   DEFAULTED   a second instalment was missed: the hold is lifted and dunning resumes
--   COMPLETED   every instalment is paid: the hold is lifted
--   CANCELLED   ended by an operator
CREATE TABLE payment_plan (
    id           bigserial PRIMARY KEY,
    debtor_id    bigint         NOT NULL,
    creditor_id  bigint         NOT NULL DEFAULT 1,
    currency     char(3)        NOT NULL,
    total        numeric(18, 2) NOT NULL CHECK (total > 0),
    grace_days   int            NOT NULL CHECK (grace_days >= 0),
    status       text           NOT NULL DEFAULT 'ACTIVE'
                                CHECK (status IN ('ACTIVE', 'DELINQUENT', 'DEFAULTED', 'COMPLETED', 'CANCELLED')),
    hold_id      bigint,
    note         text,
    created_by   text,
    created_at   timestamptz    NOT NULL DEFAULT now(),
    ended_at     timestamptz
);
CREATE INDEX payment_plan_debtor ON payment_plan (debtor_id);
CREATE INDEX payment_plan_running ON payment_plan (status) WHERE status IN ('ACTIVE', 'DELINQUENT');

--   DUE     not yet paid in full, its date plus grace not yet passed
--   PAID    covered by the debtor's payments posted since the plan was made, in due-date order
--   MISSED  not paid in full by its date plus the plan's grace days (stays MISSED when paid later; paid_amount says)
CREATE TABLE payment_plan_instalment (
    plan_id      bigint         NOT NULL REFERENCES payment_plan (id),
    seq          int            NOT NULL,
    due_date     date           NOT NULL,
    amount       numeric(18, 2) NOT NULL CHECK (amount > 0),
    paid_amount  numeric(18, 2) NOT NULL DEFAULT 0,
    status       text           NOT NULL DEFAULT 'DUE' CHECK (status IN ('DUE', 'PAID', 'MISSED')),
    paid_at      timestamptz,
    PRIMARY KEY (plan_id, seq)
);
CREATE INDEX payment_plan_instalment_due ON payment_plan_instalment (due_date) WHERE status = 'DUE';
