package io.github.fleetprov.samples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.fleetprov.admin.DeviceRegistryAdmin;
import io.github.fleetprov.admin.FleetProvisioningAdmin;
import io.github.fleetprov.admin.FleetSetup;
import io.github.fleetprov.admin.FleetSpec;
import io.github.fleetprov.admin.TearDownReport;
import io.github.fleetprov.core.store.DeviceIdentity;
import io.github.fleetprov.device.DeviceConnection;
import io.github.fleetprov.device.FleetProvisioningClient;
import io.github.fleetprov.device.Qos;
import io.github.fleetprov.device.credentials.IotCredentialsProvider;
import io.github.fleetprov.policy.AuthorizationRequest;
import io.github.fleetprov.policy.ClaimMode;
import io.github.fleetprov.policy.ConnectionContext;
import io.github.fleetprov.policy.Decision;
import io.github.fleetprov.policy.IotAction;
import io.github.fleetprov.policy.IotCondition;
import io.github.fleetprov.policy.IotPolicy;
import io.github.fleetprov.policy.IotResource;
import io.github.fleetprov.policy.LintFinding;
import io.github.fleetprov.policy.PolicyContext;
import io.github.fleetprov.policy.PolicyEvaluator;
import io.github.fleetprov.policy.PolicyLinter;
import io.github.fleetprov.policy.PolicyVariable;
import io.github.fleetprov.template.CertificateContext;
import io.github.fleetprov.template.CertificateStatus;
import io.github.fleetprov.template.Expression;
import io.github.fleetprov.template.ProvisioningPlan;
import io.github.fleetprov.template.ProvisioningTemplate;
import io.github.fleetprov.template.TemplateEvaluator;
import io.github.fleetprov.template.PseudoParameter;
import io.github.fleetprov.testkit.LocalIotCore;
import io.github.fleetprov.testkit.LocalIotCoreExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.policybuilder.iam.IamEffect;
import software.amazon.awssdk.policybuilder.iam.IamPolicy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The README's story, run against LocalIotCore: the text between each pair of {@code README:<name>-begin}
 * and {@code README:<name>-end} comments is, de-indented, the {@code java} block under
 * {@code <!-- snippet: <name> -->} in README.md ({@link ReadmeSnippetsTest} holds the two together).
 * Only what the emulator needs (the SDK clients' endpoints, the broker's port and CA) stays outside
 * the snippets, or is marked "LocalIotCore only" in them.
 */
@ExtendWith(LocalIotCoreExtension.class)
class ReadmeStoryTest {

