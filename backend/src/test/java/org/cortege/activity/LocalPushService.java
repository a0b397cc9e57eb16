package org.cortege.activity;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A push service for the tests, on loopback, and a browser's side of web push: it makes subscriptions (a P-256
 * key pair and a 16-byte secret, as a browser does), receives what the server posts to their endpoints, and checks
 * it as a real push service and browser would. A real protocol check, written from the RFCs and the JDK's crypto
 * alone (not with the library the server uses): the VAPID token (RFC 8292: ES256 JWT, audience, expiry, contact,
 * signed by the key given in {@code k}), the headers (RFC 8030: TTL, Topic, Urgency), and the payload decrypted with
 * the subscription's private key (RFC 8291 over RFC 8188's aes128gcm). An endpoint whose id starts with "gone"
 * answers 410, as a push service does once the browser unsubscribed.
 */
final class LocalPushService implements AutoCloseable {

    /** A browser's subscription: its endpoint, its public keys as sent to the server, its private key kept here. */
    record Subscription(String endpoint, String p256dh, String auth, ECPrivateKey privateKey, byte[] publicKey, byte[] secret) {
        Map<String, Object> json() {
            return Map.of("endpoint", endpoint, "keys", Map.of("p256dh", p256dh, "auth", auth), "expirationTime", "");
        }
    }

    /** A push as received, checked and decrypted. */
    record Received(String endpoint, String vapidKey, Map<String, String> claims, String ttl, String topic, String urgency, String payload) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final Map<String, Subscription> subscriptions = new java.util.concurrent.ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    LocalPushService() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/push/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            String endpoint = origin() + path;
            int status = 201;
            try {
                Subscription s = subscriptions.get(endpoint);
                if (s == null) {
                    throw new IllegalStateException("no such subscription: " + path);
                }
                received.add(check(s, exchange.getRequestMethod(), exchange.getRequestHeaders().getFirst("Authorization"),
                        exchange.getRequestHeaders().getFirst("Content-Encoding"), exchange.getRequestHeaders().getFirst("TTL"),
                        exchange.getRequestHeaders().getFirst("Topic"), exchange.getRequestHeaders().getFirst("Urgency"), body));
                if (path.startsWith("/push/gone")) {
                    status = 410;
                }
            } catch (Exception e) {
                problems.add(e.toString());
                status = 400;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A new browser subscription; {@code gone}: its push service answers 410 (the browser unsubscribed). */
    Subscription subscribe(boolean gone) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = g.generateKeyPair();
        byte[] secret = new byte[16];
        random.nextBytes(secret);
        byte[] id = new byte[12];
        random.nextBytes(id);
        String endpoint = origin() + "/push/" + (gone ? "gone-" : "") + Base64.getUrlEncoder().withoutPadding().encodeToString(id);
        byte[] pub = uncompressed((ECPublicKey) pair.getPublic());
        Subscription s = new Subscription(endpoint, b64(pub), b64(secret), (ECPrivateKey) pair.getPrivate(), pub, secret);
        subscriptions.put(endpoint, s);
        return s;
    }

    List<Received> receivedAt(String endpoint) {
        return received.stream().filter(r -> r.endpoint().equals(endpoint)).toList();
    }

    List<String> problems() {
        return problems;
    }

    private Received check(Subscription s, String method, String authorization, String encoding, String ttl, String topic, String urgency,
                           byte[] body) throws Exception {
        require("POST".equals(method), "method " + method);
        require("aes128gcm".equals(encoding), "Content-Encoding " + encoding);
        require(ttl != null && Integer.parseInt(ttl) > 0, "TTL " + ttl);
        require(topic == null || topic.matches("[A-Za-z0-9_-]{1,32}"), "Topic " + topic);
        require(urgency == null || List.of("very-low", "low", "normal", "high").contains(urgency), "Urgency " + urgency);
        // RFC 8292: Authorization: vapid t=<JWT>, k=<the signer's public key>
        require(authorization != null && authorization.startsWith("vapid "), "Authorization " + authorization);
        Map<String, String> params = new java.util.HashMap<>();
        for (String part : authorization.substring(6).split(",")) {
            String[] kv = part.strip().split("=", 2);
            params.put(kv[0], kv[1]);
        }
        String[] jwt = params.get("t").split("\\.");
        require(jwt.length == 3, "a JWT of three parts");
        String header = new String(Base64.getUrlDecoder().decode(jwt[0]), StandardCharsets.UTF_8);
        require(header.contains("\"alg\":\"ES256\""), "alg ES256: " + header);
        Map<String, String> claims = claims(new String(Base64.getUrlDecoder().decode(jwt[1]), StandardCharsets.UTF_8));
        require(origin().equals(claims.get("aud")), "aud is the push service's origin: " + claims);
        long exp = Long.parseLong(claims.get("exp"));
        long now = System.currentTimeMillis() / 1000;
        require(exp > now && exp <= now + 24 * 3600, "exp within 24 h: " + exp);
        require(claims.get("sub") != null && (claims.get("sub").startsWith("mailto:") || claims.get("sub").startsWith("https://")), "sub");
        ECPublicKey signer = publicKey(Base64.getUrlDecoder().decode(params.get("k")), s.privateKey().getParams());
        Signature ecdsa = Signature.getInstance("SHA256withECDSA");
        ecdsa.initVerify(signer);
        ecdsa.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
        require(ecdsa.verify(der(Base64.getUrlDecoder().decode(jwt[2]))), "the token's ES256 signature");
        return new Received(s.endpoint(), params.get("k"), claims, ttl, topic, urgency, decrypt(s, body));
    }

