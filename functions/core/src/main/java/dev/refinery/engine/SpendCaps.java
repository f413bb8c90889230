package dev.refinery.engine;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Each tenant's monthly cap on paid (AI) image work, in USD: a default and per-tenant overrides. One reading of
 * {@code REFINERY_OPENAI_TENANT_CAP_USD} and {@code REFINERY_OPENAI_TENANT_CAPS}, shared by the engine that enforces
 * the cap and the API that shows it, so the two can never read the variables differently.
 *
 * @param defaultUsd   the cap of a tenant without an override; {@link Double#POSITIVE_INFINITY} for none
 * @param perTenantUsd overrides by tenant id
 */
public record SpendCaps(double defaultUsd, Map<String, Double> perTenantUsd) {
    /** The default cap when nothing is configured (USD a month). */
    public static final double DEFAULT_USD = 25;
    public static final String DEFAULT_VARIABLE = "REFINERY_OPENAI_TENANT_CAP_USD";
    public static final String TENANTS_VARIABLE = "REFINERY_OPENAI_TENANT_CAPS";

    public SpendCaps {
        if (!(defaultUsd >= 0)) {
            throw new IllegalArgumentException(DEFAULT_VARIABLE + " must be >= 0 or 'none', got " + defaultUsd);
        }
        perTenantUsd = Map.copyOf(perTenantUsd);
        perTenantUsd.forEach((t, c) -> {
            if (!(c >= 0)) {
                throw new IllegalArgumentException("the spending cap of tenant " + t + " must be >= 0, got " + c);
            }
        });
    }

    /**
     * The caps from the two variables' values (null or blank: unset).
     *
     * @param defaultText {@code REFINERY_OPENAI_TENANT_CAP_USD}: USD, or "none" for no cap (default 25)
     * @param tenantsText {@code REFINERY_OPENAI_TENANT_CAPS}: "tenant-a=100,tenant-b=5"
     */
    public static SpendCaps parse(String defaultText, String tenantsText) {
        String d = defaultText == null || defaultText.isBlank() ? String.valueOf(DEFAULT_USD) : defaultText.trim();
        double defaultUsd;
        if (d.equalsIgnoreCase("none")) {
            defaultUsd = Double.POSITIVE_INFINITY;
        } else {
            try {
                defaultUsd = Double.parseDouble(d);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(DEFAULT_VARIABLE + " must be a number or 'none', got '" + d + "'", e);
            }
            if (!(defaultUsd >= 0 && defaultUsd <= 1e9)) {
                throw new IllegalArgumentException(DEFAULT_VARIABLE + " must be between 0 and 1.0E9, got " + d);
            }
        }
        return new SpendCaps(defaultUsd, parseTenants(tenantsText == null ? "" : tenantsText));
    }

    private static Map<String, Double> parseTenants(String text) {
        Map<String, Double> caps = new LinkedHashMap<>();
        for (String entry : text.split(",")) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            int eq = e.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(TENANTS_VARIABLE + " entries look like tenant=USD, got '" + e + "'");
            }
            try {
                double cap = Double.parseDouble(e.substring(eq + 1).trim());
                if (!(cap >= 0)) {
                    throw new NumberFormatException();
                }
                caps.put(e.substring(0, eq).trim(), cap);
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException(TENANTS_VARIABLE + ": '" + e + "' needs a non-negative amount in USD");
            }
        }
        return caps;
    }

    /** The tenant's cap ({@link Double#POSITIVE_INFINITY} when it has none). */
    public double capUsd(String tenant) {
        return perTenantUsd.getOrDefault(tenant, defaultUsd);
    }

    /** The tenant's cap, empty when it has none. */
    public OptionalDouble of(String tenant) {
        double cap = capUsd(tenant);
        return cap == Double.POSITIVE_INFINITY ? OptionalDouble.empty() : OptionalDouble.of(cap);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "SpendCaps[default=%s, tenants=%s]", defaultUsd, perTenantUsd);
    }
}
