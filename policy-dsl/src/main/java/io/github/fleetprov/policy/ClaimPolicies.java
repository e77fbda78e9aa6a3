package io.github.fleetprov.policy;

import io.github.fleetprov.core.InvalidInputException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Generates the least-privilege policy for a fleet provisioning claim certificate: Connect only with
 * the given client-id pattern, Publish only to the request topics of the chosen flow and templates,
 * Subscribe and Receive only on their exact {@code accepted} and {@code rejected} reply topics.
 *
 * <pre>{@code
 * IotPolicy claim = ClaimPolicies.builder()
 *         .templateNames("FactoryTemplate")
 *         .region("us-east-1").accountId("123456789012")
 *         .mode(ClaimMode.CSR)
 *         .clientIdPattern("factory-*")
 *         .build();
 * }</pre>
 *
 * <p>The result lints clean with {@link PolicyLinter}.
 */
public final class ClaimPolicies {

    private static final Pattern TEMPLATE_NAME = Pattern.compile("[0-9A-Za-z_-]{1,36}");

    private ClaimPolicies() {
    }

    /**
     * A new generator.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The MQTT request topics of the fleet provisioning API that a claim policy opens, without the
     * ARN prefix (for tests and emulators).
     *
     * @param mode the flow
     * @param templateName the template
     * @param format {@code json} or {@code cbor}
     * @return the request topics
     */
    public static List<String> requestTopics(ClaimMode mode, String templateName, String format) {
        List<String> topics = new ArrayList<>();
        if (mode != ClaimMode.CSR) {
            topics.add("$aws/certificates/create/" + format);
        }
        if (mode != ClaimMode.KEYS) {
            topics.add("$aws/certificates/create-from-csr/" + format);
        }
        topics.add("$aws/provisioning-templates/" + templateName + "/provision/" + format);
        return topics;
    }

    /** Configures and generates a claim policy. Not thread-safe. */
    public static final class Builder {
        private final Set<String> templateNames = new LinkedHashSet<>();
        private String partition = "aws";
        private String region;
        private String accountId;
        private ClaimMode mode = ClaimMode.CSR;
        private String clientIdPattern;
        private final Set<String> formats = new LinkedHashSet<>(List.of("json"));

        private Builder() {
        }

        /**
         * Sets the provisioning templates the claim may call RegisterThing for.
         *
         * @param templateNames the template names
         * @return this builder
         */
        public Builder templateNames(String... templateNames) {
            return templateNames(List.of(templateNames));
        }

        /**
         * Sets the provisioning templates the claim may call RegisterThing for.
         *
         * @param templateNames the template names
         * @return this builder
         */
        public Builder templateNames(Collection<String> templateNames) {
            Objects.requireNonNull(templateNames, "templateNames");
            this.templateNames.clear();
            this.templateNames.addAll(templateNames);
            return this;
        }

        /**
         * Sets the partition (default {@code aws}).
         *
         * @param partition e.g. {@code aws-cn}
         * @return this builder
         */
        public Builder partition(String partition) {
            this.partition = Objects.requireNonNull(partition, "partition");
            return this;
        }

