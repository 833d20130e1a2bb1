-- What tenant-service last said about each user (profile and token claims). A refresh reads it instead of
-- calling tenant-service while it is fresh, and falls back on it for a bounded time while tenant-service is
-- unreachable (issues #14, #15). tenant-service pushes invalidations on every change to a user's claims; an
-- invalidated row has no profile. The row '*' records the last invalidation of everyone (a role redefined, a
-- tenant deleted): entries fetched before it do not count.
create table user_claims (
    user_id        varchar(64) primary key,
    profile        text,
    fetched_at     timestamptz not null,
    invalidated_at timestamptz
);
