-- Passkeys (WebAuthn): a user's credentials, with the counter and backup flags their authenticators report.
create table passkey (
    credential_id             varchar(1400) primary key,  -- base64url; WebAuthn ids are at most 1023 bytes
    user_id                   varchar(64)   not null,
    attested_credential_data  bytea         not null,     -- AAGUID, credential id and COSE public key
    sign_count                bigint        not null,
    uv_initialized            boolean       not null,
    backup_eligible           boolean       not null,
    backup_state              boolean       not null,
    transports                varchar(200),
    created_at                timestamptz   not null,
    last_used_at              timestamptz
);
create index passkey_user on passkey (user_id);

-- One registration or authentication ceremony: its challenge, used once, within minutes.
create table passkey_ceremony (
    id          varchar(64)   primary key,  -- the wire's transactionId
    kind        varchar(16)   not null,     -- register | authenticate
    login_id    varchar(320),
    user_id     varchar(64),
    session_id  varchar(64),                -- registration or step-up: the signed-in session it belongs to
    challenge   varchar(64)   not null,
    expires_at  timestamptz   not null,
    used_at     timestamptz,
    created_at  timestamptz   not null
);
create index passkey_ceremony_expiry on passkey_ceremony (expires_at);

-- When the session's user last proved who they are (sign-in, or a step-up since): the session JWT's auth_time,
-- which apps compare with a freshness bound before sensitive actions.
alter table auth_session add column authenticated_at timestamptz;
update auth_session set authenticated_at = created_at;
