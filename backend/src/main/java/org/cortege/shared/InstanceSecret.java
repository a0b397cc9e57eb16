package org.cortege.shared;

import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

/**
 * A random key shared by every node through MariaDB (the first node to need it makes it), to sign
 * links that act without a session, such as one-click unsubscription. Nothing to configure, and
 * nothing secret in the configuration.
 */
@Singleton
public class InstanceSecret {

    private final DataSource dataSource;
    private volatile byte[] key;

    public InstanceSecret(DataSource dataSource) {
        this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
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
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT IGNORE INTO instance_secret (name, secret, created_at) VALUES ('links', ?, ?)")) {
                insert.setString(1, Tokens.hash(Tokens.newToken() + Tokens.newToken()));
                insert.setTimestamp(2, Timestamp.from(Instant.now()));
                insert.executeUpdate();
            }
            try (PreparedStatement select = c.prepareStatement("SELECT secret FROM instance_secret WHERE name = 'links'");
                 ResultSet rs = select.executeQuery()) {
                rs.next();
                return HexFormat.of().parseHex(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the instance secret", e);
        }
    }
}
