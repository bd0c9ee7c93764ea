package io.executions.dispatch.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * A response that keeps what the servlet writes (body, content length, flushes) until the response targets have
 * run, so that a call target can rewrite the answer or an interruption replace it before anything reaches the
 * client. Used by {@link ExecutionsFilter}; public for hosts that write their own filter around their endpoints.
 */
public final class BufferedResponse extends HttpServletResponseWrapper {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private PrintWriter writer;

    public BufferedResponse(HttpServletResponse response) {
        super(response);
    }

    @Override
    public ServletOutputStream getOutputStream() {
        return new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                throw new IllegalStateException("buffered");
            }

            @Override
            public void write(int b) {
                buffer.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                buffer.write(b, off, len);
            }
        };
    }

    @Override
    public PrintWriter getWriter() {
        if (writer == null) {
            writer = new PrintWriter(new java.io.OutputStreamWriter(buffer, StandardCharsets.UTF_8), false);
        }
        return writer;
    }

    @Override
    public void setContentLength(int len) {
        // the length is set once the final body is known
    }

    @Override
    public void setContentLengthLong(long len) {
        // the length is set once the final body is known
    }

    @Override
    public void flushBuffer() {
        // nothing reaches the client before the response targets ran
    }

    /** What the servlet wrote, all of it. */
    public byte[] bytes() {
        if (writer != null) {
            writer.flush();
        }
        return buffer.toByteArray();
    }
}
