package org.cortege.admin;

/**
 * A feature whose waiting work is addressed to a segment (a scheduled mailing): while it waits,
 * the segment cannot be deleted. Implemented by those features, consulted by {@link SegmentService}.
 */
public interface SegmentUsers {

    /** Whether work waiting to run is addressed to this segment. */
    boolean waitingOn(String segmentPublicId);
}
