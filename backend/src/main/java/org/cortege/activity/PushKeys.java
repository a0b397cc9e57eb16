package org.cortege.activity;

import com.interaso.webpush.VapidKeys;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.cortege.shared.Sql;

/**
 * The instance's VAPID key pair (RFC 8292): made at the first need by whichever node comes first ({@code INSERT
 * IGNORE} of row 1, then everyone reads the row), kept in MariaDB so that every node signs with the same key and
 * browsers' subscriptions outlive restarts and upgrades. The public key is what browsers subscribe with.
 */
@Singleton
class PushKeys {

    private final Sql sql;
    private volatile VapidKeys keys;

    PushKeys(Sql sql) {
        this.sql = sql;
    }

    @Transactional
    public VapidKeys keys() {
        VapidKeys k = keys;
        if (k == null) {
            VapidKeys made = VapidKeys.generate();
            sql.update("INSERT IGNORE INTO vapid_key (id, public_key, private_key, created_at) VALUES (1, ?, ?, ?)",
                    List.of(made.getX509PublicKey(), made.getPkcs8PrivateKey(), Timestamp.from(Instant.now())));
            List<VapidKeys> stored = sql.list("SELECT public_key, private_key FROM vapid_key WHERE id = 1", List.of(),
                    rs -> VapidKeys.create(rs.getString(1), rs.getString(2)));
            k = stored.get(0);
            keys = k;
        }
        return k;
    }

    /** The public key as browsers take it ({@code applicationServerKey}): the uncompressed point, base64url. */
    String publicKey() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(keys().getApplicationServerKey());
    }
}
