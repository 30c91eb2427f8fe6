CREATE TABLE events (
    id         bigint      NOT NULL,
    created_at timestamptz NOT NULL,
    payload    text
) PARTITION BY RANGE (created_at);

CREATE TABLE events_default PARTITION OF events DEFAULT;

CREATE TABLE events__2024_02 PARTITION OF events FOR VALUES FROM ('2024-02-01 00:00:00+00') TO ('2024-03-01 00:00:00+00');

INSERT INTO events VALUES (1, '2024-02-10 12:00:00+00', 'february');

-- what the SQL hooks of the test write
CREATE TABLE partition_log (
    id             bigserial PRIMARY KEY,
    partition_name text        NOT NULL,
    lower_bound    timestamptz NOT NULL,
    upper_bound    timestamptz NOT NULL
);

CREATE TABLE events_archive (LIKE events);
