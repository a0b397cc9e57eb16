package org.cortege.ops;

import io.micronaut.context.annotation.Context;
import java.util.List;
import org.cortege.shared.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses to start on a server that logs statements rather than rows: the pool's transactions are
 * READ COMMITTED (application.yml), and InnoDB then refuses every write when the binary log is on
 * with {@code binlog_format=STATEMENT}. Better a sentence at start-up than a site that cannot take
 * one sign-up. MariaDB's default (MIXED) and Galera's (ROW) are fine.
 */
@Context
class BinlogFormatGuard {

    private static final Logger LOG = LoggerFactory.getLogger(BinlogFormatGuard.class);

    BinlogFormatGuard(Sql sql) {
        List<String[]> row = sql.list("SELECT @@log_bin, @@binlog_format", List.of(), rs -> new String[] {rs.getString(1), rs.getString(2)});
        refuseIfStatementLogging("1".equals(row.get(0)[0]), row.get(0)[1]);
    }

    /** Throws, saying what to change, when the binary log is on in STATEMENT format. */
    static void refuseIfStatementLogging(boolean binaryLogOn, String format) {
        if (binaryLogOn && "STATEMENT".equalsIgnoreCase(format)) {
            String message = "The database server writes its binary log with binlog_format=STATEMENT, which cannot log the "
                    + "READ COMMITTED transactions Cortège uses: every write would fail. Set binlog_format=MIXED (MariaDB's "
                    + "default) or ROW in the server's configuration and restart it (docs/install.md, step 2 of the path without Docker).";
            LOG.error(message);
            throw new IllegalStateException(message);
        }
    }
}
