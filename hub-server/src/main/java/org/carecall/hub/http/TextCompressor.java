package org.carecall.hub.http;

import io.netty.handler.codec.compression.StandardCompressionOptions;
import io.netty.handler.codec.http.HttpContentCompressor;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;

/**
 * Compresses the hub's text (HTML, JavaScript, CSS, JSON, SVG, the manifest) with gzip or deflate for a
 * client that accepts it, and passes everything else as it is: images are compressed already, and the
 * WebSocket upgrade (a 101, which Netty never encodes) takes this handler out of the pipeline with it.
 * Bodies under a kilobyte are not worth it.
 */
final class TextCompressor extends HttpContentCompressor {
    static final String NAME = "compressor";
    private static final int SMALLEST_BYTES = 1024;

    TextCompressor() {
        super(SMALLEST_BYTES, StandardCompressionOptions.gzip(), StandardCompressionOptions.deflate());
    }

    @Override
    protected Result beginEncode(HttpResponse response, String acceptEncoding) throws Exception {
        String type = response.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
        return isText(type) ? super.beginEncode(response, acceptEncoding) : null;
    }

    static boolean isText(String contentType) {
        String type = contentType.toLowerCase(java.util.Locale.ROOT);
        return type.startsWith("text/") && !type.startsWith("text/event-stream") || type.contains("javascript")
                || type.contains("json") || type.contains("svg") || type.contains("xml");
    }
}
