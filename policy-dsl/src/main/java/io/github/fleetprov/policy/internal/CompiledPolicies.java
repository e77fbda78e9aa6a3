package io.github.fleetprov.policy.internal;

import io.github.fleetprov.core.arn.IotResourceType;
import io.github.fleetprov.policy.AuthorizationRequest;
import io.github.fleetprov.policy.ConnectionContext;
import io.github.fleetprov.policy.Decision;
import io.github.fleetprov.policy.IotAction;
import io.github.fleetprov.policy.IotCondition;
import io.github.fleetprov.policy.IotPolicy;
import io.github.fleetprov.policy.IotResource;
import io.github.fleetprov.policy.IotStatement;
import io.github.fleetprov.policy.StatementRef;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Policies compiled for evaluation: statements indexed by action, resources as precompiled
 * patterns. Immutable after construction apart from a thread-safe per-action cache.
 */
public final class CompiledPolicies implements Explanations {

    /**
     * The raw outcome of an evaluation.
     *
     * @param result the result
     * @param deciding the deciding statements
     * @param missing missing context descriptions
     */
    public record Outcome(Decision.Result result, List<StatementRef> deciding, List<String> missing) {
    }

    /** One compiled statement. */
    static final class Compiled {
        final StatementRef ref;
        final boolean deny;
        final boolean notResource;
        final ResourcePattern[] resources;
        final CompiledCondition[] conditions;

        Compiled(StatementRef ref) {
            this.ref = ref;
            IotStatement s = ref.statement();
            this.deny = !s.effect().isAllow();
            this.notResource = s.resources().isEmpty();
            List<IotResource> rs = notResource ? s.notResources() : s.resources();
            this.resources = rs.stream().map(r -> ResourcePattern.compile(r.value())).toArray(ResourcePattern[]::new);
            this.conditions = s.conditions().stream().map(CompiledCondition::new).toArray(CompiledCondition[]::new);
        }

        boolean coversAction(IotAction action) {
            IotStatement s = ref.statement();
            if (!s.actions().isEmpty()) {
                for (IotAction a : s.actions()) {
                    if (a.covers(action)) {
                        return true;
                    }
                }
                return false;
            }
            for (IotAction a : s.notActions()) {
                if (a.covers(action)) {
                    return false;
                }
            }
            return true;
        }

        boolean matchesResource(String resource, ConnectionContext ctx, ContextValues.Missing missing) {
            boolean any = false;
            for (ResourcePattern p : resources) {
                if (p.matches(resource, ctx, missing)) {
                    any = true;
                    break;
                }
            }
            return any != notResource;
        }

        boolean conditionsHold(ConnectionContext ctx, IotAction action, ContextValues.Missing missing) {
            for (CompiledCondition c : conditions) {
                if (!c.holds(ctx, action, missing)) {
                    return false;
                }
            }
            return true;
        }

        boolean applies(AuthorizationRequest r, ContextValues.Missing missing) {
            return matchesResource(r.resource(), r.context(), missing)
                    && conditionsHold(r.context(), r.action(), missing);
        }
    }

    private static final Compiled[] NONE = new Compiled[0];

    /**
     * The statements covering one action: those whose resources are all exact ARNs are found by a
     * hash lookup of the requested resource; the others are matched one by one. Deny statements come
     * first in both.
     */
    static final class ActionIndex {
        final java.util.Map<String, Compiled[]> exact;
        final Compiled[] other;

        ActionIndex(List<Compiled> statements) {
            java.util.Map<String, List<Compiled>> byResource = new java.util.HashMap<>();
            List<Compiled> rest = new ArrayList<>();
            for (Compiled c : statements) {
                boolean allExact = !c.notResource && c.resources.length > 0;
                for (ResourcePattern p : c.resources) {
                    allExact &= p.isExact();
                }
                if (!allExact) {
                    rest.add(c);
                    continue;
                }
                for (ResourcePattern p : c.resources) {
                    List<Compiled> list = byResource.computeIfAbsent(p.text(), k -> new ArrayList<>(1));
                    if (!list.contains(c)) {
                        list.add(c);
                    }
                }
            }
            java.util.Map<String, Compiled[]> map = new java.util.HashMap<>();
            byResource.forEach((k, v) -> map.put(k, v.toArray(NONE)));
            this.exact = map;
            this.other = rest.toArray(NONE);
        }
    }

    private final List<IotPolicy> policies;
    private final Compiled[] all;
    private final ConcurrentHashMap<IotAction, ActionIndex> byAction = new ConcurrentHashMap<>();

