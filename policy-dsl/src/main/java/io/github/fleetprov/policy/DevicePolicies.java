package io.github.fleetprov.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Policy presets for provisioned devices, scoped to the device's own thing with
 * {@code ${iot:Connection.Thing.ThingName}}: each device connects with its thing name as client id
 * (and only while its certificate is attached to that thing), and reaches only its own topics,
 * shadow and jobs. One preset policy can be attached to every device of a fleet.
 */
public final class DevicePolicies {

    private static final String THING = PolicyVariable.THING_NAME.toString();

    private DevicePolicies() {
    }

    /**
     * Connect as the own thing, publish telemetry on {@code <prefix>/<thing>/telemetry} and below,
     * subscribe to and receive commands on {@code <prefix>/<thing>/commands} and below.
     *
     * @param context partition, region and account
     * @param topicPrefix the first topic level, e.g. {@code devices}
     * @return the policy
     */
    public static IotPolicy telemetryAndCommands(PolicyContext context, String topicPrefix) {
        return builder(context).telemetryAndCommands(topicPrefix).build();
    }

    /**
     * Connect as the own thing and use its classic and named shadows over MQTT and HTTP.
     *
     * @param context partition, region and account
     * @return the policy
     */
    public static IotPolicy shadow(PolicyContext context) {
        return builder(context).shadow().build();
    }

    /**
     * Connect as the own thing and use its jobs over MQTT and the jobs data-plane API.
     *
     * @param context partition, region and account
     * @return the policy
     */
    public static IotPolicy jobs(PolicyContext context) {
        return builder(context).jobs().build();
    }

    /**
     * An AWS IoT Greengrass V2 core device: connect as the own thing, MQTT on its own
     * {@code $aws/things/<thing>/} topics (shadows, jobs, Greengrass), the Greengrass data-plane
     * actions the nucleus calls, and AWS credentials through the token exchange role alias.
     *
     * @param context partition, region and account
     * @param tokenExchangeRoleAlias the role alias of the token exchange role
     * @return the policy
     */
    public static IotPolicy greengrassCore(PolicyContext context, String tokenExchangeRoleAlias) {
        Objects.requireNonNull(tokenExchangeRoleAlias, "tokenExchangeRoleAlias");
        return builder(context).greengrassCore(tokenExchangeRoleAlias).build();
    }

    /**
     * Combines presets into one policy.
     *
     * @param context partition, region and account
     * @return the builder
     */
    public static Builder builder(PolicyContext context) {
        return new Builder(context);
    }

    /**
     * Combines device presets in one policy. Grants are grouped by action so that the combined policy
     * stays under AWS IoT's size limit; when both shadow and jobs are added, the device gets its whole
     * {@code $aws/things/<thing>/} topic tree. Not thread-safe.
     */
    public static final class Builder {
        private final PolicyContext context;
        private final Map<IotAction, Set<IotResource>> byAction = new LinkedHashMap<>();
        private final List<IotStatement> extra = new ArrayList<>();
        private String telemetryPrefix;
        private boolean shadow;
        private boolean jobs;
        private boolean greengrass;
        private String roleAlias;

        private Builder(PolicyContext context) {
            this.context = Objects.requireNonNull(context, "context");
        }

        /**
         * Adds telemetry and commands topics; see {@link DevicePolicies#telemetryAndCommands}.
         *
         * @param topicPrefix the first topic level
         * @return this builder
         */
        public Builder telemetryAndCommands(String topicPrefix) {
            this.telemetryPrefix = Objects.requireNonNull(topicPrefix, "topicPrefix");
            return this;
        }

        /**
         * Adds the own thing's shadows; see {@link DevicePolicies#shadow}.
         *
         * @return this builder
         */
        public Builder shadow() {
            this.shadow = true;
            return this;
        }

        /**
         * Adds the own thing's jobs; see {@link DevicePolicies#jobs}.
         *
         * @return this builder
         */
        public Builder jobs() {
            this.jobs = true;
            return this;
        }

