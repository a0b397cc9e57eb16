package org.cortege.shared;

import io.micronaut.http.HttpResponse;

/** Answers about people (admin lists, a person's record): never kept by a browser or a proxy. */
public final class NoStore {

    private NoStore() {
    }

    public static <T> HttpResponse<T> ok(T body) {
        return HttpResponse.ok(body).header("Cache-Control", "no-store");
    }
}
