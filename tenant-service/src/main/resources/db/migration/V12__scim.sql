-- SCIM 2.0 directory sync per tenant (RFC 7643/7644). A tenant's SCIM client authenticates with a bearer token of
-- that tenant (stored hashed); its users are our users, with the SCIM view of them kept per tenant.
create table scim_token (
    id           varchar(40)  primary key,
    tenant_id    varchar(64)  not null references tenant (id) on delete cascade,
    token_hash   varchar(64)  not null unique,
    created_by   varchar(200) not null,
    created_at   timestamptz  not null,
    last_used_at timestamptz,
    revoked_at   timestamptz
);
create index scim_token_tenant on scim_token (tenant_id);

create table scim_user (
    tenant_id    varchar(64)  not null references tenant (id) on delete cascade,
    user_id      varchar(64)  not null references app_user (id) on delete cascade,
    user_name    varchar(320) not null,
    external_id  varchar(320),
    active       boolean      not null,
    resource     text         not null,
    version      int          not null default 1,
    created_at   timestamptz  not null,
    updated_at   timestamptz  not null,
    primary key (tenant_id, user_id)
);
create unique index scim_user_name on scim_user (tenant_id, lower(user_name));
create unique index scim_user_external on scim_user (tenant_id, external_id);

create table scim_group (
    id           varchar(40)  primary key,
    tenant_id    varchar(64)  not null references tenant (id) on delete cascade,
    display_name varchar(256) not null,
    external_id  varchar(320),
    version      int          not null default 1,
    created_at   timestamptz  not null,
    updated_at   timestamptz  not null
);
create unique index scim_group_name on scim_group (tenant_id, lower(display_name));

create table scim_group_member (
    group_id varchar(40) not null references scim_group (id) on delete cascade,
    user_id  varchar(64) not null references app_user (id) on delete cascade,
    primary key (group_id, user_id)
);

-- Roles granted by a tenant's group mapping from SCIM groups are their own source, beside manual and SSO grants.
alter table tenant_role_grant drop constraint tenant_role_grant_source_check;
alter table tenant_role_grant add constraint tenant_role_grant_source_check check (source in ('manual', 'sso', 'scim'));
