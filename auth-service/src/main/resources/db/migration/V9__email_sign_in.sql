-- Sign-in by email: a one-time code or a magic link, stored as a hash, single use, short-lived.
create table email_challenge (
    id                  varchar(40)   primary key,
    kind                varchar(16)   not null check (kind in ('otp', 'magiclink')),
    email               varchar(320)  not null,
    -- SHA-256 of the link token, or of the challenge id and the code together.
    secret_hash         varchar(64)   not null unique,
    attempts            integer       not null default 0,
    -- Step-up (loginOptions.stepup / mfa): the session that gains the method instead of a new session.
    step_up_session_id  varchar(32),
    created_at          timestamptz   not null,
    expires_at          timestamptz   not null,
    used_at             timestamptz
);
create index email_challenge_pending on email_challenge (email, kind) where used_at is null;
create index email_challenge_expiry on email_challenge (expires_at);

-- amr lists every method of a session ("oauth,otp" after a step-up), and "magiclink" is longer than 8.
alter table auth_session alter column amr type varchar(64);
alter table browser_session alter column amr type varchar(64);
alter table authorization_code alter column amr type varchar(64);
