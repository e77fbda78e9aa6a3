package io.github.fleetprov.testkit.internal.iam;

import io.github.fleetprov.testkit.internal.http.AwsApiException;
import io.github.fleetprov.testkit.internal.http.LoopbackHttp;
import io.github.fleetprov.testkit.internal.http.LoopbackHttpServer;
import java.io.IOException;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IAM and STS over the AWS query protocol (form-encoded POST, XML answers) on a free loopback port.
 * Both services answer on the same root URI; the {@code Action} parameter selects the operation.
 * SigV4 signatures are accepted without being checked.
 */
public final class IamServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IamServer.class);
    private static final String IAM_NS = "https://iam.amazonaws.com/doc/2010-05-08/";
    private static final String STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/";
    private static final Pattern ACCESS_KEY = Pattern.compile("Credential=([A-Z0-9]+)/");
    private static final XMLOutputFactory XML = XMLOutputFactory.newFactory();
    /** IAM's default page size for list operations. */
    private static final int DEFAULT_MAX_ITEMS = 100;

    private final IamState state;
    private final LoopbackHttpServer server;

    private IamServer(IamState state, InetSocketAddress address) {
        this.state = state;
        this.server = LoopbackHttpServer.start("local-iam", address, null, this::handle, (exchange, status, problem) ->
                LoopbackHttp.send(exchange, status, "text/xml", errorXml(IAM_NS,
                        new AwsApiException(status, "MalformedQueryString", problem), UUID.randomUUID().toString())
                        .getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Starts a server over an IAM state.
     *
     * @param state the roles and sessions to serve
     * @return the running server
     */
    public static IamServer start(IamState state) {
        return start(state, LoopbackHttp.loopback(0));
    }

    /**
     * Starts a server over an IAM state on an address.
     *
     * @param state the roles and sessions to serve
     * @param address the address and port to bind (port 0 for a free one)
     * @return the running server
     */
    public static IamServer start(IamState state, InetSocketAddress address) {
        return new IamServer(Objects.requireNonNull(state, "state"), Objects.requireNonNull(address, "address"));
    }

    /**
     * The endpoint for {@code IamClient} and {@code StsClient} {@code endpointOverride}.
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
        String requestId = UUID.randomUUID().toString();
        String namespace = IAM_NS;
        try {
            Map<String, String> params = new LinkedHashMap<>(LoopbackHttp.parseForm(exchange.getRequestURI().getRawQuery()));
            params.putAll(LoopbackHttp.parseForm(new String(LoopbackHttp.readBody(exchange), StandardCharsets.UTF_8)));
            String action = params.getOrDefault("Action", "");
            if ("GetCallerIdentity".equals(action)) {
                namespace = STS_NS;
            }
            String xml = dispatch(action, params, exchange, requestId);
            LoopbackHttp.send(exchange, 200, "text/xml", xml.getBytes(StandardCharsets.UTF_8));
        } catch (AwsApiException e) {
            LOG.debug("IAM request refused: {} {}", e.errorCode(), e.getMessage());
            LoopbackHttp.send(exchange, e.status(), "text/xml", errorXml(namespace, e, requestId).getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            LOG.debug("IAM request failed", e);
            AwsApiException failure = new AwsApiException(500, "ServiceFailure", "The local IAM failed: " + e.getClass().getSimpleName());
            LoopbackHttp.send(exchange, 500, "text/xml", errorXml(namespace, failure, requestId).getBytes(StandardCharsets.UTF_8));
        } finally {
            exchange.close();
        }
    }

    private String dispatch(String action, Map<String, String> p, LoopbackHttpServer.Exchange exchange, String requestId) {
        switch (action) {
            case "CreateRole": {
                IamRole role = state.createRole(p.get("RoleName"), p.get("Path"), p.get("AssumeRolePolicyDocument"),
                        p.get("Description"), intParam(p, "MaxSessionDuration"), tags(p));
                return respond(IAM_NS, action, requestId, w -> writeRole(w, role));
            }
            case "GetRole": {
                IamRole role = state.getRole(p.get("RoleName"));
                return respond(IAM_NS, action, requestId, w -> writeRole(w, role));
            }
            case "DeleteRole":
                state.deleteRole(p.get("RoleName"));
                return respond(IAM_NS, action, requestId, null);
            case "AttachRolePolicy":
                state.attachRolePolicy(p.get("RoleName"), p.get("PolicyArn"));
                return respond(IAM_NS, action, requestId, null);
            case "DetachRolePolicy":
                state.detachRolePolicy(p.get("RoleName"), p.get("PolicyArn"));
                return respond(IAM_NS, action, requestId, null);
            case "PutRolePolicy":
                state.putRolePolicy(p.get("RoleName"), p.get("PolicyName"), p.get("PolicyDocument"));
                return respond(IAM_NS, action, requestId, null);
            case "DeleteRolePolicy":
                state.deleteRolePolicy(p.get("RoleName"), p.get("PolicyName"));
                return respond(IAM_NS, action, requestId, null);
            case "GetRolePolicy": {
                String roleName = p.get("RoleName");
                String policyName = p.get("PolicyName");
                String document = state.getRolePolicy(roleName, policyName);
                String canonicalName = state.getRole(roleName).roleName();
                return respond(IAM_NS, action, requestId, w -> {
                    element(w, "RoleName", canonicalName);
                    element(w, "PolicyName", policyName);
                    element(w, "PolicyDocument", urlEncoded(document));
                });
            }
            case "ListRolePolicies": {
                List<String> names = state.listRolePolicies(p.get("RoleName"));
                int maxItems = Optional.ofNullable(intParam(p, "MaxItems")).orElse(DEFAULT_MAX_ITEMS);
                if (maxItems < 1 || maxItems > 1000) {
                    throw new AwsApiException(400, "ValidationError", "1 validation error detected: Value '" + maxItems
                            + "' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 1000");
                }
                int start = p.containsKey("Marker") ? marker(p.get("Marker"), names.size()) : 0;
                int end = Math.min(names.size(), start + maxItems);
                return respond(IAM_NS, action, requestId, w -> {
                    w.writeStartElement("PolicyNames");
                    for (String name : names.subList(start, end)) {
                        element(w, "member", name);
                    }
                    w.writeEndElement();
                    element(w, "IsTruncated", Boolean.toString(end < names.size()));
                    if (end < names.size()) {
                        element(w, "Marker", Integer.toString(end));
                    }
                });
            }
            case "UpdateAssumeRolePolicy":
                state.updateAssumeRolePolicy(p.get("RoleName"), p.get("PolicyDocument"));
                return respond(IAM_NS, action, requestId, null);
            case "ListAttachedRolePolicies": {
                IamRole role = state.getRole(p.get("RoleName"));
                String prefix = p.getOrDefault("PathPrefix", "/");
                return respond(IAM_NS, action, requestId, w -> {
                    w.writeStartElement("AttachedPolicies");
                    for (String arn : role.attachedPolicyArns()) {
                        String resource = arn.substring(arn.indexOf(":policy") + ":policy".length());
                        if (!resource.startsWith(prefix)) {
                            continue;
                        }
                        w.writeStartElement("member");
                        element(w, "PolicyName", resource.substring(resource.lastIndexOf('/') + 1));
                        element(w, "PolicyArn", arn);
                        w.writeEndElement();
                    }
                    w.writeEndElement();
                    element(w, "IsTruncated", "false");
                });
            }
            case "GetCallerIdentity":
                return callerIdentity(exchange, requestId);
            default:
                throw new AwsApiException(400, "InvalidAction",
                        "The action " + action + " is not valid for this endpoint. The local IAM serves CreateRole, GetRole, "
                                + "DeleteRole, UpdateAssumeRolePolicy, AttachRolePolicy, DetachRolePolicy, PutRolePolicy, "
                                + "GetRolePolicy, DeleteRolePolicy, ListRolePolicies, ListAttachedRolePolicies and "
                                + "STS GetCallerIdentity.");
        }
    }

    private String callerIdentity(LoopbackHttpServer.Exchange exchange, String requestId) {
        String authorization = Optional.ofNullable(exchange.getRequestHeaders().get("Authorization")).orElse("");
        Matcher m = ACCESS_KEY.matcher(authorization);
        Optional<IamSession> session = m.find() ? state.findSession(m.group(1)) : Optional.empty();
        String account = state.accountId();
        return respond(STS_NS, "GetCallerIdentity", requestId, w -> {
            if (session.isPresent()) {
                IamSession s = session.get();
                String roleName = s.roleArn().substring(s.roleArn().lastIndexOf('/') + 1);
                String roleId = state.findRoleByArn(s.roleArn()).map(IamRole::roleId).orElse("AROA");
                element(w, "Arn", "arn:" + state.partition() + ":sts::" + account + ":assumed-role/" + roleName + "/" + s.sessionName());
                element(w, "UserId", roleId + ":" + s.sessionName());
            } else {
                element(w, "Arn", "arn:" + state.partition() + ":iam::" + account + ":root");
                element(w, "UserId", account);
            }
            element(w, "Account", account);
        });
    }

    private static void writeRole(XMLStreamWriter w, IamRole role) throws XMLStreamException {
        w.writeStartElement("Role");
        element(w, "Path", role.path());
        element(w, "RoleName", role.roleName());
        element(w, "RoleId", role.roleId());
        element(w, "Arn", role.arn());
        element(w, "CreateDate", iso(role.createDate()));
        element(w, "AssumeRolePolicyDocument", urlEncoded(role.assumeRolePolicyDocument()));
        if (!role.description().isEmpty()) {
            element(w, "Description", role.description());
        }
        element(w, "MaxSessionDuration", Integer.toString(role.maxSessionDuration()));
        if (!role.tags().isEmpty()) {
            w.writeStartElement("Tags");
            for (Map.Entry<String, String> tag : role.tags().entrySet()) {
                w.writeStartElement("member");
                element(w, "Key", tag.getKey());
                element(w, "Value", tag.getValue());
                w.writeEndElement();
            }
            w.writeEndElement();
        }
        w.writeEndElement();
    }

    private interface ResultWriter {
        void write(XMLStreamWriter w) throws XMLStreamException;
    }

    private static String respond(String namespace, String action, String requestId, ResultWriter result) {
        return xml(w -> {
            w.writeStartElement(action + "Response");
            w.writeDefaultNamespace(namespace);
            if (result != null) {
                w.writeStartElement(action + "Result");
                result.write(w);
                w.writeEndElement();
            }
            w.writeStartElement("ResponseMetadata");
            element(w, "RequestId", requestId);
            w.writeEndElement();
            w.writeEndElement();
        });
    }

    private static String errorXml(String namespace, AwsApiException e, String requestId) {
        return xml(w -> {
            w.writeStartElement("ErrorResponse");
            w.writeDefaultNamespace(namespace);
            w.writeStartElement("Error");
            element(w, "Type", e.status() >= 500 ? "Receiver" : "Sender");
            element(w, "Code", e.errorCode());
            element(w, "Message", e.getMessage());
            w.writeEndElement();
            element(w, "RequestId", requestId);
            w.writeEndElement();
        });
    }

    private static String xml(ResultWriter body) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter w = XML.createXMLStreamWriter(out);
            w.writeStartDocument("UTF-8", "1.0");
            body.write(w);
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write XML", e);
        }
        return out.toString();
    }

    private static void element(XMLStreamWriter w, String name, String text) throws XMLStreamException {
        w.writeStartElement(name);
        w.writeCharacters(text);
        w.writeEndElement();
    }

    private static String iso(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /** IAM returns policy documents URL-encoded (RFC 3986), spaces as {@code %20}. */
    private static String urlEncoded(String document) {
        return URLEncoder.encode(document, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static int marker(String marker, int size) {
        if (!marker.matches("[0-9]{1,9}") || Integer.parseInt(marker) > size) {
            throw new AwsApiException(400, "ValidationError", "1 validation error detected: Value '" + marker
                    + "' at 'marker' is not a marker this service issued");
        }
        return Integer.parseInt(marker);
    }

    private static Integer intParam(Map<String, String> p, String name) {
        String value = p.get(name);
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw new AwsApiException(400, "ValidationError",
                    "1 validation error detected: Value '" + value + "' at '" + name + "' is not an integer");
        }
    }

    private static Map<String, String> tags(Map<String, String> p) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 1; p.containsKey("Tags.member." + i + ".Key"); i++) {
            tags.put(p.get("Tags.member." + i + ".Key"), p.getOrDefault("Tags.member." + i + ".Value", ""));
        }
        return tags;
    }
}
