package io.github.fleetprov.policy;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.arn.IotResourceType;
import java.util.Objects;
import java.util.Optional;

/**
 * A resource in an AWS IoT policy statement: an ARN such as
 * {@code arn:aws:iot:us-east-1:123456789012:topicfilter/my/topic}, or {@code *}.
 *
 * <p>The typed factories ({@link #topic(String)}, {@link #topicFilter(String)}, ...) create a resource
 * that knows its kind and id but not yet its partition, region and account; it is
 * <em>bound</em> to a {@link PolicyContext} by {@link #bind(PolicyContext)}, by
 * {@link PolicyContext#topic(String)} and friends, or by the policy builder's
 * {@link IotPolicy.Builder#context(PolicyContext) context}. In resource ids, {@code *} and {@code ?}
 * are wildcards, {@code +} and {@code #} are literal characters, and policy variables such as
 * {@link PolicyVariable#THING_NAME} may appear.
 *
 * <p>Immutable; equal when kind, id and text are equal.
 */
public final class IotResource {

    private static final IotResource ALL = new IotResource("*", null, null);

    private final String text;
    private final IotResourceType type;
    private final String id;

    private IotResource(String text, IotResourceType type, String id) {
        this.text = text;
        this.type = type;
        this.id = id;
    }

    /**
     * The resource {@code *}: every resource.
     *
     * @return the {@code *} resource
     */
    public static IotResource all() {
        return ALL;
    }

    /**
     * A resource written as text, as it appears in a policy document: an ARN, a pattern or {@code *}.
     * For AWS IoT ARNs the kind and id are recognised.
     *
     * @param text the resource text
     * @return the resource
     * @throws InvalidInputException if the text is empty
     */
    public static IotResource create(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            throw new InvalidInputException("Resource", "the resource is empty",
                    "Write an ARN such as arn:aws:iot:us-east-1:123456789012:topic/my/topic, or *.");
        }
        if (text.equals("*")) {
            return ALL;
        }
        IotResourceType type = null;
        String id = null;
        if (text.startsWith("arn:")) {
            String[] parts = text.split(":", 6);
            if (parts.length == 6 && parts[2].equals("iot")) {
                int slash = parts[5].indexOf('/');
                if (slash > 0) {
                    Optional<IotResourceType> kind = IotResourceType.fromPrefix(parts[5].substring(0, slash));
                    if (kind.isPresent()) {
                        type = kind.get();
                        id = parts[5].substring(slash + 1);
                    }
                }
            }
        }
        return new IotResource(text, type, id);
    }

    /**
     * An unbound resource of a given kind; bind it to a {@link PolicyContext} before use.
     *
     * @param type the kind
     * @param id the id after {@code <kind>/}
     * @return the unbound resource
     */
    public static IotResource of(IotResourceType type, String id) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        if (id.isEmpty()) {
            throw new InvalidInputException(type.prefix(), "the " + type.prefix() + " id is empty",
                    "Give a name, a pattern with * or ?, or a policy variable.");
        }
        return new IotResource(null, type, id);
    }

    /**
     * A client id resource ({@code client/<clientId>}), the resource of {@code iot:Connect}.
     *
     * @param clientId the client id, a pattern or a policy variable
     * @return the unbound resource
     */
    public static IotResource client(String clientId) {
        return of(IotResourceType.CLIENT, clientId);
    }

    /**
     * A topic resource ({@code topic/<topic>}), the resource of {@code iot:Publish} and {@code iot:Receive}.
     *
     * @param topic the topic name or pattern
     * @return the unbound resource
     */
    public static IotResource topic(String topic) {
        return of(IotResourceType.TOPIC, topic);
    }

    /**
     * A topic filter resource ({@code topicfilter/<filter>}), the resource of {@code iot:Subscribe}.
     * AWS IoT matches the literal filter a client subscribes with: {@code topicFilter("a/+")} allows
     * subscribing to exactly {@code a/+}.
     *
     * @param filter the topic filter or pattern
     * @return the unbound resource
     */
    public static IotResource topicFilter(String filter) {
        return of(IotResourceType.TOPICFILTER, filter);
    }

    /**
     * A thing resource ({@code thing/<thingName>}), the resource of the shadow and jobs actions.
     *
     * @param thingName the thing name or pattern
     * @return the unbound resource
     */
    public static IotResource thing(String thingName) {
        return of(IotResourceType.THING, thingName);
    }

    /**
     * A role alias resource ({@code rolealias/<alias>}), the resource of {@code iot:AssumeRoleWithCertificate}.
     *
     * @param alias the role alias name
     * @return the unbound resource
     */
    public static IotResource roleAlias(String alias) {
        return of(IotResourceType.ROLEALIAS, alias);
    }

    /**
     * This resource rendered in a context. A resource that already has its text is returned unchanged.
     *
     * @param context partition, region and account
     * @return the bound resource
     */
    public IotResource bind(PolicyContext context) {
        Objects.requireNonNull(context, "context");
        if (text != null) {
            return this;
        }
        return new IotResource(context.arn(type, id), type, id);
    }

    /**
     * Whether this resource has its full text (an ARN or {@code *}).
     *
     * @return {@code true} once bound
     */
    public boolean isBound() {
        return text != null;
    }

    /**
     * The resource as written in the policy document.
     *
     * @return the ARN, pattern or {@code *}
     * @throws IllegalStateException if the resource is not {@link #isBound() bound}
     */
    public String value() {
        if (text == null) {
            throw new IllegalStateException("The resource " + type.prefix() + "/" + id
                    + " has no partition, region and account: bind it to a PolicyContext");
        }
        return text;
    }

    /**
     * The AWS IoT resource kind, when this is an IoT ARN of a known kind.
     *
     * @return the kind, or empty for {@code *} and other resources
     */
    public Optional<IotResourceType> type() {
        return Optional.ofNullable(type);
    }

    /**
     * The id after {@code <kind>/}, when this is an IoT ARN of a known kind.
     *
     * @return the id, or empty
     */
    public Optional<String> id() {
        return Optional.ofNullable(id);
    }

    /**
     * Whether this is the {@code *} resource.
     *
     * @return {@code true} for {@code *}
     */
    public boolean isAll() {
        return "*".equals(text);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof IotResource other)) {
            return false;
        }
        return Objects.equals(text, other.text) && type == other.type && Objects.equals(id, other.id);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text, type, id);
    }

    /** @return the resource text, or {@code <kind>/<id>} while unbound */
    @Override
    public String toString() {
        return text != null ? text : type.prefix() + "/" + id;
    }
}
