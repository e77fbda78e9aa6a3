package io.github.fleetprov.policy;

import io.github.fleetprov.core.InvalidInputException;
import java.util.Objects;

/**
 * A request to authorize: an action on a resource ARN by a connection.
 *
 * @param action the action, e.g. {@link IotAction#PUBLISH}
 * @param resource the full resource ARN, e.g. {@code arn:aws:iot:us-east-1:123456789012:topic/a/b};
 *     for {@code iot:Subscribe} the {@code topicfilter/} ARN of the literal filter the client sends
 * @param context what AWS IoT knows about the connection
 */
public record AuthorizationRequest(IotAction action, String resource, ConnectionContext context) {

    /**
     * Checks the components.
     *
     * @param action the action
     * @param resource the resource ARN
     * @param context the connection
     * @throws InvalidInputException if the action is a wildcard or the resource is empty
     */
    public AuthorizationRequest {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(context, "context");
        if (action.isWildcard()) {
            throw new InvalidInputException("action", "a request names one action, not the pattern " + action,
                    "Give a concrete action such as iot:Publish.");
        }
        if (resource.isEmpty()) {
            throw new InvalidInputException("resource", "the resource is empty",
                    "Give the resource ARN, e.g. arn:aws:iot:us-east-1:123456789012:topic/a/b.");
        }
    }

    /**
     * Creates a request.
     *
     * @param action the action
     * @param resourceArn the full resource ARN
     * @param context the connection
     * @return the request
     */
    public static AuthorizationRequest of(IotAction action, String resourceArn, ConnectionContext context) {
        return new AuthorizationRequest(action, resourceArn, context);
    }

    /**
     * {@code iot:Connect} for the context's client id.
     *
     * @param where partition, region and account of the endpoint
     * @param context the connection; must have a client id
     * @return the request
     * @throws InvalidInputException if the context has no client id
     */
    public static AuthorizationRequest connect(PolicyContext where, ConnectionContext context) {
        Objects.requireNonNull(where, "where");
        String clientId = context.clientId().orElseThrow(() -> new InvalidInputException("context.clientId",
                "a Connect request needs the client id", "Set ConnectionContext.builder().clientId(...)."));
        return of(IotAction.CONNECT, where.client(clientId).value(), context);
    }

    /**
     * {@code iot:Publish} to a topic.
     *
     * @param where partition, region and account of the endpoint
     * @param topic the topic name
     * @param context the connection
     * @return the request
     */
    public static AuthorizationRequest publish(PolicyContext where, String topic, ConnectionContext context) {
        return of(IotAction.PUBLISH, where.topic(topic).value(), context);
    }

    /**
     * {@code iot:Subscribe} to a literal topic filter (MQTT wildcards {@code +} and {@code #} included as written).
     *
     * @param where partition, region and account of the endpoint
     * @param topicFilter the filter as the client sends it
     * @param context the connection
     * @return the request
     */
    public static AuthorizationRequest subscribe(PolicyContext where, String topicFilter, ConnectionContext context) {
        return of(IotAction.SUBSCRIBE, where.topicFilter(topicFilter).value(), context);
    }

    /**
     * {@code iot:Receive} of a message published on a topic.
     *
     * @param where partition, region and account of the endpoint
     * @param topic the topic name of the message
     * @param context the connection
     * @return the request
     */
    public static AuthorizationRequest receive(PolicyContext where, String topic, ConnectionContext context) {
        return of(IotAction.RECEIVE, where.topic(topic).value(), context);
    }
}
