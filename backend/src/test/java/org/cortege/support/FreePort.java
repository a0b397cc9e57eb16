package org.cortege.support;

import java.io.IOException;
import java.net.ServerSocket;

/** A port free on this machine right now, for a server a test must know the address of before it starts. */
public final class FreePort {

    private FreePort() {
    }

    public static int next() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A free port below the range the kernel gives outgoing connections (32768–60999 on Linux), for a
     * server a test stops and starts again. While such a server is down, a client connecting to it (the
     * app's own retries) may be given that very port as its local port, and a TCP connection to oneself
     * then holds it: the server cannot listen there again. Seen once in CI, as a GreenMail that did not
     * start within 15 s.
     */
    public static int forRestart() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = random.nextInt(20_000, 32_000);
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new java.net.InetSocketAddress("127.0.0.1", port));
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free port between 20000 and 32000");
    }
}
