package io.github.fleetprov.admin.internal;

import static io.github.fleetprov.admin.internal.IotOps.IOT;

import io.github.fleetprov.admin.AwsCallException;
import io.github.fleetprov.admin.DeviceRegistryAdmin;
import io.github.fleetprov.admin.EnsuredPolicy;
import io.github.fleetprov.admin.IotCertificate;
import io.github.fleetprov.admin.IotThing;
import io.github.fleetprov.admin.KeysAndCertificate;
import io.github.fleetprov.admin.ThingSpec;
import io.github.fleetprov.core.FleetProvisioningException;
import io.github.fleetprov.core.store.PemFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CertificateStatus;
import software.amazon.awssdk.services.iot.model.DescribeThingResponse;

/** The {@link DeviceRegistryAdmin} over an {@link IotClient}. */
public final class DefaultDeviceRegistryAdmin implements DeviceRegistryAdmin {

    private final IotClient iot;
    private final IotOps ops;

    /**
     * Creates the facade.
     *
     * @param iot the client
     */
    public DefaultDeviceRegistryAdmin(IotClient iot) {
        this.iot = iot;
        this.ops = new IotOps(iot);
    }

    @Override
    public String ensureThingType(String thingTypeName) {
        Objects.requireNonNull(thingTypeName, "thingTypeName");
        try {
            return Calls.call(IOT, "CreateThingType", thingTypeName,
                    () -> iot.createThingType(r -> r.thingTypeName(thingTypeName))).thingTypeArn();
        } catch (AwsCallException e) {
            if (IotOps.is(e, "ResourceAlreadyExistsException")) {
                return Calls.call(IOT, "DescribeThingType", thingTypeName,
                        () -> iot.describeThingType(r -> r.thingTypeName(thingTypeName))).thingTypeArn();
            }
            throw e;
        }
    }

    @Override
    public IotThing createThing(ThingSpec spec) {
        Objects.requireNonNull(spec, "spec");
        if (!spec.thingTypeName().isEmpty()) {
            ensureThingType(spec.thingTypeName());
        }
        var created = Calls.call(IOT, "CreateThing", spec.name(), () -> iot.createThing(r -> {
            r.thingName(spec.name());
            if (!spec.thingTypeName().isEmpty()) {
                r.thingTypeName(spec.thingTypeName());
            }
            if (!spec.attributes().isEmpty()) {
                r.attributePayload(p -> p.attributes(spec.attributes()));
            }
        }));
        for (String group : spec.thingGroups()) {
            ensureThingGroup(group);
            Calls.call(IOT, "AddThingToThingGroup", spec.name() + " -> " + group,
                    () -> iot.addThingToThingGroup(r -> r.thingName(spec.name()).thingGroupName(group)));
        }
        return new IotThing(created.thingName(), created.thingArn(), created.thingId(), spec.thingTypeName(),
                spec.attributes());
    }

    private void ensureThingGroup(String group) {
        try {
            Calls.call(IOT, "CreateThingGroup", group, () -> iot.createThingGroup(r -> r.thingGroupName(group)));
        } catch (AwsCallException e) {
            if (!IotOps.is(e, "ResourceAlreadyExistsException")) {
                throw e;
            }
        }
    }

    @Override
    public Optional<IotThing> describeThing(String thingName) {
        Objects.requireNonNull(thingName, "thingName");
        Optional<DescribeThingResponse> r = Calls.find(IOT, "DescribeThing", thingName,
                () -> iot.describeThing(b -> b.thingName(thingName)));
        return r.map(d -> new IotThing(d.thingName(), d.thingArn(), d.thingId(),
                d.thingTypeName() == null ? "" : d.thingTypeName(), d.attributes()));
    }

    @Override
    public void attachPrincipal(String thingName, String principalArn) {
        Objects.requireNonNull(thingName, "thingName");
        Objects.requireNonNull(principalArn, "principalArn");
        Calls.call(IOT, "AttachThingPrincipal", thingName,
                () -> iot.attachThingPrincipal(r -> r.thingName(thingName).principal(principalArn)));
    }

    @Override
    public void detachPrincipal(String thingName, String principalArn) {
        Objects.requireNonNull(thingName, "thingName");
        Objects.requireNonNull(principalArn, "principalArn");
        Calls.call(IOT, "DetachThingPrincipal", thingName,
                () -> iot.detachThingPrincipal(r -> r.thingName(thingName).principal(principalArn)));
    }

