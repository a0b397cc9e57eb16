package org.cortege.shared;

import io.micronaut.core.annotation.Nullable;

/** The page numbers lists accept: 1 by default, at most 10 000 (deeper paging is a scrape, not a reader). */
public final class Paging {

    private Paging() {
    }

    /** @throws ApiException 400 on the {@code page} field outside 1–10 000 */
    public static int page(@Nullable Integer page) {
        int p = page == null ? 1 : page;
        if (p < 1 || p > 10000) {
            throw ApiException.invalidField("page", "validation.page");
        }
        return p;
    }
}
