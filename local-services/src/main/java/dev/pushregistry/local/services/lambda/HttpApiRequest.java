package dev.pushregistry.local.services.lambda;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An HTTP request as it reaches API Gateway: what {@link HttpApiEvents#event} turns into a
 * function's event.
 *
 * @param rawPath the path, still percent-encoded
 * @param rawQuery the query string, still percent-encoded ({@code null} or empty for none)
 * @param headers every header line in order, repeated names included
 */
public record HttpApiRequest(String method, String rawPath, String rawQuery, List<Map.Entry<String, String>> headers,
                             byte[] body, String sourceIp, String protocol) {
    public HttpApiRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(rawPath, "rawPath");
        headers = List.copyOf(headers);
        body = body == null ? new byte[0] : body.clone();
    }

    /** A request to build header by header, from a client on this machine. */
    public static Builder of(String method, String pathAndQuery) {
        return new Builder(method, pathAndQuery);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** Builds a request. */
    public static final class Builder {
        private final String method;
        private final String path;
        private final String query;
        private final List<Map.Entry<String, String>> headers = new ArrayList<>();
        private byte[] body = new byte[0];

        private Builder(String method, String pathAndQuery) {
            this.method = method;
            int question = pathAndQuery.indexOf('?');
            this.path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
            this.query = question < 0 ? "" : pathAndQuery.substring(question + 1);
        }

        /** One header line (call again for a repeated header). */
        public Builder header(String name, String value) {
            headers.add(Map.entry(name, value));
            return this;
        }

        public Builder body(String text) {
            this.body = text.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        public Builder body(byte[] bytes) {
            this.body = bytes.clone();
            return this;
        }

        public HttpApiRequest build() {
            return new HttpApiRequest(method, path, query, headers, body, "127.0.0.1", "HTTP/1.1");
        }
    }
}
