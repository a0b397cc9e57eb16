package org.cortege.shared;

import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A random key shared by every node through MariaDB (the first node to need it makes it), to sign
 * links that act without a session, such as one-click unsubscription. Nothing to configure, and
 * nothing secret in the configuration.
 */
@Singleton
public class InstanceSecret {

    private final Sql sql;
    private volatile byte[] key;

    public InstanceSecret(Sql sql) {
        this.sql = sql;
    }

    /** HMAC-SHA256 of {@code data}, URL-safe, 43 characters. */
    public String sign(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    }

    /** Whether {@code signature} is {@link #sign}'s for {@code data}, compared in constant time. */
    public boolean verify(String data, String signature) {
        return signature != null && MessageDigest.isEqual(sign(data).getBytes(StandardCharsets.UTF_8),
                signature.getBytes(StandardCharsets.UTF_8));
    }

    private byte[] key() {
        byte[] k = key;
        if (k == null) {
            synchronized (this) {
                if (key == null) {
                    key = load();
                }
                k = key;
            }
        }
        return k;
    }

    private byte[] load() {
        // The first node to start writes it; every node then reads the same one.
        sql.update("INSERT IGNORE INTO instance_secret (name, secret, created_at) VALUES ('links', ?, ?)",
                List.of(Tokens.hash(Tokens.newToken() + Tokens.newToken()), Instant.now()));
        return sql.list("SELECT secret FROM instance_secret WHERE name = 'links'", List.of(), rs -> HexFormat.of().parseHex(rs.getString(1)))
                .get(0);
    }
}
