package io.molt.service.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP proxy between Molt and nova-api ({@code molt.nova.compute-endpoint} points at it) that fails a
 * share of the calls while {@link #fail faulty}. Each call it fails gets, at random:
 * <ul>
 * <li>{@code 500}: answered at once, never forwarded;</li>
 * <li>{@code 503}: the same;</li>
 * <li>a timeout: forwarded to Nova, which acts on it, and its answer held back longer than the caller waits
 *     and then dropped (so the caller cannot tell whether the call ran: a live migration may have started).</li>
 * </ul>
 * Other calls go to Nova and back unchanged. {@link #injected()} counts the faults by kind.
 */
public final class NovaFaultProxy implements AutoCloseable {

    /** The kinds of fault, as counted. */
    public enum Fault { HTTP_500, HTTP_503, TIMEOUT }

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "host", "keep-alive",
            "transfer-encoding", "upgrade", "expect");

    private final URI nova;
    private final Duration holdTimeouts;
    private final HttpServer http;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "nova-fault-proxy");
        t.setDaemon(true);
        return t;
    });
    private final Map<Fault, AtomicInteger> injected = new ConcurrentHashMap<>();
    private final Random random = new Random(20261205);
    private volatile double failingShare;

    private NovaFaultProxy(URI nova, Duration holdTimeouts, HttpServer http) {
        this.nova = nova;
        this.holdTimeouts = holdTimeouts;
        this.http = http;
        for (Fault f : Fault.values()) {
            injected.put(f, new AtomicInteger());
        }
    }

    /**
     * A proxy on a free port of 127.0.0.1 to {@code nova} (the compute endpoint, e.g.
     * {@code http://127.0.0.1:8774/v2.1}); a timeout holds the answer {@code holdTimeouts}, to be longer than the
     * caller's read timeout.
     */
    public static NovaFaultProxy start(URI nova, Duration holdTimeouts) throws IOException {
        NovaFaultProxy proxy = new NovaFaultProxy(nova, holdTimeouts,
                HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64));
        proxy.http.createContext("/", proxy::handle);
        proxy.http.setExecutor(proxy.threads);
        proxy.http.start();
        return proxy;
    }

    /** The compute endpoint to give Molt: this proxy, with the path of Nova's endpoint. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + nova.getPath());
    }

    /** From now on, fails this share (0..1) of the calls; 0: none. */
    public void fail(double share) {
        failingShare = share;
    }

    public Map<Fault, Integer> injected() {
        Map<Fault, Integer> counts = new java.util.EnumMap<>(Fault.class);
        injected.forEach((k, v) -> counts.put(k, v.get()));
        return counts;
    }

    public int injectedInAll() {
        return injected.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    @Override
    public void close() {
        http.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            Fault fault = pickFault();
            if (fault == Fault.HTTP_500 || fault == Fault.HTTP_503) {
                injected.get(fault).incrementAndGet();
                answer(exchange, fault == Fault.HTTP_500 ? 500 : 503, Map.of("Content-Type", List.of("application/json")),
                        ("{\"computeFault\": {\"code\": " + (fault == Fault.HTTP_500 ? 500 : 503)
                                + ", \"message\": \"injected by the fault proxy\"}}").getBytes());
                return;
            }
            HttpResponse<byte[]> response = forward(exchange, body);
            if (fault == Fault.TIMEOUT) {
                injected.get(fault).incrementAndGet();
                Thread.sleep(holdTimeouts.toMillis());
                return;  // the connection closes with no answer
            }
            answer(exchange, response.statusCode(), response.headers().map(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized Fault pickFault() {
        if (failingShare <= 0 || random.nextDouble() >= failingShare) {
            return null;
        }
        return Fault.values()[random.nextInt(Fault.values().length)];
    }

    private HttpResponse<byte[]> forward(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
        String pathAndQuery = exchange.getRequestURI().getRawPath().substring(nova.getPath().length())
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(nova.toString() + pathAndQuery))
                .timeout(Duration.ofSeconds(120))
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                values.forEach(v -> request.header(name, v));
            }
        });
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void answer(HttpExchange exchange, int status, Map<String, List<String>> headers, byte[] body)
            throws IOException {
        headers.forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
