package dev.gatehouse.tenant.scim;

import com.unboundid.scim2.client.ScimService;
import com.unboundid.scim2.common.exceptions.ResourceNotFoundException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.messages.ListResponse;
import com.unboundid.scim2.common.types.Email;
import com.unboundid.scim2.common.types.EnterpriseUserExtension;
import com.unboundid.scim2.common.types.GroupResource;
import com.unboundid.scim2.common.types.Member;
import com.unboundid.scim2.common.types.Name;
import com.unboundid.scim2.common.types.UserResource;
import dev.gatehouse.embeddeddb.EmbeddedPostgresResource;
import dev.gatehouse.tenant.support.Api;
import dev.gatehouse.tenant.support.PeerHttpServer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.ClientRequestFilter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.List;
import java.util.Map;

import static dev.gatehouse.tenant.support.Api.asProjectAdmin;
import static dev.gatehouse.tenant.support.Api.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Our SCIM service provider as UnboundID's SCIM 2 SDK client (Maven Central; nobody here wrote it) sees it:
 * discovery, the user lifecycle, filters, PATCH, groups that grant roles through the tenant's mapping, errors.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PeerHttpServer.class, scope = TestResourceScope.GLOBAL)
class ScimClientTest {

    @TestHTTPResource("/")
    URL root;

    private Client client;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void theUnboundIdClientRunsTheWholeLifecycle() throws ScimException {
        String domain = unique("scimco") + ".test";
        String tenant = Api.createTenant(domain);
        ScimFixtures.samlWithMapping(tenant, "gatehouse-admins", "Tenant Admin");
        ScimService scim = scim(tenant);

        assertThat(scim.getServiceProviderConfig().getPatch().isSupported()).isTrue();
        assertThat(scim.getResourceTypes().getResources()).extracting(r -> r.getName()).contains("User", "Group");

        UserResource ada = new UserResource().setUserName("ada@" + domain).setDisplayName("Ada Lovelace")
                .setName(new Name().setGivenName("Ada").setFamilyName("Lovelace"))
                .setEmails(List.of(new Email().setValue("ada@" + domain).setType("work").setPrimary(true)))
                .setActive(true);
        ada.setExternalId("00u-ada");
        EnterpriseUserExtension enterprise = new EnterpriseUserExtension().setDepartment("Analytical Engines");
        ada.setExtension(enterprise);
        UserResource created = scim.create("Users", ada);
        assertThat(created.getId()).isNotBlank();
        assertThat(created.getMeta().getVersion()).isEqualTo("W/\"1\"");
        assertThat(created.getExtension(EnterpriseUserExtension.class).getDepartment()).isEqualTo("Analytical Engines");
        // The same person is one of our users, a member of the tenant, with the verified domain's address.
        asProjectAdmin().get("/v1/mgmt/users/" + created.getId()).then().statusCode(200)
                .body("email", org.hamcrest.Matchers.equalTo("ada@" + domain))
                .body("userTenants.tenantId", org.hamcrest.Matchers.hasItem(tenant));

        ListResponse<UserResource> byName = scim.searchRequest("Users").filter("userName eq \"ADA@" + domain + "\"")
                .invoke(UserResource.class);
        assertThat(byName.getTotalResults()).isEqualTo(1);
        assertThat(scim.searchRequest("Users").filter("externalId eq \"00u-ada\" and active eq true")
                .invoke(UserResource.class).getTotalResults()).isEqualTo(1);
        assertThat(scim.searchRequest("Users").filter("name.familyName sw \"Love\" or userName co \"nobody\"")
                .invoke(UserResource.class).getTotalResults()).isEqualTo(1);
        assertThat(scim.searchRequest("Users").filter("emails[type eq \"work\" and value co \"ada\"]")
                .invoke(UserResource.class).getTotalResults()).isEqualTo(1);
        assertThat(scim.searchRequest("Users").filter("title pr").invoke(UserResource.class).getTotalResults()).isZero();

        UserResource renamed = scim.modifyRequest("Users", created.getId()).replaceValue("name.givenName", "Augusta")
                .invoke(UserResource.class);
        assertThat(renamed.getName().getGivenName()).isEqualTo("Augusta");

        GroupResource admins = new GroupResource().setDisplayName("gatehouse-admins")
                .setMembers(List.of(new Member().setValue(created.getId())));
        GroupResource group = scim.create("Groups", admins);
        assertThat(group.getMembers()).extracting(Member::getValue).containsExactly(created.getId());
        rolesIn(tenant, created.getId(), List.of("Tenant Admin"));
        scim.modifyRequest("Groups", group.getId()).removeValues("members[value eq \"" + created.getId() + "\"]")
                .invoke(GroupResource.class);
        rolesIn(tenant, created.getId(), List.of());

        // Deactivation takes the user out of the tenant; reactivation brings them back.
        UserResource inactive = scim.modifyRequest("Users", created.getId()).replaceValue("active", false)
                .invoke(UserResource.class);
        assertThat(inactive.getActive()).isFalse();
        asProjectAdmin().get("/v1/mgmt/users/" + created.getId()).then()
                .body("userTenants.tenantId", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(tenant)));
        scim.modifyRequest("Users", created.getId()).replaceValue("active", true).invoke(UserResource.class);
        asProjectAdmin().get("/v1/mgmt/users/" + created.getId()).then()
                .body("userTenants.tenantId", org.hamcrest.Matchers.hasItem(tenant));

        scim.delete("Users", created.getId());
        assertThatThrownBy(() -> scim.retrieve("Users", created.getId(), UserResource.class))
                .isInstanceOf(ResourceNotFoundException.class);
        asProjectAdmin().queryParam("tenant", tenant).queryParam("type", "scim.user.provisioned")
                .get("/v1/mgmt/events").then().body("data[0].actor", org.hamcrest.Matchers.startsWith("scim:"));
    }

    private void rolesIn(String tenant, String userId, List<String> roles) {
        asProjectAdmin().get("/v1/mgmt/users/" + userId).then()
                .body("userTenants.find { it.tenantId == '" + tenant + "' }.roleNames", org.hamcrest.Matchers.equalTo(roles));
    }

    private ScimService scim(String tenant) {
        String token = asProjectAdmin().post("/v1/mgmt/tenants/" + tenant + "/scim/tokens").then().statusCode(201)
                .extract().path("secret");
        client = ClientBuilder.newClient();
        return new ScimService(client.target(root.toString() + "scim/v2/" + tenant)
                .register((ClientRequestFilter) request -> request.getHeaders().putSingle("Authorization", "Bearer " + token)));
    }
}
