package io.executions.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * HTTP/1.1 over a plain socket, for requests a well-behaved client refuses to send: malformed
 * percent-escapes and raw non-UTF-8 bytes in the path, unknown methods. One request per connection.
 */
final class RawHttp {
    private RawHttp() {
    }

    static Http.Answer send(int port, String method, byte[] rawPath, String authorization, byte[] body)
            throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(60_000);
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            head.writeBytes(method.getBytes(StandardCharsets.US_ASCII));
            head.write(' ');
            head.writeBytes(rawPath);
            head.writeBytes(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n".getBytes(StandardCharsets.US_ASCII));
            if (authorization != null) {
                head.writeBytes(("Authorization: " + authorization + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            }
            int length = body == null ? 0 : body.length;
            head.writeBytes(("Content-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            out.write(head.toByteArray());
            if (body != null) {
                out.write(body);
            }
            out.flush();
            byte[] all = readAll(socket.getInputStream());
            return parse(all);
        }
    }

    /**
     * Reads one response: the head, then as many body bytes as it announces (Content-Length, or chunks up to the
     * last one), or up to EOF when it announces neither. It does not wait for the server to close: with
     * {@code Connection: close} Armeria lets the client close first and closes itself only after a delay (3 s by
     * default, so that the server's sockets do not linger in TIME_WAIT), as a real client would read.
     */
    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) > 0) {
            out.write(buffer, 0, n);
            if (complete(out.toByteArray())) {
                break;
            }
        }
        return out.toByteArray();
    }

    /** Whether {@code response} holds a whole response (head and the body it announces). */
    private static boolean complete(byte[] response) {
        String text = new String(response, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        String head = text.substring(0, end).toLowerCase(java.util.Locale.ROOT);
        int bodyStart = end + 4;
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("\r\ncontent-length: *(\\d+)").matcher(head);
        if (length.find()) {
            return response.length - bodyStart >= Long.parseLong(length.group(1));
        }
        if (head.contains("\r\ntransfer-encoding: chunked")) {
            return text.substring(bodyStart).contains("\r\n0\r\n\r\n") || text.substring(bodyStart).startsWith("0\r\n\r\n");
        }
        return false;
    }

    private static Http.Answer parse(byte[] response) throws IOException {
        String text = new String(response, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || end < 0) {
            throw new IOException("not an HTTP/1.1 response: " + text.substring(0, Math.min(200, text.length())));
        }
        int status = Integer.parseInt(text.substring(9, 12));
        byte[] body = Arrays.copyOfRange(response, end + 4, response.length);
        if (text.substring(0, end).toLowerCase().contains("transfer-encoding: chunked")) {
            body = dechunk(body);
        }
        return new Http.Answer(status, body, parseJson(body));
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        String s = new String(chunked, StandardCharsets.ISO_8859_1);
        while (i < s.length()) {
            int lineEnd = s.indexOf("\r\n", i);
            int size = Integer.parseInt(s.substring(i, lineEnd).trim(), 16);
            if (size == 0) {
                break;
            }
            out.write(chunked, lineEnd + 2, size);
            i = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static com.fasterxml.jackson.databind.JsonNode parseJson(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            return Http.JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
