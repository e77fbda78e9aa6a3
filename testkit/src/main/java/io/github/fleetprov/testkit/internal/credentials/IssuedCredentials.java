package io.github.fleetprov.testkit.internal.credentials;

import io.github.fleetprov.testkit.internal.iam.IamSession;
import java.util.Objects;
import java.util.Optional;

/**
 * Credentials the credentials provider issued, with what they were issued for.
 *
 * @param session the temporary credentials (its {@code toString} hides the secrets)
 * @param roleAliasArn the role alias used
 * @param certificateId the id of the certificate that asked
 * @param thingName the thing named in {@code x-amzn-iot-thingname}, or {@code null}
 */
public record IssuedCredentials(IamSession session, String roleAliasArn, String certificateId, String thingName) {

    /** Checks the components. */
    public IssuedCredentials {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(roleAliasArn, "roleAliasArn");
        Objects.requireNonNull(certificateId, "certificateId");
    }

    /**
     * The thing named in the request, if any.
     *
     * @return the thing name
     */
    public Optional<String> thing() {
        return Optional.ofNullable(thingName);
    }
}
