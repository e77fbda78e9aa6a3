package io.github.fleetprov.testkit.internal.controlplane;

import io.github.fleetprov.testkit.internal.http.AwsApiException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.pki.CertificateAuthority;
import io.github.fleetprov.core.pki.Certificates;
import io.github.fleetprov.core.pki.IssuedCertificate;
import io.github.fleetprov.core.pki.KeyAlgorithm;
import io.github.fleetprov.core.pki.Pem;
import io.github.fleetprov.core.pki.Subject;
import io.github.fleetprov.policy.IotPolicy;
import io.github.fleetprov.template.ProvisioningTemplate;
import io.github.fleetprov.template.TemplateType;
import io.github.fleetprov.testkit.registry.CaCertificate;
import io.github.fleetprov.testkit.registry.Certificate;
import io.github.fleetprov.testkit.registry.CertificateRegistration;
import io.github.fleetprov.testkit.registry.CertificateStatus;
import io.github.fleetprov.testkit.registry.IotRegistry;
import io.github.fleetprov.testkit.registry.Policy;
import io.github.fleetprov.testkit.registry.PolicyVersion;
import io.github.fleetprov.testkit.registry.PreProvisioningHookConfig;
import io.github.fleetprov.testkit.registry.ProvisioningTemplateRecord;
import io.github.fleetprov.testkit.registry.ProvisioningTemplateSpec;
import io.github.fleetprov.testkit.registry.ProvisioningTemplateUpdate;
import io.github.fleetprov.testkit.registry.ProvisioningTemplateVersion;
import io.github.fleetprov.testkit.registry.RegistryException;
import io.github.fleetprov.testkit.registry.RoleAlias;
import io.github.fleetprov.testkit.registry.Thing;
import io.github.fleetprov.testkit.registry.ThingGroup;
import io.github.fleetprov.testkit.registry.ThingType;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The AWS IoT control-plane operations of the local emulator, over the shared {@link IotRegistry}.
 * Request and response members, error codes and HTTP statuses follow the AWS IoT service model;
 * names, sizes, policy documents and template bodies are validated as AWS IoT does before anything
 * changes.
 */
public final class IotOperations {

