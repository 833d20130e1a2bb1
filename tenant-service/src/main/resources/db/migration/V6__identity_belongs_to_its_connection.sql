-- The tenant boundary (issue #12). An external identity was keyed by (issuer, subject), project-wide, and a
-- tenant's issuer is whatever its admin typed: a tenant could name another tenant's entity ID, or a social
-- issuer, and sign in as that tenant's users. From here an identity is keyed by the connection that asserted
-- it: 'social:<provider>' for a configured social provider, 'tenant:<tenant id>:<connection id>' for a
-- tenant's SAML/OIDC connection. A connection id is new whenever a tenant points its connection at another
-- IdP (another entity ID or issuer), so a replaced or deleted connection hands its users to nobody.

alter table sso_connection add column connection_id varchar(40);
update sso_connection set connection_id = 'conn_' || replace(gen_random_uuid()::text, '-', '');
alter table sso_connection alter column connection_id set not null;
create unique index sso_connection_id_unique on sso_connection (connection_id);

alter table external_identity add column connection varchar(200);
update external_identity set connection = 'social:' || provider where kind = 'oauth';
-- Enterprise rows carry the tenant id as provider: they move to that tenant's current connection only when
-- it is still the IdP that asserted them.
update external_identity e
   set connection = 'tenant:' || c.tenant_id || ':' || c.connection_id
  from sso_connection c
 where e.kind in ('saml', 'oidc') and e.connection is null and c.tenant_id = e.provider and c.type = e.kind
   and e.issuer = case when c.type = 'saml' then c.saml_idp_entity_id else c.oidc_issuer end;
-- Anything else is kept for the record, reachable through no connection.
update external_identity set connection = 'retired:' || kind || ':' || provider || ':' || md5(issuer)
 where connection is null;
alter table external_identity alter column connection set not null;
alter table external_identity drop constraint external_identity_pkey;
alter table external_identity add primary key (connection, subject);

-- Only the connection that owns a user updates their name and email at sign-in; a user linked by email
-- from elsewhere keeps the profile its owner gave it.
alter table app_user add column owner_connection varchar(200);
update app_user u
   set owner_connection = (select e.connection from external_identity e where e.user_id = u.id
                            order by e.created_at, e.connection limit 1);
