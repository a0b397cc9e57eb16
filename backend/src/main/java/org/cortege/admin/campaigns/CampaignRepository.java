package org.cortege.admin.campaigns;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.Collection;
import java.util.Optional;

/**
 * Rows of {@code campaign}. The view with its segment's and author's names, and the delivery queues
 * ({@code SKIP LOCKED}), are reads of {@link CampaignStore} and {@link CampaignDelivery}.
 */
@JdbcRepository(dialect = Dialect.MYSQL)
interface CampaignRepository extends CrudRepository<Campaign, Long> {

    /** The row, locked until the transaction ends: one change at a time (a double click finds it changed). */
    Optional<Campaign> findByIdForUpdate(Long id);

    boolean existsBySegmentIdAndStatusIn(Long segmentId, Collection<CampaignStatus> status);
}
