package dev.pushregistry.aws;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The HTTP client of {@linkplain Settings#offline offline} AWS clients: every call is answered here,
 * at once, as the service answers a call that finds nothing ({@code {}}: no item, no messages), so
 * that a function can run its own code, the SDK's marshalling, signing and unmarshalling included,
 * without reaching any table, queue or secret. An SQS send is answered as accepted, with the
 * checksum of each body the SDK verifies.
 */
final class OfflineHttpClient implements SdkHttpClient {
    static final OfflineHttpClient INSTANCE = new OfflineHttpClient();
    private static final String TARGET = "X-Amz-Target";

    private OfflineHttpClient() {
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                byte[] answer = answer(request.httpRequest().firstMatchingHeader(TARGET).orElse(""), body(request))
                        .getBytes(StandardCharsets.UTF_8);
                return HttpExecuteResponse.builder()
                        .response(SdkHttpResponse.builder().statusCode(200)
                                .putHeader("Content-Type", "application/x-amz-json-1.0")
                                .putHeader("Content-Length", Integer.toString(answer.length))
                                .putHeader("x-amzn-RequestId", "offline")
                                .build())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(answer)))
                        .build();
            }

            @Override
            public void abort() {
            }
        };
    }

    private static String answer(String target, String body) {
        return switch (target) {
            case "AmazonSQS.SendMessage" -> "{\"MessageId\":\"offline\",\"MD5OfMessageBody\":\""
                    + md5(JsonNode.parser().parse(body).field("MessageBody").map(JsonNode::text).orElse("")) + "\"}";
            case "AmazonSQS.SendMessageBatch" -> {
                StringBuilder successful = new StringBuilder();
                for (JsonNode entry : JsonNode.parser().parse(body).field("Entries").map(JsonNode::asArray)
                        .orElse(List.of())) {
                    successful.append(successful.isEmpty() ? "" : ",")
                            .append("{\"Id\":\"").append(entry.field("Id").map(JsonNode::text).orElse(""))
                            .append("\",\"MessageId\":\"offline\",\"MD5OfMessageBody\":\"")
                            .append(md5(entry.field("MessageBody").map(JsonNode::text).orElse(""))).append("\"}");
                }
                yield "{\"Successful\":[" + successful + "],\"Failed\":[]}";
            }
            default -> "{}";
        };
    }

    private static String body(HttpExecuteRequest request) {
        if (request.contentStreamProvider().isEmpty()) {
            return "{}";
        }
        try (InputStream content = request.contentStreamProvider().get().newStream()) {
            return new String(content.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
    }

    private static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    @Override
    public void close() {
    }

    @Override
    public String clientName() {
        return "offline";
    }
}
