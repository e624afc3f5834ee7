package org.carecall.hub.http;

import io.netty.handler.codec.compression.StandardCompressionOptions;
import io.netty.handler.codec.http.HttpContentCompressor;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;

/**
 * Compresses the console's static files (JavaScript, CSS, SVG, the manifest: the bulk of what a phone
 * loads) with gzip or deflate for a client that accepts it, and passes everything else as it is:
 * <ul>
 *   <li>pages and API answers never, because they may carry secrets (a session token, an enrolment code,
 *       a resident's file) beside text an attacker can influence, which is what BREACH reads through
 *       compressed lengths over TLS;</li>
 *   <li>images are compressed already, and the WebSocket upgrade (a 101, which Netty never encodes)
 *       takes this handler out of the pipeline with it;</li>
 *   <li>bodies under a kilobyte are not worth it.</li>
 * </ul>
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
        return type.contains("javascript") || type.startsWith("text/css") || type.contains("svg")
                || type.contains("manifest+json");
    }
}
