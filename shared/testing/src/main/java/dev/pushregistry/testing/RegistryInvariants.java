package dev.pushregistry.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads a whole registry table (a Scan: test code only) and lists every way its items disagree
 * about who owns which device. Written against the raw items, independently of the production
 * mapper, so that a mapping mistake cannot hide here. A device is its app and token: every rule
 * below holds per app, and an item that names no app is the default app's.
 *
 * <ul>
 *   <li>a device's items have the keys of its app: the default app's those of a table from before
 *       apps ({@code TOKEN#t / TOKEN}, {@code PERSON#p / DEVICE#t}), another app's
 *       {@code TOKEN#t / APP#a} and {@code PERSON#p / DEVICE#t#a};</li>
 *   <li>a live token item owned by P has a live copy under P with the same attributes;</li>
 *   <li>a live copy under P has a live token item owned by P;</li>
 *   <li>a person with devices or history has a complete profile, and no profile is left marked by a
 *       forget (every forget in a test runs to its end);</li>
 *   <li>a person's history sorts by its key in the order of its {@code at} times, and the profile's
 *       {@code history_order} is not older than its newest entry;</li>
 *   <li>a device is not older than its owner's newest entry that made it theirs (registered,
 *       moved in, reset);</li>
 *   <li>for every token in P's history, the newest entry about it says P holds it exactly when P
 *       owns it; expiry writes no history, so history may still say P holds a token when P's own
 *       copy of it shows that its lifetime ran out;</li>
 *   <li>every item has the attributes its kind requires, and no item of an unknown kind exists.</li>
 * </ul>
 */
public final class RegistryInvariants {
    private static final Set<String> DELETION_REASONS =
            Set.of("logged_out", "displaced", "unregistered", "refreshed", "forgotten", "expired");
    private static final Set<String> HOLDING = Set.of("moved_in", "registered", "suppressed", "reset");
    private static final Set<String> RELEASING = Set.of("moved_out", "logged_out", "deleted_unregistered");
    private static final Set<String> KEY_AND_KIND = Set.of("PK", "SK", "entity");
    /** History entries written by the operation that made the owner's current registration. */
    private static final Set<String> TAKING = Set.of("registered", "moved_in", "reset");

    private RegistryInvariants() {
    }

    /** @param defaultAppId the app of items that name none */
    public static void assertHold(DynamoDbClient client, String table, String defaultAppId, Instant now) {
        List<String> violations = check(client, table, defaultAppId, now);
        if (!violations.isEmpty()) {
            fail(violations.size() + " invariant violation(s):\n  " + String.join("\n  ", violations));
        }
    }

    /** @param defaultAppId the app of items that name none */
    public static List<String> check(DynamoDbClient client, String table, String defaultAppId, Instant now) {
        List<Map<String, AttributeValue>> items = client.scanPaginator(scan -> scan.tableName(table).consistentRead(true))
                .items().stream().toList();
        Map<String, Map<String, AttributeValue>> tokens = new HashMap<>();
        Map<String, Map<String, Map<String, AttributeValue>>> copies = new HashMap<>();
        Map<String, Map<String, AttributeValue>> profiles = new HashMap<>();
        Map<String, List<Map<String, AttributeValue>>> histories = new HashMap<>();
        List<String> violations = new ArrayList<>();

        for (Map<String, AttributeValue> item : items) {
            String pk = item.get("PK").s();
            String sk = item.get("SK").s();
            String entity = item.containsKey("entity") ? item.get("entity").s() : "(none)";
            switch (entity) {
                case "token" -> {
                    String app = appOf(item, defaultAppId);
                    requireKey(violations, item, pk.equals("TOKEN#" + text(item, "token"))
                            && sk.equals(app.equals(defaultAppId) ? "TOKEN" : "APP#" + app));
                    requireDevice(violations, item);
                    tokens.put(device(item, defaultAppId), item);
                }
                case "person_device" -> {
                    String app = appOf(item, defaultAppId);
                    requireKey(violations, item, pk.equals("PERSON#" + text(item, "person_id"))
                            && sk.equals("DEVICE#" + text(item, "token") + (app.equals(defaultAppId) ? "" : "#" + app)));
                    requireCopy(violations, item);
                    copies.computeIfAbsent(text(item, "person_id"), person -> new HashMap<>())
                            .put(device(item, defaultAppId), item);
                }
                case "profile" -> {
                    requireKey(violations, item, pk.equals("PERSON#" + text(item, "person_id")) && sk.equals("PROFILE"));
                    if (item.containsKey("forget_id") || item.containsKey("forget_until")) {
                        violations.add("profile of " + text(item, "person_id") + " is still marked by a forget");
                    }
                    if (!item.containsKey("created_at") || !item.containsKey("unsubscribed")) {
                        violations.add("profile of " + text(item, "person_id") + " is incomplete: " + item.keySet());
                    }
                    profiles.put(text(item, "person_id"), item);
                }
                case "history" -> {
                    requireKey(violations, item, pk.equals("PERSON#" + text(item, "person_id"))
                            && sk.startsWith("TOKEN_HISTORY#"));
                    String type = text(item, "type");
                    if (!HOLDING.contains(type) && !RELEASING.contains(type)) {
                        violations.add("history entry " + sk + " has unknown type " + type);
                    }
                    histories.computeIfAbsent(text(item, "person_id"), person -> new ArrayList<>()).add(item);
                }
                case "deletion" -> {
                    requireKey(violations, item, pk.equals("TOKEN#" + text(item, "token"))
                            && sk.matches("DELETED#" + Pattern.quote(text(item, "app_id")) + "#\\d{20}"));
                    if (!DELETION_REASONS.contains(text(item, "reason"))) {
                        violations.add("deletion note " + pk + " / " + sk + " has unknown reason " + text(item, "reason"));
                    }
                }
                case "send" -> requireKey(violations, item,
                        pk.equals("SEND#" + text(item, "request_id")) && sk.equals("REQUEST"));
                case "delivery_group" -> {
                    requireKey(violations, item, pk.equals("SEND#" + text(item, "request_id"))
                            && sk.matches("GROUP#\\d{6}"));
                    String outcomes = text(item, "outcomes");
                    int fingerprints = item.get("fingerprints").b().asByteArray().length;
                    if (outcomes == null || fingerprints != outcomes.length() * Long.BYTES) {
                        violations.add("group " + pk + " / " + sk + " has " + fingerprints / Long.BYTES
                                + " fingerprints for outcomes " + outcomes);
                    }
                    if (outcomes != null && !outcomes.matches("[.sbxdtupf]*")) {
                        violations.add("group " + pk + " / " + sk + " has unknown outcomes " + outcomes);
                    }
                    if (outcomes != null && !outcomes.matches("\\.*") && !item.containsKey("claim_id")) {
                        violations.add("group " + pk + " / " + sk + " was decided without being claimed");
                    }
                }
                default -> violations.add("item " + pk + " / " + sk + " has unknown entity " + entity);
            }
        }

        tokens.forEach((token, item) -> {
            if (expired(item, now) || !item.containsKey("person_id")) {
                return;
            }
            String owner = text(item, "person_id");
            Map<String, AttributeValue> copy = copies.getOrDefault(owner, Map.of()).get(token);
            if (copy == null || expired(copy, now)) {
                violations.add("token " + token + " is owned by " + owner + " but " + owner + " has no copy of it");
            } else if (!withoutKeys(copy).equals(withoutStatus(withoutKeys(item)))) {
                violations.add("copy of " + token + " under " + owner + " differs: " + withoutKeys(copy)
                        + " vs " + withoutKeys(item));
            }
        });
        copies.forEach((person, devices) -> devices.forEach((token, copy) -> {
            if (expired(copy, now)) {
                return;
            }
            Map<String, AttributeValue> truth = tokens.get(token);
            if (truth == null || expired(truth, now)) {
                violations.add(person + " has a copy of " + token + " but the token is not registered");
            } else if (!person.equals(text(truth, "person_id"))) {
                violations.add(person + " has a copy of " + token + " but it is owned by " + text(truth, "person_id"));
            }
            if (!profiles.containsKey(person)) {
                violations.add(person + " owns " + token + " but has no profile");
            }
        }));

        histories.forEach((person, history) -> {
            if (!profiles.containsKey(person)) {
                violations.add(person + " has " + history.size() + " history entries but no profile");
            }
            List<Map<String, AttributeValue>> inOrder = history.stream()
                    .sorted(Comparator.comparing((Map<String, AttributeValue> entry) -> entry.get("SK").s()))
                    .toList();
            for (int i = 1; i < inOrder.size(); i++) {
                String earlier = text(inOrder.get(i - 1), "at");
                String later = text(inOrder.get(i), "at");
                if (Instant.parse(later).isBefore(Instant.parse(earlier))) {
                    violations.add("history of " + person + " runs backwards: " + inOrder.get(i).get("SK").s() + " ("
                            + text(inOrder.get(i), "type") + " at " + later + ") sorts after "
                            + inOrder.get(i - 1).get("SK").s() + " (" + text(inOrder.get(i - 1), "type") + " at " + earlier + ")");
                }
            }
            Map<String, AttributeValue> profile = profiles.get(person);
            if (profile != null && !inOrder.isEmpty()) {
                long newest = order(inOrder.get(inOrder.size() - 1));
                AttributeValue kept = profile.get("history_order");
                if (kept == null || Long.parseLong(kept.n()) < newest) {
                    violations.add("profile of " + person + " says its newest history entry is " + kept
                            + " but one has order " + newest);
                }
            }
        });
        tokens.forEach((token, item) -> {
            if (expired(item, now) || !item.containsKey("person_id")) {
                return;
            }
            String owner = text(item, "person_id");
            // the registration's own time (an import keeps the other system's older last_used)
            long version = Long.parseLong(item.get("reg_version").n());
            Instant registered = Instant.ofEpochSecond(version / 1_000_000, (version % 1_000_000) * 1_000)
                    .truncatedTo(ChronoUnit.MILLIS);
            histories.getOrDefault(owner, List.of()).stream()
                    .filter(entry -> token.equals(device(entry, defaultAppId)) && TAKING.contains(text(entry, "type")))
                    .map(entry -> Instant.parse(text(entry, "at")))
                    .max(Comparator.naturalOrder())
                    .filter(taken -> registered.isBefore(taken))
                    .ifPresent(taken -> violations.add("token " + token + " was registered " + registered + ", before "
                            + owner + "'s history says it was taken at " + taken));
        });

        Set<String> people = new HashSet<>(histories.keySet());
        tokens.values().stream().filter(item -> item.containsKey("person_id") && !expired(item, now))
                .forEach(item -> people.add(text(item, "person_id")));
        for (String person : people) {
            Map<String, Boolean> holds = newestSayHolds(histories.getOrDefault(person, List.of()), defaultAppId);
            Set<String> mentioned = new HashSet<>(holds.keySet());
            tokens.forEach((token, item) -> {
                if (person.equals(text(item, "person_id")) && !expired(item, now)) {
                    mentioned.add(token);
                }
            });
            for (String token : mentioned) {
                Map<String, AttributeValue> truth = tokens.get(token);
                boolean owns = truth != null && !expired(truth, now) && person.equals(text(truth, "person_id"));
                boolean said = holds.getOrDefault(token, false);
                Map<String, AttributeValue> copy = copies.getOrDefault(person, Map.of()).get(token);
                boolean staleButHeld = said && copy != null && expired(copy, now);
                if (owns != said && !staleButHeld) {
                    violations.add("history of " + person + " says " + (said ? "holds " : "does not hold ") + token
                            + " but the token is " + (truth == null ? "not registered" : "owned by " + text(truth, "person_id")));
                }
            }
        }
        return violations;
    }

    /**
     * For each device in a person's history, whether the newest entry about it leaves the person
     * holding it; a refresh's previous token is of the entry's app.
     */
    private static Map<String, Boolean> newestSayHolds(List<Map<String, AttributeValue>> history, String defaultAppId) {
        Map<String, Boolean> holds = new HashMap<>();
        history.stream()
                .sorted(Comparator.comparing((Map<String, AttributeValue> entry) -> entry.get("SK").s()).reversed())
                .forEach(entry -> {
                    holds.putIfAbsent(device(entry, defaultAppId), HOLDING.contains(text(entry, "type")));
                    String previous = text(entry, "previous_token");
                    if (previous != null) {
                        holds.putIfAbsent(appOf(entry, defaultAppId) + "/" + previous, false);
                    }
                });
        return holds;
    }

    /** The app an item names, or the default app. */
    private static String appOf(Map<String, AttributeValue> item, String defaultAppId) {
        String app = text(item, "app_id");
        return app == null ? defaultAppId : app;
    }

    /** How the checker names the device an item is about: {@code app/token}. */
    private static String device(Map<String, AttributeValue> item, String defaultAppId) {
        return appOf(item, defaultAppId) + "/" + text(item, "token");
    }

    private static void requireKey(List<String> violations, Map<String, AttributeValue> item, boolean keyMatches) {
        if (!keyMatches) {
            violations.add("item " + item.get("PK").s() + " / " + item.get("SK").s() + " has a key its attributes do not explain");
        }
    }

    private static void requireDevice(List<String> violations, Map<String, AttributeValue> item) {
        for (String name : List.of("token", "platform", "provider", "push_enabled", "last_status", "last_used",
                "created_at", "attributes", "reg_version", "expires_at")) {
            if (!item.containsKey(name)) {
                violations.add("device item " + item.get("PK").s() + " / " + item.get("SK").s() + " lacks " + name);
            }
        }
    }

    /**
     * A copy holds every attribute of its device but the status and the request that last changed
     * it, which only the token item holds.
     */
    private static void requireCopy(List<String> violations, Map<String, AttributeValue> item) {
        for (String name : List.of("token", "platform", "provider", "push_enabled", "last_used",
                "created_at", "attributes", "reg_version", "expires_at")) {
            if (!item.containsKey(name)) {
                violations.add("device copy " + item.get("PK").s() + " / " + item.get("SK").s() + " lacks " + name);
            }
        }
        if (item.containsKey("last_status") || item.containsKey("last_request")) {
            violations.add("device copy " + item.get("PK").s() + " / " + item.get("SK").s()
                    + " holds a status, which only its token item may hold");
        }
    }

    private static Map<String, AttributeValue> withoutStatus(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> rest = new TreeMap<>(item);
        rest.remove("last_status");
        rest.remove("last_request");
        return rest;
    }

    private static Map<String, AttributeValue> withoutKeys(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> rest = new TreeMap<>(item);
        rest.keySet().removeAll(KEY_AND_KIND);
        return rest;
    }

    private static boolean expired(Map<String, AttributeValue> item, Instant now) {
        AttributeValue expiresAt = item.get("expires_at");
        return expiresAt != null && Long.parseLong(expiresAt.n()) <= now.getEpochSecond();
    }

    /** A history entry's order, from its key ({@code TOKEN_HISTORY#{order}#{seq}}). */
    private static long order(Map<String, AttributeValue> entry) {
        return Long.parseLong(entry.get("SK").s().split("#")[1]);
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }
}
