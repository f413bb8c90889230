package dev.refinery.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A refinement session: one base image refined for one or more presets.
 *
 * @param revision  optimistic-lock counter; a store refuses an update whose revision is stale
 * @param head      number of the latest approved master version (stages and rounds start from it), 0 = none yet
 * @param finals    latest approved rendition per preset id
 * @param round     0 for the initial pass, then one per feedback round
 */
public record Session(
        String tenant,
        String id,
        String sku,
        Source source,
        List<String> presets,
        String engine,
        String category,
        Map<String, String> facts,
        SessionStatus status,
        String reason,
        int round,
        int head,
        Map<String, Integer> finals,
        long revision,
        Instant createdAt,
        Instant updatedAt) {

    public Session {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(id, "id");
        presets = List.copyOf(presets);
        facts = facts == null ? Map.of() : Map.copyOf(facts);
        finals = finals == null ? Map.of() : Map.copyOf(finals);
    }

    public Session withStatus(SessionStatus s, String why, Instant now) {
        return new Session(tenant, id, sku, source, presets, engine, category, facts, s, why, round, head, finals, revision, createdAt, now);
    }

    public Session withHead(int newHead, Instant now) {
        return new Session(tenant, id, sku, source, presets, engine, category, facts, status, reason, round, newHead, finals, revision, createdAt, now);
    }

    public Session withFinals(Map<String, Integer> newFinals, Instant now) {
        return new Session(tenant, id, sku, source, presets, engine, category, facts, status, reason, round, head, newFinals, revision, createdAt, now);
    }

    public Session withRound(int newRound, Instant now) {
        return new Session(tenant, id, sku, source, presets, engine, category, facts, status, reason, newRound, head, finals, revision, createdAt, now);
    }

    /** Used by stores only: the revision they persisted. */
    public Session withRevision(long newRevision) {
        return new Session(tenant, id, sku, source, presets, engine, category, facts, status, reason, round, head, finals, newRevision, createdAt, updatedAt);
    }
}
