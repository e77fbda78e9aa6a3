package io.github.fleetprov.testkit.internal.controlplane;

import static io.github.fleetprov.testkit.internal.controlplane.ControlPlaneRest.*;

import io.github.fleetprov.testkit.internal.http.AwsApiException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.github.fleetprov.core.pki.CertificateAuthority;
import io.github.fleetprov.core.pki.KeyAlgorithm;
import io.github.fleetprov.testkit.registry.IotRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The AWS IoT control-plane operations of the local emulator, over the shared {@link IotRegistry}.
 * Request and response members, error codes and HTTP statuses follow the AWS IoT service model;
 * names, sizes, policy documents and template bodies are validated as AWS IoT does before anything
 * changes.
 */
public final class IotOperations {

    /** How long a claim from CreateProvisioningClaim may be used, as in AWS IoT. */
    public static final Duration CLAIM_LIFETIME = ControlPlaneRest.CLAIM_LIFETIME;

    private final IotRegistry registry;
    private final Function<String, Optional<String>> endpointAddresses;
    private final AuthorizationTester authorizationTester;
    private final ThingOperations things;
    private final ThingGroupOperations groups;
    private final CertificateOperations certificates;
    private final CaCertificateOperations caCertificates;
    private final PolicyOperations policies;
    private final RoleAliasOperations roleAliases;
    private final TemplateOperations templates;
    private final RegistrationTaskOperations registrationTasks;

    /** Answers TestAuthorization for a set of policy documents. */
    @FunctionalInterface
    public interface AuthorizationTester {
        /**
         * Evaluates one TestAuthorization request.
         *
         * @param request the decoded request body and query
         * @param operations the operations, for looking up principals and policies
         * @return the {@code authResults} array
         */
        ArrayNode test(RestRequest request, IotOperations operations);
    }

    /**
     * Creates the operations.
     *
     * @param registry the registry the operations read and change
     * @param authority the CA that issues CreateKeysAndCertificate and CreateProvisioningClaim certificates
     * @param issuedKeyAlgorithm the key type of those certificates ({@link KeyAlgorithm#RSA_2048} as in AWS IoT)
     * @param endpointAddresses the DescribeEndpoint answer for an endpoint type (e.g. {@code iot:Data-ATS})
     * @param authorizationTester the TestAuthorization evaluator
     */
    public IotOperations(IotRegistry registry, CertificateAuthority authority, KeyAlgorithm issuedKeyAlgorithm,
            Function<String, Optional<String>> endpointAddresses, AuthorizationTester authorizationTester) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.endpointAddresses = Objects.requireNonNull(endpointAddresses, "endpointAddresses");
        this.authorizationTester = Objects.requireNonNull(authorizationTester, "authorizationTester");
        CertificateIssuer issuer = new CertificateIssuer(authority, issuedKeyAlgorithm);
        this.things = new ThingOperations(registry);
        this.groups = new ThingGroupOperations(registry);
        this.certificates = new CertificateOperations(registry, issuer);
        this.caCertificates = new CaCertificateOperations(registry);
        this.policies = new PolicyOperations(registry);
        this.roleAliases = new RoleAliasOperations(registry);
        this.templates = new TemplateOperations(registry, issuer);
        this.registrationTasks = new RegistrationTaskOperations(registry, authority);
    }

    /**
     * The registry these operations work on.
     *
     * @return the registry
     */
    public IotRegistry registry() {
        return registry;
    }

    /**
     * Every operation with its method and URI template, as in the service model.
     *
     * @return the routes
     */
    public List<ControlPlaneServer.Route> routes() {
        List<ControlPlaneServer.Route> r = new ArrayList<>();
        things.addRoutes(r);
        groups.addRoutes(r);
        certificates.addRoutes(r);
        caCertificates.addRoutes(r);
        policies.addRoutes(r);
        roleAliases.addRoutes(r);
        templates.addRoutes(r);
        registrationTasks.addRoutes(r);
        add(r, "GET", "/endpoint", "DescribeEndpoint", this::describeEndpoint);
        add(r, "POST", "/test-authorization", "TestAuthorization", req -> object().set("authResults",
                authorizationTester.test(req, this)));
        return r;
    }

    /** @return bulk registration, whose S3 endpoint and runner the emulator sets up and closes */
    public RegistrationTaskOperations registrationTasks() {
        return registrationTasks;
    }

    private JsonNode describeEndpoint(RestRequest req) {
        String type = req.queryParam("endpointType").orElse("iot:Data");
        String address = endpointAddresses.apply(type).orElseThrow(() -> AwsApiException.invalidRequest(
                "Endpoint type " + type + " is not valid. Use iot:Data-ATS, iot:Data, iot:CredentialProvider or iot:Jobs."));
        return object().put("endpointAddress", address);
    }
}
