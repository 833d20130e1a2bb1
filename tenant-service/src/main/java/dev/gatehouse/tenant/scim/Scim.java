package dev.gatehouse.tenant.scim;

import dev.gatehouse.common.Text;
import dev.gatehouse.tenant.common.TenantServiceConfig;
import jakarta.ws.rs.core.UriInfo;

/** Constants of RFC 7643/7644 and small helpers the SCIM classes share. */
final class Scim {

    static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
    static final String ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    static final String LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    static final String PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    private Scim() {
    }

    /** The tenant's SCIM base URL as its IdP must use it: the configured public URL, else the one we were called at. */
    static String baseUrl(TenantServiceConfig config, UriInfo uri, String tenantId) {
        return Text.withoutTrailingSlashes(config.scim().publicUrl().orElse(uri.getBaseUri().toString())) + "/scim/v2/" + tenantId;
    }
}
