CREATE TABLE events (
    id         bigint      NOT NULL,
    created_at timestamptz NOT NULL
) PARTITION BY RANGE (created_at);

-- ShedLock's documented table, for the applications that lock through ShedLock
CREATE TABLE shedlock (
    name       varchar(64)  NOT NULL PRIMARY KEY,
    lock_until timestamp    NOT NULL,
    locked_at  timestamp    NOT NULL,
    locked_by  varchar(255) NOT NULL
);
