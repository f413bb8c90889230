package dev.refinery.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.refinery.workflow.FunctionList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What photos cost on AWS, from measured runs: each photo's {@code report.json} from {@code make bench} (its Lambda
 * invocations with their times, the states its execution entered, its calls on the ports that are DynamoDB, S3 and
 * EventBridge when deployed, the bytes it left in the bucket), the memory of each function from the list of functions
 * ({@link FunctionList}) and the prices in {@code cost/aws-prices-us-east-1.json}. An estimate: the in-process times
 * leave out the AWS round trips and run on this machine's cores, not Lambda's share of one.
 */
public final class AwsCost {
    private final JsonNode prices;

    public AwsCost(JsonNode prices) {
        this.prices = prices;
    }

    /** One line of the bill for {@code photos} photos: how much of what, and its price. */
    public record Line(String item, double quantity, String unit, double usd) {}

    /** Per photo, what the runs measured (means over the reports). */
    public record Measured(int photos, double lambdaRequests, double lambdaGbSeconds, double transitions, int minTransitions,
                           int maxTransitions, double fixupRounds, double dynamoWrites, double dynamoReads, double s3Puts,
                           double s3Gets, double keptBytes, double expiringBytes, double events,
                           Map<String, Double> millisByFunction) {}

    /**
     * The means per photo over the reports. A FAILED photo is refused, not priced: its run stopped part-way (the
     * estimate would be too low) and says something is wrong with the run, not with the photo's cost.
     */
    public Measured measure(List<JsonNode> reports) {
        List<String> failed = reports.stream().filter(r -> "FAILED".equals(r.path("status").asText()))
                .map(r -> r.path("photo").asText() + ": " + r.path("reason").asText()).toList();
        if (!failed.isEmpty()) {
            throw new IllegalStateException(failed.size() + " of " + reports.size() + " photos FAILED, so their runs would be "
                    + "priced part-way; fix the run first (first: " + failed.get(0) + ")");
        }
        JsonNode perCall = prices.path("requestsPerPortCall");
        JsonNode upload = prices.path("uploadPerPhoto");
        int n = 0, minT = Integer.MAX_VALUE, maxT = 0;
        double requests = 0, gbs = 0, transitions = 0, fixups = 0, writes = 0, reads = 0, puts = 0, gets = 0, kept = 0, expiring = 0,
                events = 0;
        Map<String, Double> millis = new LinkedHashMap<>();
        for (JsonNode r : reports) {
            if (!r.path("invocations").isArray() || r.path("invocations").isEmpty()) {
                continue;
            }
            n++;
            for (JsonNode inv : r.path("invocations")) {
                String fn = inv.path("function").asText();
                double ms = Math.ceil(inv.path("millis").asDouble());
                requests++;
                gbs += ms / 1000.0 * FunctionList.named(fn).memoryMb() / 1024.0;
                millis.merge(fn, ms, Double::sum);
            }
            String trigger = upload.path("lambdaFunction").asText("UploadTrigger");
            requests++;
            gbs += upload.path("lambdaMillis").asDouble() / 1000.0 * FunctionList.named(trigger).memoryMb() / 1024.0;
            int t = r.path("states").size();
            transitions += t;
            minT = Math.min(minT, t);
            maxT = Math.max(maxT, t);
            for (JsonNode s : r.path("states")) {
                fixups += "PrepareFixup".equals(s.asText()) ? 1 : 0;
            }
            // DynamoDB item sizes of versions: the report's entry for a version carries the same fields as its item
            double versionKb = 0, versionsKb = 0;
            int versions = r.path("versions").size();
            for (JsonNode v : r.path("versions")) {
                double kb = v.toString().length() / 1024.0;
                versionKb += Math.ceil(kb);
                versionsKb += kb;
            }
            double writesPerVersion = versions == 0 ? 1 : versionKb / versions;
            double readsPerVersionsQuery = Math.max(1, Math.ceil(versionsKb / 4.0));
            var calls = r.path("portCalls").fields();
            while (calls.hasNext()) {
                var c = calls.next();
                int count = c.getValue().asInt();
                JsonNode unit = perCall.path(c.getKey());
                if (unit.isMissingNode()) {
                    throw new IllegalStateException("cost/aws-prices-us-east-1.json does not say what " + c.getKey()
                            + " is on AWS (requestsPerPortCall): add it");
                }
                writes += count * (unit.path("dynamoWrites").asDouble() + unit.path("dynamoWritesPerKbOfVersion").asDouble() * writesPerVersion);
                reads += count * (unit.path("dynamoReads").asDouble() + unit.path("dynamoReadsPer4KbOfVersions").asDouble() * readsPerVersionsQuery);
                puts += count * unit.path("s3Put").asDouble();
                gets += count * unit.path("s3Get").asDouble();
                events += count * unit.path("events").asDouble();
            }
            writes += upload.path("dynamoWrites").asDouble();
            reads += upload.path("dynamoReads").asDouble();
            puts += upload.path("s3Put").asDouble();
            kept += r.path("storedBytesKept").asDouble();
            expiring += r.path("storedBytesExpiring").asDouble();
        }
        if (n == 0) {
            throw new IllegalStateException("no report with Lambda invocations: run make bench first (it writes them)");
        }
        final int count = n;
        millis.replaceAll((k, v) -> v / count);
        return new Measured(n, requests / n, gbs / n, transitions / n, minT, maxT, fixups / n, writes / n, reads / n, puts / n,
                gets / n, kept / n, expiring / n, events / n, millis);
    }

