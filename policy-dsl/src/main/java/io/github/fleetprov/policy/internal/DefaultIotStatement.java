package io.github.fleetprov.policy.internal;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.policy.IotAction;
import io.github.fleetprov.policy.IotCondition;
import io.github.fleetprov.policy.IotConditionOperator;
import io.github.fleetprov.policy.IotEffect;
import io.github.fleetprov.policy.IotResource;
import io.github.fleetprov.policy.IotStatement;
import io.github.fleetprov.policy.PolicyContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The immutable {@link IotStatement}. */
public final class DefaultIotStatement implements IotStatement {

    private final String sid;
    private final IotEffect effect;
    private final List<IotAction> actions;
    private final List<IotAction> notActions;
    private final List<IotResource> resources;
    private final List<IotResource> notResources;
    private final List<IotCondition> conditions;

    private DefaultIotStatement(BuilderImpl b) {
        this.sid = b.sid;
        this.effect = b.effect;
        this.actions = List.copyOf(b.actions);
        this.notActions = List.copyOf(b.notActions);
        this.resources = List.copyOf(b.resources);
        this.notResources = List.copyOf(b.notResources);
        this.conditions = groupByOperator(b.conditions);
    }

    /** @return a new builder */
    public static IotStatement.Builder builder() {
        return new BuilderImpl();
    }

    private static List<IotCondition> groupByOperator(List<IotCondition> conditions) {
        Map<IotConditionOperator, List<IotCondition>> groups = new LinkedHashMap<>();
        for (IotCondition c : conditions) {
            groups.computeIfAbsent(c.operator(), k -> new ArrayList<>()).add(c);
        }
        List<IotCondition> out = new ArrayList<>(conditions.size());
        groups.values().forEach(out::addAll);
        return List.copyOf(out);
    }

    /**
     * This statement with every unbound resource rendered in a context.
     *
     * @param context the context
     * @return the bound statement (this, if nothing was unbound)
     */
    IotStatement bind(PolicyContext context) {
        if (resources.stream().allMatch(IotResource::isBound) && notResources.stream().allMatch(IotResource::isBound)) {
            return this;
        }
        BuilderImpl b = (BuilderImpl) toBuilder();
        b.resources.replaceAll(r -> r.bind(context));
        b.notResources.replaceAll(r -> r.bind(context));
        return new DefaultIotStatement(b);
    }

    @Override
    public Optional<String> sid() {
        return Optional.ofNullable(sid);
    }

    @Override
    public IotEffect effect() {
        return effect;
    }

    @Override
    public List<IotAction> actions() {
        return actions;
    }

    @Override
    public List<IotAction> notActions() {
        return notActions;
    }

    @Override
    public List<IotResource> resources() {
        return resources;
    }

    @Override
    public List<IotResource> notResources() {
        return notResources;
    }

    @Override
    public List<IotCondition> conditions() {
        return conditions;
    }

    @Override
    public IotStatement.Builder toBuilder() {
        BuilderImpl b = new BuilderImpl();
        b.sid = sid;
        b.effect = effect;
        b.actions.addAll(actions);
        b.notActions.addAll(notActions);
        b.resources.addAll(resources);
        b.notResources.addAll(notResources);
        b.conditions.addAll(conditions);
        return b;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DefaultIotStatement other)) {
            return false;
        }
        return Objects.equals(sid, other.sid) && effect.equals(other.effect) && actions.equals(other.actions)
                && notActions.equals(other.notActions) && resources.equals(other.resources)
                && notResources.equals(other.notResources) && conditions.equals(other.conditions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sid, effect, actions, notActions, resources, notResources, conditions);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("IotStatement{");
        if (sid != null) {
            sb.append("sid=").append(sid).append(", ");
        }
        sb.append(effect);
        sb.append(actions.isEmpty() ? " NotAction=" + notActions : " " + actions);
        sb.append(resources.isEmpty() ? " NotResource=" + notResources : " on " + resources);
        if (!conditions.isEmpty()) {
            sb.append(" if ").append(conditions);
        }
        return sb.append('}').toString();
    }

    private static final class BuilderImpl implements IotStatement.Builder {
        private String sid;
        private IotEffect effect;
        private final List<IotAction> actions = new ArrayList<>();
        private final List<IotAction> notActions = new ArrayList<>();
        private final List<IotResource> resources = new ArrayList<>();
        private final List<IotResource> notResources = new ArrayList<>();
        private final List<IotCondition> conditions = new ArrayList<>();

        @Override
        public IotStatement.Builder sid(String sid) {
            this.sid = sid;
            return this;
        }

        @Override
        public IotStatement.Builder effect(IotEffect effect) {
            this.effect = Objects.requireNonNull(effect, "effect");
            return this;
        }

        @Override
        public IotStatement.Builder actions(Collection<IotAction> actions) {
            Objects.requireNonNull(actions, "actions");
            this.actions.clear();
            actions.forEach(this::addAction);
            return this;
        }

        @Override
        public IotStatement.Builder addAction(IotAction action) {
            actions.add(Objects.requireNonNull(action, "action"));
            return this;
        }

        @Override
        public IotStatement.Builder notActions(Collection<IotAction> notActions) {
            Objects.requireNonNull(notActions, "notActions");
            this.notActions.clear();
            notActions.forEach(a -> this.notActions.add(Objects.requireNonNull(a, "notAction")));
            return this;
        }

        @Override
        public IotStatement.Builder resources(Collection<IotResource> resources) {
            Objects.requireNonNull(resources, "resources");
            this.resources.clear();
            resources.forEach(this::addResource);
            return this;
        }

        @Override
        public IotStatement.Builder addResource(IotResource resource) {
            resources.add(Objects.requireNonNull(resource, "resource"));
            return this;
        }

        @Override
        public IotStatement.Builder notResources(Collection<IotResource> notResources) {
            Objects.requireNonNull(notResources, "notResources");
            this.notResources.clear();
            notResources.forEach(r -> this.notResources.add(Objects.requireNonNull(r, "notResource")));
            return this;
        }

        @Override
        public IotStatement.Builder conditions(Collection<IotCondition> conditions) {
            Objects.requireNonNull(conditions, "conditions");
            this.conditions.clear();
            conditions.forEach(this::addCondition);
            return this;
        }

        @Override
        public IotStatement.Builder addCondition(IotCondition condition) {
            conditions.add(Objects.requireNonNull(condition, "condition"));
            return this;
        }

        @Override
        public IotStatement build() {
            if (effect == null) {
                throw new InvalidInputException("Effect", "the statement has no effect",
                        "Call allow() or deny() on the statement builder.");
            }
            if (actions.isEmpty() == notActions.isEmpty()) {
                throw new InvalidInputException("Action", actions.isEmpty()
                        ? "the statement has no actions" : "the statement has both Action and NotAction",
                        "Give the actions with actions(...), e.g. IotAction.PUBLISH, or only notActions(...).");
            }
            if (resources.isEmpty() == notResources.isEmpty()) {
                throw new InvalidInputException("Resource", resources.isEmpty()
                        ? "the statement has no resources" : "the statement has both Resource and NotResource",
                        "Give the resources with resources(...), e.g. IotResource.topic(\"my/topic\"), "
                                + "or only notResources(...).");
            }
            return new DefaultIotStatement(this);
        }
    }
}
