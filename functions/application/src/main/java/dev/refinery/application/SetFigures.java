package dev.refinery.application;

import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.InvalidInputException;
import dev.refinery.domain.NotFoundException;
import dev.refinery.domain.Session;
import dev.refinery.domain.Stage;
import dev.refinery.pipeline.RefinementService;
import dev.refinery.ports.SessionStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A SKU's set of images (its sessions: the front, the back, a detail) and how alike they came out (issue 17, "Sets"):
 * per preset, each session's final with the product's look (mean L*, a*, b* of the product in the master it was made
 * from, recorded by the quality check), its fill, and the lighting step's corrections (exposure, channel gains); and
 * the spread of each across the set. The figures only: the views of one product differ where the product does (a
 * white back label, a coloured front), so what the spread means is the seller's to judge; the lighting's corrections
 * are what should agree when the photos were shot in the same light.
 */
public final class SetFigures {
    /** Sessions read per SKU, newest first: a product's views, not its whole history. */
    static final int MAX_SESSIONS = 50;

    public record View(String sessionId, String status, int version, Double lightness, Double a, Double b, Double fill, Double exposureEv,
                       Double gainR, Double gainG, Double gainB, String createdAt) {
    }

    /** Max minus min across the views (null where fewer than two views have the figure). */
    public record Spread(Double lightness, Double a, Double b, Double fill, Double exposureEv, Double gainBalance) {
    }

    public record PresetSet(String preset, List<View> views, Spread spread) {
    }

    public record Report(String sku, int sessions, List<PresetSet> presets) {
    }

    private final RefinementService service;
    private final SessionStore sessions;

    public SetFigures(RefinementService service, SessionStore sessions) {
        this.service = service;
        this.sessions = sessions;
    }

    public Report of(String tenant, String sku) {
        if (sku == null || sku.isBlank()) {
            throw new InvalidInputException("No SKU given", "ask for a SKU's set: GET /catalog/items/{sku}/set");
        }
        List<Session> all = sessions.findBySku(tenant, sku).stream().sorted(Comparator.comparing(Session::createdAt).reversed())
                .limit(MAX_SESSIONS).toList();
        if (all.isEmpty()) {
            throw new NotFoundException("No session has SKU " + sku, "start one with that SKU (an upload under uploads/{tenant}/" + sku + "/)");
        }
        Map<String, List<View>> byPreset = new TreeMap<>();
        for (Session s : all) {
            if (s.finals().isEmpty()) {
                continue;
            }
            List<ImageVersion> versions = service.versions(tenant, s.id());
            Map<Integer, ImageVersion> byNumber = new LinkedHashMap<>();
            versions.forEach(v -> byNumber.put(v.number(), v));
            for (Map.Entry<String, Integer> f : s.finals().entrySet()) {
                ImageVersion fin = byNumber.get(f.getValue());
                if (fin == null) {
                    continue;
                }
                // the lighting step the final came from: the last lighting version before it
                ImageVersion light = versions.stream().filter(v -> v.stage() == Stage.LIGHTING && v.number() < fin.number())
                        .max(Comparator.comparingInt(ImageVersion::number)).orElse(null);
                Map<String, Double> lm = light == null ? Map.of() : light.metrics();
                byPreset.computeIfAbsent(f.getKey(), k -> new ArrayList<>()).add(new View(s.id(), s.status().name(), fin.number(),
                        fin.metrics().get(ImageVersion.LOOK_L), fin.metrics().get(ImageVersion.LOOK_A), fin.metrics().get(ImageVersion.LOOK_B),
                        fin.metrics().get("check.fill"), lm.get("exposureEv"), lm.get("gainR"), lm.get("gainG"), lm.get("gainB"),
                        s.createdAt().toString()));
            }
        }
        List<PresetSet> out = new ArrayList<>();
        byPreset.forEach((preset, views) -> out.add(new PresetSet(preset, List.copyOf(views), new Spread(range(views, View::lightness),
                range(views, View::a), range(views, View::b), range(views, View::fill), range(views, View::exposureEv),
                range(views, SetFigures::gainBalance)))));
        return new Report(sku, all.size(), out);
    }

    /** The red gain over the blue: the warmth the lighting step took out (1: none). */
    static Double gainBalance(View v) {
        return v.gainR() == null || v.gainB() == null || v.gainB() == 0 ? null : v.gainR() / v.gainB();
    }

    static Double range(List<View> views, Function<View, Double> figure) {
        List<Double> values = views.stream().map(figure).filter(x -> x != null && !x.isNaN()).toList();
        if (values.size() < 2) {
            return null;
        }
        return values.stream().mapToDouble(d -> d).max().orElseThrow() - values.stream().mapToDouble(d -> d).min().orElseThrow();
    }
}
