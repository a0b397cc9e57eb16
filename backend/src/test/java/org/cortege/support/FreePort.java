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
}
