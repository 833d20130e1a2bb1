-- Self-service SSO setup links: a bearer secret (stored as a SHA-256 hash) that lets a customer's IT admin
-- configure one tenant's SSO connection, domains and mappings, and nothing else, until it expires.
create table setup_link (
    id            varchar(32)  primary key,
    tenant_id     varchar(64)  not null references tenant (id) on delete cascade,
    secret_hash   varchar(64)  not null unique,
    created_by    varchar(200) not null,
    created_at    timestamptz  not null,
    expires_at    timestamptz  not null,
    revoked_at    timestamptz,
    last_used_at  timestamptz
);
create index setup_link_tenant on setup_link (tenant_id);
