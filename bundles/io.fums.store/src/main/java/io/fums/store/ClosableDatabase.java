package io.fums.store;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A {@link Database} that its caller opened with {@link Stores#openDatabase}
 * and therefore owns: the caller closes it when done. The OSGi service
 * {@link Database} is never closable by its users; the store bundle closes it.
 *
 * @since 1.1
 */
@ProviderType
public interface ClosableDatabase extends Database, AutoCloseable {

    /**
     * Closes every connection. Calls in progress finish; later calls throw
     * {@link IllegalStateException}. Closing twice does nothing.
     */
    @Override
    void close();
}