    /**
     * Compiles policies.
     *
     * @param names the policy names
     * @param policies the policies
     */
    public CompiledPolicies(List<String> names, List<IotPolicy> policies) {
        this.policies = List.copyOf(policies);
        List<Compiled> list = new ArrayList<>();
        for (int p = 0; p < policies.size(); p++) {
            List<IotStatement> statements = policies.get(p).statements();
            for (int s = 0; s < statements.size(); s++) {
                list.add(new Compiled(new StatementRef(p, names.get(p), s, statements.get(s))));
            }
        }
        // Deny statements first: isAllowed can stop at the first matching Deny.
        list.sort((a, b) -> Boolean.compare(b.deny, a.deny));
        this.all = list.toArray(NONE);
        for (IotAction a : new IotAction[] {IotAction.CONNECT, IotAction.PUBLISH, IotAction.SUBSCRIBE,
                IotAction.RECEIVE, IotAction.RETAIN_PUBLISH, IotAction.ASSUME_ROLE_WITH_CERTIFICATE}) {
            forAction(a);
        }
    }

    /** @return the policies */
    public List<IotPolicy> policies() {
        return policies;
    }

    private ActionIndex forAction(IotAction action) {
        ActionIndex cached = byAction.get(action);
        if (cached != null) {
            return cached;
        }
        List<Compiled> hits = new ArrayList<>();
        for (Compiled c : all) {
            if (c.coversAction(action)) {
                hits.add(c);
            }
        }
        ActionIndex result = new ActionIndex(hits);
        if (byAction.size() < 1024) {
            byAction.putIfAbsent(action, result);
        }
        return result;
    }

    /**
     * Evaluates a request.
     *
     * @param request the request
     * @return the outcome
     */
    public Outcome evaluate(AuthorizationRequest request) {
        ContextValues.Missing missing = new ContextValues.Missing();
        ActionIndex index = forAction(request.action());
        List<StatementRef> allows = null;
        List<StatementRef> denies = null;
        Compiled[] exact = index.exact.get(request.resource());
        for (int pass = 0; pass < 2; pass++) {
            Compiled[] candidates = pass == 0 ? (exact == null ? NONE : exact) : index.other;
            for (Compiled c : candidates) {
                boolean applies = pass == 0 ? c.conditionsHold(request.context(), request.action(), missing)
                        : c.applies(request, missing);
                if (!applies) {
                    continue;
                }
                if (c.deny) {
                    if (denies == null) {
                        denies = new ArrayList<>(1);
                    }
                    denies.add(c.ref);
                } else {
                    if (allows == null) {
                        allows = new ArrayList<>(1);
                    }
                    allows.add(c.ref);
                }
            }
        }
        if (denies != null) {
            return new Outcome(Decision.Result.EXPLICIT_DENY, denies, missing.list());
        }
        if (allows != null) {
            return new Outcome(Decision.Result.ALLOWED, allows, missing.list());
        }
        return new Outcome(Decision.Result.IMPLICIT_DENY, List.of(), missing.list());
    }

