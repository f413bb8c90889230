package dev.refinery.reliability.faults;

import dev.refinery.ports.ImageStore;
import java.util.Map;

/** An ImageStore that fails as its plan says. Operations: images.put, images.get, images.exists, images.tag, images.tags; context: the key. */
public final class FaultyImageStore implements ImageStore {
    private final ImageStore delegate;
    private final FaultPlan<Fault> plan;

    public FaultyImageStore(ImageStore delegate, FaultPlan<Fault> plan) {
        this.delegate = delegate;
        this.plan = plan;
    }

    @Override
    public void put(String key, byte[] bytes, String contentType, Map<String, String> tags) {
        Injector.run(plan, "images.put", key, () -> delegate.put(key, bytes, contentType, tags));
    }

    @Override
    public byte[] get(String key) {
        return Injector.call(plan, "images.get", key, () -> delegate.get(key));
    }

    @Override
    public byte[] get(String key, String versionId) {
        return Injector.call(plan, "images.get", key, () -> delegate.get(key, versionId));
    }

    @Override
    public boolean exists(String key) {
        return Injector.call(plan, "images.exists", key, () -> delegate.exists(key));
    }

    @Override
    public void tag(String key, Map<String, String> tags) {
        Injector.run(plan, "images.tag", key, () -> delegate.tag(key, tags));
    }

    @Override
    public Map<String, String> tags(String key) {
        return Injector.call(plan, "images.tags", key, () -> delegate.tags(key));
    }
}