    /** RFC 8291 §3.4 and RFC 8188 §2: one record, the key derived from ECDH with the sender's key and the secret. */
    private static String decrypt(Subscription s, byte[] body) throws GeneralSecurityException {
        ByteBuffer b = ByteBuffer.wrap(body);
        byte[] salt = new byte[16];
        b.get(salt);
        int rs = b.getInt();
        int idlen = b.get() & 0xff;
        require(idlen == 65, "keyid is the sender's uncompressed P-256 key");
        require(rs >= 18 && body.length - 21 - idlen <= rs, "one record");
        byte[] senderKey = new byte[idlen];
        b.get(senderKey);
        byte[] ciphertext = new byte[b.remaining()];
        b.get(ciphertext);
        KeyAgreement ka = KeyAgreement.getInstance("ECDH");
        ka.init(s.privateKey());
        ka.doPhase(publicKey(senderKey, s.privateKey().getParams()), true);
        byte[] ecdh = ka.generateSecret();
        byte[] prkKey = hmac(s.secret(), ecdh);
        byte[] keyInfo = concat("WebPush: info\0".getBytes(StandardCharsets.US_ASCII), s.publicKey(), senderKey);
        byte[] ikm = hmac(prkKey, concat(keyInfo, new byte[] {1}));
        byte[] prk = hmac(salt, ikm);
        byte[] cek = Arrays.copyOf(hmac(prk, concat("Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), new byte[] {1})), 16);
        byte[] nonce = Arrays.copyOf(hmac(prk, concat("Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), new byte[] {1})), 12);
        Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
        aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
        byte[] padded = aes.doFinal(ciphertext);
        int end = padded.length - 1;
        while (end >= 0 && padded[end] == 0) {
            end--;
        }
        require(end >= 0 && padded[end] == 2, "the last record's delimiter");
        return new String(padded, 0, end, StandardCharsets.UTF_8);
    }

    private static Map<String, String> claims(String json) {
        Map<String, String> out = new java.util.HashMap<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"(\\w+)\"\\s*:\\s*(\"([^\"]*)\"|(\\d+))").matcher(json);
        while (m.find()) {
            out.put(m.group(1), m.group(3) != null ? m.group(3) : m.group(4));
        }
        return out;
    }

    private static ECPublicKey publicKey(byte[] uncompressed, ECParameterSpec params) throws GeneralSecurityException {
        require(uncompressed.length == 65 && uncompressed[0] == 4, "an uncompressed P-256 point");
        ECPoint point = new ECPoint(new BigInteger(1, Arrays.copyOfRange(uncompressed, 1, 33)),
                new BigInteger(1, Arrays.copyOfRange(uncompressed, 33, 65)));
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, params));
    }

    private static byte[] uncompressed(ECPublicKey k) {
        byte[] out = new byte[65];
        out[0] = 4;
        byte[] x = k.getW().getAffineX().toByteArray();
        byte[] y = k.getW().getAffineY().toByteArray();
        System.arraycopy(x, Math.max(0, x.length - 32), out, 1 + 32 - Math.min(32, x.length), Math.min(32, x.length));
        System.arraycopy(y, Math.max(0, y.length - 32), out, 33 + 32 - Math.min(32, y.length), Math.min(32, y.length));
        return out;
    }

    /** JOSE's R ‖ S (64 bytes) as the DER sequence the JDK verifies. */
    private static byte[] der(byte[] jose) {
        require(jose.length == 64, "an ES256 signature is 64 bytes");
        byte[] r = new BigInteger(1, Arrays.copyOf(jose, 32)).toByteArray();
        byte[] sv = new BigInteger(1, Arrays.copyOfRange(jose, 32, 64)).toByteArray();
        byte[] out = new byte[6 + r.length + sv.length];
        out[0] = 0x30;
        out[1] = (byte) (4 + r.length + sv.length);
        out[2] = 0x02;
        out[3] = (byte) r.length;
        System.arraycopy(r, 0, out, 4, r.length);
        out[4 + r.length] = 0x02;
        out[5 + r.length] = (byte) sv.length;
        System.arraycopy(sv, 0, out, 6 + r.length, sv.length);
        return out;
    }

    private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("push protocol: " + what);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
