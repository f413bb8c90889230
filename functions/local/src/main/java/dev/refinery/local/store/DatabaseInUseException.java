package dev.refinery.local.store;

/** The stack's database file is held by another process (one stack per OUT folder at a time). */
public final class DatabaseInUseException extends IllegalStateException {
    DatabaseInUseException(String message, Throwable cause) {
        super(message, cause);
    }
}
