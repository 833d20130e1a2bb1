-- auth-service's security events (sign-ins, session starts and ends, refresh-token reuse, failures) wait here until
-- tenant-service has them: written in the transaction of what they report, sent after commit and by a relay, each
-- with its id so that a repeat is a no-op there (the transactional outbox; tenant-service's audit log and webhooks).
create table audit_outbox (
    seq         bigserial    primary key,
    id          varchar(40)  not null unique,
    occurred_at timestamptz  not null,
    actor       varchar(190) not null,
    action      varchar(100) not null,
    tenant_id   varchar(64),
    target      varchar(400),
    outcome     varchar(16)  not null,
    detail      varchar(2000)
);
