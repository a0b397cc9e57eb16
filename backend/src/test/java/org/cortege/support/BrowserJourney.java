package org.cortege.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs a Playwright journey of {@code frontend/e2e} with the Node the build installed and Debian's
 * Chromium. The script asks questions on stdout ("LINK?") that {@code answers} replies to on stdin,
 * and ends with "OK".
 */
public final class BrowserJourney {

    private BrowserJourney() {
    }

    public static Path frontendDir() {
        Path dir = Path.of("..", "frontend").toAbsolutePath().normalize();
        if (!Files.isDirectory(dir.resolve("node_modules/playwright-core"))) {
            throw new AssertionError("frontend/node_modules is missing: build the frontend first (mvn verify from the top folder)");
        }
        return dir;
    }

    public static String chromium() {
        String path = System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium");
        if (!Files.isExecutable(Path.of(path))) {
            throw new AssertionError("Chromium is needed for the browser tests: apt-get install -y chromium (or set CHROMIUM_PATH)");
        }
        return path;
    }

    public static void run(String script, List<String> args, Function<String, String> answers) throws IOException, InterruptedException {
        Path frontend = frontendDir();
        Path node = frontend.resolve("node/node");
        List<String> command = new ArrayList<>();
        command.add(Files.isExecutable(node) ? node.toString() : "node");
        command.add("e2e/" + script);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(frontend.toFile());
        builder.environment().put("CHROMIUM_PATH", chromium());
        builder.environment().put("SCREENSHOT_DIR", Path.of("target", "screenshots").toAbsolutePath().toString());
        Process process = builder.start();
        // The error output is echoed to the test log as it comes and kept: its last lines go into the failure message,
        // which is what a CI summary shows (a journey failing only on CI must say why there).
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        Thread errorReader = new Thread(() -> {
            try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = err.readLine()) != null) {
                    System.err.println(line);
                    errors.add(line);
                }
            } catch (IOException e) {
                errors.add("(error output unreadable: " + e.getMessage() + ")");
            }
        }, "journey-stderr");
        errorReader.setDaemon(true);
        errorReader.start();
        List<String> output = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8)) {
            String line;
            while ((line = out.readLine()) != null) {
                output.add(line);
                if (line.endsWith("?")) {
                    in.write(answers.apply(line) + "\n");
                    in.flush();
                }
            }
        } finally {
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(script + " did not finish within 3 minutes; output: " + output + errorTail(errors));
            }
        }
        errorReader.join(10_000);
        if (process.exitValue() != 0 || !output.contains("OK")) {
            throw new AssertionError(script + " failed (exit " + process.exitValue() + "), output: " + output + errorTail(errors));
        }
    }

    private static String errorTail(List<String> errors) {
        synchronized (errors) {
            return errors.isEmpty() ? "" : "\nits error output (last lines):\n"
                    + String.join("\n", errors.subList(Math.max(0, errors.size() - 40), errors.size()));
        }
    }
}
