package io.github.fleetprov.admin;

import io.github.fleetprov.admin.internal.DefaultFleetProvisioningAdmin;
import java.nio.file.Path;
import java.util.Objects;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iot.IotClient;

/**
 * One-call fleet provisioning set-up and tear-down: what the AWS CLI sequences of the fleet
 * provisioning workshops do, idempotent and planned.
 *
 * <p>{@link #setUp(FleetSpec)} ensures, in this order:
 * <ol>
 * <li>the provisioning role, trusted by {@code iot.amazonaws.com}, with the AWS managed policy
 *     {@code AWSIoTThingsRegistration};</li>
 * <li>the device policies the template names;</li>
 * <li>if asked for, the token exchange role (trusted by {@code credentials.iot.amazonaws.com}), its
 *     role alias and the alias policy allowing {@code iot:AssumeRoleWithCertificate};</li>
 * <li>the provisioning template (with its pre-provisioning hook, if any);</li>
 * <li>the least-privilege claim policy generated for the template and claim mode;</li>
 * <li>the data ({@code iot:Data-ATS}) and credentials endpoints;</li>
 * <li>for provisioning by claim, the claim certificate (CreateKeysAndCertificate), written with the
 *     credential store and attached to the claim policy.</li>
 * </ol>
 * Re-running with the same spec changes nothing. A changed template becomes a new default template
 * version, a changed policy a new default policy version; the oldest non-default version is deleted
 * first when AWS's limit of five versions would be passed. {@link #plan(FleetSpec)} makes only the
 * read calls and lists the mutating calls set-up would make. {@link #tearDown(FleetSetup)} removes
 * what set-up made in reverse dependency order and reports what it left and why.
 *
 * <p>The facade takes SDK clients the caller built; it never creates or holds AWS credentials.
 *
 * <pre>{@code
 * FleetProvisioningAdmin admin = FleetProvisioningAdmin.create(iotClient, iamClient);
 * System.out.println(admin.plan(spec));
 * FleetSetup setup = admin.setUp(spec);
 * Files.writeString(Path.of("fleet.json"), setup.toJson());
 * }</pre>
 *
 * <p>The claim that set-up stored goes to the device client in one call:
 * {@code FleetProvisioningClient.builder().claim(setup.claimIdentity())} (see
 * {@link FleetSetup#claimIdentity()}); a trusted user's claim likewise with
 * {@link ProvisioningClaim#claimIdentity()}.
 */
public interface FleetProvisioningAdmin {

    /**
     * A facade over clients the caller built (and closes). The IoT client's region is the fleet's
     * region.
     *
     * @param iot the AWS IoT client
     * @param iam the IAM client
     * @return the facade
     */
    static FleetProvisioningAdmin create(IotClient iot, IamClient iam) {
        return new DefaultFleetProvisioningAdmin(Objects.requireNonNull(iot, "iot"), Objects.requireNonNull(iam, "iam"));
    }

    /**
     * Sets the fleet up, or brings it in line with the spec.
     *
     * @param spec the fleet
     * @return names, ARNs, endpoints, and the changes this run made
     * @throws AwsCallException if an AWS call fails (what was made before stays, and a re-run continues)
     * @throws io.github.fleetprov.core.InvalidInputException if the claim store holds a claim AWS IoT does not know
     */
    FleetSetup setUp(FleetSpec spec);

    /**
     * Lists the mutating calls {@link #setUp(FleetSpec)} would make now, making only read calls.
     *
     * @param spec the fleet
     * @return the plan; empty if the fleet is set up as the spec says
     */
    FleetPlan plan(FleetSpec spec);

    /**
     * Removes what set-up made: the claim certificate (and its copy in the claim store), the
     * template, the claim, alias and device policies, the role alias and both roles. A policy still
     * attached to device certificates is left in place and reported.
     *
     * @param setup what set-up returned (or read back with {@link FleetSetup#fromJson(String)})
     * @return what was removed, and what was not and why
     */
    TearDownReport tearDown(FleetSetup setup);

    /**
     * Provisioning by trusted user: CreateProvisioningClaim for the fleet's template, valid for 5
     * minutes, written as the claim of the credential store in the directory.
     *
     * @param setup the fleet
     * @param storeDirectory the credential store directory to write the claim to
     * @return the claim's public facts
     */
    ProvisioningClaim createProvisioningClaim(FleetSetup setup, Path storeDirectory);
}