    /** How long a claim from CreateProvisioningClaim may be used, as in AWS IoT. */
    public static final Duration CLAIM_LIFETIME = Duration.ofMinutes(5);
    /** The largest IoT policy document, counted without white space. */
    public static final int MAX_POLICY_CHARACTERS = 2048;
    /** The largest template body. */
    public static final int MAX_TEMPLATE_BODY = 10_240;

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Pattern THING_NAME = Pattern.compile("[a-zA-Z0-9:_-]{1,128}");
    private static final Pattern POLICY_NAME = Pattern.compile("[\\w+=,.@-]{1,128}");
    private static final Pattern ROLE_ALIAS = Pattern.compile("[\\w=,@-]{1,128}");
    private static final Pattern TEMPLATE_NAME = Pattern.compile("[0-9A-Za-z_-]{1,36}");
    private static final Pattern CERTIFICATE_ID = Pattern.compile("(0x)?[a-fA-F0-9]{64}");
    private static final Pattern VERSION_ID = Pattern.compile("[0-9]+");
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[a-zA-Z0-9_.,@/:#-]{1,128}");
    private static final Pattern ATTRIBUTE_VALUE = Pattern.compile("[a-zA-Z0-9_.,@/:#=\\[\\]-]{0,800}");
    private static final Pattern WHITE_SPACE = Pattern.compile("\\s");
    /** AWS IoT's own certificates are valid until the end of 2049. */
    private static final Instant AWS_ISSUED_NOT_AFTER = ZonedDateTime.of(2049, 12, 31, 23, 59, 59, 0, ZoneOffset.UTC).toInstant();

    private final IotRegistry registry;
    private final CertificateAuthority authority;
    private final KeyAlgorithm issuedKeyAlgorithm;
    private final Function<String, Optional<String>> endpointAddresses;
    private final AuthorizationTester authorizationTester;

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
        this.authority = Objects.requireNonNull(authority, "authority");
        this.issuedKeyAlgorithm = Objects.requireNonNull(issuedKeyAlgorithm, "issuedKeyAlgorithm");
        this.endpointAddresses = Objects.requireNonNull(endpointAddresses, "endpointAddresses");
        this.authorizationTester = Objects.requireNonNull(authorizationTester, "authorizationTester");
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
        add(r, "POST", "/thing-types/{thingTypeName}", "CreateThingType", this::createThingType);
        add(r, "GET", "/thing-types/{thingTypeName}", "DescribeThingType", this::describeThingType);
        add(r, "POST", "/things/{thingName}", "CreateThing", this::createThing);
        add(r, "GET", "/things/{thingName}", "DescribeThing", this::describeThing);
        add(r, "DELETE", "/things/{thingName}", "DeleteThing", this::deleteThing);
        add(r, "POST", "/keys-and-certificate", "CreateKeysAndCertificate", this::createKeysAndCertificate);
        add(r, "POST", "/certificate/register-no-ca", "RegisterCertificateWithoutCA", this::registerCertificateWithoutCa);
        add(r, "POST", "/certificate/register", "RegisterCertificate", this::registerCertificate);
        add(r, "GET", "/certificates/{certificateId}", "DescribeCertificate", this::describeCertificate);
        add(r, "PUT", "/certificates/{certificateId}", "UpdateCertificate", this::updateCertificate);
        add(r, "DELETE", "/certificates/{certificateId}", "DeleteCertificate", this::deleteCertificate);
        add(r, "POST", "/policies/{policyName}", "CreatePolicy", this::createPolicy);
        add(r, "GET", "/policies/{policyName}", "GetPolicy", this::getPolicy);
        add(r, "DELETE", "/policies/{policyName}", "DeletePolicy", this::deletePolicy);
        add(r, "POST", "/policies/{policyName}/version", "CreatePolicyVersion", this::createPolicyVersion);
        add(r, "GET", "/policies/{policyName}/version", "ListPolicyVersions", this::listPolicyVersions);
        add(r, "DELETE", "/policies/{policyName}/version/{policyVersionId}", "DeletePolicyVersion", this::deletePolicyVersion);
        add(r, "PUT", "/target-policies/{policyName}", "AttachPolicy", this::attachPolicy);
        add(r, "POST", "/target-policies/{policyName}", "DetachPolicy", this::detachPolicy);
        add(r, "POST", "/attached-policies/{target}", "ListAttachedPolicies", this::listAttachedPolicies);
        add(r, "POST", "/policy-targets/{policyName}", "ListTargetsForPolicy", this::listTargetsForPolicy);
        add(r, "PUT", "/things/{thingName}/principals", "AttachThingPrincipal", this::attachThingPrincipal);
        add(r, "DELETE", "/things/{thingName}/principals", "DetachThingPrincipal", this::detachThingPrincipal);
        add(r, "GET", "/things/{thingName}/principals", "ListThingPrincipals", this::listThingPrincipals);
        add(r, "GET", "/principals/things", "ListPrincipalThings", this::listPrincipalThings);
        add(r, "POST", "/thing-groups/{thingGroupName}", "CreateThingGroup", this::createThingGroup);
        add(r, "PUT", "/thing-groups/addThingToThingGroup", "AddThingToThingGroup", this::addThingToThingGroup);
        add(r, "POST", "/role-aliases/{roleAlias}", "CreateRoleAlias", this::createRoleAlias);
        add(r, "GET", "/role-aliases/{roleAlias}", "DescribeRoleAlias", this::describeRoleAlias);
        add(r, "PUT", "/role-aliases/{roleAlias}", "UpdateRoleAlias", this::updateRoleAlias);
        add(r, "DELETE", "/role-aliases/{roleAlias}", "DeleteRoleAlias", this::deleteRoleAlias);
        add(r, "GET", "/endpoint", "DescribeEndpoint", this::describeEndpoint);
        add(r, "POST", "/provisioning-templates", "CreateProvisioningTemplate", this::createProvisioningTemplate);
        add(r, "GET", "/provisioning-templates", "ListProvisioningTemplates", this::listProvisioningTemplates);
        add(r, "GET", "/provisioning-templates/{templateName}", "DescribeProvisioningTemplate", this::describeProvisioningTemplate);
        add(r, "DELETE", "/provisioning-templates/{templateName}", "DeleteProvisioningTemplate", this::deleteProvisioningTemplate);
        add(r, "PATCH", "/provisioning-templates/{templateName}", "UpdateProvisioningTemplate", this::updateProvisioningTemplate);
        add(r, "POST", "/provisioning-templates/{templateName}/versions", "CreateProvisioningTemplateVersion",
                this::createProvisioningTemplateVersion);
        add(r, "GET", "/provisioning-templates/{templateName}/versions", "ListProvisioningTemplateVersions",
                this::listProvisioningTemplateVersions);
        add(r, "DELETE", "/provisioning-templates/{templateName}/versions/{versionId}", "DeleteProvisioningTemplateVersion",
                this::deleteProvisioningTemplateVersion);
        add(r, "POST", "/provisioning-templates/{templateName}/provisioning-claim", "CreateProvisioningClaim",
                this::createProvisioningClaim);
        add(r, "POST", "/test-authorization", "TestAuthorization", req -> object().set("authResults",
                authorizationTester.test(req, this)));
        return r;
    }

    private static void add(List<ControlPlaneServer.Route> routes, String method, String template, String operation,
            Function<RestRequest, JsonNode> handler) {
        routes.add(new ControlPlaneServer.Route(method, template, operation, request -> {
            try {
                return handler.apply(request);
            } catch (RegistryException e) {
                throw new AwsApiException(e.httpStatus(), e.errorCode(), e.getMessage());
            } catch (InvalidInputException e) {
                throw AwsApiException.invalidRequest(e.getMessage());
            }
        }));
    }

    // ------------------------------------------------------------------ things

    private JsonNode createThingType(RestRequest req) {
        String name = requireName(req.path("thingTypeName"), "thingTypeName", THING_NAME);
        JsonNode props = req.body().path("thingTypeProperties");
        String description = props.path("thingTypeDescription").asText("");
        if (description.length() > 2028) {
            throw constraint("thingTypeProperties.thingTypeDescription", "Member must have length less than or equal to 2028");
        }
        List<String> searchable = new ArrayList<>();
        props.path("searchableAttributes").forEach(a -> searchable.add(a.asText()));
        if (searchable.size() > 3) {
            throw AwsApiException.invalidRequest("A thing type can have at most 3 searchable attributes, got " + searchable.size() + ".");
        }
        ThingType type = registry.createThingType(name, description, searchable);
        return object().put("thingTypeName", type.thingTypeName()).put("thingTypeArn", type.thingTypeArn())
                .put("thingTypeId", type.thingTypeId());
    }

