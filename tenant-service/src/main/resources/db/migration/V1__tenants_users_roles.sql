-- tenant-service schema: tenants, their SSO setup, users, roles and the credentials that manage them.

create table tenant (
    id                 varchar(64)  primary key,
    name               varchar(200) not null,
    self_provisioning  boolean      not null default false,
    created_at         timestamptz  not null,
    updated_at         timestamptz  not null
);
create unique index tenant_name_unique on tenant (lower(name));

-- A domain routes home-realm discovery to one tenant, so it is unique across all tenants.
create table sso_domain (
    domain      varchar(253) primary key,
    tenant_id   varchar(64)  not null references tenant (id) on delete cascade,
    created_at  timestamptz  not null
);
create index sso_domain_tenant on sso_domain (tenant_id);

create table permission (
    name         varchar(100) primary key,
    description  varchar(500) not null default ''
);

create table role (
    name         varchar(100) primary key,
    description  varchar(500) not null default '',
    built_in     boolean      not null default false
);

create table role_permission (
    role_name        varchar(100) not null references role (name) on delete cascade on update cascade,
    permission_name  varchar(100) not null references permission (name) on delete cascade,
    primary key (role_name, permission_name)
);

insert into role (name, description, built_in)
values ('Tenant Admin', 'Manages the SSO connection, domains, mappings and user roles of a tenant', true);

create table sso_connection (
    tenant_id                varchar(64)   primary key references tenant (id) on delete cascade,
    type                     varchar(8)    not null check (type in ('saml', 'oidc')),
    -- SAML identity provider
    saml_metadata_url        varchar(2048),
    saml_idp_entity_id       varchar(1024),
    saml_sso_url             varchar(2048),
    saml_sso_binding         varchar(16),
    saml_certificates        text,
    saml_nameid_format       varchar(256),
    saml_metadata_fetched_at timestamptz,
    saml_idp_initiated       boolean       not null default false,
    saml_sign_requests       boolean       not null default false,
    -- OIDC identity provider
    oidc_issuer              varchar(1024),
    oidc_client_id           varchar(512),
    oidc_client_secret       text,
    oidc_scopes              varchar(512),
    -- which attribute or claim carries what
    map_email                varchar(256)  not null default 'email',
    map_first_name           varchar(256)  not null default 'firstName',
    map_last_name            varchar(256)  not null default 'lastName',
    map_uid                  varchar(256)  not null default 'uid',
    map_groups               varchar(256)  not null default 'groups',
    updated_at               timestamptz   not null
);

create table group_role_mapping (
    tenant_id   varchar(64)  not null references tenant (id) on delete cascade,
    group_name  varchar(256) not null,
    role_name   varchar(100) not null references role (name) on delete cascade on update cascade,
    primary key (tenant_id, group_name, role_name)
);

create table app_user (
    id             varchar(64)  primary key,
    email          varchar(320),
    name           varchar(200),
    given_name     varchar(100),
    family_name    varchar(100),
    status         varchar(8)   not null default 'enabled' check (status in ('enabled', 'disabled')),
    created_at     timestamptz  not null,
    last_login_at  timestamptz
);
create unique index app_user_email_unique on app_user (email);

-- Federated identities are linked by issuer + subject only: never by an email address alone.
create table external_identity (
    issuer      varchar(1024) not null,
    subject     varchar(512)  not null,
    user_id     varchar(64)   not null references app_user (id) on delete cascade,
    kind        varchar(8)    not null check (kind in ('oauth', 'oidc', 'saml')),
    provider    varchar(100)  not null,
    created_at  timestamptz   not null,
    primary key (issuer, subject)
);
create index external_identity_user on external_identity (user_id);

create table tenant_membership (
    user_id     varchar(64) not null references app_user (id) on delete cascade,
    tenant_id   varchar(64) not null references tenant (id) on delete cascade,
    created_at  timestamptz not null,
    primary key (user_id, tenant_id)
);
create index tenant_membership_tenant on tenant_membership (tenant_id);

-- source: 'manual' (granted through the API) or 'sso' (granted by a group mapping at sign-in).
create table tenant_role_grant (
    user_id    varchar(64)  not null,
    tenant_id  varchar(64)  not null,
    role_name  varchar(100) not null references role (name) on delete cascade on update cascade,
    source     varchar(8)   not null check (source in ('manual', 'sso')),
    primary key (user_id, tenant_id, role_name),
    foreign key (user_id, tenant_id) references tenant_membership (user_id, tenant_id) on delete cascade
);

create table project_role_grant (
    user_id    varchar(64)  not null references app_user (id) on delete cascade,
    role_name  varchar(100) not null references role (name) on delete cascade on update cascade,
    primary key (user_id, role_name)
);

-- Secrets are stored as SHA-256 hashes; they are 256-bit random values, so a fast hash is enough.
create table management_key (
    id            varchar(32)  primary key,
    name          varchar(200) not null,
    secret_hash   varchar(64)  not null unique,
    created_at    timestamptz  not null,
    expires_at    timestamptz,
    revoked_at    timestamptz,
    last_used_at  timestamptz
);

create table audit_event (
    id           bigserial     primary key,
    occurred_at  timestamptz   not null,
    actor        varchar(200)  not null,
    action       varchar(100)  not null,
    tenant_id    varchar(64),
    target       varchar(400),
    outcome      varchar(16)   not null,
    detail       varchar(2000)
);
create index audit_event_tenant on audit_event (tenant_id, occurred_at desc);
create index audit_event_action on audit_event (action, occurred_at desc);