    @Test
    void readmeStory_setsUpProvisionsConnectsFetchesCredentialsAndTearsDown(LocalIotCore iot, @TempDir Path dir)
            throws Exception {
        StaticCredentialsProvider dummy = StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "y"));
        IotClient iotClient = IotClient.builder().region(Region.US_EAST_1).credentialsProvider(dummy)
                .endpointOverride(iot.controlPlaneEndpoint()).build();
        IamClient iamClient = IamClient.builder().region(Region.AWS_GLOBAL).credentialsProvider(dummy)
                .endpointOverride(iot.iamEndpoint()).build();

        // README:policy-begin
        PolicyContext aws = PolicyContext.of("us-east-1", "123456789012");
        String thing = PolicyVariable.THING_NAME.toString();
        IotPolicy policy = IotPolicy.builder().context(aws)
                .addStatement(s -> s.allow().actions(IotAction.CONNECT).resources(IotResource.client(thing))
                        .addCondition(IotCondition.thingIsAttached()))
                .addStatement(s -> s.allow().actions(IotAction.PUBLISH, IotAction.RECEIVE)
                        .resources(IotResource.topic("dt/" + thing + "/*")))
                .addStatement(s -> s.allow().actions(IotAction.SUBSCRIBE)
                        .resources(IotResource.topicFilter("dt/" + thing + "/*")))
                .addStatement(s -> s.allow().actions(IotAction.ASSUME_ROLE_WITH_CERTIFICATE)
                        .resources(IotResource.roleAlias("sensors-RoleAlias")))
                .build();                    // refuses Subscribe on topic/, unknown variables, > 2048 chars
        Decision d = PolicyEvaluator.of(policy).evaluate(AuthorizationRequest.subscribe(aws, "dt/sensor-0042/#",
                ConnectionContext.builder().clientId("sensor-0042").thingName("sensor-0042").build()));
        System.out.println(d.explain());     // which statement decided, or what to change
        List<LintFinding> findings = PolicyLinter.lint(policy);
        // README:policy-end
        assertThat(d.isAllowed()).as(d.explain()).isTrue();
        assertThat(findings).isNotNull();

        // README:template-begin
        ProvisioningTemplate template = ProvisioningTemplate.builder()
                .addParameter("SerialNumber")
                .addParameter(PseudoParameter.CERTIFICATE_ID)
                .thing(t -> t.thingName(Expression.join("", Expression.literal("sensor-"), Expression.ref("SerialNumber"))))
                .certificate(c -> c.certificateId(Expression.ref(PseudoParameter.CERTIFICATE_ID))
                        .status(CertificateStatus.ACTIVE))
                .addPolicy(p -> p.policyName("sensors-DevicePolicy"))
                .build();                    // an undeclared Ref is an error that names it
        ProvisioningPlan plan = TemplateEvaluator.evaluate(template, Map.of("SerialNumber", "0042"),
                CertificateContext.of("0".repeat(64)));
        plan.thingName();                    // "sensor-0042", or a TemplateEvaluationException saying why AWS would refuse
        // README:template-end
        assertThat(plan.thingName()).contains("sensor-0042");

        // README:setup-begin
        IamPolicy accessPolicy = IamPolicy.builder()           // what devices may do with AWS credentials
                .addStatement(s -> s.effect(IamEffect.ALLOW).addAction("s3:GetObject")
                        .addResource("arn:aws:s3:::sensor-firmware/*"))
                .build();
        FleetProvisioningAdmin admin = FleetProvisioningAdmin.create(iotClient, iamClient);
        FleetSpec spec = FleetSpec.builder()
                .fleetName("sensors").accountId("123456789012")
                .template(template).devicePolicy("sensors-DevicePolicy", policy)
                .claimMode(ClaimMode.CSR).clientIdPattern("sensor-*")   // the client ids a claim may connect with
                .claimCertificate(dir.resolve("claim"))    // the claim identity goes into a credential store
                .tokenExchangeAccess(accessPolicy)          // a token exchange role and the role alias sensors-RoleAlias
                .build();
        System.out.println(admin.plan(spec));      // the calls setUp would make
        FleetSetup setup = admin.setUp(spec);       // role, template, claim policy, claim certificate, role alias
        // README:setup-end
        assertThat(iot.registry().findProvisioningTemplate(setup.template().name())).isPresent();
        assertThat(setup.roleAlias()).map(FleetSetup.RoleAlias::name).contains("sensors-RoleAlias");

        // README:provision-begin
        String serial = "0042";
        DeviceIdentity device = FleetProvisioningClient.builder()
                .claim(setup.claimIdentity())        // claim certificate and key, data endpoint, template name
                .clientId("sensor-" + serial)        // a client id the claim policy allows ("sensor-*")
                .templateParameter("SerialNumber", serial)
                .credentialStore(dir.resolve("device"))
                .port(iot.mqttPort()).certificateAuthority(iot.caPath())   // LocalIotCore only
                .build()
                .provision();               // resumes after a crash; returns the stored identity when done
        // README:provision-end
        assertThat(device.thingName()).isEqualTo("sensor-0042");
        assertThat(iot.registry().findThing("sensor-0042")).isPresent();

        // README:connect-begin
        DeviceConnection connection = DeviceConnection.builder(device)   // the new identity; client id: the thing name
                .certificateAuthority(iot.caPath())                       // LocalIotCore only
                .connect();
        String topic = "dt/" + device.thingName() + "/telemetry";
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        connection.subscribe(topic, Qos.AT_LEAST_ONCE, (t, payload) -> received.add(new String(payload, UTF_8))).join();
        connection.publish(topic, "{\"temperature\":21.5}".getBytes(UTF_8), Qos.AT_LEAST_ONCE).join();
        String echo = received.poll(30, TimeUnit.SECONDS);   // {"temperature":21.5}, back from AWS IoT
        // README:connect-end
        assertThat(echo).isEqualTo("{\"temperature\":21.5}");
        assertThat(connection.clientId()).isEqualTo("sensor-0042");

        // README:credentials-begin
        IotCredentialsProvider credentials = IotCredentialsProvider.builder()
                .device(device).endpoint(setup.endpoints().credentials())
                .roleAlias(setup.roleAlias().orElseThrow().name())
                .certificateAuthority(iot.caPath())     // LocalIotCore only
                .build();
        AwsCredentials temporary = credentials.resolveCredentials();   // cached, renewed before they expire
        S3Client s3 = S3Client.builder().region(Region.US_EAST_1).credentialsProvider(credentials).build();
        // README:credentials-end
        assertThat(temporary).isInstanceOf(AwsSessionCredentials.class);
        AwsSessionCredentials session = (AwsSessionCredentials) temporary;
        assertThat(session.accessKeyId()).isNotBlank();
        assertThat(session.secretAccessKey()).isNotBlank();
        assertThat(session.sessionToken()).isNotBlank();
        assertThat(session.expirationTime()).isPresent();

        // README:teardown-begin
        s3.close();
        credentials.close();
        connection.close();
        DeviceRegistryAdmin registry = DeviceRegistryAdmin.create(iotClient);
        registry.deleteThing(device.thingName());            // the devices first: setUp did not make them
        registry.deleteCertificate(device.certificateId());
        TearDownReport report = admin.tearDown(setup);       // reverse order, with a report of anything left
        // README:teardown-end
        assertThat(report.notRemoved()).isEmpty();
        assertThat(iot.registry().findThing("sensor-0042")).isEmpty();
        assertThat(iot.registry().findProvisioningTemplate(setup.template().name())).isEmpty();
        assertThat(iot.registry().findCertificate(device.certificateId())).isEmpty();
        iotClient.close();
        iamClient.close();
    }
}
