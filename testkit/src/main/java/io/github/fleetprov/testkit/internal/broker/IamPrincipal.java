package io.github.fleetprov.testkit.internal.broker;

import java.util.Objects;

/**
 * The IAM identity of an MQTT connection that authenticated with a SigV4-signed WebSocket upgrade
 * instead of a client certificate: the temporary credentials' access key id and the role session they
 * belong to. Holds no secret.
 *
 * @param accessKeyId the access key id the upgrade was signed with
 * @param roleArn the role whose session the credentials belong to
 * @param sessionName the role session name
 */
public record IamPrincipal(String accessKeyId, String roleArn, String sessionName) {

    /** Checks the components. */
    public IamPrincipal {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(roleArn, "roleArn");
        Objects.requireNonNull(sessionName, "sessionName");
    }

    /**
     * The ARN STS gives the session, {@code arn:<partition>:sts::<account>:assumed-role/<role>/<session>}.
     *
     * @return the assumed-role ARN
     */
    public String assumedRoleArn() {
        int colon = roleArn.indexOf(":iam::");
        int slash = roleArn.lastIndexOf('/');
        if (colon < 0 || slash < 0) {
            return roleArn;
        }
        return roleArn.substring(0, colon) + ":sts::" + roleArn.substring(colon + 6, roleArn.indexOf(':', colon + 6))
                + ":assumed-role/" + roleArn.substring(slash + 1) + "/" + sessionName;
    }
}
