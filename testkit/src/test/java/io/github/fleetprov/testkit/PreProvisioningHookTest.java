package io.github.fleetprov.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fleetprov.core.pki.Certificates;
import io.github.fleetprov.template.hook.HookRequest;
import io.github.fleetprov.template.hook.HookResponse;
import io.github.fleetprov.testkit.event.EventType;
import io.github.fleetprov.testkit.registry.CertificateStatus;
import io.github.fleetprov.testkit.registry.PreProvisioningHookConfig;
import io.github.fleetprov.testkit.registry.ProvisioningTemplateUpdate;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Pre-provisioning hooks: the input AWS documents, allow, deny, parameter overrides, failure and the 5 s limit. */
@ExtendWith(LocalIotCoreExtension.class)
class PreProvisioningHookTest {

    @Test
    void registerThing_whenHookAllowsWithOverrides_usesOverriddenParametersAndPassesDocumentedInput(LocalIotCore iot)
            throws Exception {
        AtomicReference<HookRequest> seen = new AtomicReference<>();
        FleetFixture fleet = FleetFixture.create(iot, request -> {
            seen.set(request);
            return HookResponse.allow(Map.of("SerialNumber", "checked-" + request.parameters().get("SerialNumber")));
        }, false);
        Exchange exchange = createAndRegister(fleet);
        RawProvisioning.Reply created = exchange.created();
        RawProvisioning.Reply registered = exchange.registered();

        assertThat(registered.accepted()).isTrue();
        assertThat(registered.text("thingName")).isEqualTo("ThingPrefix_checked-" + fleet.id);
        HookRequest input = seen.get();
        assertThat(input.claimCertificateId()).isEqualTo(Certificates.awsCertificateId(fleet.claim.certificate()));
        assertThat(input.certificateId()).isEqualTo(created.text("certificateId"));
        assertThat(input.certificatePem()).isEqualTo(created.text("certificatePem"));
        assertThat(input.templateArn()).isEqualTo(iot.registry().arn("provisioningtemplate", fleet.templateName));
        assertThat(input.clientId()).isEqualTo(fleet.clientId());
        assertThat(input.parameters()).containsEntry("SerialNumber", fleet.id).containsEntry("DeviceLocation", "Seattle");
    }

    @Test
    void registerThing_whenHookDenies_rejectsWithAccessDeniedAndCreatesNothing(LocalIotCore iot) throws Exception {
        FleetFixture fleet = FleetFixture.create(iot, request -> HookResponse.deny(), false);
        Exchange exchange = createAndRegister(fleet);
        RawProvisioning.Reply created = exchange.created();
        RawProvisioning.Reply registered = exchange.registered();

        assertThat(registered.accepted()).isFalse();
        assertThat(registered.body().get("statusCode").asInt()).isEqualTo(403);
        assertThat(registered.text("errorCode")).isEqualTo("ACCESS_DENIED");
        assertThat(iot.registry().findThing("ThingPrefix_" + fleet.id)).isEmpty();
        assertThat(iot.registry().describeCertificate(created.text("certificateId")).status())
                .isEqualTo(CertificateStatus.PENDING_ACTIVATION);
    }

    @Test
    void registerThing_whenHookThrows_rejectsWithAccessDenied(LocalIotCore iot) throws Exception {
        FleetFixture fleet = FleetFixture.create(iot, request -> {
            throw new IllegalStateException("serial number database unreachable");
        }, false);
        RawProvisioning.Reply registered = createAndRegister(fleet).registered();

        assertThat(registered.accepted()).isFalse();
        assertThat(registered.text("errorCode")).isEqualTo("ACCESS_DENIED");
        assertThat(registered.text("errorMessage")).contains("failed");
    }

    @Test
    void registerThing_whenHookTakesLongerThanFiveSeconds_rejectsAndRecordsTheTimeout(LocalIotCore iot)
            throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        FleetFixture fleet = FleetFixture.create(iot, request -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return HookResponse.allow();
        }, false);
        long mark = iot.events().lastSequence();
        RawProvisioning.Reply registered = createAndRegister(fleet).registered();

        assertThat(registered.accepted()).isFalse();
        assertThat(registered.text("errorCode")).isEqualTo("ACCESS_DENIED");
        assertThat(registered.text("errorMessage")).contains("5 seconds");
        assertThat(iot.events().since(mark)).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo(EventType.HOOK);
            assertThat(e.outcome()).isEqualTo("TIMEOUT");
        });
    }

    @Test
    void registerThing_whenHookIsALambdaArnWithARegisteredFunction_runsTheFunction(LocalIotCore iot)
            throws Exception {
        FleetFixture fleet = FleetFixture.create(iot);
        String arn = "arn:aws:lambda:us-east-1:" + iot.accountId() + ":function:hook-" + fleet.id;
        iot.registry().registerHookFunction(arn, request -> HookResponse.deny());
        iot.registry().updateProvisioningTemplate(fleet.templateName, ProvisioningTemplateUpdate.builder()
                .preProvisioningHook(PreProvisioningHookConfig.ofArn(arn)).build());
        RawProvisioning.Reply registered = createAndRegister(fleet).registered();

        assertThat(registered.text("errorCode")).isEqualTo("ACCESS_DENIED");
        assertThat(registered.text("errorMessage")).contains("did not allow");
    }

    /** The replies of CreateCertificateFromCsr and of the RegisterThing that follows it. */
    private record Exchange(RawProvisioning.Reply created, RawProvisioning.Reply registered) {
    }

    /** Over the fleet's claim: CreateCertificateFromCsr, then RegisterThing with a serial number and a location. */
    private static Exchange createAndRegister(FleetFixture fleet) throws Exception {
        try (Mqtt5TestClient claim = fleet.connectClaim()) {
            RawProvisioning api = new RawProvisioning(claim);
            RawProvisioning.Reply created = api.createFromCsr(RawProvisioning.csrPem());
            return new Exchange(created, api.registerThing(fleet.templateName,
                    created.text("certificateOwnershipToken"), Map.of("SerialNumber", fleet.id, "DeviceLocation", "Seattle")));
        }
    }
}
