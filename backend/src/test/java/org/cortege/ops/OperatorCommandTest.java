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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code cortege} command of docs/install.md (docker/systemd/cortege), which runs an operator's
 * command with the service's settings: it reads /etc/cortege.env as systemd reads an EnvironmentFile
 * (the cases of systemd's own parser: quotes, escapes, continued lines, blanks), values with spaces,
 * angle brackets and dollars intact (a shell's {@code . /etc/cortege.env} breaks on
 * {@code Mon mouvement <contact@…>} and expands {@code $}), passes nothing of the caller's
 * environment, never puts a setting on a command line, becomes the service's user without a root
 * process staying behind, and runs Java in UTF-8. A stand-in for Java prints what it received.
 */
class OperatorCommandTest {

    private static final Path COMMAND = Path.of("..", "docker", "systemd", "cortege").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private record Run(int exit, String output) {
        List<String> lines() {
            return output.lines().toList();
        }
    }

    private Run run(Path env, String... args) throws IOException, InterruptedException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do echo \"arg:$a\"; done\nenv | sort | sed 's/^/env:/'\n"
                + "echo \"user:$(id -un)\"\necho \"parent:$(cat /proc/$PPID/comm)\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> command = new java.util.ArrayList<>(List.of("bash", COMMAND.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        boolean root = "root".equals(System.getProperty("user.name"));
        pb.environment().putAll(Map.of("CORTEGE_ENV_FILE", env.toString(), "CORTEGE_JAR", "/opt/cortege/cortege.jar",
                // as root (CI), the command becomes another user as it would become cortege
                "CORTEGE_USER", root ? "nobody" : System.getProperty("user.name"), "JAVA", java.toString(),
                "CALLERS_OWN_SECRET", "must-not-pass"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out);
    }

    @Test
    void theServiceSettingsReachTheCommandAsSystemdReadsThemAndNothingElse() throws Exception {
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
                "BACKSLASH=back\\slash",
                "INNER=\"quoted \\\"inner\\\" x\"",
                "DOLLARS=\"pa\\$\\$word\"",
                "JOINED=\"abc\" def",
                "SINGLE='lit\\eral \"as is\"'",
                "CONTINUED=one \\",
                "two",
                "LAST_LINE_WITHOUT_NEWLINE=fin"), StandardCharsets.UTF_8);
        Run run = run(env, "create-admin", "--email", "moi@example.org");
        assertEquals(0, run.exit(), run.output());
        List<String> lines = run.lines();
        String out = run.output();

        for (String expected : List.of("CORTEGE_MAIL_FROM=Mon mouvement <contact@example.org>",
                "DATASOURCES_DEFAULT_PASSWORD=pa$$w\"o'rd$(id)", "CORTEGE_ORGANIZATION_NAME=Cortège d'ici",
                "CORTEGE_PUBLIC_URL=https://soutiens.example.org", "BACKSLASH=backslash", "INNER=quoted \"inner\" x",
                "DOLLARS=pa$$word", "JOINED=abcdef", "SINGLE=lit\\eral \"as is\"", "CONTINUED=one two",
                "LAST_LINE_WITHOUT_NEWLINE=fin", "LANG=C.UTF-8")) {
            assertTrue(lines.contains("env:" + expected), expected + " as systemd reads it:\n" + out);
        }
        assertFalse(out.contains("must-not-pass"), "the caller's environment stays out");
        assertTrue(out.contains("a line without = was ignored"), out);
        assertFalse(out.contains("secret-value"), "a malformed line is not printed: it may hold a password");
        assertEquals(List.of("arg:-Dfile.encoding=UTF-8", "arg:-Dsun.stdout.encoding=UTF-8", "arg:-Dsun.stderr.encoding=UTF-8",
                "arg:-jar", "arg:/opt/cortege/cortege.jar", "arg:create-admin", "arg:--email", "arg:moi@example.org"),
                lines.stream().filter(l -> l.startsWith("arg:")).toList(), "no setting on the command line");
        if ("root".equals(System.getProperty("user.name"))) {
            assertTrue(lines.contains("user:nobody"), "runs as the service's user: " + out);
            assertTrue(lines.contains("parent:java"), "Java's parent is whoever called: no root process stays between: " + out);
        }
    }

    @Test
    void withoutACommandItStartsNoSecondSite() throws Exception {
        Path env = Files.writeString(dir.resolve("cortege.env"), "CORTEGE_PUBLIC_URL=https://soutiens.example.org\n");
        for (String[] args : List.of(new String[0], new String[] {"--email", "moi@example.org"})) {
            Run run = run(env, args);
            assertEquals(2, run.exit(), run.output());
            assertTrue(run.output().contains("usage: cortege <command>"), run.output());
            assertFalse(run.output().contains("arg:"), "Java was not started");
        }
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