    private JsonNode createThing(RestRequest req) {
        String name = requireName(req.path("thingName"), "thingName", THING_NAME);
        Optional<String> type = req.string("thingTypeName");
        type.ifPresent(t -> requireName(t, "thingTypeName", THING_NAME));
        Optional<String> billingGroup = req.string("billingGroupName");
        billingGroup.ifPresent(b -> requireName(b, "billingGroupName", THING_NAME));
        Map<String, String> attributes = new LinkedHashMap<>();
        JsonNode attrs = req.body().path("attributePayload").path("attributes");
        attrs.properties().forEach(e -> {
            requireName(e.getKey(), "attributePayload.attributes.key", ATTRIBUTE_NAME);
            String value = e.getValue().isNull() ? "" : e.getValue().asText();
            requireName(value, "attributePayload.attributes.value", ATTRIBUTE_VALUE);
            attributes.put(e.getKey(), value);
        });
        if (attributes.size() > 50) {
            throw AwsApiException.invalidRequest("A thing can have at most 50 attributes, got " + attributes.size() + ".");
        }
        Thing thing = registry.createThing(name, type.orElse(null), attributes, billingGroup.orElse(null));
        return object().put("thingName", thing.thingName()).put("thingArn", thing.thingArn()).put("thingId", thing.thingId());
    }

    private JsonNode describeThing(RestRequest req) {
        String name = requireName(req.path("thingName"), "thingName", THING_NAME);
        Thing thing = registry.findThing(name)
                .orElseThrow(() -> AwsApiException.notFound("Thing " + name + " cannot be found."));
        ObjectNode out = object().put("defaultClientId", thing.thingName()).put("thingName", thing.thingName())
                .put("thingId", thing.thingId()).put("thingArn", thing.thingArn());
        thing.thingTypeName().ifPresent(t -> out.put("thingTypeName", t));
        ObjectNode attributes = out.putObject("attributes");
        thing.attributes().forEach(attributes::put);
        out.put("version", thing.version());
        thing.billingGroupName().ifPresent(b -> out.put("billingGroupName", b));
        return out;
    }

    private JsonNode deleteThing(RestRequest req) {
        String name = requireName(req.path("thingName"), "thingName", THING_NAME);
        Optional<String> expected = req.queryParam("expectedVersion");
        if (expected.isPresent()) {
            long version = parseLong(expected.get(), "expectedVersion");
            Optional<Thing> thing = registry.findThing(name);
            if (thing.isPresent() && thing.get().version() != version) {
                throw new AwsApiException(409, "VersionConflictException", "The version for thing " + name
                        + " does not match the expected version " + version + "; it is " + thing.get().version() + ".");
            }
        }
        registry.deleteThing(name);
        return object();
    }

    // ------------------------------------------------------------------ certificates

    private JsonNode createKeysAndCertificate(RestRequest req) {
        boolean active = req.queryFlag("setAsActive");
        IssuedCertificate issued = authority.issueWithKey(Subject.ofCommonName("AWS IoT Certificate"),
                issuedKeyAlgorithm, Duration.between(registry.clock().instant(), AWS_ISSUED_NOT_AFTER));
        Certificate cert = registry.registerCertificate(
                CertificateRegistration.builder(issued.certificatePem())
                        .status(active ? CertificateStatus.ACTIVE : CertificateStatus.INACTIVE).build());
        ObjectNode out = object().put("certificateArn", cert.certificateArn()).put("certificateId", cert.certificateId())
                .put("certificatePem", cert.certificatePem());
        out.putObject("keyPair").put("PublicKey", Pem.publicKeyToPem(issued.keyPair().getPublic()))
                .put("PrivateKey", issued.privateKeyPem());
        return out;
    }

    private JsonNode registerCertificateWithoutCa(RestRequest req) {
        String pem = requirePem(req.requiredString("certificatePem"), "certificatePem");
        CertificateStatus status = req.string("status").map(CertificateStatus::parse).orElse(CertificateStatus.INACTIVE);
        Certificate cert = registry.registerCertificate(CertificateRegistration.builder(pem).status(status).build());
        return object().put("certificateArn", cert.certificateArn()).put("certificateId", cert.certificateId());
    }

    private JsonNode registerCertificate(RestRequest req) {
        String pem = requirePem(req.requiredString("certificatePem"), "certificatePem");
        X509Certificate device = readCertificate(pem, "certificatePem");
        CaCertificate ca;
        Optional<String> caPem = req.string("caCertificatePem");
        if (caPem.isPresent()) {
            X509Certificate caCert = readCertificate(requirePem(caPem.get(), "caCertificatePem"), "caCertificatePem");
            String caId = Certificates.awsCertificateId(caCert);
            ca = registry.findCaCertificate(caId).orElseThrow(() -> AwsApiException.invalidRequest(
                    "The CA certificate " + caId + " is not registered. Register it with RegisterCACertificate first."));
            if (!signedBy(device, ca.certificate())) {
                throw new AwsApiException(400, "CertificateValidationException",
                        "The certificate is not signed by the CA certificate given in caCertificatePem.");
            }
        } else {
            ca = registry.listCaCertificates().stream().filter(c -> signedBy(device, c.certificate())).findFirst()
                    .orElseThrow(() -> new AwsApiException(400, "CertificateValidationException",
                            "No registered CA certificate signed this certificate. Register its CA with "
                                    + "RegisterCACertificate, or use RegisterCertificateWithoutCA."));
        }
        if (!ca.active()) {
            throw new AwsApiException(406, "CertificateStateException", "The CA certificate " + ca.certificateId() + " is not ACTIVE.");
        }
        CertificateStatus status = req.string("status").map(CertificateStatus::parse)
                .orElse(req.queryFlag("setAsActive") ? CertificateStatus.ACTIVE : CertificateStatus.INACTIVE);
        Certificate cert = registry.registerCertificate(CertificateRegistration.builder(pem).status(status)
                .caCertificateId(ca.certificateId()).build());
        return object().put("certificateArn", cert.certificateArn()).put("certificateId", cert.certificateId());
    }

