-- Refresh tokens are kept only as hashes. Concurrent refreshes inside the reuse interval each get their own
-- successor; all successors of one rotation are current together (a set), their predecessors previous.
alter table auth_session drop column refresh_sealed;
alter table auth_session add column current_hashes varchar(64)[] not null default '{}';
alter table auth_session add column previous_hashes varchar(64)[] not null default '{}';
update auth_session set current_hashes = array[refresh_hash],
                        previous_hashes = case when previous_refresh_hash is null then '{}' else array[previous_refresh_hash] end;
alter table auth_session drop column refresh_hash;
alter table auth_session drop column previous_refresh_hash;
