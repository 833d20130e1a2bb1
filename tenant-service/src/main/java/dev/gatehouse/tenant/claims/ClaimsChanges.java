package dev.gatehouse.tenant.claims;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Collects, per transaction, whose token claims a change touched; once the transaction has committed, auth-service
 * is told in one call (and never about a change that rolled back). Every change to a user's roles, memberships,
 * profile, status or existence goes through here, as does every change to a role, permission or tenant that
 * can touch anyone's.
 */
@ApplicationScoped
public class ClaimsChanges {

    private static final Object KEY = ClaimsChanges.class;

    @Inject
    TransactionSynchronizationRegistry transactions;

    @Inject
    AuthServiceNotifier notifier;

    public void user(String userId) {
        pending().userIds.add(userId);
    }

    public void everyone() {
        pending().everyone = true;
    }

    private Pending pending() {
        Pending pending = (Pending) transactions.getResource(KEY);
        if (pending == null) {
            Pending created = new Pending();
            transactions.putResource(KEY, created);
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    if (status == Status.STATUS_COMMITTED) {
                        notifier.invalidate(created.everyone ? Set.of() : created.userIds, created.everyone);
                    }
                }
            });
            pending = created;
        }
        return pending;
    }

    private static final class Pending {
        final Set<String> userIds = new LinkedHashSet<>();
        boolean everyone;
    }
}