    private JsonNode describeCertificate(RestRequest req) {
        Certificate cert = registry.describeCertificate(certificateId(req));
        ObjectNode out = object();
        ObjectNode d = out.putObject("certificateDescription");
        d.put("certificateArn", cert.certificateArn()).put("certificateId", cert.certificateId());
        cert.caCertificateId().ifPresent(id -> d.put("caCertificateId", id));
        d.put("status", cert.status().name()).put("certificatePem", cert.certificatePem())
                .put("ownedBy", registry.accountId());
        timestamp(d, "creationDate", cert.creationDate());
        timestamp(d, "lastModifiedDate", cert.lastModifiedDate());
        d.put("customerVersion", 1).put("generationId", cert.generationId());
        ObjectNode validity = d.putObject("validity");
        timestamp(validity, "notBefore", cert.certificate().getNotBefore().toInstant());
        timestamp(validity, "notAfter", cert.certificate().getNotAfter().toInstant());
        d.put("certificateMode", "DEFAULT");
        return out;
    }

    private JsonNode updateCertificate(RestRequest req) {
        String id = certificateId(req);
        String newStatus = req.queryParam("newStatus").orElseThrow(() -> constraint("newStatus", "Member must not be null"));
        registry.updateCertificateStatus(id, CertificateStatus.parse(newStatus));
        return object();
    }

    private JsonNode deleteCertificate(RestRequest req) {
        registry.deleteCertificate(certificateId(req), req.queryFlag("forceDelete"));
        return object();
    }

    // ------------------------------------------------------------------ policies

    private JsonNode createPolicy(RestRequest req) {
        String name = requireName(req.path("policyName"), "policyName", POLICY_NAME);
        String document = checkPolicyDocument(req.requiredString("policyDocument"));
        Policy policy = registry.createPolicy(name, document);
        return object().put("policyName", policy.policyName()).put("policyArn", policy.policyArn())
                .put("policyDocument", policy.document()).put("policyVersionId", policy.defaultVersionId());
    }

    private JsonNode createPolicyVersion(RestRequest req) {
        String name = requireName(req.path("policyName"), "policyName", POLICY_NAME);
        String document = checkPolicyDocument(req.requiredString("policyDocument"));
        Policy policy = registry.getPolicy(name);
        PolicyVersion version = registry.createPolicyVersion(name, document, req.queryFlag("setAsDefault"));
        return object().put("policyArn", policy.policyArn()).put("policyDocument", version.document())
                .put("policyVersionId", version.versionId()).put("isDefaultVersion", version.isDefaultVersion());
    }

    private JsonNode deletePolicyVersion(RestRequest req) {
        String name = requireName(req.path("policyName"), "policyName", POLICY_NAME);
        String versionId = requireName(req.path("policyVersionId"), "policyVersionId", VERSION_ID);
        registry.deletePolicyVersion(name, versionId);
        return object();
    }

    private JsonNode listPolicyVersions(RestRequest req) {
        Policy policy = registry.getPolicy(requireName(req.path("policyName"), "policyName", POLICY_NAME));
        ObjectNode out = object();
        ArrayNode versions = out.putArray("policyVersions");
        for (PolicyVersion v : policy.versions()) {
            ObjectNode node = versions.addObject().put("versionId", v.versionId()).put("isDefaultVersion", v.isDefaultVersion());
            timestamp(node, "createDate", v.createDate());
        }
        return out;
    }

    private JsonNode getPolicy(RestRequest req) {
        Policy policy = registry.getPolicy(requireName(req.path("policyName"), "policyName", POLICY_NAME));
        ObjectNode out = object().put("policyName", policy.policyName()).put("policyArn", policy.policyArn())
                .put("policyDocument", policy.document()).put("defaultVersionId", policy.defaultVersionId());
        timestamp(out, "creationDate", policy.creationDate());
        timestamp(out, "lastModifiedDate", policy.lastModifiedDate());
        out.put("generationId", Integer.toHexString(Objects.hash(policy.policyArn(), policy.defaultVersionId(),
                policy.lastModifiedDate())));
        return out;
    }

    private JsonNode deletePolicy(RestRequest req) {
        registry.deletePolicy(requireName(req.path("policyName"), "policyName", POLICY_NAME));
        return object();
    }

    private JsonNode attachPolicy(RestRequest req) {
        registry.attachPolicy(requireName(req.path("policyName"), "policyName", POLICY_NAME), req.requiredString("target"));
        return object();
    }

    private JsonNode detachPolicy(RestRequest req) {
        registry.detachPolicy(requireName(req.path("policyName"), "policyName", POLICY_NAME), req.requiredString("target"));
        return object();
    }

    private JsonNode listAttachedPolicies(RestRequest req) {
        String target = req.path("target");
        if (target.startsWith("arn:") && target.contains(":cert/")
                && registry.findCertificateByArn(target).isEmpty()) {
            throw AwsApiException.notFound("The certificate " + target + " does not exist.");
        }
        ObjectNode out = object();
        ArrayNode policies = out.putArray("policies");
        for (Policy p : registry.listAttachedPolicies(target)) {
            policies.addObject().put("policyName", p.policyName()).put("policyArn", p.policyArn());
        }
        return out;
    }

    // ------------------------------------------------------------------ thing principals

    private JsonNode attachThingPrincipal(RestRequest req) {
        String thing = requireName(req.path("thingName"), "thingName", THING_NAME);
        registry.attachThingPrincipal(thing, principal(req));
        return object();
    }

    private JsonNode detachThingPrincipal(RestRequest req) {
        String thing = requireName(req.path("thingName"), "thingName", THING_NAME);
        registry.detachThingPrincipal(thing, principal(req));
        return object();
    }

    private JsonNode listThingPrincipals(RestRequest req) {
        String thing = requireName(req.path("thingName"), "thingName", THING_NAME);
        ObjectNode out = object();
        ArrayNode principals = out.putArray("principals");
        registry.listThingPrincipals(thing).forEach(principals::add);
        return out;
    }