        /**
         * Sets the region of the IoT endpoint.
         *
         * @param region e.g. {@code us-east-1}
         * @return this builder
         */
        public Builder region(String region) {
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        /**
         * Sets the account.
         *
         * @param accountId the 12-digit account id
         * @return this builder
         */
        public Builder accountId(String accountId) {
            this.accountId = Objects.requireNonNull(accountId, "accountId");
            return this;
        }

        /**
         * Sets partition, region and account at once.
         *
         * @param context the context
         * @return this builder
         */
        public Builder context(PolicyContext context) {
            Objects.requireNonNull(context, "context");
            return partition(context.partition()).region(context.region()).accountId(context.accountId());
        }

        /**
         * Sets the flow (default {@link ClaimMode#CSR}).
         *
         * @param mode CSR, KEYS or BOTH
         * @return this builder
         */
        public Builder mode(ClaimMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Sets the client ids claim devices connect with, a pattern with {@code *} and {@code ?}
         * (e.g. {@code factory-*}); required.
         *
         * @param clientIdPattern the pattern
         * @return this builder
         */
        public Builder clientIdPattern(String clientIdPattern) {
            this.clientIdPattern = Objects.requireNonNull(clientIdPattern, "clientIdPattern");
            return this;
        }

        /**
         * Sets the payload formats devices use (default {@code json}).
         *
         * @param formats {@code json} and/or {@code cbor}
         * @return this builder
         */
        public Builder formats(String... formats) {
            this.formats.clear();
            for (String f : formats) {
                Objects.requireNonNull(f, "format");
                if (!f.equals("json") && !f.equals("cbor")) {
                    throw new InvalidInputException("formats", "'" + f + "' is not a payload format of the fleet "
                            + "provisioning API", "Use json or cbor.");
                }
                this.formats.add(f);
            }
            return this;
        }

        /**
         * Generates the policy.
         *
         * @return the claim policy
         * @throws InvalidInputException if no template, no region, no account or no client-id pattern is
         *     given, a template name is not 1 to 36 of {@code [0-9A-Za-z_-]}, the client-id pattern
         *     is {@code *}, or the policy would exceed AWS IoT's size limit
         */
        public IotPolicy build() {
            if (templateNames.isEmpty()) {
                throw new InvalidInputException("templateNames", "no provisioning template is given",
                        "Name the template(s) the claim certificate may provision with.");
            }
            for (String t : templateNames) {
                if (!TEMPLATE_NAME.matcher(t).matches()) {
                    throw new InvalidInputException("templateNames", "'" + t + "' is not a provisioning template name",
                            "Use 1 to 36 characters of A-Z, a-z, 0-9, _ and -.");
                }
            }
            if (region == null) {
                throw new InvalidInputException("region", "not set", "Give the region of the IoT endpoint, e.g. us-east-1.");
            }
            if (accountId == null) {
                throw new InvalidInputException("accountId", "not set", "Give the 12-digit AWS account id.");
            }
            if (clientIdPattern == null || clientIdPattern.isEmpty() || clientIdPattern.equals("*")) {
                throw new InvalidInputException("clientIdPattern", clientIdPattern == null || clientIdPattern.isEmpty()
                        ? "not set" : "* lets any client id connect with the claim certificate",
                        "Give the client ids claim devices connect with, e.g. factory-* or a serial-number pattern "
                                + "with ? per character.");
            }
            PolicyContext ctx = PolicyContext.of(partition, region, accountId);
            List<IotResource> publish = new ArrayList<>();
            List<IotResource> subscribe = new ArrayList<>();
            List<IotResource> receive = new ArrayList<>();
            Set<String> topics = new LinkedHashSet<>();
            for (String format : formats) {
                for (String t : templateNames) {
                    topics.addAll(requestTopics(mode, t, format));
                }
            }
            for (String topic : topics) {
                publish.add(ctx.topic(topic));
                for (String reply : List.of("/accepted", "/rejected")) {
                    subscribe.add(ctx.topicFilter(topic + reply));
                    receive.add(ctx.topic(topic + reply));
                }
            }
            IotPolicy.Builder b = IotPolicy.builder()
                    .addStatement(s -> s.sid("Connect").allow().actions(IotAction.CONNECT)
                            .resources(ctx.client(clientIdPattern)))
                    .addStatement(s -> s.sid("PublishRequests").allow().actions(IotAction.PUBLISH).resources(publish))
                    .addStatement(s -> s.sid("SubscribeReplies").allow().actions(IotAction.SUBSCRIBE)
                            .resources(subscribe))
                    .addStatement(s -> s.sid("ReceiveReplies").allow().actions(IotAction.RECEIVE).resources(receive));
            IotPolicy policy;
            try {
                policy = b.build();
            } catch (InvalidInputException e) {
                throw new InvalidInputException("templateNames", "the claim policy for " + templateNames.size()
                        + " template(s) and " + formats.size() + " format(s) fails: " + e.getMessage(),
                        "Use fewer templates or one payload format per claim policy, and attach several claim policies "
                                + "to the claim certificate if needed.", e);
            }
            return policy;
        }
    }
}
