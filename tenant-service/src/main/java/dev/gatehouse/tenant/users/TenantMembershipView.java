package dev.gatehouse.tenant.users;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

import java.io.Serializable;
import java.util.Objects;

/** Read-only view of memberships for queries; {@link TenantRoles} writes them. */
@Entity
@Immutable
@Table(name = "tenant_membership")
@IdClass(TenantMembershipView.Key.class)
public class TenantMembershipView {

    @Id
    public String userId;
    @Id
    public String tenantId;

    public static class Key implements Serializable {
        public String userId;
        public String tenantId;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && Objects.equals(userId, other.userId) && Objects.equals(tenantId, other.tenantId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(userId, tenantId);
        }
    }
}
