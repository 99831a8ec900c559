package dev.pushregistry.core.sending;

/** Where accepted send requests wait for dispatch. */
public interface SendRequestQueue {

    /** Queues the request, or throws when the queue cannot take it. */
    void submit(SendRequest request);
}
