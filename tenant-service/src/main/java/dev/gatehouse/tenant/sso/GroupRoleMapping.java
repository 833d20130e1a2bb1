package dev.gatehouse.tenant.sso;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.util.Objects;

@Entity
@Table(name = "group_role_mapping")
@IdClass(GroupRoleMapping.Key.class)
public class GroupRoleMapping extends PanacheEntityBase {

    @Id
    public String tenantId;
    @Id
    public String groupName;
    @Id
    public String roleName;

    public static class Key implements Serializable {
        public String tenantId;
        public String groupName;
        public String roleName;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(tenantId, k.tenantId) && Objects.equals(groupName, k.groupName)
                    && Objects.equals(roleName, k.roleName);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tenantId, groupName, roleName);
        }
    }
}
