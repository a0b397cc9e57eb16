package org.cortege.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code cortege} command of docs/install.md (docker/systemd/cortege), which runs an operator's
 * command with the service's settings: it reads /etc/cortege.env as systemd does, values with spaces,
 * angle brackets, quotes and dollars intact (a shell's {@code . /etc/cortege.env} breaks on
 * {@code Mon mouvement <contact@…>} and expands {@code $} in a password), passes nothing of the
 * caller's environment, and runs Java in UTF-8. A stand-in for Java prints what it received.
 */
class OperatorCommandTest {

    private static final Path COMMAND = Path.of("..", "docker", "systemd", "cortege").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void theServiceSettingsReachTheCommandExactlyAndNothingElse() throws Exception {
        Path env = dir.resolve("cortege.env");
        Files.writeString(env, String.join("\n",
                "# the service's settings",
                "CORTEGE_MAIL_FROM=Mon mouvement <contact@example.org>",
                "DATASOURCES_DEFAULT_PASSWORD=pa$$w\"o'rd$(id)",
                "CORTEGE_ORGANIZATION_NAME=\"Cortège d'ici\"   ",
                "",
                "  ; another comment",
                "CORTEGE_PUBLIC_URL=https://soutiens.example.org\r",
                "not a setting at all secret-value",
                "LAST_LINE_WITHOUT_NEWLINE=fin"), StandardCharsets.UTF_8);
        Path java = dir.resolve("java");
        Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do echo \"arg:$a\"; done\nenv | sort | sed 's/^/env:/'\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));

        ProcessBuilder pb = new ProcessBuilder("bash", COMMAND.toString(), "create-admin", "--email", "moi@example.org")
                .redirectErrorStream(true);
        pb.environment().put("CORTEGE_ENV_FILE", env.toString());
        pb.environment().put("CORTEGE_JAR", "/opt/cortege/cortege.jar");
        pb.environment().put("CORTEGE_USER", System.getProperty("user.name"));
        pb.environment().put("JAVA", java.toString());
        pb.environment().put("CALLERS_OWN_SECRET", "must-not-pass");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        List<String> lines = out.lines().toList();

        assertTrue(lines.contains("env:CORTEGE_MAIL_FROM=Mon mouvement <contact@example.org>"), out);
        assertTrue(lines.contains("env:DATASOURCES_DEFAULT_PASSWORD=pa$$w\"o'rd$(id)"), "nothing expanded: " + out);
        assertTrue(lines.contains("env:CORTEGE_ORGANIZATION_NAME=Cortège d'ici"), "quotes and trailing blanks as systemd: " + out);
        assertTrue(lines.contains("env:CORTEGE_PUBLIC_URL=https://soutiens.example.org"), "a Windows line end dropped: " + out);
        assertTrue(lines.contains("env:LAST_LINE_WITHOUT_NEWLINE=fin"), out);
        assertTrue(lines.contains("env:LANG=C.UTF-8"), out);
        assertFalse(out.contains("must-not-pass"), "the caller's environment stays out");
        assertTrue(out.contains("line 8: not KEY=VALUE, ignored"), out);
        assertFalse(out.contains("secret-value"), "a malformed line is not printed: it may hold a password");
        assertEquals(List.of("arg:-Dfile.encoding=UTF-8", "arg:-Dsun.stdout.encoding=UTF-8", "arg:-Dsun.stderr.encoding=UTF-8",
                "arg:-jar", "arg:/opt/cortege/cortege.jar", "arg:create-admin", "arg:--email", "arg:moi@example.org"),
                lines.stream().filter(l -> l.startsWith("arg:")).toList());
    }

    @Test
    void theUnitStopsCleanlyAndSpeaksUtf8() throws IOException {
        String unit = Files.readString(COMMAND.resolveSibling("cortege.service"));
        assertTrue(unit.contains("\nSuccessExitStatus=143\n"), "SIGTERM's exit code is a clean stop, not a failure");
        assertTrue(unit.contains("-Dfile.encoding=UTF-8") && unit.contains("Environment=LANG=C.UTF-8"));
        assertTrue(unit.contains("EnvironmentFile=/etc/cortege.env") && unit.contains("/opt/cortege/cortege.jar"),
                "the same settings and jar as the cortege command");
    }
}
