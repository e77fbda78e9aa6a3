package io.github.fleetprov.testkit.internal.iam;

import io.github.fleetprov.testkit.internal.http.AwsApiException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The in-memory IAM of one {@code LocalIotCore}: roles with their managed and inline policies, and
 * the temporary sessions issued for them. Thread-safe. Errors are {@link AwsApiException}s with IAM's
 * codes ({@code EntityAlreadyExists}, {@code NoSuchEntity}, {@code DeleteConflict},
 * {@code MalformedPolicyDocument}, {@code ValidationError}).
 */
public final class IamState {

    /** The default and smallest role session limit, in seconds. */
    public static final int DEFAULT_MAX_SESSION_DURATION = 3600;
    /** The largest role session limit, in seconds. */
    public static final int LARGEST_MAX_SESSION_DURATION = 43_200;

    private static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    private static final Pattern POLICY_NAME = Pattern.compile("[\\w+=,.@-]{1,128}");
    private static final Pattern PATH = Pattern.compile("/|/[\\u0021-\\u007E]{1,510}/");
    private static final Pattern POLICY_ARN = Pattern.compile("arn:[a-z-]+:iam::(aws|\\d{12}):policy/(.+/)?[\\w+=,.@-]{1,128}");
    private static final String ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private final String partition;
    private final String accountId;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, IamRole> roles = new LinkedHashMap<>();
    private final Map<String, IamSession> sessions = new ConcurrentHashMap<>();