    @Override
    public List<String> principals(String thingName) {
        Objects.requireNonNull(thingName, "thingName");
        List<String> out = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            var page = Calls.call(IOT, "ListThingPrincipals", thingName,
                    () -> iot.listThingPrincipals(r -> r.thingName(thingName).nextToken(next)));
            out.addAll(page.principals());
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return out;
    }

    @Override
    public boolean deleteThing(String thingName) {
        Objects.requireNonNull(thingName, "thingName");
        List<String> principals;
        try {
            principals = principals(thingName);
        } catch (AwsCallException e) {
            if (e.isNotFound()) {
                return false;
            }
            throw e;
        }
        for (String p : principals) {
            detachPrincipal(thingName, p);
        }
        return Calls.ifExists(IOT, "DeleteThing", thingName, () -> iot.deleteThing(r -> r.thingName(thingName)));
    }

    @Override
    public KeysAndCertificate createKeysAndCertificate(boolean setAsActive) {
        var r = Calls.call(IOT, "CreateKeysAndCertificate", "",
                () -> iot.createKeysAndCertificate(b -> b.setAsActive(setAsActive)));
        if (r.keyPair() == null || r.keyPair().privateKey() == null) {
            throw new FleetProvisioningException("IoT CreateKeysAndCertificate answered without a private key for "
                    + r.certificateId() + "; the certificate cannot be used. Delete it and try again.");
        }
        return new KeysAndCertificate(r.certificateId(), r.certificateArn(), r.certificatePem(),
                r.keyPair().privateKey());
    }