    private static String principal(RestRequest req) {
        return req.header("x-amzn-principal").filter(p -> !p.isEmpty())
                .orElseThrow(() -> constraint("principal", "Member must not be null"));
    }

    // ------------------------------------------------------------------ role aliases and endpoints

    private JsonNode createRoleAlias(RestRequest req) {
        String alias = requireName(req.path("roleAlias"), "roleAlias", ROLE_ALIAS);
        String roleArn = checkRoleArn(req.requiredString("roleArn"));
        Integer requested = credentialDuration(req);
        int duration = requested == null ? 3600 : requested;
        RoleAlias created = registry.createRoleAlias(alias, roleArn, duration);
        return object().put("roleAlias", created.roleAlias()).put("roleAliasArn", created.roleAliasArn());
    }

    private JsonNode describeRoleAlias(RestRequest req) {
        String alias = requireName(req.path("roleAlias"), "roleAlias", ROLE_ALIAS);
        RoleAlias ra = registry.findRoleAlias(alias)
                .orElseThrow(() -> AwsApiException.notFound("Role alias " + alias + " does not exist."));
        ObjectNode out = object();
        ObjectNode d = out.putObject("roleAliasDescription");
        d.put("roleAlias", ra.roleAlias()).put("roleAliasArn", ra.roleAliasArn()).put("roleArn", ra.roleArn())
                .put("owner", ra.owner()).put("credentialDurationSeconds", ra.credentialDurationSeconds());
        timestamp(d, "creationDate", ra.creationDate());
        timestamp(d, "lastModifiedDate", ra.lastModifiedDate());
        return out;
    }

    private JsonNode deleteRoleAlias(RestRequest req) {
        registry.deleteRoleAlias(requireName(req.path("roleAlias"), "roleAlias", ROLE_ALIAS));
        return object();
    }

    private JsonNode describeEndpoint(RestRequest req) {
        String type = req.queryParam("endpointType").orElse("iot:Data");
        String address = endpointAddresses.apply(type).orElseThrow(() -> AwsApiException.invalidRequest(
                "Endpoint type " + type + " is not valid. Use iot:Data-ATS, iot:Data, iot:CredentialProvider or iot:Jobs."));
        return object().put("endpointAddress", address);
    }

    // ------------------------------------------------------------------ provisioning templates

    private JsonNode createProvisioningTemplate(RestRequest req) {
        String name = requireName(req.requiredString("templateName"), "templateName", TEMPLATE_NAME);
        String description = req.string("description").orElse("");
        if (description.length() > 500) {
            throw constraint("description", "Member must have length less than or equal to 500");
        }
        String roleArn = req.requiredString("provisioningRoleArn");
        if (roleArn.length() < 20 || roleArn.length() > 2048) {
            throw constraint("provisioningRoleArn", "Member must have length between 20 and 2048");
        }
        String type = req.string("type").orElse(ProvisioningTemplateRecord.TYPE_FLEET_PROVISIONING);
        if (!type.equals(ProvisioningTemplateRecord.TYPE_FLEET_PROVISIONING) && !type.equals(ProvisioningTemplateRecord.TYPE_JITP)) {
            throw constraint("type", "Member must satisfy enum value set: [FLEET_PROVISIONING, JITP]");
        }
        String body = checkTemplateBody(req.requiredString("templateBody"), type);
        ProvisioningTemplateSpec.Builder spec = ProvisioningTemplateSpec.builder().templateName(name)
                .description(description).templateBody(body).enabled(req.body().path("enabled").asBoolean(false))
                .provisioningRoleArn(roleArn).type(type);
        JsonNode hook = req.body().get("preProvisioningHook");
        if (hook != null && !hook.isNull()) {
            if (type.equals(ProvisioningTemplateRecord.TYPE_JITP)) {
                throw AwsApiException.invalidRequest("A JITP template cannot have a pre-provisioning hook.");
            }
            spec.preProvisioningHook(hookConfig(hook));
        }
        ProvisioningTemplateRecord created = registry.createProvisioningTemplate(spec.build());
        return object().put("templateArn", created.templateArn()).put("templateName", created.templateName())
                .put("defaultVersionId", created.defaultVersionId());
    }

    private JsonNode describeProvisioningTemplate(RestRequest req) {
        ProvisioningTemplateRecord t = registry.describeProvisioningTemplate(
                requireName(req.path("templateName"), "templateName", TEMPLATE_NAME));
        ObjectNode out = object().put("templateArn", t.templateArn()).put("templateName", t.templateName())
                .put("description", t.description());
        timestamp(out, "creationDate", t.creationDate());
        timestamp(out, "lastModifiedDate", t.lastModifiedDate());
        out.put("defaultVersionId", t.defaultVersionId()).put("templateBody", t.templateBody())
                .put("enabled", t.enabled()).put("provisioningRoleArn", t.provisioningRoleArn());
        t.preProvisioningHook().ifPresent(h -> {
            ObjectNode hook = out.putObject("preProvisioningHook").put("payloadVersion", h.payloadVersion());
            hook.put("targetArn", h.targetArn().orElse(""));
        });
        out.put("type", t.type());
        return out;
    }

    private JsonNode createProvisioningTemplateVersion(RestRequest req) {
        String name = requireName(req.path("templateName"), "templateName", TEMPLATE_NAME);
        ProvisioningTemplateRecord template = registry.describeProvisioningTemplate(name);
        String body = checkTemplateBody(req.requiredString("templateBody"), template.type());
        ProvisioningTemplateVersion version = registry.createProvisioningTemplateVersion(name, body, req.queryFlag("setAsDefault"));
        return object().put("templateArn", template.templateArn()).put("templateName", template.templateName())
                .put("versionId", version.versionId()).put("isDefaultVersion", version.isDefaultVersion());
    }

