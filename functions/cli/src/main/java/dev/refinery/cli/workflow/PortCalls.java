package dev.refinery.cli.workflow;

import dev.refinery.application.ports.RefinementEvent;
import dev.refinery.application.ports.SessionEvent;
import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.Session;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Counts the calls the stage handlers make on the ports that are AWS services when deployed (session store and event
 * log: DynamoDB; image store: S3; completion notifier: EventBridge), per session, so {@code make bench}'s reports say
 * how many requests of each kind one photo made and how many bytes it left in the bucket, and {@code Refinery cost}
 * can price them. A call belongs to a session when one of its arguments names the session (its id, a version or event
 * of it, a key under its prefix) or the upload it was started from.
 */
public final class PortCalls {
    /** One call: {@code Port.method}, the identifiers in its arguments, and for an image written its bytes and kind. */
    record Call(String name, List<String> ids, String key, long bytes, String kind) {}

    private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();

    /** {@code target} behind a proxy that records every call of {@code port}'s methods. */
    @SuppressWarnings("unchecked")
    public <T> T wrap(Class<T> port, T target) {
        InvocationHandler h = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.invoke(target, args);
            }
            record(port.getSimpleName() + "." + method.getName(), args == null ? new Object[0] : args);
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (T) Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, h);
    }

    private void record(String name, Object[] args) {
        List<String> ids = new ArrayList<>();
        String key = null;
        long bytes = -1;
        String kind = null;
        for (Object a : args) {
            if (a instanceof String s) {
                ids.add(s);
            } else if (a instanceof Session s) {
                ids.add(s.id());
            } else if (a instanceof ImageVersion v) {
                ids.add(v.sessionId());
            } else if (a instanceof SessionEvent e) {
                ids.add(e.sessionId());
            } else if (a instanceof RefinementEvent e) {
                ids.add(e.sessionId());
            } else if (a instanceof byte[] b) {
                bytes = b.length;
            } else if (a instanceof Map<?, ?> m && m.get("kind") instanceof String k) {
                kind = k;
            }
        }
        if (name.startsWith("ImageStore.") && args.length > 0 && args[0] instanceof String k) {
            key = k;
        }
        calls.add(new Call(name, ids, key, bytes, kind));
    }

    /** What one session did on the ports. */
    public record Usage(Map<String, Integer> calls, long keptBytes, long expiringBytes) {}

    /**
     * Takes out (and forgets) the calls of the session {@code sessionId}, or about its {@code uploadKey}. Images: the last
     * kind each key was written or tagged with; {@code kind=intermediate} objects expire, every other kind is kept.
     */
    public Usage take(String sessionId, String uploadKey) {
        Map<String, Integer> counts = new TreeMap<>();
        Map<String, long[]> sizes = new LinkedHashMap<>();
        Map<String, String> kinds = new LinkedHashMap<>();
        for (Iterator<Call> it = calls.iterator(); it.hasNext(); ) {
            Call c = it.next();
            if (!belongs(c, sessionId, uploadKey)) {
                continue;
            }
            it.remove();
            counts.merge(c.name(), 1, Integer::sum);
            if (c.key() != null && c.name().equals("ImageStore.put")) {
                sizes.put(c.key(), new long[] {c.bytes()});
            }
            if (c.key() != null && c.kind() != null && (c.name().equals("ImageStore.put") || c.name().equals("ImageStore.tag"))) {
                kinds.put(c.key(), c.kind());
            }
        }
        long kept = 0, expiring = 0;
        for (var e : sizes.entrySet()) {
            if ("intermediate".equals(kinds.get(e.getKey()))) {
                expiring += e.getValue()[0];
            } else {
                kept += e.getValue()[0];
            }
        }
        return new Usage(counts, kept, expiring);
    }

    private static boolean belongs(Call c, String sessionId, String uploadKey) {
        for (String id : c.ids()) {
            if (id.equals(sessionId) || id.contains("/" + sessionId + "/") || id.equals(uploadKey)) {
                return true;
            }
        }
        return false;
    }
}
