-- auth-service schema: signing keys, one-time codes and sessions.

-- Private keys are sealed with the key-encryption key from configuration; never stored in the clear.
create table signing_key (
    kid               varchar(64)  primary key,
    algorithm         varchar(8)   not null check (algorithm in ('RS256', 'ES256')),
    public_jwk        text         not null,
    private_key       text         not null,
    created_at        timestamptz  not null,
    retired_at        timestamptz,
    -- A retired key stays in the JWKS until every token it signed has expired.
    publish_until     timestamptz
);

-- Codes are stored as SHA-256 hashes: a database reader cannot redeem them.
create table one_time_code (
    code_hash     varchar(64)  primary key,
    user_id       varchar(64)  not null,
    tenant_id     varchar(64),
    amr           varchar(8)   not null check (amr in ('oauth', 'saml', 'oidc')),
    redirect_url  varchar(2048) not null,
    first_seen    boolean      not null,
    created_at    timestamptz  not null,
    expires_at    timestamptz  not null,
    used_at       timestamptz,
    -- The session the code started: revoked if the code is ever presented again (RFC 6749 §4.1.2).
    session_id    varchar(32)
);
create index one_time_code_expiry on one_time_code (expires_at);

-- One row per refresh-token family. Only the current token is honoured; its predecessor only within the
-- reuse interval (concurrent refreshes), and then the answer is the same current token, kept sealed.
create table auth_session (
    id                     varchar(32)  primary key,
    user_id                varchar(64)  not null,
    tenant_id              varchar(64),
    amr                    varchar(8)   not null,
    refresh_hash           varchar(64)  not null,
    refresh_sealed         text         not null,
    previous_refresh_hash  varchar(64),
    rotated_at             timestamptz,
    created_at             timestamptz  not null,
    last_refresh_at        timestamptz,
    expires_at             timestamptz  not null,
    revoked_at             timestamptz,
    revoke_reason          varchar(32)
);
create index auth_session_user on auth_session (user_id);
create index auth_session_expiry on auth_session (expires_at);