    /**
     * Whether a request is allowed, without collecting details.
     *
     * @param action the action
     * @param resource the resource ARN
     * @param ctx the connection
     * @return whether allowed
     */
    public boolean isAllowed(IotAction action, String resource, ConnectionContext ctx) {
        ActionIndex index = forAction(action);
        Compiled[] exact = index.exact.get(resource);
        if (exact == null) {
            exact = NONE;
        }
        // Deny statements come first in both arrays: any applicable Deny decides.
        for (Compiled c : exact) {
            if (!c.deny) {
                break;
            }
            if (c.conditionsHold(ctx, action, null)) {
                return false;
            }
        }
        for (Compiled c : index.other) {
            if (!c.deny) {
                break;
            }
            if (c.matchesResource(resource, ctx, null) && c.conditionsHold(ctx, action, null)) {
                return false;
            }
        }
        for (Compiled c : exact) {
            if (!c.deny && c.conditionsHold(ctx, action, null)) {
                return true;
            }
        }
        for (Compiled c : index.other) {
            if (!c.deny && c.matchesResource(resource, ctx, null) && c.conditionsHold(ctx, action, null)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String explain(Decision d) {
        AuthorizationRequest r = d.request();
        StringBuilder sb = new StringBuilder();
        switch (d.result()) {
            case ALLOWED:
                sb.append("ALLOWED: ").append(r.action()).append(" on ").append(r.resource()).append(" is allowed by ")
                        .append(d.decidingStatements()).append('.');
                return sb.toString();
            case EXPLICIT_DENY:
                sb.append("EXPLICIT_DENY: ").append(r.action()).append(" on ").append(r.resource())
                        .append(" is denied by ").append(d.decidingStatements()).append(".\n");
                for (StatementRef ref : d.decidingStatements()) {
                    sb.append("- ").append(ref).append(" denies ").append(actionsOf(ref.statement())).append(" on ")
                            .append(resourcesOf(ref.statement()))
                            .append(". An explicit Deny overrides every Allow: narrow its Resource or add a condition "
                                    + "so that it no longer covers ").append(r.resource())
                            .append(", or remove the statement.\n");
                }
                return sb.toString().trim();
            default:
                break;
        }
        sb.append("IMPLICIT_DENY: no statement allows ").append(r.action()).append(" on ").append(r.resource())
                .append(".\n");
        for (String m : d.missingContext()) {
            sb.append("- Missing context: ").append(m).append(".\n");
        }
        boolean hint = false;
        for (Compiled c : all) {
            if (c.deny) {
                continue;
            }
            boolean action = c.coversAction(r.action());
            boolean resource = c.matchesResource(r.resource(), r.context(), null);
            if (action && resource) {
                for (CompiledCondition cc : c.conditions) {
                    if (!cc.holds(r.context(), r.action(), null)) {
                        IotCondition cond = cc.condition;
                        List<String> have = cc.requestValues(r.context(), r.action());
                        sb.append("- ").append(c.ref).append(" would allow it, but its condition ")
                                .append(cond.operator()).append(' ').append(cond.key()).append(' ')
                                .append(cond.values()).append(" does not hold (the connection has ")
                                .append(have == null ? "no value" : have).append("): change the connection or the "
                                        + "condition.\n");
                        hint = true;
                    }
                }
            } else if (action) {
                sb.append("- ").append(c.ref).append(" allows ").append(r.action()).append(" only on ")
                        .append(resourcesOf(c.ref.statement())).append(": ").append(resourceHint(c, r)).append('\n');
                hint = true;
            } else if (resource && !c.ref.statement().actions().isEmpty()) {
                sb.append("- ").append(c.ref).append(" covers ").append(r.resource()).append(" but only for ")
                        .append(actionsOf(c.ref.statement())).append(": add ").append(r.action())
                        .append(" to its Action.\n");
                hint = true;
            }
        }
        if (!hint) {
            sb.append("- No statement allows ").append(r.action()).append(". Add {\"Effect\":\"Allow\",\"Action\":\"")
                    .append(r.action()).append("\",\"Resource\":\"").append(r.resource()).append("\"}.\n");
        }
        if (r.action().equals(IotAction.RECEIVE)) {
            sb.append("- Messages are only delivered if iot:Receive allows the topic; iot:Subscribe on the "
                    + "topic filter alone is not enough.\n");
        }
        return sb.toString().trim();
    }

    private static String resourceHint(Compiled c, AuthorizationRequest r) {
        IotResource requested = IotResource.create(r.resource());
        IotResourceType wanted = r.action().resourceType().orElse(null);
        for (IotResource res : c.ref.statement().resources()) {
            if (wanted != null && res.type().isPresent() && res.type().get() != wanted) {
                return r.action() + " is authorized on " + wanted.prefix() + "/ ARNs but " + res.value()
                        + " is a " + res.type().get().prefix() + "/ ARN; write "
                        + res.value().replaceFirst(":" + res.type().get().prefix() + "/", ":" + wanted.prefix() + "/")
                        + " instead.";
            }
        }
        if (wanted == IotResourceType.TOPICFILTER && requested.id().isPresent()
                && (requested.id().get().contains("+") || requested.id().get().contains("#"))) {
            return "Subscribe is checked against the literal filter '" + requested.id().get() + "'; in a policy "
                    + "+ and # are literal characters, so allow that exact filter or use * in the policy.";
        }
        if (c.ref.statement().resources().stream().anyMatch(x -> x.value().contains("${"))) {
            return "its policy variables did not produce " + r.resource() + " for this connection (see the "
                    + "context); check the client id, thing name or certificate fields, or add the resource.";
        }
        return "add " + r.resource() + " (or a pattern with * or ? that covers it) to its Resource.";
    }

    private static String actionsOf(IotStatement s) {
        return s.actions().isEmpty() ? "every action except " + s.notActions() : s.actions().toString();
    }

    private static String resourcesOf(IotStatement s) {
        return s.resources().isEmpty() ? "every resource except " + s.notResources() : s.resources().toString();
    }
}