    /**
     * The AWS bill for {@code photos} photos like the measured ones, and what keeping their images costs per month.
     * {@code extraGbSeconds} per photo: time the functions wait on something the run did not do (the image model).
     */
    public List<Line> bill(Measured m, int photos, double extraGbSeconds) {
        JsonNode l = prices.path("lambda"), sf = prices.path("stepFunctions"), db = prices.path("dynamoDb"), s3 = prices.path("s3"),
                eb = prices.path("eventBridge");
        List<Line> out = new ArrayList<>();
        double gbs = (m.lambdaGbSeconds() + extraGbSeconds) * photos;
        out.add(new Line("Lambda duration", gbs, "GB-s", gbs * l.path("usdPerGbSecondArm64").asDouble()));
        double req = m.lambdaRequests() * photos;
        out.add(new Line("Lambda requests", req, "requests", req / 1e6 * l.path("usdPerMillionRequests").asDouble()));
        double tr = m.transitions() * photos;
        out.add(new Line("Step Functions state transitions", tr, "transitions",
                tr / 1000 * sf.path("usdPerThousandStateTransitionsStandard").asDouble()));
        double w = m.dynamoWrites() * photos, r = m.dynamoReads() * photos;
        out.add(new Line("DynamoDB writes", w, "WRU", w / 1e6 * db.path("usdPerMillionWriteRequestUnits").asDouble()));
        out.add(new Line("DynamoDB reads", r, "RRU", r / 1e6 * db.path("usdPerMillionReadRequestUnits").asDouble()));
        double p = m.s3Puts() * photos, g = m.s3Gets() * photos;
        out.add(new Line("S3 PUT-class requests", p, "requests", p / 1000 * s3.path("usdPerThousandPutRequests").asDouble()));
        out.add(new Line("S3 GET-class requests", g, "requests", g / 1000 * s3.path("usdPerThousandGetRequests").asDouble()));
        double gbMonth = s3.path("usdPerGbMonthStandard").asDouble();
        double expiringGb = m.expiringBytes() * photos / 1e9;
        double months = prices.path("intermediateExpirationDays").asDouble(30) / (365.25 / 12);
        out.add(new Line("S3 storage, intermediate versions until they expire", expiringGb * months, "GB-months",
                expiringGb * months * gbMonth));
        double e = m.events() * photos;
        out.add(new Line("EventBridge events", e, "events", e / 1e6 * eb.path("usdPerMillionCustomEvents").asDouble()));
        return out;
    }

    /** What keeping the photos' originals, finals and kept lineage costs each month. */
    public Line keptStoragePerMonth(Measured m, int photos) {
        double gb = m.keptBytes() * photos / 1e9;
        return new Line("S3 storage of what is kept (original, finals, the lineage the seller can return to)", gb, "GB per month",
                gb * prices.path("s3").path("usdPerGbMonthStandard").asDouble());
    }

    /** GB-seconds of {@code seconds} spent waiting in the function {@code function}. */
    public static double gbSeconds(String function, double seconds) {
        return seconds * FunctionList.named(function).memoryMb() / 1024.0;
    }

    public static double total(List<Line> lines) {
        return lines.stream().mapToDouble(Line::usd).sum();
    }
}
