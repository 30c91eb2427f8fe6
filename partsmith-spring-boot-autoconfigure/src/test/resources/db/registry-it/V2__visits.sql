CREATE TABLE visits (
    user_id bigint NOT NULL,
    at      bigint NOT NULL
) PARTITION BY RANGE (at);
