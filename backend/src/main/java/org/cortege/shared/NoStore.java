package org.cortege.shared;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;

/** Answers about people (admin lists, a person's record): never kept by a browser or a proxy. */
public final class NoStore {

    private NoStore() {
    }

    public static <T> MutableHttpResponse<T> ok(T body) {
        return HttpResponse.ok(body).header("Cache-Control", "no-store");
    }
}