    private JsonNode deleteProvisioningTemplate(RestRequest req) {
        registry.deleteProvisioningTemplate(requireName(req.path("templateName"), "templateName", TEMPLATE_NAME));
        return object();
    }

    private JsonNode listProvisioningTemplates(RestRequest req) {
        int maxResults = req.queryParam("maxResults").map(v -> (int) parseLong(v, "maxResults")).orElse(250);
        if (maxResults < 1 || maxResults > 250) {
            throw constraint("maxResults", "Member must have value between 1 and 250");
        }
        int start = req.queryParam("nextToken").map(v -> (int) parseLong(v, "nextToken")).orElse(0);
        List<ProvisioningTemplateRecord> all = registry.listProvisioningTemplates();
        ObjectNode out = object();
        ArrayNode templates = out.putArray("templates");
        int end = Math.min(all.size(), start + maxResults);
        for (ProvisioningTemplateRecord t : all.subList(Math.min(start, all.size()), end)) {
            ObjectNode node = templates.addObject().put("templateArn", t.templateArn()).put("templateName", t.templateName())
                    .put("description", t.description());
            timestamp(node, "creationDate", t.creationDate());
            timestamp(node, "lastModifiedDate", t.lastModifiedDate());
            node.put("enabled", t.enabled()).put("type", t.type());
        }
        if (end < all.size()) {
            out.put("nextToken", Integer.toString(end));
        }
        return out;
    }

    private JsonNode createProvisioningClaim(RestRequest req) {
        String name = requireName(req.path("templateName"), "templateName", TEMPLATE_NAME);
        ProvisioningTemplateRecord template = registry.describeProvisioningTemplate(name);
        if (!ProvisioningTemplateRecord.TYPE_FLEET_PROVISIONING.equals(template.type())) {
            throw AwsApiException.invalidRequest("Template " + name + " is a " + template.type()
                    + " template; provisioning claims exist only for FLEET_PROVISIONING templates.");
        }
        Instant expiration = registry.clock().instant().plus(CLAIM_LIFETIME);
        IssuedCertificate issued = authority.issueWithKey(Subject.ofCommonName("AWS IoT Certificate"),
                issuedKeyAlgorithm, Duration.between(registry.clock().instant(), AWS_ISSUED_NOT_AFTER));
        Certificate cert = registry.registerCertificate(CertificateRegistration.builder(issued.certificatePem())
                .status(CertificateStatus.ACTIVE).claimExpiry(expiration).provisioningClaimFor(name).build());
        ObjectNode out = object().put("certificateId", cert.certificateId()).put("certificatePem", cert.certificatePem());
        out.putObject("keyPair").put("PublicKey", Pem.publicKeyToPem(issued.keyPair().getPublic()))
                .put("PrivateKey", issued.privateKeyPem());
        timestamp(out, "expiration", expiration);
        return out;
    }

    // ------------------------------------------------------------------ added registry queries

    private JsonNode describeThingType(RestRequest req) {
        String name = requireName(req.path("thingTypeName"), "thingTypeName", THING_NAME);
        ThingType type = registry.findThingType(name)
                .orElseThrow(() -> AwsApiException.notFound("Thing type " + name + " cannot be found."));
        ObjectNode out = object().put("thingTypeName", type.thingTypeName()).put("thingTypeId", type.thingTypeId())
                .put("thingTypeArn", type.thingTypeArn());
        ObjectNode properties = out.putObject("thingTypeProperties");
        if (!type.description().isEmpty()) {
            properties.put("thingTypeDescription", type.description());
        }
        ArrayNode searchable = properties.putArray("searchableAttributes");
        type.searchableAttributes().forEach(searchable::add);
        ObjectNode metadata = out.putObject("thingTypeMetadata").put("deprecated", type.deprecated());
        timestamp(metadata, "creationDate", type.creationDate());
        return out;
    }

    private JsonNode listPrincipalThings(RestRequest req) {
        String principal = principal(req);
        int maxResults = pageSize(req, "maxResults");
        int start = req.queryParam("nextToken").map(t -> decimalToken(t, "nextToken")).orElse(0);
        // Only registered certificates can be thing principals here, so any other principal is unknown.
        if (registry.findCertificateByArn(principal).isEmpty()) {
            throw AwsApiException.notFound("The principal " + principal + " does not exist.");
        }
        List<String> things = registry.listPrincipalThings(principal);
        ObjectNode out = object();
        ArrayNode page = out.putArray("things");
        int end = Math.min(things.size(), start + maxResults);
        things.subList(Math.min(start, things.size()), end).forEach(page::add);
        if (end < things.size()) {
            out.put("nextToken", Integer.toString(end));
        }
        return out;
    }

    private JsonNode listTargetsForPolicy(RestRequest req) {
        String name = requireName(req.path("policyName"), "policyName", POLICY_NAME);
        int pageSize = pageSize(req, "pageSize");
        int start = req.queryParam("marker").map(IotOperations::markerIndex).orElse(0);
        List<String> targets = registry.listTargetsForPolicy(name);
        ObjectNode out = object();
        ArrayNode page = out.putArray("targets");
        int end = Math.min(targets.size(), start + pageSize);
        targets.subList(Math.min(start, targets.size()), end).forEach(page::add);
        if (end < targets.size()) {
            out.put("nextMarker", Base64.getEncoder().encodeToString(Integer.toString(end).getBytes(StandardCharsets.US_ASCII)));
        }
        return out;
    }

