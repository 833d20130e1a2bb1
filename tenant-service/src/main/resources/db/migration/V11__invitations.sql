-- A tenant admin invites an address into the tenant with roles; the link (its hash here) works once, for 7 days,
-- and only for a user who signed in with that very address.
create table invitation (
    id           varchar(40)  primary key,
    tenant_id    varchar(64)  not null references tenant (id) on delete cascade,
    email        varchar(320) not null,
    role_names   text         not null,
    token_hash   varchar(64)  not null unique,
    invited_by   varchar(200) not null,
    created_at   timestamptz  not null,
    expires_at   timestamptz  not null,
    last_sent_at timestamptz,
    sent_count   int          not null default 0,
    accepted_at  timestamptz,
    accepted_by  varchar(64),
    revoked_at   timestamptz
);
create index invitation_tenant on invitation (tenant_id, created_at);
