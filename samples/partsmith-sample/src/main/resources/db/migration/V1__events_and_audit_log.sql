-- The parents are the application's; partsmith creates, retires and drops their partitions.

-- events: one partition a month on a timestamptz key. The DEFAULT partition catches rows no partition
-- covers yet (partsmith moves them out when it creates their partition); the index is created on every
-- partition as it is attached.
CREATE TABLE events (
    id         bigint      GENERATED ALWAYS AS IDENTITY,
    created_at timestamptz NOT NULL,
    kind       text        NOT NULL,
    payload    jsonb       NOT NULL,
    PRIMARY KEY (id, created_at)
) PARTITION BY RANGE (created_at);

CREATE TABLE events_default PARTITION OF events DEFAULT;

CREATE INDEX events_kind_created_at_idx ON events (kind, created_at);

-- audit_log: one partition a day, no DEFAULT partition: a row for a day without a partition is refused,
-- so partsmith keeps a week ready ahead.
CREATE TABLE audit_log (
    id        bigint      GENERATED ALWAYS AS IDENTITY,
    logged_at timestamptz NOT NULL,
    actor     text        NOT NULL,
    action    text        NOT NULL,
    PRIMARY KEY (id, logged_at)
) PARTITION BY RANGE (logged_at);

-- Written by the after-create SQL hook in application.yml.
CREATE TABLE partition_history (
    id             bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partition_name text        NOT NULL,
    from_ts        timestamptz NOT NULL,
    to_ts          timestamptz NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);
