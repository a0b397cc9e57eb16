package org.cortege.shared;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.server.util.HttpClientAddressResolver;
import jakarta.inject.Singleton;

/**
 * The visitor's address, for rate limits only (never stored: buckets hold its hash). Behind a
 * proxy, {@code CORTEGE_CLIENT_ADDRESS_HEADER} names the header carrying it.
 */
@Singleton
public class ClientAddress {

    private final HttpClientAddressResolver resolver;

    public ClientAddress(HttpClientAddressResolver resolver) {
        this.resolver = resolver;
    }

    public String of(HttpRequest<?> request) {
        String address = resolver.resolve(request);
        return address == null ? "unknown" : address;
    }
}
