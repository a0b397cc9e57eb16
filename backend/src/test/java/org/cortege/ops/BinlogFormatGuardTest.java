package org.cortege.ops;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The decision only: every other test starts the app on a real server (binary log off, or MIXED/ROW). */
class BinlogFormatGuardTest {

    @Test
    void aStatementBinaryLogIsRefusedWithWhatToChange() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> BinlogFormatGuard.refuseIfStatementLogging(true, "STATEMENT"));
        assertTrue(refused.getMessage().contains("binlog_format=MIXED"), refused.getMessage());
    }

    @Test
    void rowOrMixedLogsOrNoBinaryLogAtAllStart() {
        assertDoesNotThrow(() -> BinlogFormatGuard.refuseIfStatementLogging(true, "ROW"));
        assertDoesNotThrow(() -> BinlogFormatGuard.refuseIfStatementLogging(true, "MIXED"));
        assertDoesNotThrow(() -> BinlogFormatGuard.refuseIfStatementLogging(false, "STATEMENT"));
    }
}
