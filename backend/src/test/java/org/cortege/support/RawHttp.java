package org.cortege.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * HTTP/1.1 over a socket bound to a chosen loopback source address (127.0.0.2, 127.0.0.3…): how
 * tests play several visitors, or a proxy and a visitor, on one machine. Answers the status code.
 */
public final class RawHttp {

    private RawHttp() {
    }

    private static final java.util.Random RANDOM = new java.security.SecureRandom();

    /**
     * A loopback address no other run used lately (rate-limit buckets outlive a test run by an hour):
     * 127.x.y.z, never 127.0.0.1.
     */
    public static String newLoopback() {
        return "127." + (1 + RANDOM.nextInt(250)) + "." + RANDOM.nextInt(256) + "." + (1 + RANDOM.nextInt(250));
    }

    /** A public-looking visitor address (198.18.0.0/15, set aside for tests), fresh per call. */
    public static String newVisitor() {
        return "198." + (18 + RANDOM.nextInt(2)) + "." + RANDOM.nextInt(256) + "." + (1 + RANDOM.nextInt(250));
    }

    public static int post(String from, int port, String path, String json, Map<String, String> headers) {
        return post(from, port, path, json, headers, false);
    }

    /** A GET from that source address; returns the status. */
    public static int get(String from, int port, String path) {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(20000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return status(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The same over TLS to {@code localhost:port} (a test proxy with a self-signed or internal
     * certificate, not checked: the test owns both ends).
     */
    public static int postTls(String from, int port, String path, String json, Map<String, String> headers) {
        return post(from, port, path, json, headers, true);
    }

    private static int post(String from, int port, String path, String json, Map<String, String> headers, boolean tls) {
        try (Socket plain = new Socket()) {
            plain.bind(new InetSocketAddress(from, 0));
            plain.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            plain.setSoTimeout(20000);
            Socket socket = plain;
            if (tls) {
                javax.net.ssl.SSLSocket ssl = (javax.net.ssl.SSLSocket) trustAll().getSocketFactory().createSocket(plain, "localhost", port, true);
                javax.net.ssl.SSLParameters parameters = ssl.getSSLParameters();
                // Java sends no SNI for a name without a dot; Caddy picks its certificate by it.
                parameters.setServerNames(List.of(new javax.net.ssl.SNIHostName("localhost")));
                ssl.setSSLParameters(parameters);
                socket = ssl;
            }
            String host = tls ? "localhost:" + port : "127.0.0.1:" + port;
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: " + host
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return status(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The status code of the answer's first line ("HTTP/1.1 429 Too Many Requests"). */
    private static int status(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            line.write(b);
        }
        return Integer.parseInt(line.toString(StandardCharsets.ISO_8859_1).split(" ")[1]);
    }

    private static javax.net.ssl.SSLContext trustAll() {
        try {
            javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
            context.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
                @Override
                public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
                }

                @Override
                public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                    return new java.security.cert.X509Certificate[0];
                }
            }}, new java.security.SecureRandom());
            return context;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
