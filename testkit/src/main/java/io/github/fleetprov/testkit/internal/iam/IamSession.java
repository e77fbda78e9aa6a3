package io.github.fleetprov.testkit.internal.iam;

import java.time.Instant;
import java.util.Objects;

/**
 * Temporary credentials of an assumed role, as STS would issue them.
 *
 * @param accessKeyId the access key id ({@code ASIA...})
 * @param secretAccessKey the secret access key (never printed)
 * @param sessionToken the session token (never printed)
 * @param expiration when the credentials expire
 * @param roleArn the role assumed
 * @param sessionName the role session name
 */
public record IamSession(
        String accessKeyId,
        String secretAccessKey,
        String sessionToken,
        Instant expiration,
        String roleArn,
        String sessionName) {

    /** Checks the components. */
    public IamSession {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        Objects.requireNonNull(sessionToken, "sessionToken");
        Objects.requireNonNull(expiration, "expiration");
        Objects.requireNonNull(roleArn, "roleArn");
        Objects.requireNonNull(sessionName, "sessionName");
    }

    @Override
    public String toString() {
        return "IamSession[accessKeyId=" + accessKeyId + ", expiration=" + expiration + ", roleArn=" + roleArn
                + ", sessionName=" + sessionName + ", secretAccessKey=***, sessionToken=***]";
    }
}
