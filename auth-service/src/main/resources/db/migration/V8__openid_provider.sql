-- The OpenID Provider face (design.md §3): its clients, the authorizations in flight, the browser sessions that
-- let one sign-in serve many apps, and its authorization codes. Every secret is stored as a SHA-256 hash.

create table oauth_client (
    id                         varchar(40)    primary key,
    name                       varchar(200)   not null,
    type                       varchar(16)    not null check (type in ('public', 'confidential')),
    token_auth_method          varchar(32)    not null check (token_auth_method in
                                   ('none', 'client_secret_basic', 'client_secret_post', 'private_key_jwt')),
    redirect_uris              varchar(2048)[] not null default '{}',
    post_logout_redirect_uris  varchar(2048)[] not null default '{}',
    grant_types                varchar(32)[]  not null default '{}',
    scopes                     varchar(64)[]  not null default '{}',
    -- private_key_jwt: the client's public keys (a JWKS document), registered inline.
    jwks                       text,
    created_at                 timestamptz    not null,
    updated_at                 timestamptz    not null
);

-- A confidential client has one secret, or two while a rotation overlaps; the old one stops at expires_at.
create table oauth_client_secret (
    id           varchar(40)   primary key,
    client_id    varchar(40)   not null references oauth_client (id) on delete cascade,
    secret_hash  varchar(64)   not null unique,
    created_at   timestamptz   not null,
    expires_at   timestamptz
);
create index oauth_client_secret_client on oauth_client_secret (client_id);

-- A browser's sign-in at the provider (the HttpOnly cookie holds the secret whose hash is id_hash).
create table browser_session (
    id            varchar(40)   primary key,
    secret_hash   varchar(64)   not null unique,
    user_id       varchar(64)   not null,
    tenant_id     varchar(64),
    amr           varchar(8)    not null,
    auth_time     timestamptz   not null,
    expires_at    timestamptz   not null,
    revoked_at    timestamptz
);
create index browser_session_expiry on browser_session (expires_at);

-- An /oauth2/authorize request waiting for its upstream sign-in. Bound to the browser that made it by a cookie
-- whose hash is binding_hash.
create table authorization_request (
    id              varchar(40)    primary key,
    binding_hash    varchar(64)    not null,
    client_id       varchar(40)    not null,
    redirect_uri    varchar(2048)  not null,
    response_mode   varchar(16)    not null,
    state           varchar(1024),
    nonce           varchar(512),
    scope           varchar(1024)  not null,
    code_challenge  varchar(128),
    login_hint      varchar(320),
    created_at      timestamptz    not null,
    expires_at      timestamptz    not null,
    used_at         timestamptz
);
create index authorization_request_expiry on authorization_request (expires_at);

create table authorization_code (
    code_hash           varchar(64)    primary key,
    client_id           varchar(40)    not null,
    redirect_uri        varchar(2048)  not null,
    user_id             varchar(64)    not null,
    tenant_id           varchar(64),
    amr                 varchar(8)     not null,
    auth_time           timestamptz    not null,
    nonce               varchar(512),
    scope               varchar(1024)  not null,
    code_challenge      varchar(128),
    browser_session_id  varchar(40),
    created_at          timestamptz    not null,
    expires_at          timestamptz    not null,
    used_at             timestamptz,
    -- The session the code started: revoked if the code is ever presented again (RFC 6749 §4.1.2).
    session_id          varchar(32)
);
create index authorization_code_expiry on authorization_code (expires_at);

-- Sessions started through the provider face remember their client and the browser session they came from
-- (RP-initiated logout ends them together).
alter table auth_session add column client_id varchar(40);
alter table auth_session add column browser_session_id varchar(40);
create index auth_session_browser_session on auth_session (browser_session_id);
