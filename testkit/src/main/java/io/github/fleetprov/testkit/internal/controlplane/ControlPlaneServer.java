package io.github.fleetprov.testkit.internal.controlplane;

import io.github.fleetprov.core.json.FleetJson;
import io.github.fleetprov.testkit.internal.http.AwsApiException;
import io.github.fleetprov.testkit.internal.http.LoopbackHttp;
import io.github.fleetprov.testkit.internal.http.LoopbackHttpServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.fleetprov.testkit.event.Event;
import io.github.fleetprov.testkit.event.EventLog;
import io.github.fleetprov.testkit.event.EventType;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AWS IoT control plane over REST-JSON on a free loopback port: routes each request by method
 * and URI template to an operation, answers with the service model's members, and reports refusals
 * with the error code in {@code x-amzn-ErrorType} and in the body. SigV4 headers are accepted
 * without checking the signature.
 */
public final class ControlPlaneServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlPlaneServer.class);
    private static final ObjectMapper JSON = FleetJson.lenientMapper();

    /** What happens to a request after the fault gate has seen it. */
    public enum FaultOutcome {
        /** Process and answer normally. */
        PROCEED,
        /** Process, then close the connection without an answer. */
        DROP_REPLY,
        /** Close the connection without processing. */
        DISCONNECT
    }

    /** Decides, before an operation runs, whether a fault replaces it (by operation name). */
    @FunctionalInterface
    public interface FaultGate {
        /**
         * Called before every operation; may hold the request for a while.
         *
         * @param operation the AWS operation name, e.g. {@code CreateThing}
         * @return what to do with the request
         * @throws AwsApiException the injected failure, if any
         */
        FaultOutcome before(String operation);
    }

    /**
     * Checks who calls an operation before it runs (IAM authorization of the request's signer).
     */
    @FunctionalInterface
    public interface CallerCheck {
        /** Checks nothing. */
        CallerCheck NONE = (operation, labels, headers) -> { };

        /**
         * Checks one call.
         *
         * @param operation the operation name, e.g. {@code UpdateCertificate}
         * @param labels the URI labels, e.g. {@code certificateId}
         * @param headers the request headers, names in lower case
         * @throws AwsApiException when the caller may not call it
         */
        void check(String operation, Map<String, String> labels, Map<String, String> headers);
    }

    /** The health URL's path, outside AWS IoT's REST paths. */
    public static final String HEALTH_PATH = "/_fleetprov/health";

    private final List<Route> routes;
    private final FaultGate faults;
    private final CallerCheck callers;
    private final EventLog events;
    private final LoopbackHttpServer server;

    /** Whether the health URL answers 200; the emulator sets it once every server is up. */
    private volatile boolean ready;

    private ControlPlaneServer(List<Route> routes, FaultGate faults, CallerCheck callers, EventLog events,
            InetSocketAddress address, boolean ready) {
        this.ready = ready;
        this.routes = List.copyOf(routes);
        this.faults = faults;
        this.callers = callers;
        this.events = events;
        this.server = LoopbackHttpServer.start("local-iot-control-plane", address, null, this::handle,
                (exchange, status, problem) -> {
                    record("Unknown", "(malformed)", "InvalidRequestException", problem);
                    sendError(exchange, new AwsApiException(status, "InvalidRequestException", problem));
                });
    }

    /**
     * Answers {@code GET /_fleetprov/health}, a path outside AWS IoT's REST API, so that scripts can wait
     * until the whole emulator is up: 200 and {@code {"status":"ok"}} once {@link #ready()} has been
     * called (or from the start for a server started ready), 503 and {@code {"status":"starting"}}
     * before. The control plane starts while the MQTT broker is still starting, so answering the health
     * URL alone does not mean a device can connect yet.
     */
    private void health(LoopbackHttpServer.Exchange exchange) throws IOException {
        LoopbackHttp.readBody(exchange);
        boolean get = "GET".equals(exchange.getRequestMethod()) || "HEAD".equals(exchange.getRequestMethod());
        if (!get) {
            LoopbackHttp.send(exchange, 405, "application/json",
                    "{\"message\":\"use GET\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        boolean up = ready;
        LoopbackHttp.send(exchange, up ? 200 : 503, "application/json",
                (up ? "{\"status\":\"ok\"}" : "{\"status\":\"starting\"}").getBytes(StandardCharsets.UTF_8));
    }

    /** Marks the emulator as started: the health URL answers 200 from now on. */
    public void ready() {
        ready = true;
    }

    /**
     * Starts a server for the given operations.
     *
     * @param operations the operations to serve
     * @param faults the fault gate consulted before each operation
     * @return the running server; every request is recorded in the registry's event log as a
     *     {@code REQUEST} event with the HTTP status or the error code as outcome
     */
    public static ControlPlaneServer start(IotOperations operations, FaultGate faults) {
        return start(operations, faults, LoopbackHttp.loopback(0));
    }

    /**
     * Starts a server for the given operations on an address.
     *
     * @param operations the operations to serve
     * @param faults the fault gate consulted before each operation
     * @param address the address and port to bind (port 0 for a free one)
     * @return the running server
     */
    public static ControlPlaneServer start(IotOperations operations, FaultGate faults, InetSocketAddress address) {
        return start(operations, faults, CallerCheck.NONE, address);
    }

    /**
     * Starts a server for the given operations on an address, checking each caller first.
     *
     * @param operations the operations to serve
     * @param faults the fault gate consulted before each operation
     * @param callers the check of the caller, run before the fault gate
     * @param address the address and port to bind (port 0 for a free one)
     * @return the running server
     */
    public static ControlPlaneServer start(IotOperations operations, FaultGate faults, CallerCheck callers,
            InetSocketAddress address) {
        return start(operations, faults, callers, address, true);
    }

    /**
     * Starts a server for the given operations on an address, checking each caller first.
     *
     * @param operations the operations to serve
     * @param faults the fault gate consulted before each operation
     * @param callers the check of the caller, run before the fault gate
     * @param address the address and port to bind (port 0 for a free one)
     * @param ready whether the health URL answers 200 from the start; if not, it answers 503 until
     *     {@link #ready()} is called
     * @return the running server
     */
    public static ControlPlaneServer start(IotOperations operations, FaultGate faults, CallerCheck callers,
            InetSocketAddress address, boolean ready) {
        Objects.requireNonNull(operations, "operations");
        Objects.requireNonNull(faults, "faults");
        return new ControlPlaneServer(operations.routes(), faults, Objects.requireNonNull(callers, "callers"),
                operations.registry().events(), Objects.requireNonNull(address, "address"), ready);
    }

    /**
     * The endpoint for {@code IotClient.builder().endpointOverride(..)} and the CLI's
     * {@code --endpoint-url}.
     *
     * @return e.g. {@code http://127.0.0.1:41234}
     */
    public URI endpoint() {
        return URI.create("http://" + server.address().getAddress().getHostAddress() + ":" + server.address().getPort());
    }

    @Override
    public void close() {
        server.close();
    }

    private void handle(LoopbackHttpServer.Exchange exchange) throws IOException {
        if (exchange.getRequestURI().getRawPath().startsWith(HEALTH_PATH)) {
            health(exchange);
            return;
        }
        String requestId = UUID.randomUUID().toString();
        exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
        String operation = "Unknown";
        String rawPath = exchange.getRequestURI().getRawPath();
        try {
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            byte[] body = LoopbackHttp.readBody(exchange);
            for (Route route : routes) {
                Map<String, String> labels = route.match(method, rawPath);
                if (labels == null) {
                    continue;
                }
                operation = route.operation;
                Map<String, String> headers = headers(exchange);
                callers.check(route.operation, labels, headers);
                RestRequest request = new RestRequest(route.operation, labels,
                        LoopbackHttp.parseForm(exchange.getRequestURI().getRawQuery()), headers, parseBody(body));
                FaultOutcome outcome = faults.before(route.operation);
                if (outcome == FaultOutcome.DISCONNECT) {
                    record(operation, rawPath, "DISCONNECT", null);
                    return;
                }
                JsonNode answer = route.handler.apply(request);
                if (outcome == FaultOutcome.PROCEED) {
                    LoopbackHttp.send(exchange, 200, "application/json", JSON.writeValueAsBytes(answer));
                }
                record(operation, rawPath, outcome == FaultOutcome.PROCEED ? "200" : "DROP_REPLY", null);
                return;
            }
            throw new AwsApiException(404, "UnknownOperationException",
                    "No AWS IoT operation at " + method + " " + rawPath + " in the local control plane.");
        } catch (AwsApiException e) {
            record(operation, rawPath, e.errorCode(), e.getMessage());
            sendError(exchange, e);
        } catch (RuntimeException | Error e) {
            // Whatever a handler throws, the client gets an AWS-shaped 500 rather than a closed connection.
            LOG.debug("control plane request failed", e);
            record(operation, rawPath, "InternalFailureException", e.getClass().getSimpleName());
            sendError(exchange, new AwsApiException(500, "InternalFailureException",
                    "The local control plane failed: " + e.getClass().getSimpleName() + ": " + e.getMessage()));
            if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
                throw (Error) e;
            }
        } finally {
            exchange.close();
        }
    }

    private void record(String operation, String rawPath, String outcome, String message) {
        events.record(Event.builder(EventType.REQUEST, operation).resource(rawPath).outcome(outcome).message(message));
    }

    private static void sendError(LoopbackHttpServer.Exchange exchange, AwsApiException e) throws IOException {
        LOG.debug("control plane refused a request: {} {}", e.errorCode(), e.getMessage());
        exchange.getResponseHeaders().set("x-amzn-ErrorType", e.errorCode());
        ObjectNode body = JSON.createObjectNode().put("message", e.getMessage());
        LoopbackHttp.send(exchange, e.status(), "application/json", JSON.writeValueAsBytes(body));
    }

    private static Map<String, String> headers(LoopbackHttpServer.Exchange exchange) {
        Map<String, String> headers = new HashMap<>();
        for (String name : exchange.getRequestHeaders().names()) {
            headers.put(name.toLowerCase(Locale.ROOT), exchange.getRequestHeaders().get(name));
        }
        return headers;
    }

    private static ObjectNode parseBody(byte[] body) {
        if (body.length == 0) {
            return JSON.createObjectNode();
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (IOException e) {
            throw new AwsApiException(400, "SerializationException", "The request body is not valid JSON.");
        }
        if (node == null || node.isMissingNode()) {
            return JSON.createObjectNode();
        }
        if (!node.isObject()) {
            throw new AwsApiException(400, "SerializationException", "The request body must be a JSON object.");
        }
        return (ObjectNode) node;
    }

    /** One operation: HTTP method, URI template with {@code {label}}s, and its handler. */
    public static final class Route {
        private static final Pattern LABEL = Pattern.compile("\\{([A-Za-z]+)}");

        private final String method;
        private final Pattern pattern;
        private final List<String> labels = new ArrayList<>();
        private final String operation;
        private final Function<RestRequest, JsonNode> handler;

        /**
         * Creates a route.
         *
         * @param method the HTTP method
         * @param template the URI template, e.g. {@code /things/{thingName}}
         * @param operation the AWS operation name
         * @param handler the operation
         */
        public Route(String method, String template, String operation, Function<RestRequest, JsonNode> handler) {
            this.method = method;
            this.operation = operation;
            this.handler = handler;
            StringBuilder regex = new StringBuilder();
            Matcher m = LABEL.matcher(template);
            int last = 0;
            while (m.find()) {
                regex.append(Pattern.quote(template.substring(last, m.start()))).append("([^/]+)");
                labels.add(m.group(1));
                last = m.end();
            }
            regex.append(Pattern.quote(template.substring(last))).append("/?");
            this.pattern = Pattern.compile(regex.toString());
        }

        /**
         * The AWS operation this route serves.
         *
         * @return the operation name, e.g. {@code CreateThing}
         */
        public String operation() {
            return operation;
        }

        Map<String, String> match(String requestMethod, String rawPath) {
            if (!method.equals(requestMethod)) {
                return null;
            }
            Matcher m = pattern.matcher(rawPath);
            if (!m.matches()) {
                return null;
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < labels.size(); i++) {
                values.put(labels.get(i), LoopbackHttp.decodePathSegment(m.group(i + 1)));
            }
            return values;
        }
    }
}
