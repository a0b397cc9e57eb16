package org.cortege.counters;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.junit.jupiter.api.Test;

/** With the production setting (a few seconds), a new supporter shows only when the cache expires. */
@AppTest
class CountersCacheTest extends ApiTest {

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("cortege.counters.cache-ttl", "2s");
    }

    @Test
    void figuresAreCachedForTheConfiguredTime() {
        long before = ((Number) api.get("/api/counters").get("supporters")).longValue();
        confirmedSupporter(newEmail());
        assertEquals(before, ((Number) api.get("/api/counters").get("supporters")).longValue(), "still cached");
        org.cortege.support.TestMail.sleep(2100);
        assertEquals(before + 1, ((Number) api.get("/api/counters").get("supporters")).longValue(), "cache expired");
    }
}
