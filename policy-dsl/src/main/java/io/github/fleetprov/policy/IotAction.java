package io.github.fleetprov.policy;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.arn.IotResourceType;
import io.github.fleetprov.policy.internal.Glob;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An action in an AWS IoT policy, such as {@code iot:Publish}.
 *
 * <p>This is an open set: the constants cover the AWS IoT Core data-plane actions, the credentials
 * provider action and the jobs data-plane actions ({@code iotjobsdata:} prefix); {@link #create(String)}
 * accepts any other action, including wildcards such as {@code iot:*} or {@code greengrass:*}.
 * Instances are immutable and compare by their text, case-insensitively for the service prefix and
 * action name as AWS does.
 */
public final class IotAction {

    private static final Map<String, IotAction> KNOWN = new ConcurrentHashMap<>();

    /** {@code iot:Connect}, authorized on {@code client/<clientId>}. */
    public static final IotAction CONNECT = known("iot:Connect", IotResourceType.CLIENT);
    /** {@code iot:Publish}, authorized on {@code topic/<topic>}. */
    public static final IotAction PUBLISH = known("iot:Publish", IotResourceType.TOPIC);
    /** {@code iot:Subscribe}, authorized on {@code topicfilter/<filter>} (the literal filter). */
    public static final IotAction SUBSCRIBE = known("iot:Subscribe", IotResourceType.TOPICFILTER);
    /** {@code iot:Receive}, authorized on {@code topic/<topic>} for every delivered message. */
    public static final IotAction RECEIVE = known("iot:Receive", IotResourceType.TOPIC);
    /** {@code iot:RetainPublish}, authorized on {@code topic/<topic>}; needs {@code iot:Publish} too. */
    public static final IotAction RETAIN_PUBLISH = known("iot:RetainPublish", IotResourceType.TOPIC);
    /** {@code iot:GetRetainedMessage}, authorized on {@code topic/<topic>}. */
    public static final IotAction GET_RETAINED_MESSAGE = known("iot:GetRetainedMessage", IotResourceType.TOPIC);
    /** {@code iot:ListRetainedMessages}; its resource must be {@code *}. */
    public static final IotAction LIST_RETAINED_MESSAGES = known("iot:ListRetainedMessages", null);
    /** {@code iot:GetThingShadow}, authorized on {@code thing/<thingName>}. */
    public static final IotAction GET_THING_SHADOW = known("iot:GetThingShadow", IotResourceType.THING);
    /** {@code iot:UpdateThingShadow}, authorized on {@code thing/<thingName>[/<shadowName>]}. */
    public static final IotAction UPDATE_THING_SHADOW = known("iot:UpdateThingShadow", IotResourceType.THING);
    /** {@code iot:DeleteThingShadow}, authorized on {@code thing/<thingName>}. */
    public static final IotAction DELETE_THING_SHADOW = known("iot:DeleteThingShadow", IotResourceType.THING);
    /** {@code iot:ListNamedShadowsForThing}; its resource is {@code *}. */
    public static final IotAction LIST_NAMED_SHADOWS_FOR_THING = known("iot:ListNamedShadowsForThing", null);
    /** {@code iot:DeleteConnection}, authorized on {@code client/<clientId>}. */
    public static final IotAction DELETE_CONNECTION = known("iot:DeleteConnection", IotResourceType.CLIENT);
    /** {@code iot:AssumeRoleWithCertificate}, authorized on {@code rolealias/<alias>}. */
    public static final IotAction ASSUME_ROLE_WITH_CERTIFICATE =
            known("iot:AssumeRoleWithCertificate", IotResourceType.ROLEALIAS);
    /** {@code iotjobsdata:DescribeJobExecution}, authorized on {@code thing/<thingName>}. */
    public static final IotAction DESCRIBE_JOB_EXECUTION =
            known("iotjobsdata:DescribeJobExecution", IotResourceType.THING);
    /** {@code iotjobsdata:GetPendingJobExecutions}, authorized on {@code thing/<thingName>}. */
    public static final IotAction GET_PENDING_JOB_EXECUTIONS =
            known("iotjobsdata:GetPendingJobExecutions", IotResourceType.THING);
    /** {@code iotjobsdata:StartNextPendingJobExecution}, authorized on {@code thing/<thingName>}. */
    public static final IotAction START_NEXT_PENDING_JOB_EXECUTION =
            known("iotjobsdata:StartNextPendingJobExecution", IotResourceType.THING);
    /** {@code iotjobsdata:UpdateJobExecution}, authorized on {@code thing/<thingName>}. */
    public static final IotAction UPDATE_JOB_EXECUTION =
            known("iotjobsdata:UpdateJobExecution", IotResourceType.THING);
    /** {@code iot:*}: every AWS IoT action. */
    public static final IotAction ALL_IOT = create("iot:*");

    private final String value;
    private final String lowerCase;
    private final IotResourceType resourceType;
    private final boolean wildcard;

    private IotAction(String value, IotResourceType resourceType) {
        this.value = value;
        this.lowerCase = value.toLowerCase(Locale.ROOT);
        this.resourceType = resourceType;
        this.wildcard = value.indexOf('*') >= 0 || value.indexOf('?') >= 0;
    }

    private static IotAction known(String value, IotResourceType type) {
        IotAction action = new IotAction(value, type);
        KNOWN.put(action.lowerCase, action);
        return action;
    }

    /**
     * Returns the action with this text: a constant if AWS IoT defines it (case-insensitive, as AWS
     * matches actions), otherwise a new open value.
     *
     * @param value the action, {@code service:Name}, e.g. {@code iot:Publish} or {@code greengrass:*}
     * @return the action
     * @throws InvalidInputException if the text is not {@code service:name} or {@code *}
     */
    public static IotAction create(String value) {
        Objects.requireNonNull(value, "value");
        IotAction known = KNOWN.get(value.toLowerCase(Locale.ROOT));
        if (known != null) {
            return known.value.equals(value) ? known : new IotAction(value, known.resourceType);
        }
        if (!value.equals("*") && !value.matches("[A-Za-z0-9-]+:[A-Za-z0-9*?]+")) {
            throw new InvalidInputException("Action", "'" + value + "' is not an action",
                    "Write service:ActionName, e.g. iot:Publish, or * for every action.");
        }
        return new IotAction(value, null);
    }

    /**
     * The action text as written in a policy, e.g. {@code iot:Publish}.
     *
     * @return the action text
     */
    public String value() {
        return value;
    }

    /**
     * The kind of resource AWS IoT authorizes this action on, if the action is a known IoT action
     * with a resource kind ({@code topicfilter} for Subscribe, {@code client} for Connect, ...).
     *
     * @return the resource kind, or empty for wildcards, unknown actions and actions whose resource is {@code *}
     */
    public Optional<IotResourceType> resourceType() {
        return Optional.ofNullable(resourceType);
    }

    /**
     * Whether this action contains {@code *} or {@code ?} and so stands for several actions.
     *
     * @return {@code true} for wildcard actions
     */
    public boolean isWildcard() {
        return wildcard;
    }

    /**
     * Whether this action is one AWS IoT Core defines (one of the constants of this class).
     *
     * @return {@code true} for a known action
     */
    public boolean isKnown() {
        return KNOWN.containsKey(lowerCase);
    }

    /**
     * Whether this action, read as a pattern with {@code *} and {@code ?} wildcards, covers
     * {@code other} (case-insensitively).
     *
     * @param other a concrete action
     * @return {@code true} if a policy naming this action grants or denies {@code other}
     */
    public boolean covers(IotAction other) {
        Objects.requireNonNull(other, "other");
        if (!wildcard) {
            return lowerCase.equals(other.lowerCase);
        }
        return Glob.matches(lowerCase, other.lowerCase);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IotAction other && other.lowerCase.equals(lowerCase);
    }

    @Override
    public int hashCode() {
        return lowerCase.hashCode();
    }

    /** @return the action text */
    @Override
    public String toString() {
        return value;
    }
}