        /**
         * Adds what a Greengrass V2 core device needs; see {@link DevicePolicies#greengrassCore}.
         *
         * @param tokenExchangeRoleAlias the role alias of the token exchange role
         * @return this builder
         */
        public Builder greengrassCore(String tokenExchangeRoleAlias) {
            this.greengrass = true;
            this.roleAlias = Objects.requireNonNull(tokenExchangeRoleAlias, "tokenExchangeRoleAlias");
            return this;
        }

        /**
         * Adds a statement of your own.
         *
         * @param statement the statement (resources bound, or bound by the builder's context)
         * @return this builder
         */
        public Builder addStatement(IotStatement statement) {
            extra.add(Objects.requireNonNull(statement, "statement"));
            return this;
        }

        /**
         * Builds the policy: a Connect statement for the own thing name (with the
         * {@code iot:Connection.Thing.IsAttached} condition) and the presets added.
         *
         * @return the policy
         * @throws io.github.fleetprov.core.InvalidInputException if the combination exceeds the size limit
         */
        public IotPolicy build() {
            byAction.clear();
            if (telemetryPrefix != null) {
                String base = telemetryPrefix + "/" + THING;
                grant(IotAction.PUBLISH, context.topic(base + "/telemetry"), context.topic(base + "/telemetry/*"));
                grant(IotAction.SUBSCRIBE, context.topicFilter(base + "/commands"),
                        context.topicFilter(base + "/commands/*"));
                grant(IotAction.RECEIVE, context.topic(base + "/commands"), context.topic(base + "/commands/*"));
            }
            List<String> thingTopics = new ArrayList<>();
            if (greengrass || (shadow && jobs)) {
                thingTopics.add("$aws/things/" + THING + "/*");
            } else if (shadow) {
                thingTopics.add("$aws/things/" + THING + "/shadow/*");
            } else if (jobs) {
                thingTopics.add("$aws/things/" + THING + "/jobs/*");
            }
            for (String t : thingTopics) {
                grant(IotAction.PUBLISH, context.topic(t));
                grant(IotAction.SUBSCRIBE, context.topicFilter(t));
                grant(IotAction.RECEIVE, context.topic(t));
            }
            IotPolicy.Builder b = IotPolicy.builder().context(context)
                    .addStatement(s -> s.allow().actions(IotAction.CONNECT)
                            .resources(context.client(THING)).addCondition(IotCondition.thingIsAttached()));
            byAction.forEach((action, resources) -> b.addStatement(s -> s.allow().actions(action)
                    .resources(List.copyOf(resources))));
            if (shadow) {
                b.addStatement(s -> s.allow().actions(IotAction.GET_THING_SHADOW, IotAction.UPDATE_THING_SHADOW,
                        IotAction.DELETE_THING_SHADOW).resources(context.thing(THING), context.thing(THING + "/*")));
            }
            if (jobs) {
                b.addStatement(s -> s.allow().actions(IotAction.DESCRIBE_JOB_EXECUTION,
                        IotAction.GET_PENDING_JOB_EXECUTIONS, IotAction.START_NEXT_PENDING_JOB_EXECUTION,
                        IotAction.UPDATE_JOB_EXECUTION).resources(context.thing(THING)));
            }
            if (greengrass) {
                b.addStatement(s -> s.allow()
                        .actions(IotAction.create("greengrass:GetComponentVersionArtifact"),
                                IotAction.create("greengrass:ResolveComponentCandidates"),
                                IotAction.create("greengrass:GetDeploymentConfiguration"),
                                IotAction.create("greengrass:ListThingGroupsForCoreDevice"))
                        .resources(IotResource.all()));
                b.addStatement(s -> s.allow().actions(IotAction.ASSUME_ROLE_WITH_CERTIFICATE)
                        .resources(context.roleAlias(roleAlias)));
            }
            extra.forEach(b::addStatement);
            return b.build();
        }

        private void grant(IotAction action, IotResource... resources) {
            byAction.computeIfAbsent(action, k -> new LinkedHashSet<>()).addAll(List.of(resources));
        }
    }
}