    private JsonNode createThingGroup(RestRequest req) {
        String name = requireName(req.path("thingGroupName"), "thingGroupName", THING_NAME);
        if (req.string("parentGroupName").isPresent()) {
            throw AwsApiException.invalidRequest("parentGroupName: the local control plane has no thing group "
                    + "hierarchies; create the group without a parent.");
        }
        JsonNode properties = req.body().path("thingGroupProperties");
        String description = properties.path("thingGroupDescription").asText("");
        if (description.length() > 2028) {
            throw constraint("thingGroupProperties.thingGroupDescription", "Member must have length less than or equal to 2028");
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        properties.path("attributePayload").path("attributes").properties().forEach(e -> {
            requireName(e.getKey(), "thingGroupProperties.attributePayload.attributes.key", ATTRIBUTE_NAME);
            String value = e.getValue().isNull() ? "" : e.getValue().asText();
            requireName(value, "thingGroupProperties.attributePayload.attributes.value", ATTRIBUTE_VALUE);
            attributes.put(e.getKey(), value);
        });
        ThingGroup group = registry.createThingGroup(name, description, attributes);
        return object().put("thingGroupName", group.thingGroupName()).put("thingGroupArn", group.thingGroupArn())
                .put("thingGroupId", group.thingGroupId());
    }

    private JsonNode addThingToThingGroup(RestRequest req) {
        String group = req.string("thingGroupName")
                .or(() -> req.string("thingGroupArn").map(arn -> resourceName(arn, ":thinggroup/", "thingGroupArn")))
                .orElseThrow(() -> AwsApiException.invalidRequest("Either thingGroupName or thingGroupArn must be given."));
        String thing = req.string("thingName")
                .or(() -> req.string("thingArn").map(arn -> resourceName(arn, ":thing/", "thingArn")))
                .orElseThrow(() -> AwsApiException.invalidRequest("Either thingName or thingArn must be given."));
        registry.addThingToThingGroup(requireName(group, "thingGroupName", THING_NAME), requireName(thing, "thingName", THING_NAME));
        return object();
    }

    private JsonNode updateRoleAlias(RestRequest req) {
        String alias = requireName(req.path("roleAlias"), "roleAlias", ROLE_ALIAS);
        String roleArn = req.string("roleArn").map(IotOperations::checkRoleArn).orElse(null);
        Integer duration = credentialDuration(req);
        RoleAlias updated = registry.updateRoleAlias(alias, roleArn, duration);
        return object().put("roleAlias", updated.roleAlias()).put("roleAliasArn", updated.roleAliasArn());
    }

    private JsonNode updateProvisioningTemplate(RestRequest req) {
        String name = requireName(req.path("templateName"), "templateName", TEMPLATE_NAME);
        ProvisioningTemplateUpdate.Builder update = ProvisioningTemplateUpdate.builder();
        req.string("description").ifPresent(d -> {
            if (d.length() > 500) {
                throw constraint("description", "Member must have length less than or equal to 500");
            }
            update.description(d);
        });
        JsonNode enabled = req.body().get("enabled");
        if (enabled != null && !enabled.isNull()) {
            update.enabled(enabled.asBoolean());
        }
        JsonNode defaultVersion = req.body().get("defaultVersionId");
        if (defaultVersion != null && !defaultVersion.isNull()) {
            if (!defaultVersion.canConvertToInt()) {
                throw constraint("defaultVersionId", "Member must be an integer");
            }
            update.defaultVersionId(defaultVersion.asInt());
        }
        req.string("provisioningRoleArn").ifPresent(arn -> {
            if (arn.length() < 20 || arn.length() > 2048) {
                throw constraint("provisioningRoleArn", "Member must have length between 20 and 2048");
            }
            update.provisioningRoleArn(arn);
        });
        JsonNode hook = req.body().get("preProvisioningHook");
        boolean removeHook = req.body().path("removePreProvisioningHook").asBoolean(false);
        if (hook != null && !hook.isNull()) {
            if (removeHook) {
                throw AwsApiException.invalidRequest("preProvisioningHook and removePreProvisioningHook cannot both be given.");
            }
            if (ProvisioningTemplateRecord.TYPE_JITP.equals(registry.describeProvisioningTemplate(name).type())) {
                throw AwsApiException.invalidRequest("A JITP template cannot have a pre-provisioning hook.");
            }
            update.preProvisioningHook(hookConfig(hook));
        }
        if (removeHook) {
            update.removePreProvisioningHook();
        }
        registry.updateProvisioningTemplate(name, update.build());
        return object();
    }

    private JsonNode listProvisioningTemplateVersions(RestRequest req) {
        ProvisioningTemplateRecord template = registry.describeProvisioningTemplate(
                requireName(req.path("templateName"), "templateName", TEMPLATE_NAME));
        int maxResults = pageSize(req, "maxResults");
        int start = req.queryParam("nextToken").map(t -> decimalToken(t, "nextToken")).orElse(0);
        List<ProvisioningTemplateVersion> all = template.versions();
        ObjectNode out = object();
        ArrayNode versions = out.putArray("versions");
        int end = Math.min(all.size(), start + maxResults);
        for (ProvisioningTemplateVersion v : all.subList(Math.min(start, all.size()), end)) {
            ObjectNode node = versions.addObject().put("versionId", v.versionId());
            timestamp(node, "creationDate", v.creationDate());
            node.put("isDefaultVersion", v.isDefaultVersion());
        }
        if (end < all.size()) {
            out.put("nextToken", Integer.toString(end));
        }
        return out;
    }

    private JsonNode deleteProvisioningTemplateVersion(RestRequest req) {
        String name = requireName(req.path("templateName"), "templateName", TEMPLATE_NAME);
        String versionId = requireName(req.path("versionId"), "versionId", VERSION_ID);
        registry.deleteProvisioningTemplateVersion(name, (int) parseLong(versionId, "versionId"));
        return object();
    }

    private static PreProvisioningHookConfig hookConfig(JsonNode hook) {
        String targetArn = hook.path("targetArn").asText("");
        if (targetArn.isEmpty()) {
            throw constraint("preProvisioningHook.targetArn", "Member must not be null");
        }
        String payloadVersion = hook.path("payloadVersion").asText(PreProvisioningHookConfig.DEFAULT_PAYLOAD_VERSION);
        if (!payloadVersion.equals(PreProvisioningHookConfig.DEFAULT_PAYLOAD_VERSION)) {
            throw AwsApiException.invalidRequest("preProvisioningHook.payloadVersion " + payloadVersion
                    + " is not supported; the only payload version is " + PreProvisioningHookConfig.DEFAULT_PAYLOAD_VERSION + ".");
        }
        return PreProvisioningHookConfig.ofArn(targetArn, payloadVersion);
    }

    private static String checkRoleArn(String roleArn) {
        if (roleArn.length() < 20 || roleArn.length() > 2048) {
            throw constraint("roleArn", "Member must have length between 20 and 2048");
        }
        if (!roleArn.matches("arn:[a-z-]+:iam::\\d{12}:role/.+")) {
            throw AwsApiException.invalidRequest("roleArn " + roleArn + " is not an IAM role ARN (arn:aws:iam::<account>:role/<name>).");
        }
        return roleArn;
    }

    private static Integer credentialDuration(RestRequest req) {
        JsonNode d = req.body().get("credentialDurationSeconds");
        if (d == null || d.isNull()) {
            return null;
        }
        if (!d.canConvertToInt()) {
            throw constraint("credentialDurationSeconds", "Member must be an integer");
        }
        int duration = d.asInt();
        if (duration < 900 || duration > 43_200) {
            throw constraint("credentialDurationSeconds", "Member must have value between 900 and 43200");
        }
        return duration;
    }

    private static String resourceName(String arn, String marker, String member) {
        int at = arn.indexOf(marker);
        if (!arn.startsWith("arn:") || at < 0) {
            throw AwsApiException.invalidRequest(member + " " + arn + " is not an AWS IoT ARN with " + marker.substring(1) + "<name>.");
        }
        return arn.substring(at + marker.length());
    }

    /** maxResults or pageSize: 1 to 250, as in the service model; 250 when absent. */
    private static int pageSize(RestRequest req, String member) {
        int size = req.queryParam(member).map(v -> (int) parseLong(v, member)).orElse(250);
        if (size < 1 || size > 250) {
            throw constraint(member, "Member must have value between 1 and 250");
        }
        return size;
    }

    private static int decimalToken(String token, String member) {
        if (!token.matches("[0-9]{1,9}")) {
            throw AwsApiException.invalidRequest("The " + member + " " + token + " was not issued by this service.");
        }
        return Integer.parseInt(token);
    }

    private static int markerIndex(String marker) {
        try {
            return decimalToken(new String(Base64.getDecoder().decode(marker), StandardCharsets.US_ASCII), "marker");
        } catch (IllegalArgumentException e) {
            throw AwsApiException.invalidRequest("The marker " + marker + " was not issued by this service.");
        }
    }

    // ------------------------------------------------------------------ validation

    private static String checkPolicyDocument(String document) {
        int length = WHITE_SPACE.matcher(document).replaceAll("").length();
        if (length > MAX_POLICY_CHARACTERS) {
            throw new AwsApiException(400, "MalformedPolicyException", "The policy document has " + length
                    + " characters without white space; AWS IoT allows at most " + MAX_POLICY_CHARACTERS + ".");
        }
        try {
            IotPolicy.fromJson(document);
        } catch (InvalidInputException e) {
            throw new AwsApiException(400, "MalformedPolicyException", "The policy document is not valid: " + e.getMessage());
        }
        return document;
    }

    private static String checkTemplateBody(String body, String type) {
        if (body.length() > MAX_TEMPLATE_BODY) {
            throw constraint("templateBody", "Member must have length less than or equal to " + MAX_TEMPLATE_BODY);
        }
        try {
            ProvisioningTemplate.fromJson(body, TemplateType.valueOf(type));
        } catch (InvalidInputException e) {
            throw AwsApiException.invalidRequest("The template body is not valid: " + e.getMessage());
        }
        return body;
    }

    private static String certificateId(RestRequest req) {
        return requireName(req.path("certificateId"), "certificateId", CERTIFICATE_ID);
    }

    private static String requirePem(String pem, String member) {
        if (pem.isEmpty() || pem.length() > 65_536) {
            throw constraint(member, "Member must have length between 1 and 65536");
        }
        return pem;
    }

    private static X509Certificate readCertificate(String pem, String member) {
        try {
            return Pem.readCertificate(pem);
        } catch (InvalidInputException e) {
            throw new AwsApiException(400, "CertificateValidationException", member + " is not a PEM X.509 certificate.");
        }
    }

    private static boolean signedBy(X509Certificate certificate, X509Certificate issuer) {
        if (!certificate.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            return false;
        }
        try {
            certificate.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String requireName(String value, String member, Pattern pattern) {
        if (value == null) {
            throw constraint(member, "Member must not be null");
        }
        if (!pattern.matcher(value).matches()) {
            throw AwsApiException.invalidRequest("1 validation error detected: Value '" + value + "' at '" + member
                    + "' failed to satisfy constraint: Member must satisfy regular expression pattern: " + pattern.pattern());
        }
        return value;
    }

    private static long parseLong(String value, String member) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw constraint(member, "Member must be a number");
        }
    }

    private static AwsApiException constraint(String member, String constraint) {
        return AwsApiException.invalidRequest("1 validation error detected: Value at '" + member
                + "' failed to satisfy constraint: " + constraint);
    }

    private static void timestamp(ObjectNode node, String member, Instant instant) {
        node.put(member, instant.toEpochMilli() / 1000.0);
    }

    private static ObjectNode object() {
        return JSON.createObjectNode();
    }
}
