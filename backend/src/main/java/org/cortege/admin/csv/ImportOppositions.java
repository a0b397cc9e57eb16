package org.cortege.admin.csv;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cortege.shared.InstanceSecret;
import org.cortege.shared.Sql;

/**
 * Addresses whose owner objected to being in the movement's contact file (the link of the
 * first-contact notice): an import never brings them back. Only a keyed hash of each address is
 * kept ({@code import_opposition}): the list shows no address to whoever reads the table; someone
 * who also holds the instance secret (in the same database) can still test an address they guess.
 * Addresses are compared as normalized (trimmed, lower case); {@code ana+x@…} is another address.
 */
@Singleton
class ImportOppositions {

    private final Sql sql;
    private final InstanceSecret secret;

    ImportOppositions(Sql sql, InstanceSecret secret) {
        this.sql = sql;
        this.secret = secret;
    }

    private String hash(String normalizedEmail) {
        return secret.sign("import-opposition|" + normalizedEmail);
    }

    void record(String normalizedEmail, Instant now) {
        sql.update("INSERT IGNORE INTO import_opposition (email_hash, created_at) VALUES (?, ?)", List.of(hash(normalizedEmail), now));
    }

    /** Those of these (normalized) addresses whose owner objected. */
    Set<String> among(Collection<String> normalizedEmails) {
        Set<String> opposed = new HashSet<>();
        if (normalizedEmails.isEmpty()) {
            return opposed;
        }
        Map<String, String> byHash = new HashMap<>();
        for (String e : normalizedEmails) {
            byHash.put(hash(e), e);
        }
        List<Object> hashes = new ArrayList<>(byHash.keySet());
        sql.list("SELECT email_hash FROM import_opposition WHERE email_hash IN (" + Sql.marks(hashes.size()) + ")", hashes,
                rs -> opposed.add(byHash.get(rs.getString(1))));
        return opposed;
    }
}
