-- Events for apps (design: webhooks and the events API). An event is written in the same transaction as the change
-- it reports (the transactional outbox); its seq is the pull consumers' cursor and the order of delivery.
create table event (
    seq         bigserial primary key,
    id          varchar(40)  not null unique,
    type        varchar(64)  not null,
    occurred_at timestamptz  not null,
    tenant_id   varchar(64),
    actor       varchar(200) not null,
    user_id     varchar(64),
    payload     text         not null
);
create index event_tenant_seq on event (tenant_id, seq);

-- auth-service's events arrive from its own outbox, at least once: the source id makes a repeat a no-op.
alter table audit_event add column source_id varchar(64);
create unique index audit_event_source_id on audit_event (source_id);

create table webhook_endpoint (
    id          varchar(40)   primary key,
    url         varchar(2048) not null,
    description varchar(200),
    event_types text          not null,
    secret      text          not null,
    previous_secret       text,
    previous_secret_until timestamptz,
    enabled     boolean       not null,
    created_at  timestamptz   not null,
    updated_at  timestamptz   not null
);

-- One row per event and subscribed endpoint, created with the event. pending -> delivered | dead.
create table webhook_delivery (
    id              bigserial    primary key,
    endpoint_id     varchar(40)  not null references webhook_endpoint (id) on delete cascade,
    event_seq       bigint       not null references event (seq),
    user_id         varchar(64),
    status          varchar(16)  not null,
    attempts        int          not null default 0,
    next_attempt_at timestamptz  not null,
    last_attempt_at timestamptz,
    last_status     int,
    last_error      varchar(500),
    delivered_at    timestamptz,
    unique (endpoint_id, event_seq)
);
create index webhook_delivery_due on webhook_delivery (next_attempt_at) where status = 'pending';
create index webhook_delivery_user on webhook_delivery (endpoint_id, user_id, event_seq) where status = 'pending';
