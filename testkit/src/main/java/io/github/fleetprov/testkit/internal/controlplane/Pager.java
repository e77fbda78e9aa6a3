package io.github.fleetprov.testkit.internal.controlplane;

import static io.github.fleetprov.testkit.internal.controlplane.ControlPlaneRest.constraint;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.fleetprov.testkit.internal.http.AwsApiException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * AWS's two pagination styles for list operations, from the AWS IoT service model: {@code maxResults}
 * with {@code nextToken} (things, thing types, templates, principals, groups) and {@code pageSize}
 * with {@code marker}/{@code nextMarker} (certificates, policies, role aliases, attached policies,
 * policy targets). Both sizes are 1 to 250 ({@code RegistryMaxResults}, {@code PageSize}).
 *
 * <p>A token names the last item of the page it ends (Base64 of a versioned key), not an index, so
 * paging stays correct while items are added or deleted between pages. Tokens this server did not
 * issue are refused with {@code InvalidRequestException}.
 */
final class Pager {

    /** The size member and the token member of a request, and the token member of the answer. */
    enum Style {
        /** {@code maxResults}, {@code nextToken} in, {@code nextToken} out. */
        TOKEN("maxResults", "nextToken", "nextToken"),
        /** {@code pageSize}, {@code marker} in, {@code nextMarker} out. */
        MARKER("pageSize", "marker", "nextMarker");

        final String sizeMember;
        final String tokenMember;
        final String nextMember;

        Style(String sizeMember, String tokenMember, String nextMember) {
            this.sizeMember = sizeMember;
            this.tokenMember = tokenMember;
            this.nextMember = nextMember;
        }
    }

    static final int MAX_PAGE = 250;
    private static final String TOKEN_PREFIX = "lic1:";

    private Pager() {
    }

    /**
     * Cuts one page out of items sorted by key and writes it with its continuation token.
     *
     * @param req the request (size and token members are read from its query)
     * @param style the pagination style of the operation
     * @param items every item, sorted by {@code key} in the direction given by {@code descending}
     * @param key a unique key per item, whose string order is the list's order
     * @param descending whether the items are sorted by descending key
     * @param out the answer object
     * @param listMember the answer's list member, e.g. {@code things}
     * @param write writes one item into the list
     * @param <T> the item type
     */
    static <T> void page(RestRequest req, Style style, List<T> items, Function<T, String> key, boolean descending,
            ObjectNode out, String listMember, java.util.function.BiConsumer<ArrayNode, T> write) {
        int size = size(req, style.sizeMember);
        String after = req.queryParam(style.tokenMember).filter(t -> !t.isEmpty())
                .map(t -> decode(t, style.tokenMember)).orElse(null);
        Comparator<String> order = descending ? Comparator.<String>reverseOrder() : Comparator.<String>naturalOrder();
        List<T> page = new ArrayList<>(Math.min(size, items.size()));
        boolean more = false;
        for (T item : items) {
            if (after != null && order.compare(key.apply(item), after) <= 0) {
                continue;
            }
            if (page.size() == size) {
                more = true;
                break;
            }
            page.add(item);
        }
        ArrayNode list = out.putArray(listMember);
        page.forEach(item -> write.accept(list, item));
        if (more) {
            out.put(style.nextMember, encode(key.apply(page.get(page.size() - 1))));
        }
    }

    /** The page size member: 1 to 250, 250 when absent; a non-number is refused. */
    static int size(RestRequest req, String member) {
        String raw = req.queryParam(member).orElse(null);
        if (raw == null) {
            return MAX_PAGE;
        }
        long size;
        try {
            size = Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw AwsApiException.invalidRequest("1 validation error detected: Value '" + raw + "' at '" + member
                    + "' failed to satisfy constraint: Member must be an integer between 1 and " + MAX_PAGE);
        }
        if (size < 1 || size > MAX_PAGE) {
            throw constraint(member, "Member must have value between 1 and " + MAX_PAGE);
        }
        return (int) size;
    }

    static String encode(String key) {
        return Base64.getEncoder().encodeToString((TOKEN_PREFIX + key).getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String token, String member) {
        try {
            String text = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
            if (text.startsWith(TOKEN_PREFIX)) {
                return text.substring(TOKEN_PREFIX.length());
            }
        } catch (IllegalArgumentException e) {
            // falls through to the refusal
        }
        throw AwsApiException.invalidRequest("The " + member + " " + token
                + " was not issued by this service. Pass the value of the previous answer, or none for the first page.");
    }
}