    /**
     * Creates an empty IAM.
     *
     * @param partition the partition, e.g. {@code aws}
     * @param accountId the 12-digit account id
     * @param clock the clock for creation dates and expirations
     */
    public IamState(String partition, String accountId, Clock clock) {
        this.partition = Objects.requireNonNull(partition, "partition");
        this.accountId = Objects.requireNonNull(accountId, "accountId");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The account id.
     *
     * @return the account id
     */
    public String accountId() {
        return accountId;
    }

    /**
     * The partition.
     *
     * @return the partition
     */
    public String partition() {
        return partition;
    }

    /**
     * CreateRole.
     *
     * @param roleName the name
     * @param path the path, or {@code null} for {@code /}
     * @param trustPolicy the assume-role policy document
     * @param description the description, or {@code null}
     * @param maxSessionDuration the session limit in seconds, or {@code null} for 3600
     * @param tags the tags
     * @return the new role
     */
    public synchronized IamRole createRole(String roleName, String path, String trustPolicy, String description,
            Integer maxSessionDuration, Map<String, String> tags) {
        requireMatch("roleName", roleName, ROLE_NAME);
        String rolePath = path == null ? "/" : path;
        requireMatch("path", rolePath, PATH);
        requirePresent("assumeRolePolicyDocument", trustPolicy);
        int maxSession = maxSessionDuration == null ? DEFAULT_MAX_SESSION_DURATION : maxSessionDuration;
        if (maxSession < DEFAULT_MAX_SESSION_DURATION || maxSession > LARGEST_MAX_SESSION_DURATION) {
            throw validation("Value '" + maxSession + "' at 'maxSessionDuration' failed to satisfy constraint: "
                    + "Member must have value between 3600 and 43200");
        }
        IamPolicyDocuments.checkTrustPolicy(trustPolicy);
        if (findRole(roleName).isPresent()) {
            throw new AwsApiException(409, "EntityAlreadyExists", "Role with name " + roleName + " already exists.");
        }
        IamRole role = new IamRole(roleName, rolePath, "AROA" + randomString(ID_ALPHABET, 17),
                "arn:" + partition + ":iam::" + accountId + ":role" + rolePath + roleName,
                clock.instant(), trustPolicy, description == null ? "" : description, maxSession,
                List.of(), Map.of(), tags);
        save(roleName.toLowerCase(java.util.Locale.ROOT), role);
        return role;
    }

    /**
     * GetRole.
     *
     * @param roleName the name
     * @return the role
     */
    public synchronized IamRole getRole(String roleName) {
        requireMatch("roleName", roleName, ROLE_NAME);
        return findRole(roleName).orElseThrow(() -> noSuchRole(roleName));
    }

    /**
     * Finds a role by name (IAM role names are case-insensitive).
     *
     * @param roleName the name
     * @return the role, if any
     */
    public synchronized Optional<IamRole> findRole(String roleName) {
        return Optional.ofNullable(roles.get(roleName.toLowerCase(java.util.Locale.ROOT)));
    }

    /**
     * Finds a role by ARN.
     *
     * @param roleArn the ARN
     * @return the role, if any
     */
    public synchronized Optional<IamRole> findRoleByArn(String roleArn) {
        return roles.values().stream().filter(r -> r.arn().equals(roleArn)).findFirst();
    }

    /**
     * DeleteRole: refused while policies are attached or inline policies exist.
     *
     * @param roleName the name
     */
    public synchronized void deleteRole(String roleName) {
        IamRole role = getRole(roleName);
        if (!role.attachedPolicyArns().isEmpty()) {
            throw new AwsApiException(409, "DeleteConflict", "Cannot delete entity, must detach all policies first.");
        }
        if (!role.inlinePolicies().isEmpty()) {
            throw new AwsApiException(409, "DeleteConflict", "Cannot delete entity, must delete policies first.");
        }
        save(roleName.toLowerCase(java.util.Locale.ROOT), null);
    }

    /**
     * AttachRolePolicy (idempotent, as in IAM). Only AWS managed policies exist here, since the local
     * IAM does not serve CreatePolicy.
     *
     * @param roleName the role
     * @param policyArn the managed policy ARN
     */
    public synchronized void attachRolePolicy(String roleName, String policyArn) {
        requirePolicyArn(policyArn);
        IamRole role = getRole(roleName);
        if (!policyArn.contains(":iam::aws:policy/")) {
            throw new AwsApiException(404, "NoSuchEntity", "Policy " + policyArn + " does not exist or is not "
                    + "attachable. The local IAM has no customer managed policies; attach an AWS managed policy "
                    + "(arn:aws:iam::aws:policy/...) or put an inline policy with PutRolePolicy.");
        }
        if (!role.attachedPolicyArns().contains(policyArn)) {
            List<String> attached = new ArrayList<>(role.attachedPolicyArns());
            attached.add(policyArn);
            replace(role, attached, role.inlinePolicies());
        }
    }

    /**
     * DetachRolePolicy.
     *
     * @param roleName the role
     * @param policyArn the managed policy ARN
     */
    public synchronized void detachRolePolicy(String roleName, String policyArn) {
        requirePolicyArn(policyArn);
        IamRole role = getRole(roleName);
        if (!role.attachedPolicyArns().contains(policyArn)) {
            throw new AwsApiException(404, "NoSuchEntity", "Policy " + policyArn + " was not found.");
        }
        List<String> attached = new ArrayList<>(role.attachedPolicyArns());
        attached.remove(policyArn);
        replace(role, attached, role.inlinePolicies());
    }

    /**
     * PutRolePolicy (creates or replaces an inline policy).
     *
     * @param roleName the role
     * @param policyName the inline policy name
     * @param document the policy document
     */
    public synchronized void putRolePolicy(String roleName, String policyName, String document) {
        requireMatch("policyName", policyName, POLICY_NAME);
        requirePresent("policyDocument", document);
        IamRole role = getRole(roleName);
        IamPolicyDocuments.checkPermissionsPolicy(document);
        Map<String, String> inline = new LinkedHashMap<>(role.inlinePolicies());
        inline.put(policyName, document);
        replace(role, role.attachedPolicyArns(), inline);
    }

    /**
     * DeleteRolePolicy.
     *
     * @param roleName the role
     * @param policyName the inline policy name
     */
    public synchronized void deleteRolePolicy(String roleName, String policyName) {
        requireMatch("policyName", policyName, POLICY_NAME);
        IamRole role = getRole(roleName);
        if (!role.inlinePolicies().containsKey(policyName)) {
            throw new AwsApiException(404, "NoSuchEntity", "The role policy with name " + policyName + " cannot be found.");
        }
        Map<String, String> inline = new LinkedHashMap<>(role.inlinePolicies());
        inline.remove(policyName);
        replace(role, role.attachedPolicyArns(), inline);
    }

    /**
     * GetRolePolicy.
     *
     * @param roleName the role
     * @param policyName the inline policy name
     * @return the policy document, as it was put
     */
    public synchronized String getRolePolicy(String roleName, String policyName) {
        requireMatch("policyName", policyName, POLICY_NAME);
        IamRole role = getRole(roleName);
        String document = role.inlinePolicies().get(policyName);
        if (document == null) {
            throw new AwsApiException(404, "NoSuchEntity", "The role policy with name " + policyName + " cannot be found.");
        }
        return document;
    }

    /**
     * ListRolePolicies: the inline policy names of a role, in alphabetical order as IAM lists them.
     *
     * @param roleName the role
     * @return the names
     */
    public synchronized List<String> listRolePolicies(String roleName) {
        return getRole(roleName).inlinePolicies().keySet().stream().sorted().toList();
    }

    /**
     * UpdateAssumeRolePolicy: replaces the trust policy of a role.
     *
     * @param roleName the role
     * @param trustPolicy the new assume-role policy document
     */
    public synchronized void updateAssumeRolePolicy(String roleName, String trustPolicy) {
        requirePresent("policyDocument", trustPolicy);
        IamRole role = getRole(roleName);
        IamPolicyDocuments.checkTrustPolicy(trustPolicy);
        save(role.roleName().toLowerCase(java.util.Locale.ROOT), new IamRole(role.roleName(), role.path(),
                role.roleId(), role.arn(), role.createDate(), trustPolicy, role.description(),
                role.maxSessionDuration(), role.attachedPolicyArns(), role.inlinePolicies(), role.tags()));
    }

    /**
     * Issues temporary credentials for a role, as STS AssumeRole would for a trusted service.
     *
     * @param role the role
     * @param sessionName the role session name
     * @param duration how long the credentials last
     * @return the credentials
     */
    public IamSession issueSession(IamRole role, String sessionName, Duration duration) {
        Objects.requireNonNull(role, "role");
        IamSession session = new IamSession(
                "ASIA" + randomString(ID_ALPHABET, 16),
                randomString(SECRET_ALPHABET, 40),
                randomString(SECRET_ALPHABET, 360),
                clock.instant().plus(duration).truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                role.arn(), sessionName);
        sessions.put(session.accessKeyId(), session);
        return session;
    }

    /**
     * The session an access key belongs to, if it was issued here and has not expired.
     *
     * @param accessKeyId the access key id
     * @return the session, if any
     */
    public Optional<IamSession> findSession(String accessKeyId) {
        IamSession session = sessions.get(accessKeyId);
        if (session == null) {
            return Optional.empty();
        }
        if (!session.expiration().isAfter(clock.instant())) {
            sessions.remove(accessKeyId);
            return Optional.empty();
        }
        return Optional.of(session);
    }

    /**
     * The current time of this IAM's clock.
     *
     * @return now
     */
    public Instant now() {
        return clock.instant();
    }

    /** Hears every role change before it is applied; the hook a data directory journals on. */
    @FunctionalInterface
    public interface RoleChangeListener {
        /**
         * Called under the IAM lock before a role is written or removed; throwing refuses the change.
         *
         * @param key the role's key (its name in lower case)
         * @param role the new role, or {@code null} when it is removed
         */
        void committing(String key, IamRole role);
    }

    private RoleChangeListener listener;

    /**
     * Sets the listener that hears every role change before it is applied, or removes it.
     *
     * @param roleListener the listener, or {@code null}
     */
    public synchronized void listener(RoleChangeListener roleListener) {
        this.listener = roleListener;
    }

    /**
     * Every role, for a snapshot.
     *
     * @return the roles
     */
    public synchronized List<IamRole> roles() {
        return List.copyOf(roles.values());
    }

    /**
     * Puts saved roles back (keys are the lower-case names), without notifying the listener.
     *
     * @param saved the roles; {@code null} values remove a role
     */
    public synchronized void restore(Map<String, IamRole> saved) {
        saved.forEach((k, r) -> {
            if (r == null) {
                roles.remove(k);
            } else {
                roles.put(k, r);
            }
        });
    }

    /**
     * Runs an action while no role can change.
     *
     * @param action the action
     * @param <T> its result
     * @return its result
     */
    public synchronized <T> T locked(java.util.function.Supplier<T> action) {
        return action.get();
    }

    private void save(String key, IamRole role) {
        if (listener != null) {
            listener.committing(key, role);
        }
        if (role == null) {
            roles.remove(key);
        } else {
            roles.put(key, role);
        }
    }

    private void replace(IamRole role, List<String> attached, Map<String, String> inline) {
        save(role.roleName().toLowerCase(java.util.Locale.ROOT), new IamRole(role.roleName(), role.path(),
                role.roleId(), role.arn(), role.createDate(), role.assumeRolePolicyDocument(), role.description(),
                role.maxSessionDuration(), attached, inline, role.tags()));
    }

    private String randomString(String alphabet, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private static void requirePolicyArn(String policyArn) {
        requirePresent("policyArn", policyArn);
        if (!POLICY_ARN.matcher(policyArn).matches()) {
            throw new AwsApiException(400, "InvalidInput", "ARN " + policyArn + " is not valid.");
        }
    }

    private static void requirePresent(String member, String value) {
        if (value == null) {
            throw validation("Value null at '" + member + "' failed to satisfy constraint: Member must not be null");
        }
    }

    private static void requireMatch(String member, String value, Pattern pattern) {
        requirePresent(member, value);
        if (!pattern.matcher(value).matches()) {
            throw validation("Value '" + value + "' at '" + member + "' failed to satisfy constraint: "
                    + "Member must satisfy regular expression pattern: " + pattern.pattern());
        }
    }

    private static AwsApiException validation(String detail) {
        return new AwsApiException(400, "ValidationError", "1 validation error detected: " + detail);
    }

    private static AwsApiException noSuchRole(String roleName) {
        return new AwsApiException(404, "NoSuchEntity", "The role with name " + roleName + " cannot be found.");
    }
}
