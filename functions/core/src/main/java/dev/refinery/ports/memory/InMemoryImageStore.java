package dev.refinery.ports.memory;

import dev.refinery.domain.NotFoundException;
import dev.refinery.ports.ImageStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Images held in memory: for the command line and unit tests. */
public final class InMemoryImageStore implements ImageStore {
    public record StoredObject(byte[] bytes, String contentType, Map<String, String> tags) {
    }

    private final Map<String, StoredObject> objects = new ConcurrentHashMap<>();

    @Override
    public void put(String key, byte[] bytes, String contentType, Map<String, String> tags) {
        objects.put(key, new StoredObject(bytes.clone(), contentType, Map.copyOf(tags)));
    }

    @Override
    public byte[] get(String key) {
        StoredObject o = objects.get(key);
        if (o == null) {
            throw new NotFoundException("No object " + key);
        }
        return o.bytes().clone();
    }

    @Override
    public boolean exists(String key) {
        return objects.containsKey(key);
    }

    @Override
    public void tag(String key, Map<String, String> tags) {
        if (objects.computeIfPresent(key, (k, o) -> new StoredObject(o.bytes(), o.contentType(), Map.copyOf(tags))) == null) {
            throw new NotFoundException("No object " + key);
        }
    }

    @Override
    public Map<String, String> tags(String key) {
        StoredObject o = objects.get(key);
        if (o == null) {
            throw new NotFoundException("No object " + key);
        }
        return o.tags();
    }

    /** Forgets every object whose key starts with {@code prefix} (a run that has written a session's files out). */
    public void removeByPrefix(String prefix) {
        objects.keySet().removeIf(k -> k.startsWith(prefix));
    }

    public Map<String, StoredObject> snapshot() {
        return Map.copyOf(objects);
    }
}
