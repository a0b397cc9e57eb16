package org.cortege.people;

import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start-up: the stored admin flags follow CORTEGE_ADMIN_EMAILS as configured now (each request
 * checks again, {@link PersonService#findActive}, so nobody stays an admin on an old flag).
 */
@Singleton
class AdminSync {

    private static final Logger LOG = LoggerFactory.getLogger(AdminSync.class);

    private final Admins people;

    AdminSync(Admins people) {
        this.people = people;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        int changed = org.cortege.shared.Retry.onDeadlock(people::syncAdmins); // nodes starting together: see ConsentAudit
        if (changed > 0) {
            LOG.info("Admin rights brought in line with CORTEGE_ADMIN_EMAILS and the operator's grants: {} accounts changed", changed);
        }
    }
}