    @Override
    public IotCertificate createKeysAndCertificate(Path certificateFile, Path privateKeyFile, boolean setAsActive) {
        Objects.requireNonNull(certificateFile, "certificateFile");
        Objects.requireNonNull(privateKeyFile, "privateKeyFile");
        for (Path p : List.of(certificateFile, privateKeyFile)) {
            if (Files.exists(p)) {
                throw new io.github.fleetprov.core.InvalidInputException(p.toString(), "the file exists already",
                        "Choose new paths; existing credentials are never overwritten.");
            }
        }
        KeysAndCertificate kc = createKeysAndCertificate(setAsActive);
        try {
            PemFiles.writeNew(certificateFile, kc.certificatePem(), privateKeyFile, kc.privateKeyPem());
        } catch (RuntimeException e) {
            try {
                ops.deleteCertificate(kc.certificateId());
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        return new IotCertificate(kc.certificateId(), kc.certificateArn(),
                setAsActive ? CertificateStatus.ACTIVE : CertificateStatus.INACTIVE, kc.certificatePem());
    }

    @Override
    public IotCertificate registerCertificateWithoutCa(String certificatePem, CertificateStatus status) {
        Objects.requireNonNull(certificatePem, "certificatePem");
        Objects.requireNonNull(status, "status");
        var r = Calls.call(IOT, "RegisterCertificateWithoutCA", "",
                () -> iot.registerCertificateWithoutCA(b -> b.certificatePem(certificatePem).status(status)));
        return new IotCertificate(r.certificateId(), r.certificateArn(), status, certificatePem);
    }

    @Override
    public IotCertificate registerCertificate(String certificatePem, String caCertificatePem, CertificateStatus status) {
        Objects.requireNonNull(certificatePem, "certificatePem");
        Objects.requireNonNull(status, "status");
        var r = Calls.call(IOT, "RegisterCertificate", "", () -> iot.registerCertificate(b -> {
            b.certificatePem(certificatePem).status(status);
            if (caCertificatePem != null) {
                b.caCertificatePem(caCertificatePem);
            }
        }));
        return new IotCertificate(r.certificateId(), r.certificateArn(), status, certificatePem);
    }

    @Override
    public void activate(String certificateId) {
        setStatus(certificateId, CertificateStatus.ACTIVE);
    }

    @Override
    public void deactivate(String certificateId) {
        setStatus(certificateId, CertificateStatus.INACTIVE);
    }

    @Override
    public void revoke(String certificateId) {
        setStatus(certificateId, CertificateStatus.REVOKED);
    }

    private void setStatus(String certificateId, CertificateStatus status) {
        Objects.requireNonNull(certificateId, "certificateId");
        Calls.call(IOT, "UpdateCertificate", certificateId,
                () -> iot.updateCertificate(r -> r.certificateId(certificateId).newStatus(status)));
    }

    @Override
    public Optional<IotCertificate> describeCertificate(String certificateId) {
        Objects.requireNonNull(certificateId, "certificateId");
        return ops.describeCertificate(certificateId).map(d -> new IotCertificate(d.certificateId(),
                d.certificateArn(), d.status(), d.certificatePem()));
    }

    @Override
    public boolean deleteCertificate(String certificateId) {
        Objects.requireNonNull(certificateId, "certificateId");
        return ops.deleteCertificate(certificateId);
    }

    @Override
    public EnsuredPolicy ensurePolicy(String policyName, String policyDocument) {
        Objects.requireNonNull(policyName, "policyName");
        Objects.requireNonNull(policyDocument, "policyDocument");
        return ops.ensurePolicy(Changes.applying(), policyName, policyDocument, "");
    }

    @Override
    public void attachPolicy(String policyName, String target) {
        Objects.requireNonNull(policyName, "policyName");
        Objects.requireNonNull(target, "target");
        Calls.call(IOT, "AttachPolicy", policyName, () -> iot.attachPolicy(r -> r.policyName(policyName).target(target)));
    }

    @Override
    public void detachPolicy(String policyName, String target) {
        Objects.requireNonNull(policyName, "policyName");
        Objects.requireNonNull(target, "target");
        Calls.call(IOT, "DetachPolicy", policyName, () -> iot.detachPolicy(r -> r.policyName(policyName).target(target)));
    }

    @Override
    public boolean deletePolicy(String policyName) {
        Objects.requireNonNull(policyName, "policyName");
        return ops.deletePolicy(policyName);
    }

    @Override
    public io.github.fleetprov.admin.OnboardingReport onboard(List<io.github.fleetprov.admin.DeviceOnboarding> devices,
            String policyName, int concurrency) {
        Objects.requireNonNull(devices, "devices");
        Objects.requireNonNull(policyName, "policyName");
        if (concurrency < 1 || concurrency > 256) {
            throw new io.github.fleetprov.core.InvalidInputException("concurrency", "must be 1 to 256, was " + concurrency,
                    "A few devices in flight per API keep a rate-limited pipeline full; 8 is plenty at AWS's quotas.");
        }
        long start = System.nanoTime();
        java.util.concurrent.ConcurrentHashMap<String, String> failed = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.atomic.AtomicInteger ok = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < Math.min(concurrency, Math.max(1, devices.size())); w++) {
            Thread t = new Thread(() -> {
                for (int i = next.getAndIncrement(); i < devices.size(); i = next.getAndIncrement()) {
                    io.github.fleetprov.admin.DeviceOnboarding d = devices.get(i);
                    try {
                        onboardOne(d, policyName);
                        ok.incrementAndGet();
                    } catch (AwsCallException e) {
                        failed.put(d.thingName(), e.operation() + ": " + e.errorCode().orElse("no answer"));
                    } catch (RuntimeException e) {
                        failed.put(d.thingName(), e.getClass().getSimpleName());
                    }
                }
            }, "fleetprov-onboard-" + w);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
        for (Thread t : workers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                workers.forEach(Thread::interrupt);
                throw new FleetProvisioningException("Interrupted while onboarding; " + ok.get()
                        + " devices were onboarded. Run again with the rest.", e);
            }
        }
        return new io.github.fleetprov.admin.OnboardingReport(ok.get(), failed,
                java.time.Duration.ofNanos(System.nanoTime() - start));
    }

    private void onboardOne(io.github.fleetprov.admin.DeviceOnboarding d, String policyName) {
        Calls.call(IOT, "CreateThing", d.thingName(), () -> iot.createThing(r -> r.thingName(d.thingName())));
        var cert = Calls.call(IOT, "RegisterCertificateWithoutCA", d.thingName(), () -> iot.registerCertificateWithoutCA(
                r -> r.certificatePem(d.certificatePem()).status(CertificateStatus.ACTIVE)));
        Calls.call(IOT, "AttachPolicy", policyName,
                () -> iot.attachPolicy(r -> r.policyName(policyName).target(cert.certificateArn())));
        Calls.call(IOT, "AttachThingPrincipal", d.thingName(),
                () -> iot.attachThingPrincipal(r -> r.thingName(d.thingName()).principal(cert.certificateArn())));
    }
}
